"""Child-is-here alerts and out-of-hours contacts over real HTTP (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from mock_server.data import named_children as fixtures
from mock_server.data.authorities import DUTY, duty_contact
from tests.server.directory_fixtures import Directory, reason
from tests.server.test_actions_http import record, session

AE = fixtures.BOLTON_AE.directory_id
SHIELDED = fixtures.SHIELDED.directory_id
KELLY = fixtures.KELLY.directory_id


NURSE_ROLE = ("nurse.demo", "practitioner", "Royal Bolton Hospital A&E", "Bolton")
LEAD_ROLE = ("welfare.demo", "practitioner", "Moorside High School", "Bolton")


@pytest.fixture
def nurse(directory: Directory) -> httpx.Client:
    return session(directory, *NURSE_ROLE)


@pytest.fixture
def welfare(directory: Directory) -> httpx.Client:
    return session(directory, *LEAD_ROLE)


def manager_of(directory: Directory, area: str) -> httpx.Client:
    return session(directory, f"manager.{area.lower()}", "manager", f"{area} ContactPoint Team",
                   area)


def audit_entries(directory: Directory, action: str) -> list[dict[str, object]]:
    entries = httpx.get(f"{directory.url}/api/v1/test/audit", timeout=30).json()["entries"]
    return [e for e in entries if e["action"] == action]


def inbox(client: httpx.Client) -> dict[str, object]:
    response = client.get("/api/v1/alerts")
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_every_authority_has_office_hours_and_a_drama_range_duty_number() -> None:
    from mock_server.data.samples import LOCAL_AUTHORITIES

    for name, *_ in LOCAL_AUTHORITIES:
        hours, phone = duty_contact(name)
        assert name in DUTY and hours.days and hours.opens < hours.closes
        assert phone.startswith(("01632 960", "0113 496 0", "0161 496 0", "0191 498 0"))


def test_records_carry_the_duty_team_of_the_team_they_route_to(
        nurse: httpx.Client) -> None:
    full = nurse.post(f"/api/v1/children/{AE}/view", json=reason()).json()
    assert full["local_authority"]["duty_phone"] == duty_contact("Bolton").edt_phone
    assert full["local_authority"]["office_hours"] == duty_contact("Bolton").office_hours.as_json()
    shielded = nurse.post(f"/api/v1/children/{SHIELDED}/view", json=reason()).json()
    assert shielded["contact_team"]["name"] == "Bolton"  # the nurse's own area's team
    assert shielded["contact_team"]["duty_phone"] == duty_contact("Bolton").edt_phone


def test_alert_reaches_the_lead_professional_and_the_area_team_and_is_audited(
        directory: Directory, nurse: httpx.Client, welfare: httpx.Client) -> None:
    # The welfare officer takes over as the child's lead professional.
    made = record(welfare, AE, lead_professional=True, replace_lead=True, caf_holder=False,
                  service="education-welfare")
    assert made.status_code == 201, made.text
    bolton, wigan = manager_of(directory, "Bolton"), manager_of(directory, "Wigan")
    before = len(audit_entries(directory, "child-here"))

    sent = nurse.post(f"/api/v1/children/{AE}/child-here")
    assert sent.status_code == 201, sent.text
    answer = sent.json()
    assert answer["lead_professional_told"] is True and answer["area_team"] == "Bolton"
    reference = answer["reference"]

    entries = audit_entries(directory, "child-here")
    assert len(entries) == before + 1
    entry = entries[-1]
    assert (entry["username"], entry["directory_id"], entry["outcome"]) == (
        "nurse.demo", AE, "ok")

    lead_box = inbox(welfare)
    item = next(i for i in lead_box["items"] if i["reference"] == reference)  # type: ignore[union-attr]
    assert item["to"] == "lead_professional" and item["directory_id"] == AE
    assert item["setting"] == "Royal Bolton Hospital A&E"
    assert item["from"]["name"] == "Amira Shah" and item["from"]["phone"] == "01632 960201"
    assert item["from"]["email"] == "amira.shah@example.org"
    assert set(item) == {"reference", "directory_id", "sent_at", "setting", "from", "to",
                         "read"}  # no free text anywhere
    assert lead_box["unread"] >= 1  # type: ignore[operator]
    area_refs = [i["reference"] for i in inbox(bolton)["items"]]  # type: ignore[union-attr]
    assert reference in area_refs
    assert reference not in [i["reference"] for i in inbox(wigan)["items"]]  # type: ignore[union-attr]
    assert reference not in [i["reference"] for i in inbox(nurse)["items"]]  # type: ignore[union-attr]

    # Read by the lead: unread falls for her only.
    unread = inbox(welfare)["unread"]
    assert welfare.post(f"/api/v1/alerts/{reference}/read").status_code == 204
    assert inbox(welfare)["unread"] == unread - 1  # type: ignore[operator]
    assert nurse.post(f"/api/v1/alerts/{reference}/read").status_code == 404

    # The lead (involved) sees the count on the record; the nurse (not involved) does not.
    seen = welfare.post(f"/api/v1/children/{AE}/view", json=reason()).json()
    assert seen["urgent_care_alerts"]["last_12_months"] >= 1
    assert "urgent_care_alerts" not in nurse.post(
        f"/api/v1/children/{AE}/view", json=reason()).json()
    assert "urgent_care_alerts" in bolton.post(
        f"/api/v1/children/{AE}/view", json=reason()).json()


def test_alert_for_a_shielded_child_goes_to_the_area_team_only_and_reveals_nothing(
        directory: Directory, nurse: httpx.Client) -> None:
    area = fixtures.SHIELDED.local_authority
    team = manager_of(directory, area)
    sent = nurse.post(f"/api/v1/children/{SHIELDED}/child-here")
    assert sent.status_code == 201, sent.text
    answer = sent.json()
    assert set(answer) == {"reference", "sent_at"}  # no lead, no area, nothing more
    text = sent.text
    for secret in (area, fixtures.SHIELDED.addresses[0].town,
                   *(inv.practitioner for inv in fixtures.SHIELDED.involvements)):
        assert secret not in text
    entry = audit_entries(directory, "child-here")[-1]
    assert entry["directory_id"] == SHIELDED
    assert entry["detail"]["to"] == ["area_team"]  # type: ignore[index]
    assert answer["reference"] in [i["reference"] for i in inbox(team)["items"]]  # type: ignore[union-attr]
    # Nobody else's inbox holds it: not the nurse's, not another area's.
    other = "Wigan" if area != "Wigan" else "Bury"
    for client in (nurse, manager_of(directory, other)):
        assert answer["reference"] not in [i["reference"] for i in inbox(client)["items"]]  # type: ignore[union-attr]


def test_alert_refused_for_unknown_child_and_audited(
        directory: Directory, nurse: httpx.Client) -> None:
    refused = nurse.post("/api/v1/children/1234567890/child-here")
    assert refused.status_code == 404
    assert audit_entries(directory, "child-here")[-1]["outcome"] == "refused:not_found"


def test_alert_takes_no_free_text(nurse: httpx.Client) -> None:
    sent = nurse.post(f"/api/v1/children/{KELLY}/child-here",
                      json={"message": "clinical note: overdose"})
    assert sent.status_code == 201
    assert "overdose" not in str(inbox(nurse)) and "message" not in sent.json()


def test_recent_count_covers_twelve_months(directory: Directory,
                                           nurse: httpx.Client) -> None:
    store = directory.app.state.alerts
    assert nurse.post(f"/api/v1/children/{KELLY}/child-here").status_code == 201
    now = datetime.now(UTC)
    assert store.recent_count(KELLY, now) >= 1
    assert store.recent_count(KELLY, now + timedelta(days=364)) >= 1
    assert store.recent_count(KELLY, now + timedelta(days=366)) == 0
