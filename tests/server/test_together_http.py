"""Working together as the seeds describe it (issue 17), end to end against a real server:
consent, convening the team, the brokered contact's outcome, shield requests and the
shielders, the household view, possible duplicates and the area team's audit review."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from mock_server.data import named_children as fixtures
from mock_server.data import planted_children as planted
from mock_server.data.shields import add_shielder
from mock_server.data.users import UserStore
from tests.server.directory_fixtures import Directory, consent, reason
from tests.server.household_truth import read_truth

KELLY = fixtures.KELLY.directory_id
TODAY = date.today()


def view(client: httpx.Client, directory_id: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/children/{directory_id}/view", json=reason())
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


def record_involvement(client: httpx.Client, directory_id: str, **body: Any) -> httpx.Response:
    return client.post(f"/api/v1/children/{directory_id}/involvements", json={
        "service": "education-welfare", "job_title": "Learning mentor",
        "since": (TODAY - timedelta(days=7)).isoformat(), **body})


def entries(directory: Directory, after: int, action: str) -> list[dict[str, Any]]:
    return [e for e in directory.audit(after) if e["action"] == action]


# -- consent -------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    None, {}, {"basis": "child"}, {"basis": "parent", "given_on": "2999-01-01"},
    {"basis": "child", "given_on": (TODAY - timedelta(days=400)).isoformat()},
    {"basis": "urgent", "ground": "danger"}, {"basis": "urgent", "ground": "boredom",
                                               "reason": "A reason long enough"},
    {"basis": "someone"},
])
def test_an_involvement_without_consent_or_an_urgent_ground_is_refused(
        directory: Directory, bad: dict[str, Any] | None) -> None:
    seq = directory.last_seq()
    with directory.client() as mentor:
        body = {} if bad is None else {"consent": bad}
        response = record_involvement(mentor, KELLY, **body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "consent_required"
    assert [e["outcome"] for e in entries(directory, seq, "involvement")] == [
        "refused:consent_required"]


def test_consent_is_stored_audited_and_shown_to_the_practitioners_involved(
        directory: Directory) -> None:
    seq = directory.last_seq()
    with directory.client(username="mentor.jane") as jane, directory.client() as other:
        given = {"basis": "parent", "given_on": (TODAY - timedelta(days=2)).isoformat()}
        assert record_involvement(jane, KELLY, consent=given).status_code == 201
        urgent = {"basis": "urgent", "ground": "seriously-ill",
                  "reason": "Brought in unconscious, parent not reachable"}
        assert other.post(f"/api/v1/children/{fixtures.SENSITIVE.directory_id}"
                          "/sensitive-contact-requests",
                          json={"message": "Please ask the service to call A&E now.",
                                "consent": urgent}).status_code == 201
        shown = view(jane, KELLY)["consents"]
        assert shown[0]["basis"] == "parent" and shown[0]["given_on"] == given["given_on"]
        assert shown[0]["for"] == "involvement"
        with directory.client() as stranger:
            assert "consents" not in view(stranger, KELLY)  # not involved: not shown
    audited = entries(directory, seq, "involvement")[-1]
    assert audited["detail"]["consent"] == given
    request = entries(directory, seq, "contact-request")[-1]
    assert request["detail"]["consent"]["ground"] == "seriously-ill"


# -- convene -------------------------------------------------------------------------------


def test_convene_gives_everyones_contact_details_current_and_recently_ended(
        directory: Directory) -> None:
    seq = directory.last_seq()
    with directory.client(username="mentor.convene") as mentor:
        involvements = view(mentor, KELLY)["involvements"]
        chosen = [i["involvement_id"] for i in involvements
                  if i["practitioner"] in ("Marcus Reid", "Helen Crompton")]
        assert len(chosen) == 2
        answer = mentor.post(f"/api/v1/children/{KELLY}/convene",
                             json={"involvement_ids": chosen, "consent": consent()})
        assert answer.status_code == 201, answer.text
        body = answer.json()
        people = {p["practitioner"]: p for p in body["participants"]}
        assert people["Helen Crompton"]["ended"] is not None  # ended five months ago
        assert people["Marcus Reid"]["phone"] == "01632 960113"
        assert people["Marcus Reid"]["email"] == "marcus.reid@example.org"
        assert body["reference"].startswith("CNV-")
        no_consent = mentor.post(f"/api/v1/children/{KELLY}/convene",
                                 json={"involvement_ids": chosen})
        assert no_consent.json()["error"]["code"] == "consent_required"
        unknown = mentor.post(f"/api/v1/children/{KELLY}/convene",
                              json={"involvement_ids": ["inv-999999999"],
                                    "consent": consent()})
        assert unknown.status_code == 400
        shielded = mentor.post(f"/api/v1/children/{fixtures.SHIELDED.directory_id}/convene",
                               json={"involvement_ids": ["inv-1"], "consent": consent()})
        assert shielded.status_code == 403
    done = [e for e in entries(directory, seq, "convene") if e["outcome"] == "ok"]
    assert done[0]["detail"]["involvement_ids"] == chosen


# -- brokered contact answers back ---------------------------------------------------------


def test_the_requester_sees_the_outcome_the_area_team_records(directory: Directory) -> None:
    sensitive = fixtures.SENSITIVE.directory_id
    with directory.client(username="nurse.outcome") as nurse, \
            directory.client("manager") as manager:
        reference = nurse.post(f"/api/v1/children/{sensitive}/sensitive-contact-requests",
                               json={"message": "Please ask the service to call me back.",
                                     "consent": consent()}).json()["reference"]
        mine = {i.get("reference"): i for i in nurse.get("/api/v1/me/activity").json()["items"]}
        assert mine[reference]["status"] == "open" and "outcome" not in mine[reference]
        bad = manager.post(f"/api/v1/queue/{reference}/resolve",
                           json={"note": "Passed on.", "outcome": "maybe"})
        assert bad.status_code == 400
        done = manager.post(f"/api/v1/queue/{reference}/resolve",
                            json={"note": "Passed on.", "outcome": "young-person-declined"})
        assert done.status_code == 200 and done.json()["outcome"] == "young-person-declined"
        mine = {i.get("reference"): i for i in nurse.get("/api/v1/me/activity").json()["items"]}
        assert mine[reference]["status"] == "resolved"
        assert mine[reference]["outcome"] == "young-person-declined"


# -- shield requests and the shielders -----------------------------------------------------


def _request_shield(client: httpx.Client, directory_id: str, **body: Any) -> httpx.Response:
    return client.post(f"/api/v1/children/{directory_id}/shield-requests",
                       json={"subject": "child", "reason": "The family has fled violence and"
                             " the father is looking for them.", **body})


def test_a_shield_request_never_reveals_whether_a_shield_exists(directory: Directory) -> None:
    seq = directory.last_seq()
    with directory.client() as practitioner:
        answers = [_request_shield(practitioner, d) for d in (
            fixtures.SHIELDED.directory_id, fixtures.TWIN_KATE.directory_id)]
    assert [a.status_code for a in answers] == [201, 201]
    first, second = (a.json() for a in answers)
    assert first.keys() == second.keys()
    assert first["message"] == second["message"]
    assert {h for h in answers[0].headers if h not in ("content-length", "date")} == \
        {h for h in answers[1].headers if h not in ("content-length", "date")}
    for entry in entries(directory, seq, "shield-request"):
        assert set(entry["detail"]) == {"reference", "subject"}


def test_shielders_apply_review_and_remove_and_the_privacy_model_applies_at_once(
        directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    families: dict[int, list[str]] = {}
    for d, p in sorted(truth.people.items()):
        if p.family_id is not None and not p.archived and d not in truth.shielded \
                and p.local_authority == "Bolton":
            families.setdefault(p.family_id, []).append(d)
    child, sibling = next(ids for ids in families.values() if len(ids) >= 2)[:2]
    add_shielder(directory.db_path, "shielder.bolton", "Bolton")
    review_on = (TODAY + timedelta(days=90)).isoformat()
    seq = directory.last_seq()
    with directory.client() as nurse, \
            directory.client("manager", username="shielder.bolton") as shielder, \
            directory.client("manager", username="plain.manager") as plain:
        reference = _request_shield(nurse, child).json()["reference"]
        assert plain.get("/api/v1/shields").status_code == 403  # not a trained shielder
        work = shielder.get("/api/v1/shields").json()
        assert reference in {r["reference"] for r in work["requests"]}
        applied = shielder.post(f"/api/v1/children/{child}/shield", json={
            "action": "apply", "request": reference, "review_on": review_on,
            "note": "Applied after speaking to the social worker."})
        assert applied.status_code == 200, applied.text
        for d in (child, sibling):  # the household too, at once
            record = view(nurse, d)
            assert record["shielded"] is True and "addresses" not in record
        listed = {s["directory_id"]: s for s in shielder.get("/api/v1/shields").json()["shields"]
                  if s["subject"] == "child"}
        assert listed[child]["review_on"] == review_on
        later = (TODAY + timedelta(days=180)).isoformat()
        assert shielder.post(f"/api/v1/children/{child}/shield", json={
            "action": "review", "subject": "child", "review_on": later,
            "note": "Reviewed with the police: still needed."}).status_code == 200
        removed = shielder.post(f"/api/v1/children/{child}/shield", json={
            "action": "remove", "subject": "child", "note": "The risk has passed."})
        assert removed.status_code == 200
        assert view(nurse, child)["shielded"] is False
        again = shielder.post(f"/api/v1/children/{child}/shield", json={
            "action": "remove", "subject": "child", "note": "The risk has passed."})
        assert again.status_code == 409
        # a parent or carer in their own right
        parent = shielder.post(f"/api/v1/children/{child}/shield", json={
            "action": "apply", "subject": "parent", "parent": 0, "review_on": review_on,
            "note": "The mother is shielded in her own right."})
        assert parent.status_code == 200, parent.text
        assert view(nurse, sibling)["shielded"] is True
        ref = next(s["parent_ref"] for s in shielder.get("/api/v1/shields").json()["shields"]
                   if s["subject"] == "parent" and s["directory_id"] in (child, sibling))
        assert shielder.post(f"/api/v1/children/{child}/shield", json={
            "action": "remove", "subject": "parent", "parent_ref": ref,
            "note": "No longer needed after review."}).status_code == 200
        assert view(nurse, sibling)["shielded"] is False
        wigan = shielder.post(f"/api/v1/children/{fixtures.SHIELDED.directory_id}/shield",
                              json={"action": "remove", "subject": "child",
                                    "note": "Not my area at all."})
        assert wigan.status_code == 403
    done = [e["detail"]["action"] for e in entries(directory, seq, "shield")
            if e["outcome"] == "ok"]
    assert done == ["apply", "review", "remove", "apply", "remove"]


# -- household -----------------------------------------------------------------------------


def test_the_household_lists_siblings_with_their_school_asked_with_its_own_reason(
        directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    families: dict[int, list[str]] = {}
    for d, p in sorted(truth.people.items()):
        if p.family_id is not None and not p.archived and d not in truth.shielded:
            families.setdefault(p.family_id, []).append(d)
    child, *others = next(ids for ids in reversed(list(families.values())) if len(ids) >= 3)
    seq = directory.last_seq()
    with directory.client() as nurse:
        assert nurse.post(f"/api/v1/children/{child}/household", json={}).status_code == 400
        answer = nurse.post(f"/api/v1/children/{child}/household",
                            json=reason("coordinating-support"))
        assert answer.status_code == 200
        listed = {s["directory_id"] for s in answer.json()["siblings"]}
        assert listed == set(others)
        assert all(set(s) == {"directory_id", "family_name", "given_names", "known_as", "dob",
                              "school"} for s in answer.json()["siblings"])
        shielded = nurse.post(f"/api/v1/children/{fixtures.SHIELDED.directory_id}/household",
                              json=reason())
        assert shielded.status_code == 403
    ok = [e for e in entries(directory, seq, "household") if e["outcome"] == "ok"]
    assert ok[0]["reason_code"] == "coordinating-support"
    assert set(ok[0]["detail"]["returned"]) == set(others)


# -- possible duplicates -------------------------------------------------------------------


def test_a_possible_duplicate_is_flagged_and_in_the_area_teams_queue(
        directory: Directory) -> None:
    with directory.client() as nurse, directory.client("manager") as manager:
        for twin in (planted.DUPLICATE_A, planted.DUPLICATE_B):
            assert view(nurse, twin.directory_id)["possible_duplicate"] is True
        assert "possible_duplicate" not in view(nurse, fixtures.TWIN_KATE.directory_id)
        queue = manager.get("/api/v1/queue").json()["items"]
    pairs = [i for i in queue if i["kind"] == "possible-duplicate"]
    assert {(i["directory_id"], i["other_directory_id"]) for i in pairs} >= {
        (planted.DUPLICATE_A.directory_id, planted.DUPLICATE_B.directory_id)}
    assert not any(planted.UNSHIELDED_COPY.directory_id in json.dumps(i) for i in pairs)


def test_the_duplicate_of_a_shielded_child_reveals_nothing_of_it(directory: Directory) -> None:
    copy, twin = planted.UNSHIELDED_COPY, planted.SHIELDED_TWIN
    private = {a.line for a in copy.addresses + twin.addresses} | {
        a.postcode for a in copy.addresses + twin.addresses} | {
        p.name for p in copy.parents + twin.parents} | {"Standish", "Halliwell"}
    with directory.client() as nurse:
        bodies = []
        found = nurse.post("/api/v1/search", json={"family_name": "Pemberton",
                                                   "dob": copy.dob.isoformat()})
        bodies.append(found.text)
        rows = found.json()["results"]
        assert {r["directory_id"] for r in rows} == {copy.directory_id, twin.directory_id}
        assert all(r["shielded"] and "locality" not in r for r in rows)
        for d in (copy.directory_id, twin.directory_id):
            response = nurse.post(f"/api/v1/children/{d}/view", json=reason())
            bodies.append(response.text)
            record = response.json()
            assert record["shielded"] is True and "possible_duplicate" not in record
            assert "local_authority" not in record
        for path, body in (("household", reason()), ("convene", {"involvement_ids": ["x"]})):
            bodies.append(nurse.post(f"/api/v1/children/{copy.directory_id}/{path}",
                                     json=body).text)
        bodies.append(nurse.get("/api/v1/me/activity").text)
    text = "\n".join(bodies)
    assert not [v for v in private if v in text]
    assert "duplicate" not in text.lower()
    with directory.client("manager", local_authority="Bolton") as bolton, \
            directory.client("manager", local_authority="Wigan") as wigan:
        assert copy.directory_id not in bolton.get("/api/v1/queue").text
        assert copy.directory_id in wigan.get("/api/v1/queue").text  # the shielded child's area


# -- audit review --------------------------------------------------------------------------


def _user(directory: Directory, username: str, authority: str, display: str) -> None:
    users = UserStore(directory.db_path)
    try:
        users.add(username, "Review-test-2026", "practitioner", "Ward", authority,
                  display_name=display)
    finally:
        users.close()


def test_the_audit_review_flags_snooping_and_its_export_is_audited(
        directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    bolton = [d for d, p in sorted(truth.people.items()) if p.local_authority == "Bolton"
              and not p.archived and d not in truth.shielded][:41]
    _user(directory, "salford.nosy", "Salford", "Pat Nosy")
    _user(directory, "bolton.busy", "Bolton", "Sam Busy")
    with directory.client(username="salford.nosy", local_authority="Salford") as nosy:
        view(nosy, fixtures.BOLTON_AE.directory_id)
        view(nosy, planted.WELL_KNOWN.directory_id)
    with directory.client(username="bolton.busy") as busy:
        for d in bolton[:41]:
            view(busy, d)
    with directory.client(username="welfare.demo") as colleague:
        view(colleague, planted.COLLEAGUE_CHILD.directory_id)
    seq = directory.last_seq()
    with directory.client("manager") as manager, directory.client() as nurse:
        assert nurse.get("/api/v1/review/views").status_code == 403
        answer = manager.get("/api/v1/review/views?days=7")
        assert answer.status_code == 200
        rows = answer.json()["views"]
        flags = {(r["username"], r["directory_id"]): set(r["flags"]) for r in rows}
        assert flags[("salford.nosy", fixtures.BOLTON_AE.directory_id)] == {"out_of_area"}
        assert flags[("salford.nosy", planted.WELL_KNOWN.directory_id)] == {
            "out_of_area", "well_known"}
        assert "volume" in flags[("bolton.busy", bolton[0])]
        assert flags[("welfare.demo", planted.COLLEAGUE_CHILD.directory_id)] == {"own_family"}
        assert all(r["reason_code"] == "unscheduled-care" for r in rows
                   if r["username"] == "salford.nosy")
        assert manager.post("/api/v1/review/views/export",
                            json={"purpose": "x"}).status_code == 400
        exported = manager.post("/api/v1/review/views/export", json={
            "days": 7, "flagged_only": True,
            "purpose": "For the investigating officer, case 2026/14"})
        assert exported.status_code == 200
        table = list(csv.reader(io.StringIO(exported.json()["csv"])))
        assert table[0][0] == "time" and len(table) - 1 == exported.json()["rows"]
        assert {row[1] for row in table[1:]} >= {"salford.nosy", "bolton.busy",
                                                  "welfare.demo"}
    actions = [(e["action"], e["outcome"]) for e in directory.audit(seq)]
    assert ("audit-review", "ok") in actions
    export = [e for e in directory.audit(seq) if e["action"] == "audit-export"
              and e["outcome"] == "ok"]
    assert export[0]["detail"]["purpose"].startswith("For the investigating")
