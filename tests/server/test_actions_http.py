"""Practitioner actions, my activity and the manager's queue over real HTTP (product.md §6–§7)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from mock_server.data import named_children as fixtures
from mock_server.data.audit import verify
from mock_server.data.involvements import ActionStore
from mock_server.data.rebuild import rebuild as reset
from mock_server.rules.sessions import SessionRole
from mock_server.tokens.demo_users import demo_user
from tests.server.directory_fixtures import Directory, consent, reason

AE = fixtures.BOLTON_AE.directory_id
KELLY = fixtures.KELLY.directory_id
SHIELDED = fixtures.SHIELDED.directory_id
WELFARE = demo_user("welfare.demo")


def session(directory: Directory, username: str, role: str, organisation: str,
            local_authority: str) -> httpx.Client:
    made = directory.app.state.sessions.create(
        username, (SessionRole("r1", role, organisation, local_authority),))
    return httpx.Client(base_url=directory.url, timeout=30,
                        headers={"Authorization": f"Bearer {made.token}"})


@pytest.fixture
def welfare(directory: Directory) -> httpx.Client:
    return session(directory, WELFARE.username, "practitioner", "Moorside High School", "Bolton")


@pytest.fixture
def nurse(directory: Directory) -> httpx.Client:
    return session(directory, "nurse.demo", "practitioner", "Royal Bolton Hospital A&E",
                   "Bolton")


@pytest.fixture
def bolton_manager(directory: Directory) -> httpx.Client:
    return session(directory, "manager.demo", "manager", "Bolton ContactPoint Team", "Bolton")


@pytest.fixture
def wigan_manager(directory: Directory) -> httpx.Client:
    return directory.client("manager", local_authority="Wigan")


def involvements(client: httpx.Client, directory_id: str) -> list[dict[str, Any]]:
    response = client.post(f"/api/v1/children/{directory_id}/view", json=reason())
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["involvements"]
    return items


def record(client: httpx.Client, directory_id: str = KELLY, **changes: Any) -> httpx.Response:
    body = {"service": "education-welfare", "job_title": "School welfare officer",
            "since": (date.today() - timedelta(days=30)).isoformat(),
            "lead_professional": False, "caf_holder": True, "consent": consent(), **changes}
    return client.post(f"/api/v1/children/{directory_id}/involvements", json=body)


def test_recorded_involvement_takes_contact_details_from_the_profile_and_others_see_it(
        welfare: httpx.Client, nurse: httpx.Client) -> None:
    response = record(welfare)
    assert response.status_code == 201, response.text
    made = response.json()
    assert made["practitioner"] == WELFARE.display_name
    assert made["organisation"] == "Moorside High School"
    assert (made["phone"], made["email"]) == (WELFARE.phone, WELFARE.email)
    assert made["caf_holder"] is True and made["ended"] is None
    assert re.fullmatch(r"uinv-\d+", made["involvement_id"])

    seen_by_nurse = {i["involvement_id"]: i for i in involvements(nurse, KELLY)}
    assert seen_by_nurse[made["involvement_id"]]["practitioner"] == WELFARE.display_name
    assert seen_by_nurse[made["involvement_id"]]["owned"] is False
    assert not any(i["owned"] for i in seen_by_nurse.values())
    own = {i["involvement_id"]: i for i in involvements(welfare, KELLY)}
    assert own[made["involvement_id"]]["owned"] is True


def test_only_the_owner_or_a_local_manager_ends_an_involvement(
        directory: Directory, welfare: httpx.Client, nurse: httpx.Client,
        bolton_manager: httpx.Client, wigan_manager: httpx.Client) -> None:
    made = record(welfare).json()
    end = f"/api/v1/involvements/{made['involvement_id']}/end"
    today = date.today().isoformat()
    before = directory.last_seq()

    refused = nurse.post(end, json={"ended": today})
    assert refused.status_code == 403
    assert "Only the practitioner who recorded" in refused.json()["error"]["message"]
    assert wigan_manager.post(end, json={"ended": today}).status_code == 403
    entries = directory.audit(before)
    assert [e["outcome"] for e in entries] == ["refused:forbidden"] * 2
    assert {e["action"] for e in entries} == {"involvement-end"}

    assert welfare.post(end, json={"ended": today}).status_code == 200
    ended = {i["involvement_id"]: i for i in involvements(nurse, KELLY)}
    assert ended[made["involvement_id"]]["ended"] == today
    again = welfare.post(end, json={"ended": today})
    assert again.status_code == 409

    # A Bolton manager may end a population involvement of a Bolton child.
    paul = next(i for i in involvements(bolton_manager, AE) if i["practitioner"] == "Paul Ward")
    path = f"/api/v1/involvements/{paul['involvement_id']}/end"
    assert nurse.post(path, json={"ended": today}).status_code == 403
    assert bolton_manager.post(path, json={"ended": today}).status_code == 200
    paul_now = next(i for i in involvements(nurse, AE) if i["practitioner"] == "Paul Ward")
    assert paul_now["ended"] == today
    assert verify(directory.db_path).ok


def test_an_involvement_ended_over_365_days_ago_is_no_longer_shown(
        welfare: httpx.Client, nurse: httpx.Client) -> None:
    long_ago = date.today() - timedelta(days=800)
    made = record(welfare, since=long_ago.isoformat()).json()
    ended = (date.today() - timedelta(days=366)).isoformat()
    response = welfare.post(f"/api/v1/involvements/{made['involvement_id']}/end",
                            json={"ended": ended})
    assert response.status_code == 200
    assert made["involvement_id"] not in {i["involvement_id"] for i in involvements(nurse, KELLY)}


@pytest.mark.parametrize(("changes", "status"), [
    ({"service": ""}, 400), ({"since": "yesterday"}, 400),
    ({"since": (date.today() + timedelta(days=3)).isoformat()}, 400),
    ({"service": "x" * 101}, 422),  # over the field limit: refused before anything else
])
def test_involvement_details_are_checked(welfare: httpx.Client, changes: dict[str, Any],
                                         status: int) -> None:
    response = record(welfare, **changes)
    assert response.status_code == status
    assert response.json()["error"]["message"]


def test_unknown_child_or_involvement_is_404_and_shielded_is_refused(
        welfare: httpx.Client) -> None:
    assert record(welfare, directory_id="4857773458").status_code == 404
    assert record(welfare, directory_id=fixtures.ARCHIVED.directory_id).status_code == 404
    assert welfare.post("/api/v1/involvements/uinv-999999/end",
                        json={"ended": "2026-01-01"}).status_code == 404
    assert welfare.post("/api/v1/involvements/nonsense/end",
                        json={"ended": "2026-01-01"}).status_code == 404
    shielded = record(welfare, directory_id=SHIELDED)
    assert shielded.status_code == 403
    assert "shielded" in shielded.json()["error"]["message"]


def test_shielded_record_never_carries_involvements_even_when_some_were_recorded(
        directory: Directory, welfare: httpx.Client) -> None:
    wigan = session(directory, "manager.w", "manager", "Wigan ContactPoint Team", "Wigan")
    assert record(wigan, directory_id=SHIELDED).status_code == 201
    body = welfare.post(f"/api/v1/children/{SHIELDED}/view", json=reason()).json()
    assert "involvements" not in body
    override = wigan.post(f"/api/v1/children/{SHIELDED}/shield-override",
                          json={**reason("safeguarding"),
                                "justification": "Court order requires contact today"})
    assert any(i["owned"] for i in override.json()["involvements"])


def test_reports_and_contact_requests_reach_only_the_childs_local_authority_queue(
        directory: Directory, nurse: httpx.Client, bolton_manager: httpx.Client,
        wigan_manager: httpx.Client) -> None:
    ina = nurse.post(f"/api/v1/children/{AE}/inaccuracies",
                     json={"section": "addresses", "description": "The family moved in May."})
    scr = nurse.post(f"/api/v1/children/{fixtures.SENSITIVE.directory_id}"
                     "/sensitive-contact-requests",
                     json={"message": "Please ask the service to call the A&E nurse.",
                           "consent": consent()})
    assert (ina.status_code, scr.status_code) == (201, 201)
    ina_ref, scr_ref = ina.json()["reference"], scr.json()["reference"]
    assert re.fullmatch(r"INA-\d{6}", ina_ref) and re.fullmatch(r"SCR-\d{6}", scr_ref)

    assert nurse.get("/api/v1/queue").status_code == 403
    bolton = {i["reference"]: i for i in bolton_manager.get("/api/v1/queue").json()["items"]}
    assert {ina_ref, scr_ref} <= set(bolton)
    assert bolton[ina_ref]["kind"] == "inaccuracy"
    assert bolton[ina_ref]["section"] == "addresses"
    assert bolton[scr_ref]["kind"] == "contact-request"
    assert bolton[scr_ref]["text"] == "Please ask the service to call the A&E nurse."
    assert bolton[scr_ref]["raised_by"] == "Amira Shah (Royal Bolton Hospital A&E)"
    assert bolton[scr_ref]["raised_by_phone"] == "01632 960201"
    assert bolton[scr_ref]["status"] == "open"
    wigan = {i["reference"] for i in wigan_manager.get("/api/v1/queue").json()["items"]}
    assert not {ina_ref, scr_ref} & wigan

    path = f"/api/v1/queue/{scr_ref}/resolve"
    assert wigan_manager.post(path, json={"note": "Not ours"}).status_code == 404
    assert nurse.post(path, json={"note": "Done it"}).status_code == 403
    assert bolton_manager.post(path, json={"note": ""}).status_code == 400
    done = bolton_manager.post(path, json={"note": "Service will call back today."})
    assert done.status_code == 200
    assert done.json()["status"] == "resolved"
    assert done.json()["note"] == "Service will call back today."
    assert bolton_manager.post(path, json={"note": "Again"}).status_code == 409
    assert verify(directory.db_path).ok


@pytest.mark.parametrize(("path", "body"), [
    ("inaccuracies", {"section": "favourite colour", "description": "Long enough text."}),
    ("inaccuracies", {"section": "addresses", "description": "short"}),
    ("sensitive-contact-requests", {"message": "hi"}),
    ("sensitive-contact-requests", {}),
])
def test_reports_are_checked(nurse: httpx.Client, path: str, body: dict[str, Any]) -> None:
    response = nurse.post(f"/api/v1/children/{AE}/{path}", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["message"]


def test_my_activity_lists_own_searches_and_views_newest_first_without_names(
        directory: Directory) -> None:
    me = directory.client("practitioner")
    other = directory.client("practitioner")
    assert me.post("/api/v1/search", json={"family_name": "Doe", "dob": "2011-07-14"}
                   ).status_code == 200
    assert me.post(f"/api/v1/children/{AE}/view", json=reason("safeguarding")).status_code == 200
    assert other.post(f"/api/v1/children/{KELLY}/view", json=reason()).status_code == 200
    assert me.post(f"/api/v1/children/{AE}/inaccuracies",
                   json={"section": "gp_practice", "description": "The GP practice closed."}
                   ).status_code == 201
    body = me.get("/api/v1/me/activity?limit=10")
    assert body.status_code == 200
    items = body.json()["items"]
    assert [i["action"] for i in items] == ["inaccuracy", "view", "search"]
    assert items[1] == {"at": items[1]["at"], "action": "view", "directory_id": AE,
                        "reason_code": "safeguarding"}
    assert re.fullmatch(r"INA-\d{6}", items[0]["reference"])
    assert items[2]["directory_id"] is None
    assert [i["at"] for i in items] == sorted((i["at"] for i in items), reverse=True)
    assert "Doe" not in body.text and "Jane" not in body.text
    assert me.get("/api/v1/me/activity?limit=0").status_code == 422
    assert httpx.get(f"{directory.url}/api/v1/me/activity").status_code == 401


def test_a_rebuilt_population_starts_with_no_actions(population_db: Path,
                                                     tmp_path: Path) -> None:
    import shutil

    db = tmp_path / "d.sqlite3"
    shutil.copyfile(population_db, db)
    store = ActionStore(db)
    from mock_server.data.involvements import NewInvolvement, Profile

    who = Profile("u", "U Ser", "Officer", "Org", "01632 960000", "u@example.org",
                  "practitioner", "Bolton")
    store.add_involvement(AE, who, NewInvolvement("education", "Officer", date.today(),
                                                  False, False))
    store.raise_item("inaccuracy", AE, "Bolton", who, "A wrong address here.", "addresses")
    store.close()
    reopened = ActionStore(db)
    assert reopened.queue("Bolton")
    reopened.close()
    reset(db, 200, 7)
    fresh = ActionStore(db)
    try:
        assert fresh.queue("Bolton") == []
        assert fresh.decorate({"directory_id": AE, "involvements": []}, "u",
                              date.today())["involvements"] == []
    finally:
        fresh.close()


class _BrokenAudit:
    """Stands in for an audit trail whose disk has failed (a real one cannot be made to
    fail on demand without stalling the server for its busy timeout)."""

    def append(self, **_fields: Any) -> None:
        from mock_server.data.audit import AuditUnavailable

        raise AuditUnavailable("disk full")


def test_an_action_whose_audit_entry_cannot_be_written_is_undone(
        directory: Directory, welfare: httpx.Client, bolton_manager: httpx.Client) -> None:
    real = directory.app.state.audit
    before = {i["involvement_id"] for i in involvements(welfare, KELLY)}
    queue_before = bolton_manager.get("/api/v1/queue").json()["items"]
    directory.app.state.audit = _BrokenAudit()
    try:
        made = record(welfare)
        report = welfare.post(f"/api/v1/children/{KELLY}/inaccuracies",
                              json={"section": "addresses", "description": "Wrong house number."})
    finally:
        directory.app.state.audit = real
    assert (made.status_code, report.status_code) == (503, 503)
    assert made.json()["error"]["code"] == "audit_unavailable"
    assert {i["involvement_id"] for i in involvements(welfare, KELLY)} == before
    queue_after = bolton_manager.get("/api/v1/queue").json()["items"]
    assert [i["reference"] for i in queue_after] == [i["reference"] for i in queue_before]
