"""The area team's audit review (issue 17; the seeds: access is "looked at regularly", and
staff were dismissed for looking up celebrities and friends).

Every successful view of one of the area's children in the window (default 7 days), with who,
when and the reason, and what makes it stand out:

- ``out_of_area`` — the viewer holds no role in the child's area;
- ``volume`` — the viewer opened at least ``DAILY_VOLUME`` of the area's records that day;
- ``well_known`` — the child is on the area's list of children of well-known families;
- ``own_family`` — the child has the viewer's family name and lives at the viewer's home
  address (where the directory knows it): a colleague's own child.

The export is the same rows as CSV for the investigating officer (no child's name: the
directory ID is what the officer looks up, with a reason of their own).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.data.audit_review import AreaView, area_views

DEFAULT_DAYS = 7
MAX_DAYS = 90
DAILY_VOLUME = 40
FLAGS = ("out_of_area", "volume", "well_known", "own_family")
CSV_HEADER = ("time", "user", "name", "action", "directory_id", "reason_code", "reason_text",
              "flags")


@dataclass(frozen=True, slots=True)
class ReviewedView:
    view: AreaView
    flags: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        v = self.view
        return {"seq": v.seq, "at": v.at, "username": v.username,
                "display_name": v.display_name, "action": v.action,
                "directory_id": v.directory_id, "reason_code": v.reason_code,
                "reason_text": v.reason_text, "flags": list(self.flags)}


def review(path: Path, local_authority: str, days: int = DEFAULT_DAYS,
           now: datetime | None = None) -> list[ReviewedView]:
    since = ((now or datetime.now(UTC)) - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S")
    views = area_views(path, local_authority, since)
    per_day = Counter((v.username, v.at[:10]) for v in views)
    out = []
    for v in views:
        flags = []
        if v.viewer_known and not v.viewer_in_area:
            flags.append("out_of_area")
        if per_day[(v.username, v.at[:10])] >= DAILY_VOLUME:
            flags.append("volume")
        if v.watched:
            flags.append("well_known")
        if v.same_family_name and v.at_viewer_home:
            flags.append("own_family")
        out.append(ReviewedView(v, tuple(flags)))
    return out


def as_csv(rows: list[ReviewedView]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in rows:
        v = row.view
        # A leading =, +, - or @ would be a formula in a spreadsheet: quoted away.
        writer.writerow([_cell(x) for x in (v.at, v.username, v.display_name, v.action,
                                            v.directory_id, v.reason_code or "",
                                            v.reason_text or "", " ".join(row.flags))])
    return buffer.getvalue()


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
