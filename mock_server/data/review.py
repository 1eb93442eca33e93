"""The audit trail read for the access review (``rules/review.py`` says who stands out).

One query over the audit trail and the directory tables: per user holding a role in the
local authority, their record views since a moment, those of children held by another
authority than any the user works for, and those refused for the rate limit. No child's name.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mock_server.data.store import connect


@dataclass(frozen=True, slots=True)
class ViewCounts:
    username: str
    display_name: str
    views: int
    out_of_area_views: int
    refused: int


def view_counts(path: Path, local_authority: str, since: str) -> list[ViewCounts]:
    """Counts per user of ``local_authority`` since ``since`` (``YYYY-MM-DDTHH:MM:SS``)."""
    conn = connect(path, read_only=True)
    try:
        found = conn.execute(
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
    finally:
        conn.close()
    return [ViewCounts(str(r[0]), str(r[1]), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
            for r in found]
