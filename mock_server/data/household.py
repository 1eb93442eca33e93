"""The household view (issue 17): a child's siblings — the other live children of the same
family (sharing a parent or carer) — with name, date of birth and school.

Only where neither is shielded: a sibling shielded in its own right, with its household, or
as a possible duplicate of a shielded child (``household_shield.py``'s stored flag) is left
out, and the route refuses the view of a shielded child before asking. Archived children
are never listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_server.data.store import connect


@dataclass(frozen=True, slots=True)
class Sibling:
    directory_id: str
    family_name: str
    given_names: str
    known_as: str | None
    dob: str
    school: str | None

    def as_json(self) -> dict[str, Any]:
        return {"directory_id": self.directory_id, "family_name": self.family_name,
                "given_names": self.given_names, "known_as": self.known_as, "dob": self.dob,
                "school": self.school}


def siblings(path: Path, directory_id: str) -> list[Sibling]:
    conn = connect(path, read_only=True)
    try:
        rows = conn.execute(
            "SELECT c.directory_id, c.family_name, c.given_names, c.known_as, c.dob, s.name"
            " FROM children me JOIN children c ON c.family_id = me.family_id"
            "  AND c.child_id != me.child_id"
            " LEFT JOIN schools s ON s.school_id = c.school_id"
            " WHERE me.directory_id = ? AND me.family_id IS NOT NULL AND c.archived = 0"
            " AND c.shielded = 0 AND c.household_shielded = 0"
            " ORDER BY c.dob, c.directory_id LIMIT 20", (directory_id,)).fetchall()
    finally:
        conn.close()
    return [Sibling(*row) for row in rows]
