"""privacy.py: what each role sees of a record and a result row, and what may be copied."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from cpdesk.api import wire
from cpdesk.domain import (
    Address,
    ChildRecord,
    ChildSummary,
    Gender,
    LocalAuthority,
    Locality,
    MatchKind,
    RoleKind,
    SensitiveServiceDetail,
    SensitiveServices,
)
from cpdesk.privacy import (
    OVERRIDE_NOTICE,
    SENSITIVE_NOTICE,
    CopyKind,
    DisplayContext,
    RecordDisplay,
    SectionKey,
    can_copy,
    record_display,
    summary_cells,
)
from tests.unit.test_wire import RECORD

TODAY = date(2026, 11, 21)
PRACTITIONER = DisplayContext(RoleKind.PRACTITIONER, TODAY)
MANAGER = DisplayContext(RoleKind.MANAGER, TODAY)
DETAILS = (SensitiveServiceDetail("mental health", "Ann Lee", "CAMHS Bolton", "01632 960222"),)


def full_record(**changes: Any) -> ChildRecord:
    """Every section present (as a manager's override would receive it), then changed."""
    body = copy.deepcopy(RECORD)
    record = wire.parse_record(body, role=RoleKind.MANAGER, overridden=True)
    record = replace(record, overridden=False,
                     sensitive_services=SensitiveServices(True, DETAILS))
    return replace(record, **changes)


def all_text(display: RecordDisplay) -> str:
    return repr(display)


def section(display: RecordDisplay, key: SectionKey) -> Any:
    return next(s for s in display.sections if s.key is key)


def test_practitioner_sees_every_section_in_order() -> None:
    display = record_display(full_record(), PRACTITIONER)
    assert display.banner.name == "DOE, Jane Ann (Jenny)"
    assert display.banner.born == "14-Jul-2011 (15y)"
    assert display.banner.gender == "Female"
    assert display.banner.directory_id == "999 777 3454"
    assert [s.key for s in display.sections] == [
        SectionKey.ADDRESSES, SectionKey.PARENTS_CARERS, SectionKey.EDUCATION,
        SectionKey.GP_PRACTICE, SectionKey.INVOLVEMENTS, SectionKey.CAF,
        SectionKey.SENSITIVE_SERVICES]
    parent = section(display, SectionKey.PARENTS_CARERS).entries[0]
    assert parent.heading == "John Doe"
    rows = {r.label: r for r in parent.rows}
    assert rows["Phone"].copy_kind is CopyKind.PHONE and rows["Phone"].text == "07700 900123"
    assert rows["Email"].copy_kind is CopyKind.EMAIL
    assert rows["Relationship"].copy_kind is None
    social = section(display, SectionKey.INVOLVEMENTS).entries[0]
    assert social.badges == ("Lead professional",) and not social.greyed
    assert {r.label: r.copy_kind for r in social.rows}["Organisation"] is CopyKind.ORGANISATION
    assert display.override_notice is None and display.shielded_notice is None
    assert not display.can_override


def test_sensitive_services_practitioner_sees_only_the_notice() -> None:
    display = record_display(full_record(), PRACTITIONER)
    assert display.sensitive_notice == SENSITIVE_NOTICE
    assert display.offer_request_contact
    sensitive = section(display, SectionKey.SENSITIVE_SERVICES)
    assert sensitive.entries == () and sensitive.notice == SENSITIVE_NOTICE
    text = all_text(display)
    for hidden in ("mental health", "Ann Lee", "CAMHS", "01632 960222"):
        assert hidden not in text


def test_manager_sees_sensitive_details_but_cannot_copy_them() -> None:
    display = record_display(full_record(), MANAGER)
    assert display.sensitive_notice is None and not display.offer_request_contact
    entry = section(display, SectionKey.SENSITIVE_SERVICES).entries[0]
    assert entry.heading == "Mental health"
    assert [r.text for r in entry.rows] == ["Ann Lee", "CAMHS Bolton", "01632 960222"]
    assert all(r.copy_kind is None for r in entry.rows)


def test_no_sensitive_services() -> None:
    display = record_display(full_record(sensitive_services=SensitiveServices(False)),
                             PRACTITIONER)
    assert display.sensitive_notice is None and not display.offer_request_contact
    assert section(display, SectionKey.SENSITIVE_SERVICES).empty_text == "None recorded"


@pytest.mark.parametrize("ctx", [PRACTITIONER, MANAGER])
def test_shielded_shows_banner_and_notice_only_even_if_data_is_present(
        ctx: DisplayContext) -> None:
    # A faulty server's data reached privacy, the holding authority (Bolton) included; the
    # notice routes to the viewer's own team (Salford) and no location is shown.
    record = full_record(shielded=True,
                         contact_team=LocalAuthority("Salford", "01632 960777"))
    display = record_display(record, ctx)
    notice = ("This record is shielded. If you need to contact the people working with this "
              "child, call your ContactPoint team at Salford on 01632 960777.")
    assert display.shielded_notice == notice
    assert display.banner.local_authority == "Withheld"
    assert [(s.key, s.notice) for s in display.sections] == [(SectionKey.SHIELDED, notice)]
    assert display.banner.badges == ("Shielded",)
    assert display.banner.former_names is None
    assert display.sensitive_notice is None and not display.offer_request_contact
    text = all_text(display)
    for hidden in ("John Doe", "Acacia", "BL1", "Moorside", "Deane", "Paul Ward", "Jane Smith",
                   "07700", "mental health", "Bolton"):
        assert hidden not in text
    assert display.can_override is (ctx is MANAGER)


def test_a_manager_is_told_why_a_record_is_shielded_but_not_by_whom() -> None:
    record = full_record(shielded=True, shield_reason="household",
                         contact_team=LocalAuthority("Bolton", "01632 960123"))
    assert record_display(record, MANAGER).shielded_notice.endswith(
        "Shielded with a household member.")
    assert "household" not in (record_display(record, PRACTITIONER).shielded_notice or "")


def test_override_shows_details_with_warning_and_nothing_copyable() -> None:
    record = full_record(shielded=True, overridden=True)
    display = record_display(record, MANAGER)
    assert display.override_notice == OVERRIDE_NOTICE
    assert display.shielded_notice is None and not display.can_override
    assert display.banner.former_names == "Formerly Jane Smith"
    assert section(display, SectionKey.PARENTS_CARERS).entries[0].heading == "John Doe"
    assert all(r.copy_kind is None for s in display.sections for e in s.entries
               for r in e.rows)


def test_override_flag_on_a_practitioner_view_is_ignored() -> None:
    display = record_display(full_record(shielded=True, overridden=True), PRACTITIONER)
    assert display.shielded_notice is not None and "John Doe" not in all_text(display)


def test_ended_involvement_greyed_and_old_ones_hidden() -> None:
    base = full_record().involvements
    assert base is not None
    ended = replace(base[0], involvement_id="inv-2", practitioner="Sue Hill",
                    lead_professional=False, ended=date(2026, 2, 3))
    ancient = replace(base[0], involvement_id="inv-3", practitioner="Old Timer",
                      ended=date(2025, 11, 20))
    display = record_display(full_record(involvements=(ended, base[0], ancient)), PRACTITIONER)
    entries = section(display, SectionKey.INVOLVEMENTS).entries
    assert [e.heading for e in entries] == ["Paul Ward", "Sue Hill"]
    assert entries[1].greyed and entries[1].status == "Ended 03-Feb-2026"
    assert not entries[0].greyed and entries[0].status is None
    assert entries[1].involvement_id == "inv-2"


def test_multiple_current_addresses_and_not_known_values() -> None:
    addresses = (
        Address(("1 Mill Lane",), "Bolton", "bl2 1aa", date(2020, 1, 1), None, True),
        Address(("2 Park Road",), None, None, None, None, True),
        Address(("3 Old Road",), "Wigan", "WN1 1AA", date(2015, 1, 1), date(2019, 12, 31),
                False),
    )
    display = record_display(full_record(addresses=addresses), PRACTITIONER)
    entries = section(display, SectionKey.ADDRESSES).entries
    assert [e.heading for e in entries] == ["Current address", "Current address",
                                            "Previous address"]
    first = {r.label: r.text for r in entries[0].rows}
    assert first["Postcode"] == "BL2 1AA" and first["From"] == "01-Jan-2020"
    second = {r.label: r.text for r in entries[1].rows}
    assert second["Town"] == "Not known" and second["Postcode"] == "Not known"
    assert {r.label: r.text for r in entries[2].rows}["To"] == "31-Dec-2019"


def test_empty_and_absent_sections() -> None:
    record = full_record(parents_carers=(), education=None, gp_practice=None,
                         involvements=None, caf_exists=None, sensitive_services=None)
    display = record_display(record, PRACTITIONER)
    assert section(display, SectionKey.PARENTS_CARERS).empty_text == "None recorded"
    assert section(display, SectionKey.EDUCATION).empty_text == "Not known"
    assert section(display, SectionKey.INVOLVEMENTS).empty_text == "Not known"
    caf = section(display, SectionKey.CAF).entries[0].rows[0]
    assert caf.text == "Not known"
    for s in display.sections:
        for e in s.entries:
            for r in e.rows:
                assert r.text.strip() and r.text != "?"


def test_withheld_or_faulty_sections_are_never_rendered() -> None:
    record = full_record(withheld=("parents_carers",), integrity_faults=("education",))
    display = record_display(record, PRACTITIONER)
    assert section(display, SectionKey.PARENTS_CARERS).empty_text == "Withheld"
    assert section(display, SectionKey.EDUCATION).empty_text == "Withheld"
    assert "John Doe" not in all_text(display) and "Moorside" not in all_text(display)


def summary(**changes: Any) -> ChildSummary:
    base = ChildSummary("9997773454", "Doe", "Jane", "Jenny", date(2011, 7, 14), Gender.FEMALE,
                        Locality("Horwich", "Bolton"), False, MatchKind.EXACT, 1.0)
    return replace(base, **changes)


def test_summary_cells() -> None:
    cells = summary_cells(summary(), PRACTITIONER)
    assert (cells.name, cells.born, cells.gender, cells.locality, cells.match, cells.badges) == (
        "DOE, Jane (Jenny)", "14-Jul-2011 (15y)", "Female", "Horwich, Bolton", "Exact", ())
    close = summary_cells(summary(match=MatchKind.CLOSE, score=0.8234), PRACTITIONER)
    assert close.match == "Close match 0.82"


def test_shielded_summary_withholds_locality_even_if_sent() -> None:
    cells = summary_cells(summary(shielded=True), PRACTITIONER)
    assert cells.locality == "Withheld" and cells.badges == ("Shielded",)
    assert "Horwich" not in repr(cells)


@pytest.mark.parametrize(("kind", "value", "protected", "ok"), [
    (CopyKind.PHONE, "01632 960123", False, True),
    (CopyKind.PHONE, "01632 960123", True, False),
    (CopyKind.PHONE, "Jane Doe", False, False),
    (CopyKind.EMAIL, "john.doe@example.org", False, True),
    (CopyKind.EMAIL, "not an email", False, False),
    (CopyKind.DIRECTORY_ID, "9997773454", False, True),
    (CopyKind.DIRECTORY_ID, "4857773456", False, False),
    (CopyKind.ORGANISATION, "Moorside High School", False, True),
    (CopyKind.ORGANISATION, "", False, False),
    (None, "12 Acacia Road", False, False),
])
def test_copy_whitelist(kind: CopyKind | None, value: str, protected: bool, ok: bool) -> None:
    assert can_copy(kind, value, protected) is ok


def test_no_row_offers_copying_of_names_or_addresses() -> None:
    display = record_display(full_record(), PRACTITIONER)
    kinds = {(r.label, r.copy_kind) for s in display.sections for e in s.entries
             for r in e.rows if r.copy_kind is not None}
    assert {label for label, _ in kinds} <= {"Phone", "Email", "Organisation", "Name"}
    for s in display.sections:
        for e in s.entries:
            for r in e.rows:
                if r.label == "Name":
                    assert s.key in (SectionKey.EDUCATION, SectionKey.GP_PRACTICE)



def test_activity_and_queue_cells_use_the_directory_formats() -> None:
    from datetime import UTC, datetime

    from cpdesk.domain import ActivityItem, QueueItem
    from cpdesk.privacy import activity_cells, queue_cells, queue_status

    at = datetime(2026, 11, 21, 9, 5, tzinfo=UTC)
    activity = ActivityItem(at=at, action="view", directory_id="9997773454",
                            reason_code="unscheduled-care")
    cells = activity_cells(activity)
    assert cells[2] == "999 777 3454"
    assert "21-Nov-2026" in cells[0]
    assert cells[3] != "unscheduled-care"  # the reason's label, not its code
    item = QueueItem(reference="SCR-000045", kind="contact-request",
                     directory_id="9997773454", raised_by="Amira Shah", raised_at=at,
                     text="Please call", status="open")
    assert queue_cells(item)[2] == "999 777 3454"
    assert queue_status(item) == "Open"
