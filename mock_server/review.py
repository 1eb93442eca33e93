"""Access review for a ContactPoint manager (issue 14, finding 7): who stands out.

ContactPoint's own rule was that access is "looked at regularly"; staff were dismissed for
looking up celebrities and friends. The review lists, for the users who hold a role in the
manager's own local authority, those whose record views in the last 24 hours stand out:

- **volume** — at least ``VOLUME_VIEWS`` record views (an A&E nurse opens a handful a shift);
- **out of area** — at least ``OUT_OF_AREA_VIEWS`` views of children held by another
  local authority than any the user works for;
- **refused** — views refused for the rate limit.

Read from the audit trail and the directory tables only; no child's name is in the answer.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.store import connect

WINDOW_HOURS = 24
VOLUME_VIEWS = 40
OUT_OF_AREA_VIEWS = 3


@dataclass(frozen=True, slots=True)
class ReviewRow:
    username: str
    display_name: str
    views: int
    out_of_area_views: int
    refused: int

    @property
    def reasons(self) -> list[str]:
        found = []
        if self.views >= VOLUME_VIEWS:
            found.append("volume")
        if self.out_of_area_views >= OUT_OF_AREA_VIEWS:
            found.append("out_of_area")
        if self.refused:
            found.append("refused")
        return found

    def as_json(self) -> dict[str, Any]:
        return {"username": self.username, "display_name": self.display_name,
                "views": self.views, "out_of_area_views": self.out_of_area_views,
                "refused": self.refused, "stands_out_for": self.reasons}


class AccessReview:
    """Threading: one connection under a lock, shared by the server's threads."""

    def __init__(self, path: Path) -> None:
        self._conn = connect(path, read_only=True)
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def stand_out(self, local_authority: str, now: datetime | None = None) -> list[ReviewRow]:
        since = ((now or datetime.now(UTC)) - timedelta(hours=WINDOW_HOURS)).strftime(
            "%Y-%m-%dT%H:%M:%S")
        with self._lock:
            rows = self._rows(local_authority, since)
        flagged = [r for r in rows if r.reasons]
        return sorted(flagged, key=lambda r: (-r.views, -r.out_of_area_views, r.username))

    def _rows(self, local_authority: str, since: str) -> list[ReviewRow]:
        try:
            found = self._conn.execute(
                "WITH staff AS (SELECT DISTINCT username FROM user_roles"
                "  WHERE local_authority = :la),"
                " areas AS (SELECT username, local_authority FROM user_roles),"
                " views AS (SELECT a.username, a.outcome, la.name AS held_by FROM audit a"
                "  LEFT JOIN children c ON c.directory_id = a.directory_id"
                "  LEFT JOIN local_authorities la ON la.la_id = c.la_id"
                "  WHERE a.action IN ('view', 'override') AND a.at >= :since"
                "  AND a.username IN (SELECT username FROM staff))"
                " SELECT v.username, coalesce(u.display_name, v.username),"
                "  sum(v.outcome = 'ok'),"
                "  sum(v.outcome = 'ok' AND v.held_by IS NOT NULL AND v.held_by NOT IN"
                "      (SELECT local_authority FROM areas r WHERE r.username = v.username)),"
                "  sum(v.outcome = 'refused:rate_limited')"
                " FROM views v LEFT JOIN users u ON u.username = v.username"
                " GROUP BY v.username", {"la": local_authority, "since": since}).fetchall()
        except sqlite3.Error:
            return []  # a database without users: nobody to review
        return [ReviewRow(str(r[0]), str(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
                for r in found]
