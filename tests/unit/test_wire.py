"""wire.py: strict parsing of the api.md examples, refusal of malformed bodies, integrity rules."""

from __future__ import annotations

import copy
import logging
from datetime import date
from typing import Any

import pytest

from cpdesk.api import wire
from cpdesk.api.errors import MalformedResponse
from cpdesk.domain import WITHHOLDABLE_SECTIONS, Gender, MatchKind, RoleKind

# The api.md example record (synthetic; phone numbers from Ofcom drama ranges).
RECORD: dict[str, Any] = {
    "directory_id": "9997773454",
    "name": {"family_name": "Doe", "given_names": "Jane Ann", "known_as": "Jenny",
             "former_names": ["Jane Smith"]},
    "dob": "2011-07-14", "gender": "female",
    "local_authority": {"name": "Bolton", "team_phone": "01632 960123"},
    "shielded": False,
    "withheld": [],
    "addresses": [{"lines": ["12 Acacia Road"], "town": "Bolton", "postcode": "BL1 4AA",
                   "from": "2019-03-01", "to": None, "current": True}],
    "parents_carers": [{"name": "John Doe", "relationship": "father",
                        "parental_responsibility": True, "phone": "07700 900123",
                        "email": "john.doe@example.org", "address": None}],
    "education": {"name": "Moorside High School", "type": "secondary",
                  "phone": "01632 960456", "address": "1 School Lane, Bolton",
                  "since": "2022-09-01"},
    "gp_practice": {"name": "Deane Road Surgery", "phone": "01632 960789",
                    "address": "2 Deane Road, Bolton"},
    "involvements": [{"involvement_id": "inv-1", "practitioner": "Paul Ward",
                      "job_title": "Social worker",
                      "organisation": "Bolton Children's Services",
                      "service": "social care", "phone": "01632 960111",
                      "email": "paul.ward@example.org", "since": "2024-01-10",
                      "ended": None, "lead_professional": True, "caf_holder": False}],
    "sensitive_services": {"involved": True},
    "caf": {"exists": True},
    "last_updated": "2026-11-01T09:00:00Z",
}

SHIELDED: dict[str, Any] = {
    "directory_id": "9434765919",
    "name": {"family_name": "Roe", "given_names": "Sam", "known_as": None},
    "dob": "2014-02-03", "gender": "male",
    "local_authority": {"name": "Bolton", "team_phone": "01632 960123"},
    "shielded": True,
    "withheld": list(WITHHOLDABLE_SECTIONS),
}

SUMMARY: dict[str, Any] = {
    "directory_id": "9997773454", "family_name": "Doe", "given_names": "Jane Ann",
    "known_as": "Jenny", "dob": "2011-07-14", "gender": "female",
    "locality": {"town": "Bolton", "local_authority": "Bolton"},
    "shielded": False, "match": "exact", "score": 1.0,
}


def test_api_md_example_record_parses_completely() -> None:
    record = wire.parse_record(RECORD, role=RoleKind.PRACTITIONER)
    assert record.name.known_as == "Jenny"
    assert record.name.former_names == ("Jane Smith",)
    assert record.dob == date(2011, 7, 14)
    assert record.gender is Gender.FEMALE
    assert record.local_authority.team_phone == "01632 960123"
    assert record.addresses is not None and record.addresses[0].postcode == "BL1 4AA"
    assert record.addresses[0].current and record.addresses[0].to_date is None
    assert record.parents_carers is not None
    assert record.parents_carers[0].parental_responsibility is True
    assert record.education is not None and record.education.since == date(2022, 9, 1)
    assert record.gp_practice is not None and record.gp_practice.name == "Deane Road Surgery"
    assert record.involvements is not None and record.involvements[0].lead_professional
    assert record.sensitive_services is not None and record.sensitive_services.involved
    assert record.sensitive_services.details is None
    assert record.caf_exists is True
    assert record.last_updated is not None and record.last_updated.tzinfo is not None
    assert record.integrity_faults == ()


def test_shielded_practitioner_record_parses_with_sections_absent() -> None:
    record = wire.parse_record(SHIELDED, role=RoleKind.PRACTITIONER)
    assert record.shielded
    assert record.addresses is None and record.parents_carers is None
    assert record.integrity_faults == ()


@pytest.mark.parametrize("mutate", [
    lambda r: r.pop("directory_id"),
    lambda r: r.update(directory_id="48577734"),
    lambda r: r.update(dob="14/07/2011"),
    lambda r: r.update(dob="2011-02-30"),
    lambda r: r.update(gender="f"),
    lambda r: r.update(shielded="false"),
    lambda r: r["name"].pop("family_name"),
    lambda r: r["local_authority"].pop("team_phone"),
    lambda r: r["addresses"][0].update(current=1),
    lambda r: r["involvements"][0].update(lead_professional=None),
    lambda r: r["involvements"][0].pop("involvement_id"),
    lambda r: r.update(addresses={"lines": []}),
    lambda r: r.update(caf={"exists": "yes"}),
    lambda r: r.update(last_updated="2026-11-01 09:00"),
    lambda r: r["education"].update(name=None),
])
def test_malformed_record_is_refused_whole(mutate: Any) -> None:
    body = copy.deepcopy(RECORD)
    mutate(body)
    with pytest.raises(MalformedResponse):
        wire.parse_record(body, role=RoleKind.MANAGER)


def test_unknown_fields_are_ignored() -> None:
    body = {**copy.deepcopy(RECORD), "future_field": {"x": 1}}
    body["name"]["title"] = "Miss"
    assert wire.parse_record(body, role=RoleKind.PRACTITIONER).directory_id == "9997773454"


def test_section_listed_as_withheld_but_sent_is_dropped_and_reported(
        caplog: pytest.LogCaptureFixture) -> None:
    body = copy.deepcopy(RECORD)
    body["withheld"] = ["parents_carers"]
    with caplog.at_level(logging.WARNING, logger="cpdesk.integrity"):
        record = wire.parse_record(body, role=RoleKind.PRACTITIONER)
    assert record.parents_carers is None
    assert record.integrity_faults == ("parents_carers",)
    assert record.addresses is not None  # not withheld: kept
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "parents_carers" in logged
    for personal in ("John", "Doe", "07700", "9997773454", "Acacia"):
        assert personal not in logged


def test_leaky_server_shielded_data_is_dropped_even_without_withheld_list(
        caplog: pytest.LogCaptureFixture) -> None:
    leaky = {**copy.deepcopy(RECORD), "shielded": True, "withheld": []}
    with caplog.at_level(logging.WARNING, logger="cpdesk.integrity"):
        record = wire.parse_record(leaky, role=RoleKind.PRACTITIONER)
    for key in WITHHOLDABLE_SECTIONS:
        assert key in record.integrity_faults
    assert "name.former_names" in record.integrity_faults
    assert record.addresses is None and record.parents_carers is None
    assert record.education is None and record.gp_practice is None
    assert record.involvements is None and record.sensitive_services is None
    assert record.caf_exists is None and record.name.former_names is None
    assert not record.education_sent and not record.gp_practice_sent
    assert "Jane Smith" not in repr(record) and "John Doe" not in repr(record)
    assert caplog.records and "John" not in caplog.text and "Smith" not in caplog.text


def test_manager_sees_shielded_data_only_under_override() -> None:
    leaky = {**copy.deepcopy(RECORD), "shielded": True}
    plain = wire.parse_record(leaky, role=RoleKind.MANAGER)
    assert plain.parents_carers is None and plain.integrity_faults
    override = wire.parse_record(leaky, role=RoleKind.MANAGER, overridden=True)
    assert override.overridden and override.integrity_faults == ()
    assert override.parents_carers is not None
    assert override.name.former_names == ("Jane Smith",)


def test_sensitive_details_kept_for_managers_dropped_for_practitioners() -> None:
    body = copy.deepcopy(RECORD)
    body["sensitive_services"] = {"involved": True, "details": [
        {"service": "mental health", "practitioner": "Ann Lee",
         "organisation": "CAMHS Bolton", "phone": "01632 960222"}]}
    manager = wire.parse_record(body, role=RoleKind.MANAGER)
    assert manager.sensitive_services is not None
    assert manager.sensitive_services.details is not None
    assert manager.sensitive_services.details[0].service == "mental health"
    for role in (RoleKind.PRACTITIONER, RoleKind.TRAINER, None):
        record = wire.parse_record(body, role=role)
        assert record.sensitive_services is not None
        assert record.sensitive_services.involved and record.sensitive_services.details is None
        assert record.integrity_faults == ("sensitive_services.details",)
        assert "mental health" not in repr(record)


def test_search_result_parses_and_shielded_locality_is_dropped() -> None:
    shielded = {**SUMMARY, "directory_id": "9434765919", "shielded": True,
                "match": "close", "score": 0.82}
    result = wire.parse_search({"too_many": False, "count": 2, "results": [SUMMARY, shielded]})
    assert result.count == 2 and len(result.results) == 2
    assert result.results[0].locality is not None
    assert result.results[0].locality.town == "Bolton"
    assert result.results[1].locality is None
    assert result.results[1].match is MatchKind.CLOSE and result.results[1].score == 0.82


def test_too_many_search() -> None:
    result = wire.parse_search({"too_many": True, "count": None, "results": []})
    assert result.too_many and result.count is None and result.results == ()


@pytest.mark.parametrize("body", [
    {"too_many": False, "count": 1, "results": [{**SUMMARY, "score": 1.5}]},
    {"too_many": False, "count": 1, "results": [{**SUMMARY, "score": True}]},
    {"too_many": False, "count": 1, "results": [{**SUMMARY, "dob": None}]},
    {"too_many": False, "count": "1", "results": [SUMMARY]},
    {"too_many": True, "count": None, "results": [SUMMARY]},
    {"too_many": False, "count": 51, "results": [SUMMARY] * 51},
    {"count": 1, "results": [SUMMARY]},
])
def test_malformed_search_is_refused(body: Any) -> None:
    with pytest.raises(MalformedResponse):
        wire.parse_search(body)


SESSION: dict[str, Any] = {
    "session_token": "tok-secret", "expires_at": "2026-11-21T15:00:00Z", "idle_timeout_s": 900,
    "user": {"username": "nurse.demo", "display_name": "Nia Nurse", "job_title": "Nurse",
             "organisation": "Royal Bolton Hospital", "phone": "01632 960001",
             "email": "nia@example.org"},
    "roles": [{"role_id": "r1", "role": "practitioner", "organisation": "Royal Bolton Hospital",
               "local_authority": "Bolton"}],
    "active_role": "r1", "certificate_expires": "2027-01-31",
}


def test_session_parses_and_hides_token_in_repr() -> None:
    session = wire.parse_session(SESSION)
    assert session.role is not None and session.role.role is RoleKind.PRACTITIONER
    assert session.certificate_expires == date(2027, 1, 31)
    assert "tok-secret" not in repr(session)


@pytest.mark.parametrize("change", [
    {"active_role": "r9"}, {"idle_timeout_s": "900"}, {"roles": [{"role_id": "r1"}]},
    {"session_token": None}, {"expires_at": "2026-11-21T15:00:00"},
])
def test_malformed_session_is_refused(change: dict[str, Any]) -> None:
    with pytest.raises(MalformedResponse):
        wire.parse_session({**SESSION, **change})


def test_activity_queue_and_reference() -> None:
    items = wire.parse_activity({"items": [
        {"at": "2026-11-21T09:00:00Z", "action": "view", "directory_id": "9997773454",
         "reason_code": "safeguarding"},
        {"at": "2026-11-21T08:59:00Z", "action": "search", "directory_id": None,
         "reason_code": None}]})
    assert [i.action for i in items] == ["view", "search"]
    queue = wire.parse_queue({"items": [
        {"reference": "SCR-000045", "kind": "contact-request", "directory_id": "9997773454",
         "raised_by": "nurse.demo", "raised_at": "2026-11-21T09:01:00Z",
         "text": "Please arrange contact.", "status": "open"}]})
    assert queue[0].reference == "SCR-000045"
    assert wire.parse_reference({"reference": "INA-000123"}) == "INA-000123"
    with pytest.raises(MalformedResponse):
        wire.parse_reference({"reference": 123})
