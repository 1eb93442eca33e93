"""The manager's access review (issue 14, finding 7): users of the manager's own area whose
record views stand out — by volume, out of their area, or refused by the limit — and no one
else's; practitioners cannot see it."""

from __future__ import annotations

from mock_server.data import named_children as fixtures
from mock_server.data.users import UserStore
from tests.server.directory_fixtures import Directory, reason
from tests.server.household_truth import read_truth


def add(directory: Directory, username: str, authority: str) -> None:
    users = UserStore(directory.db_path)
    try:
        users.add(username, "Review-test-2026", "practitioner", "Ward", authority,
                  display_name=f"Name of {username}")
    finally:
        users.close()


def test_the_review_lists_who_stands_out_in_the_managers_own_area(directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    wigan = [d for d, p in sorted(truth.people.items())
             if p.local_authority == "Wigan" and not p.archived][:4]
    bolton = [d for d, p in sorted(truth.people.items())
              if p.local_authority == "Bolton" and not p.archived][:45]
    for name, authority in (("busy.bolton", "Bolton"), ("roaming.bolton", "Bolton"),
                            ("quiet.bolton", "Bolton"), ("busy.salford", "Salford")):
        add(directory, name, authority)
    with directory.client("practitioner", username="busy.bolton") as busy:
        for child in bolton[:42]:
            assert busy.post(f"/api/v1/children/{child}/view", json=reason()).status_code == 200
    with directory.client("practitioner", username="roaming.bolton") as roaming:
        for child in wigan[:3]:
            roaming.post(f"/api/v1/children/{child}/view", json=reason())
    with directory.client("practitioner", username="quiet.bolton") as quiet:
        quiet.post(f"/api/v1/children/{fixtures.BOLTON_AE.directory_id}/view", json=reason())
    with directory.client("practitioner", username="busy.salford",
                          local_authority="Salford") as elsewhere:
        for child in bolton[:42]:
            elsewhere.post(f"/api/v1/children/{child}/view", json=reason())

    with directory.client("manager", local_authority="Bolton") as manager:
        answer = manager.get("/api/v1/review")
    assert answer.status_code == 200
    listed = {u["username"]: u for u in answer.json()["users"]}
    assert set(listed) == {"busy.bolton", "roaming.bolton"}  # Salford's user is not ours
    assert listed["busy.bolton"]["stands_out_for"] == ["volume"]
    assert listed["busy.bolton"]["views"] == 42
    assert listed["roaming.bolton"]["stands_out_for"] == ["out_of_area"]
    assert listed["roaming.bolton"]["display_name"] == "Name of roaming.bolton"
    for child in bolton + wigan:
        assert child not in answer.text  # who, not which children

    with directory.client("practitioner") as nurse:
        assert nurse.get("/api/v1/review").status_code == 403
