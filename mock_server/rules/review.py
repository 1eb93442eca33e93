"""Access review for a ContactPoint manager (issue 14, finding 7): who stands out.

ContactPoint's own rule was that access is "looked at regularly"; staff were dismissed for
looking up celebrities and friends. The review lists, for the users who hold a role in the
manager's own local authority, those whose record views in the last 24 hours stand out:

- **volume** — at least ``VOLUME_VIEWS`` record views (an A&E nurse opens a handful a shift);
- **out of area** — at least ``OUT_OF_AREA_VIEWS`` views of children held by another
  local authority than any the user works for;
- **refused** — views refused for the rate limit.

Read from the audit trail and the directory tables only (``data/review.py``); no child's name
is in the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.data.review import view_counts

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


def stand_out(path: Path, local_authority: str, now: datetime | None = None,
              ) -> list[ReviewRow]:
    """The users of ``local_authority`` whose views in the window stand out, most first."""
    since = ((now or datetime.now(UTC)) - timedelta(hours=WINDOW_HOURS)).strftime(
        "%Y-%m-%dT%H:%M:%S")
    rows = [ReviewRow(c.username, c.display_name, c.views, c.out_of_area_views, c.refused)
            for c in view_counts(path, local_authority, since)]
    flagged = [r for r in rows if r.reasons]
    return sorted(flagged, key=lambda r: (-r.views, -r.out_of_area_views, r.username))
