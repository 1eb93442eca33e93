"""The ground truth of who is shielded, read from the raw SQLite tables with no server code:
the children shielded in their own right, and everyone in their households (sharing a parent
or carer's family, or a current address; or whose parent or carer is shielded). The property
tests compare every response byte against it, so it must not reuse ``mock_server.store``.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Person:
    """What the directory holds about one child, as plain values."""

    directory_id: str
    family_name: str
    given_names: str
    dob: str
    local_authority: str
    town: str
    own_shield: bool
    archived: bool
    family_id: int | None
    places: set[tuple[str, str]] = field(default_factory=set)  # current (line, postcode)
    private: set[str] = field(default_factory=set)  # addresses, postcodes, parents' details
    settings: set[str] = field(default_factory=set)  # school, GP, practitioners
    sensitive_services: set[str] = field(default_factory=set)


@dataclass
class Truth:
    people: dict[str, Person]
    shielded: set[str]  # directory IDs shielded in their own right or by household

    def private_values_of_shielded(self) -> set[str]:
        """Values of shielded households that no visible child also has (so a legitimately
        shown value of another family is not mistaken for a leak)."""
        hidden = set().union(*(self.people[d].private for d in self.shielded)) \
            if self.shielded else set()
        visible = set().union(*(p.private for d, p in self.people.items()
                                if d not in self.shielded and not p.archived))
        return {v for v in hidden - visible if len(v) >= 5}


def read_truth(db: Path) -> Truth:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        people: dict[str, Person] = {}
        by_child: dict[int, Person] = {}
        for (cid, did, family, given, dob, la, town, shielded, archived, fid,
             ) in conn.execute(
                "SELECT c.child_id, c.directory_id, c.family_name, c.given_names, c.dob,"
                " la.name, coalesce(c.town, ''), c.shielded, c.archived, c.family_id"
                " FROM children c JOIN local_authorities la USING (la_id)"):
            person = Person(did, family, given, dob, la, town, bool(shielded), bool(archived),
                            fid)
            people[did] = by_child[cid] = person
        for cid, line, postcode, current in conn.execute(
                "SELECT child_id, line, coalesce(postcode, ''), current FROM addresses"
                # a removed child's addresses are nobody's
                " WHERE child_id IN (SELECT child_id FROM children)"):
            person = by_child[cid]
            person.private |= {line, postcode}
            if current:
                person.places.add((line, postcode))
        parents: dict[int, list[tuple[str, str, str, bool]]] = defaultdict(list)
        for fid, name, phone, email, shielded in conn.execute(
                "SELECT family_id, coalesce(name, ''), coalesce(phone, ''),"
                " coalesce(email, ''), shielded FROM parents"):
            parents[fid].append((name, phone, email, bool(shielded)))
        for person in people.values():
            for name, phone, email, _ in parents.get(person.family_id or -1, []):
                person.private |= {name, phone, email}
        for cid, school, gp in conn.execute(
                "SELECT c.child_id, coalesce(s.name, ''), coalesce(g.name, '') FROM children c"
                " LEFT JOIN schools s USING (school_id) LEFT JOIN gp_practices g USING (gp_id)"):
            by_child[cid].settings |= {school, gp} - {""}
        for cid, name, _phone, service, sensitive in conn.execute(
                "SELECT i.child_id, p.name, coalesce(p.phone, ''), coalesce(i.service, ''),"
                " i.sensitive FROM involvements i JOIN practitioners p USING (practitioner_id)"
                " WHERE i.child_id IN (SELECT child_id FROM children)"):
            person = by_child[cid]
            person.settings |= {name}
            if sensitive:
                person.sensitive_services.add(service)
        # issue 17: an open possible duplicate of a shielded child is shielded with it
        twins: list[tuple[str, str]] = []
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'duplicate_pairs'"
                        ).fetchone():
            twins = [(str(a), str(b)) for a, b in conn.execute(
                "SELECT a.directory_id, b.directory_id FROM duplicate_pairs d"
                " JOIN children a ON a.child_id = d.a_child"
                " JOIN children b ON b.child_id = d.b_child WHERE d.status = 'open'")]
    finally:
        conn.close()
    shielded = _shielded(people, parents)
    own = {d for d, p in people.items() if p.own_shield}
    shielded |= {b for a, b in twins if a in own} | {a for a, b in twins if b in own}
    return Truth(people, shielded)


def _shielded(people: dict[str, Person],
              parents: dict[int, list[tuple[str, str, str, bool]]]) -> set[str]:
    own = {d for d, p in people.items() if p.own_shield}
    families = {people[d].family_id for d in own if people[d].family_id is not None}
    families |= {fid for fid, rows in parents.items() if any(r[3] for r in rows)}
    places = set().union(*(people[d].places for d in own)) if own else set()
    return own | {d for d, p in people.items()
                  if (p.family_id is not None and p.family_id in families)
                  or p.places & places}
