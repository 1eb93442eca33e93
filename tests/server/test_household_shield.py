"""A shield covers the household (issue 13): siblings and co-residents of a shielded child,
and the children of a parent or carer shielded in their own right, are withheld like the
shielded child; a manager of the child's own area is told why, never by whom."""

from __future__ import annotations

import sqlite3

from tests.server.directory_fixtures import Directory, reason
from tests.server.household_truth import read_truth


def view(client: object, directory_id: str) -> dict[str, object]:
    response = client.post(f"/api/v1/children/{directory_id}/view",  # type: ignore[attr-defined]
                           json=reason("safeguarding"))
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_a_sibling_of_a_shielded_child_is_shielded_too(directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    members = sorted(d for d in truth.shielded if not truth.people[d].own_shield)
    assert members, "the test population has household members of shielded children"
    member = truth.people[members[0]]
    with directory.client("practitioner") as nurse:
        rows = nurse.post("/api/v1/search", json={"family_name": member.family_name,
                                                  "dob": member.dob}).json()["results"]
        row = next(r for r in rows if r["directory_id"] == member.directory_id)
        assert row["shielded"] is True and "locality" not in row
        record = view(nurse, member.directory_id)
    assert record["shielded"] is True and "addresses" not in record
    assert "parents_carers" not in record and "local_authority" not in record
    for value in member.private - {""}:
        assert value not in str(record)
    with directory.client("manager", local_authority=member.local_authority) as manager:
        assert view(manager, member.directory_id)["shield_reason"] == "household"


def test_a_parent_shielded_in_their_own_right_shields_their_children(
        directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    child = next(p for d, p in sorted(truth.people.items())
                 if d not in truth.shielded and not p.archived and p.family_id is not None)
    with directory.client("practitioner") as nurse:
        assert "addresses" in view(nurse, child.directory_id)
        conn = sqlite3.connect(directory.db_path, isolation_level=None)
        try:
            conn.execute("UPDATE parents SET shielded = 1 WHERE family_id = ? AND rowid = "
                         "(SELECT min(rowid) FROM parents WHERE family_id = ?)",
                         (child.family_id, child.family_id))
        finally:
            conn.close()
        record = view(nurse, child.directory_id)  # at once: no restart, no rebuild
    assert record["shielded"] is True
    assert "addresses" not in record and "parents_carers" not in record
