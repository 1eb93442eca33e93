"""The display objects ``privacy`` hands to widgets (every field already text) and its fixed
texts. Widgets lay these out verbatim; only ``privacy`` builds them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from cpdesk.domain import RoleKind
from cpdesk.formatting import text_or_not_known
from cpdesk.privacy.copying import CopyKind

if TYPE_CHECKING:
    from cpdesk.domain import LocalAuthority
    from cpdesk.privacy.contacts import CallLine

ENDED_VISIBLE_DAYS = 365  # ended involvements stay visible, greyed, this long


@dataclass(frozen=True, slots=True)
class DisplayContext:
    """Who is looking, and when (ages are computed against ``today``)."""

    role: RoleKind
    today: date
    authority: str | None = None  # the active role's local authority (a manager's area)



class SectionKey(StrEnum):
    SHIELDED = "shielded"
    ADDRESSES = "addresses"
    PARENTS_CARERS = "parents_carers"
    EDUCATION = "education"
    GP_PRACTICE = "gp_practice"
    INVOLVEMENTS = "involvements"
    CAF = "caf"
    SENSITIVE_SERVICES = "sensitive_services"


@dataclass(frozen=True, slots=True)
class SummaryDisplay:
    """One results-table row, every cell already display text."""

    directory_id: str
    raw_directory_id: str  # the ten digits, for opening the record (not display text)
    name: str
    born: str
    gender: str
    locality: str
    badges: tuple[str, ...]
    match: str
    shielded: bool
    sort_name: str
    sort_dob: date
    score: float


@dataclass(frozen=True, slots=True)
class Row:
    """A label and its display text; ``copy_value`` is what goes on the clipboard."""

    label: str
    text: str
    copy_kind: CopyKind | None = None
    copy_value: str | None = None
    not_known: bool = False  # the text says the value is not known (styled as such)
    one_line: bool = False  # never split across lines: a phone number, a postcode, a date


@dataclass(frozen=True, slots=True)
class Entry:
    """One address, parent/carer, setting, practice or involvement."""

    heading: str
    rows: tuple[Row, ...]
    badges: tuple[str, ...] = ()
    greyed: bool = False
    status: str | None = None
    involvement_id: str | None = None  # for "End my involvement"; not display text


@dataclass(frozen=True, slots=True)
class Section:
    key: SectionKey
    title: str
    entries: tuple[Entry, ...] = ()
    notice: str | None = None
    empty_text: str | None = None


@dataclass(frozen=True, slots=True)
class Banner:
    name: str
    born: str
    gender: str
    directory_id: str
    directory_id_copy: str  # the ten digits, for the clipboard
    local_authority: str
    badges: tuple[str, ...]
    former_names: str | None = None


@dataclass(frozen=True, slots=True)
class RecordDisplay:
    banner: Banner
    sections: tuple[Section, ...]
    shielded_notice: str | None = None
    sensitive_notice: str | None = None
    offer_request_contact: bool = False
    override_notice: str | None = None
    can_override: bool = False
    endable: frozenset[str] = frozenset()  # involvement ids the viewer may end
    who_to_call: tuple[CallLine, ...] = ()  # issue 16: the summary at the top, lead first
    out_of_hours: str | None = None  # issue 16: office closed now: the duty team's number
    alerts_note: str | None = None  # issue 16: urgent-care attendances notified, 12 months


# -- texts --------------------------------------------------------------------------------

WITHHELD = "Withheld"
NONE_RECORDED = "None recorded"
SHIELDED_BADGE = "Shielded"
SENSITIVE_NOTICE = ("One or more sensitive services are involved with this child. Contact can "
                    "only be arranged through your ContactPoint team.")
OVERRIDE_NOTICE = ("Shield override: you are seeing details hidden to protect this child. This "
                   "access is recorded and will be investigated. The details are hidden again "
                   "when you leave this record.")
MANAGER_SENSITIVE_NOTICE = "Sensitive-service details. This view is recorded with your reason."


def shielded_notice(team: LocalAuthority | None) -> str:
    """Routes the practitioner to their own area's ContactPoint team (never the child's)."""
    if team is None or not team.name:
        return ("This record is shielded. If you need to contact the people working with this "
                "child, call your own ContactPoint team.")
    return (f"This record is shielded. If you need to contact the people working with this "
            f"child, call your ContactPoint team at {text_or_not_known(team.name)} on "
            f"{text_or_not_known(team.team_phone)}.")


SHIELD_REASONS = {"own": "Shielded in its own right.",
                  "household": "Shielded with a household member."}
