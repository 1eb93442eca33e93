"""The service vocabulary (issue 13): involvements name a service from ``GET /services``; a
sensitive one is disclosed to practitioners only as "involved", whoever records it; one lead
professional per child at a time; holding the CAF means a CAF exists."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from mock_server.data import named_children as fixtures
from mock_server.data.services import VOCABULARY
from tests.server.directory_fixtures import Directory, consent, reason
from tests.server.household_truth import read_truth

SINCE = (date.today() - timedelta(days=10)).isoformat()


def recorder(directory: Directory, name: str, authority: str = "Bolton") -> httpx.Client:
    """A practitioner whose display name is a unique marker (from the users table or not,
    the profile falls back to the user name)."""
    return directory.client("practitioner", username=name, local_authority=authority)


def view(client: httpx.Client, directory_id: str) -> dict[str, Any]:
    response = client.post(f"/api/v1/children/{directory_id}/view", json=reason())
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def involve(client: httpx.Client, directory_id: str, **body: Any) -> httpx.Response:
    return client.post(f"/api/v1/children/{directory_id}/involvements",
                       json={"since": SINCE, "job_title": "Practitioner", "consent": consent(),
                             **body})


def test_the_vocabulary_is_published_with_sensitive_services_marked(
        directory: Directory) -> None:
    with directory.client("practitioner") as nurse:
        services = nurse.get("/api/v1/services").json()["services"]
    assert {s["code"]: s["sensitive"] for s in services}["sexual-health"] is True
    assert {s["code"]: s["sensitive"] for s in services}["social-care"] is False
    assert [s["code"] for s in services] == [s.code for s in VOCABULARY]


def test_free_text_services_are_refused(directory: Directory) -> None:
    with directory.client("practitioner") as welfare:
        response = involve(welfare, fixtures.KELLY.directory_id, service="sexual health clinic")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Choose the service from the list."


def test_a_sensitive_involvement_is_only_involved_whoever_records_it(
        directory: Directory) -> None:
    child = fixtures.BOLTON_AE.directory_id
    with recorder(directory, "zz.sensitive.recorder") as welfare:
        made = involve(welfare, child, service="sexual-health")
        assert made.status_code == 201, made.text
    with directory.client("practitioner") as nurse:
        response = nurse.post(f"/api/v1/children/{child}/view", json=reason())
    record = response.json()
    assert record["sensitive_services"] == {"involved": True}
    assert "zz.sensitive.recorder" not in response.text
    assert "sexual health" not in response.text
    with directory.client("manager", local_authority="Bolton") as own:
        details = view(own, child)["sensitive_services"]["details"]
    assert any(d["practitioner"] == "zz.sensitive.recorder" for d in details)
    with directory.client("manager", local_authority="Wigan") as other:
        assert view(other, child)["sensitive_services"] == {"involved": True}


def test_a_sensitive_service_cannot_be_lead_or_hold_the_caf(directory: Directory) -> None:
    with directory.client("practitioner") as welfare:
        for flag in ("lead_professional", "caf_holder"):
            response = involve(welfare, fixtures.KELLY.directory_id, service="mental-health",
                               **{flag: True})
            assert response.status_code == 400


def current_leads(record: dict[str, Any]) -> list[str]:
    return [i["practitioner"] for i in record["involvements"]
            if i["lead_professional"] and i["ended"] is None]


def test_one_lead_professional_at_a_time(directory: Directory) -> None:
    child = fixtures.BOLTON_AE.directory_id  # Paul Ward is the lead professional
    with recorder(directory, "zz.new.lead") as worker:
        assert current_leads(view(worker, child)) == ["Paul Ward"]
        refused = involve(worker, child, service="family-support", lead_professional=True)
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "lead_exists"
        assert refused.json()["error"]["message"].startswith("Paul Ward is this child's lead")
        taken = involve(worker, child, service="family-support", lead_professional=True,
                        replace_lead=True)
        assert taken.status_code == 201, taken.text
        assert current_leads(view(worker, child)) == ["zz.new.lead"]


def test_holding_the_caf_records_that_a_caf_exists(directory: Directory) -> None:
    truth = read_truth(directory.db_path)
    with directory.client("practitioner") as welfare:
        child = next(d for d, p in sorted(truth.people.items())
                     if d not in truth.shielded and not p.archived
                     and view(welfare, d)["caf"] == {"exists": False})
        made = involve(welfare, child, service="education-welfare", caf_holder=True)
        assert made.status_code == 201, made.text
        assert view(welfare, child)["caf"] == {"exists": True}


@pytest.mark.parametrize("code", [s.code for s in VOCABULARY if not s.sensitive][:3])
def test_ordinary_services_are_listed_by_name(directory: Directory, code: str) -> None:
    with directory.client("practitioner") as worker:
        made = involve(worker, fixtures.KELLY.directory_id, service=code)
    assert made.status_code == 201
    assert made.json()["service"] == code.replace("-", " ")
