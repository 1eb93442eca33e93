"""Record view, shield override and authentication over real HTTP (product.md §5, api.md)."""

from __future__ import annotations

import sqlite3

import httpx
import pytest

from mock_server.data import named_children as fixtures
from mock_server.rules.disclosure import WITHHELD_WHEN_SHIELDED
from mock_server.rules.sessions import SessionRole
from tests.server.directory_fixtures import Directory, reason

AE = fixtures.BOLTON_AE.directory_id


def _view(client: httpx.Client, directory_id: str, body: object) -> httpx.Response:
    return client.post(f"/api/v1/children/{directory_id}/view", json=body)


@pytest.fixture
def nurse(directory: Directory) -> httpx.Client:
    return directory.client("practitioner")


@pytest.fixture
def manager(directory: Directory) -> httpx.Client:
    return directory.client("manager")


@pytest.mark.parametrize("body", [
    None, {}, {"reason": {}}, {"reason": {"code": "curiosity"}},
    {"reason": {"code": "other"}}, {"reason": {"code": "other", "text": "   too short  "}},
])
def test_a_reason_is_required(nurse: httpx.Client, body: object) -> None:
    response = (nurse.post(f"/api/v1/children/{AE}/view") if body is None
                else _view(nurse, AE, body))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "reason_required"
    assert "Jane" not in response.text


def test_other_reason_with_ten_characters_is_accepted(nurse: httpx.Client) -> None:
    response = _view(nurse, AE, reason("other", "Court liaison"))
    assert response.status_code == 200


def test_full_record_for_a_practitioner(nurse: httpx.Client) -> None:
    record = _view(nurse, AE, reason()).json()
    assert record["shielded"] is False and record["withheld"] == []
    assert record["name"] == {"family_name": "Doe", "given_names": "Jane Ann",
                              "known_as": "Jenny", "former_names": ["Jane Smith"]}
    assert record["local_authority"] == {  # office hours and duty team: issue 16
        "name": "Bolton", "team_phone": "01632 960100", "duty_phone": "01632 960900",
        "office_hours": {"days": [1, 2, 3, 4, 5], "opens": "08:30", "closes": "17:00"}}
    assert record["addresses"][0] == {"lines": ["12 Acacia Road"], "town": "Bolton",
                                      "postcode": "BL1 4AA", "from": "2019-03-01", "to": None,
                                      "current": True}
    assert [p["name"] for p in record["parents_carers"]] == ["John Doe", "Mary Doe"]
    assert record["education"]["name"] == "Moorside High School"
    assert record["gp_practice"]["name"] == "Deane Road Surgery"
    lead = record["involvements"][0]
    assert (lead["practitioner"], lead["lead_professional"]) == ("Paul Ward", True)
    assert record["sensitive_services"] == {"involved": False}
    assert record["caf"] == {"exists": True}
    assert record["last_updated"].endswith("Z")


def test_two_current_addresses(nurse: httpx.Client) -> None:
    record = _view(nurse, fixtures.TWO_ADDRESSES.directory_id, reason()).json()
    assert [a["current"] for a in record["addresses"]] == [True, True]


def test_shielded_record_sends_no_withheld_key_to_a_practitioner(nurse: httpx.Client) -> None:
    response = _view(nurse, fixtures.SHIELDED.directory_id, reason("safeguarding"))
    record = response.json()
    assert record["shielded"] is True
    assert record["withheld"] == list(WITHHELD_WHEN_SHIELDED)
    for key in WITHHELD_WHEN_SHIELDED:
        assert key not in record
    assert "former_names" not in record["name"]
    # No location at all, not even the holding authority: the practitioner is routed to
    # the ContactPoint team of their own area (the nurse works in Bolton).
    assert "local_authority" not in record and "shield_reason" not in record
    assert record["contact_team"]["name"] == "Bolton"
    assert record["contact_team"]["phone"]
    for secret in ("Walsh", "Claire", "Larch", "WN2", "Hindley", "Nadia", "07700", "Wigan"):
        assert secret not in response.text


def test_sensitive_services_only_involved_for_practitioners(nurse: httpx.Client,
                                                           manager: httpx.Client) -> None:
    response = _view(nurse, fixtures.SENSITIVE.directory_id, reason())
    record = response.json()
    assert record["sensitive_services"] == {"involved": True}
    assert [i["practitioner"] for i in record["involvements"]] == ["Leon Hardy"]
    for secret in ("Priya", "CAMHS", "mental", "960118"):
        assert secret not in response.text
    details = _view(manager, fixtures.SENSITIVE.directory_id,
                    reason()).json()["sensitive_services"]
    assert details == {"involved": True, "details": [{
        "service": "mental health", "practitioner": "Dr Priya Natt",
        "organisation": "Bolton CAMHS", "phone": "01632 960118"}]}


def test_ended_involvements_kept_for_a_year_then_dropped(nurse: httpx.Client,
                                                         manager: httpx.Client) -> None:
    for client in (nurse, manager):
        response = _view(client, fixtures.KELLY.directory_id, reason("education-welfare"))
        involvements = {i["practitioner"]: i for i in response.json()["involvements"]}
        assert involvements["Helen Crompton"]["ended"] is not None
        assert involvements["Marcus Reid"]["ended"] is None
        assert "Sean Kay" not in response.text


def test_unknown_and_archived_children_are_not_found(nurse: httpx.Client,
                                                     manager: httpx.Client) -> None:
    for directory_id in ("4010232137", "12345", fixtures.ARCHIVED.directory_id):
        response = _view(nurse, directory_id, reason())
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"
    assert _view(manager, fixtures.ARCHIVED.directory_id, reason()).status_code == 404


def test_manager_sees_shielded_record_withheld_until_override(manager: httpx.Client) -> None:
    record = _view(manager, fixtures.SHIELDED.directory_id, reason("safeguarding")).json()
    assert "addresses" not in record and "former_names" not in record["name"]


def test_shield_override_is_for_managers_only(directory: Directory, nurse: httpx.Client) -> None:
    body = {**reason("safeguarding"), "justification": "Strategy meeting called by police"}
    response = nurse.post(f"/api/v1/children/{fixtures.SHIELDED.directory_id}/shield-override",
                          json=body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert "Larch" not in response.text


def test_shield_override_needs_reason_and_justification(manager: httpx.Client) -> None:
    url = f"/api/v1/children/{fixtures.SHIELDED.directory_id}/shield-override"
    short = manager.post(url, json={**reason("safeguarding"), "justification": "because"})
    assert short.status_code == 400
    assert short.json()["error"]["code"] == "justification_required"
    no_reason = manager.post(url, json={"justification": "Strategy meeting called by police"})
    assert no_reason.json()["error"]["code"] == "reason_required"


def test_managers_act_only_for_their_own_area(directory: Directory) -> None:
    """A Bolton manager cannot override Wigan's shielded child, read another area's
    sensitive-service details, or record an involvement on another area's shielded child."""
    bolton = directory.client("manager", local_authority="Bolton")
    before = directory.last_seq()
    override = bolton.post(
        f"/api/v1/children/{fixtures.SHIELDED.directory_id}/shield-override",
        json={**reason("safeguarding"), "justification": "Strategy meeting called by police"})
    assert override.status_code == 403
    assert override.json()["error"]["message"].startswith("This record is held by another"
                                                          " local authority.")
    for secret in ("Larch", "Claire", "Walsh", "Wigan"):
        assert secret not in override.text
    assert [e["outcome"] for e in directory.audit(before) if e["action"] == "override"] == [
        "refused:forbidden"]
    involvement = bolton.post(
        f"/api/v1/children/{fixtures.SHIELDED.directory_id}/involvements",
        json={"service": "health-visiting", "since": "2026-01-05"})
    assert involvement.status_code == 403
    elsewhere = directory.client("manager", local_authority="Wigan")
    sensitive = fixtures.SENSITIVE
    record = _view(elsewhere, sensitive.directory_id, reason()).json()
    assert record["sensitive_services"] == {"involved": True}  # no details outside the area
    own = directory.client("manager", local_authority=sensitive.local_authority)
    details = _view(own, sensitive.directory_id, reason()).json()["sensitive_services"]
    assert details["involved"] is True and details["details"]


def test_shield_override_shows_everything_and_is_audited(directory: Directory) -> None:
    manager = directory.client("manager", username="override.manager", local_authority="Wigan")
    before = directory.last_seq()
    justification = "Strategy meeting called by police today"
    response = manager.post(
        f"/api/v1/children/{fixtures.SHIELDED.directory_id}/shield-override",
        json={**reason("safeguarding"), "justification": justification})
    assert response.status_code == 200
    record = response.json()
    assert record["withheld"] == []
    assert record["name"]["former_names"] == ["Ellie Walsh"]
    assert record["addresses"][0]["lines"] == ["7 Larch Close"]
    assert record["parents_carers"][0]["name"] == "Claire Brennan"
    entry = [e for e in directory.audit(before) if e["username"] == "override.manager"][-1]
    assert (entry["action"], entry["outcome"]) == ("override", "ok")
    assert entry["directory_id"] == fixtures.SHIELDED.directory_id
    assert entry["detail"]["justification"] == justification
    assert entry["reason_code"] == "safeguarding"


def test_views_and_refusals_are_audited(directory: Directory) -> None:
    client = directory.client("practitioner", username="view.audit")
    before = directory.last_seq()
    _view(client, AE, reason("unscheduled-care"))
    _view(client, AE, {})
    entries = [e for e in directory.audit(before) if e["username"] == "view.audit"]
    assert [(e["action"], e["outcome"], e["directory_id"]) for e in entries] == [
        ("view", "ok", AE), ("view", "refused:reason_required", AE)]
    assert entries[0]["reason_code"] == "unscheduled-care"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer not-a-session"},
                                     {"Authorization": "Basic abc"}])
def test_no_live_session_is_401_session_expired(directory: Directory,
                                                headers: dict[str, str]) -> None:
    for path, body in (("/api/v1/search", {"directory_id": AE}),
                       (f"/api/v1/children/{AE}/view", reason())):
        response = httpx.post(directory.url + path, json=body, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "session_expired"


def test_ended_session_is_401(directory: Directory) -> None:
    client = directory.client("practitioner")
    token = client.headers["Authorization"].removeprefix("Bearer ")
    directory.app.state.sessions.end(token)
    assert _view(client, AE, reason()).status_code == 401


def test_no_active_role_is_403_role_required(directory: Directory) -> None:
    session = directory.app.state.sessions.create("two.roles", (
        SessionRole("r1", "practitioner", "School A", "Bolton"),
        SessionRole("r2", "practitioner", "School B", "Wigan")))
    response = httpx.post(f"{directory.url}/api/v1/search", json={"directory_id": AE},
                          headers={"Authorization": f"Bearer {session.token}"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "role_required"


def test_no_route_creates_a_session_outside_sign_in(directory: Directory) -> None:
    paths = {getattr(route, "path", "") for route in directory.app.routes}
    session_routes = {p for p in paths if "session" in p}
    assert session_routes <= {"/api/v1/auth/session"}


def test_unknown_routes_use_the_error_shape(directory: Directory) -> None:
    response = httpx.get(f"{directory.url}/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}


def test_every_shielded_child_over_http_has_no_withheld_key(directory: Directory) -> None:
    conn = sqlite3.connect(f"file:{directory.db_path}?mode=ro", uri=True)
    ids = [r[0] for r in conn.execute(
        "SELECT directory_id FROM children WHERE shielded = 1 AND archived = 0")]
    conn.close()
    assert len(ids) >= 3
    nurse = directory.client("practitioner")
    for directory_id in ids:
        record = _view(nurse, directory_id, reason("safeguarding")).json()
        assert record["shielded"] is True
        assert not set(WITHHELD_WHEN_SHIELDED) & set(record)
        assert set(record["name"]) == {"family_name", "given_names", "known_as"}
