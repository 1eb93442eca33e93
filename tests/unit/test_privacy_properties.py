"""Hypothesis over (record × role × shielded × sensitive × override): privacy never renders
what the role may not see, whatever the record object holds."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cpdesk.domain import (
    Address,
    ChildName,
    ChildRecord,
    Education,
    Gender,
    GpPractice,
    Involvement,
    LocalAuthority,
    ParentCarer,
    RoleKind,
    SensitiveServiceDetail,
    SensitiveServices,
)
from cpdesk.privacy import CopyKind, DisplayContext, can_copy, record_display

HIDDEN = "ZZSHIELDED"  # planted in everything a shield hides
SENSITIVE = "ZZSENSITIVE"  # planted in sensitive-service details
PHONE = "01632 960999"


def record(shielded: bool, overridden: bool, involved: bool, ended_days: int) -> ChildRecord:
    today = date(2026, 11, 21)
    return ChildRecord(
        directory_id="9997773454",
        name=ChildName("Doe", "Jane", None, (f"{HIDDEN} former",)),
        dob=date(2011, 7, 14), gender=Gender.FEMALE,
        local_authority=LocalAuthority("Bolton", "01632 960123"),
        shielded=shielded, withheld=(),
        addresses=(Address((f"1 {HIDDEN} Road",), "Bolton", "BL1 4AA", None, None, True),),
        parents_carers=(ParentCarer(f"{HIDDEN} Parent", "mother", True, PHONE,
                                    "parent@example.org", None),),
        education=Education(f"{HIDDEN} School", "primary", PHONE, None, None),
        gp_practice=GpPractice(f"{HIDDEN} Surgery", PHONE, None),
        involvements=(Involvement("inv-1", f"{HIDDEN} Worker", "Nurse", "NHS", "health",
                                  PHONE, "w@example.org", None,
                                  date.fromordinal(today.toordinal() - ended_days)
                                  if ended_days >= 0 else None, False, True),),
        sensitive_services=SensitiveServices(involved, (
            SensitiveServiceDetail(f"{SENSITIVE} service", f"{SENSITIVE} person",
                                   f"{SENSITIVE} org", "01632 960998"),)),
        caf_exists=True, overridden=overridden,
    )


@settings(max_examples=300)
@given(role=st.sampled_from(list(RoleKind)), shielded=st.booleans(), overridden=st.booleans(),
       involved=st.booleans(), ended_days=st.integers(-1, 800),
       withheld=st.lists(st.sampled_from(["addresses", "parents_carers", "education",
                                          "gp_practice", "involvements"]), unique=True))
def test_privacy_never_renders_what_the_role_may_not_see(
        role: RoleKind, shielded: bool, overridden: bool, involved: bool, ended_days: int,
        withheld: list[str]) -> None:
    rec = replace(record(shielded, overridden, involved, ended_days), withheld=tuple(withheld))
    display = record_display(rec, DisplayContext(role, date(2026, 11, 21)))
    text = repr(display)
    override = shielded and overridden and role is RoleKind.MANAGER
    if shielded and not override:
        assert HIDDEN not in text
        assert SENSITIVE not in text
        assert display.shielded_notice is not None and len(display.sections) == 1
    if role is not RoleKind.MANAGER:
        assert SENSITIVE not in text
        assert (display.offer_request_contact
                == (involved and not (shielded and not override)))
    for key, marker in (("addresses", f"1 {HIDDEN} Road"), ("parents_carers", "Parent"),
                        ("education", "School"), ("gp_practice", "Surgery")):
        if key in withheld:
            assert f"{HIDDEN} {marker}" not in text if key != "addresses" else marker not in text
    if ended_days > 365:
        assert "Worker" not in text
    for section in display.sections:
        for entry in section.entries:
            for row in entry.rows:
                if row.copy_kind is not None:
                    # nothing of a shielded child is copyable, override or not
                    assert not shielded and can_copy(row.copy_kind, row.copy_value)
                    assert SENSITIVE not in (row.copy_value or "")
                    assert row.copy_kind in set(CopyKind)
