"""Disclosure policy: the ONLY code that turns a record field into display text.

Architecture rule 4. Widgets never format record fields themselves; they lay out what
this module returns, verbatim.

API for the UI:

- ``DisplayContext(role, today)`` — who is looking (active role kind) and today's date
  (ages are computed against it).
- ``summary_cells(summary, ctx) -> SummaryDisplay`` — one results-table row: ``name``,
  ``born``, ``gender``, ``locality`` ("Withheld" for shielded children), ``badges``
  (``("Shielded",)`` or ``()``), ``match`` ("Exact" / "Close match 0.82"), ``directory_id``
  (formatted) and sort keys (``sort_name``, ``sort_dob``, ``score``). Sensitive services are
  never indicated in results.
- ``record_display(record, ctx) -> RecordDisplay`` — the record view:
  ``banner`` (name, born, gender, directory ID, local authority, badges) and an ordered
  tuple of ``sections``. Each ``Section`` has a ``key`` (``SectionKey``), a ``title``, an
  optional ``notice`` (plain text shown instead of / before entries), ``entries`` and
  ``empty_text`` ("Not known" when the section has nothing). Each ``Entry`` (one address,
  one parent, one involvement…) has a ``heading``, ``rows``, ``badges`` ("Lead
  professional", "Holds CAF", "Current") and ``greyed`` with ``status`` ("Ended
  03-Feb-2026"). Each ``Row`` has ``label``, ``text``, and ``copy_kind`` /
  ``copy_value`` (set only when the value may be copied).
  ``RecordDisplay.shielded_notice`` is set for a shielded record outside an override (the
  only section then is ``SectionKey.SHIELDED`` carrying the same notice);
  ``sensitive_notice`` and ``offer_request_contact`` are set for practitioners when
  sensitive services are involved; ``override_notice`` is set when a manager is viewing
  under a shield override; ``can_override`` says whether to offer the override action.
- ``can_copy(kind, value, protected=False)`` — the clipboard whitelist: phone numbers,
  email addresses, directory IDs and organisation names; never anything shielded or
  sensitive (``protected=True``). ``Row.copy_kind`` is only set where this allows it.

Defensive double check: even if handed a record that contains data the integrity rules
forbid (a shielded child's sections outside an override, sensitive-service details for a
practitioner, former names of a shielded child), nothing of it is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cpdesk.domain import RoleKind


@dataclass(frozen=True, slots=True)
class DisplayContext:
    """Who is looking, and when (ages are computed against ``today``)."""

    role: RoleKind
    today: date


class CopyKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    DIRECTORY_ID = "directory_id"
    ORGANISATION = "organisation"


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
