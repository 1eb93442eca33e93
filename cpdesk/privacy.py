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
  ``copy_value`` (set only when the value may be copied). An involvement's entry carries
  its ``involvement_id`` (for "End my involvement"). ``empty_text`` is "Not known" (not
  sent), "None recorded" (sent, empty) or "Withheld" (withheld for this role).
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

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from cpdesk.domain import (
    ActivityItem,
    ChildRecord,
    ChildSummary,
    LocalAuthority,
    MatchKind,
    QueueItem,
    ReviewEntry,
    RoleKind,
    SensitiveServices,
)
from cpdesk.formatting import (
    ACTION_LABELS,
    NOT_KNOWN,
    QUEUE_KIND_LABELS,
    REASON_LABELS,
    format_code,
    format_date,
    format_datetime,
    format_directory_id,
    format_dob,
    format_gender,
    format_name,
    format_postcode,
    format_yes_no,
    text_or_not_known,
)
from cpdesk.validation import is_valid_directory_id

ENDED_VISIBLE_DAYS = 365  # ended involvements stay visible, greyed, this long


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
    REFERENCE = "reference"  # INA-/SCR- reference of a report or request: no personal data


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


# -- clipboard whitelist ------------------------------------------------------------------

_PHONE = re.compile(r"\+?[0-9 ()-]{7,24}")
_EMAIL = re.compile(r"[^@\s]{1,64}@[A-Za-z0-9.-]{1,190}\.[A-Za-z]{2,24}")
_REFERENCE = re.compile(r"[A-Z]{2,5}-[0-9]{1,12}")


def can_copy(kind: CopyKind | None, value: str | None, protected: bool = False) -> bool:
    """Only phone numbers, emails, directory IDs and organisation names; nothing protected
    (shielded or sensitive), and the value must look like what its kind says."""
    if kind is None or protected or not value or value != value.strip():
        return False
    if kind is CopyKind.PHONE:
        return bool(_PHONE.fullmatch(value)) and sum(c.isdigit() for c in value) >= 7
    if kind is CopyKind.EMAIL:
        return bool(_EMAIL.fullmatch(value))
    if kind is CopyKind.DIRECTORY_ID:
        return is_valid_directory_id(value)
    if kind is CopyKind.ORGANISATION:
        return len(value) <= 200 and value.isprintable()
    if kind is CopyKind.REFERENCE:
        return bool(_REFERENCE.fullmatch(value))
    return False  # pragma: no cover - every kind is handled above


def _row(label: str, value: str | None, kind: CopyKind | None = None,
         protected: bool = False, text: str | None = None) -> Row:
    shown = text if text is not None else text_or_not_known(value)
    copy_value = " ".join(value.split()) if value else None
    if kind is not None and can_copy(kind, copy_value, protected):
        return Row(label, shown, kind, copy_value)
    return Row(label, shown)


# -- results ------------------------------------------------------------------------------


def summary_cells(summary: ChildSummary, ctx: DisplayContext) -> SummaryDisplay:
    """One results row. A shielded child's locality is never shown, even if sent."""
    if summary.shielded or summary.locality is None:
        locality = WITHHELD if summary.shielded else NOT_KNOWN
    else:
        town = text_or_not_known(summary.locality.town)
        authority = text_or_not_known(summary.locality.local_authority)
        locality = town if town == authority else f"{town}, {authority}"
    match = ("Exact" if summary.match is MatchKind.EXACT
             else f"Close match {summary.score:.2f}")
    return SummaryDisplay(
        directory_id=format_directory_id(summary.directory_id),
        name=format_name(summary.family_name, summary.given_names, summary.known_as),
        born=format_dob(summary.dob, ctx.today),
        gender=format_gender(summary.gender),
        locality=locality,
        badges=(SHIELDED_BADGE,) if summary.shielded else (),
        match=match,
        shielded=summary.shielded,
        sort_name=f"{summary.family_name.casefold()} {summary.given_names.casefold()}",
        sort_dob=summary.dob,
        score=summary.score,
    )


# -- record -------------------------------------------------------------------------------


def record_display(record: ChildRecord, ctx: DisplayContext) -> RecordDisplay:
    """The record as ``ctx.role`` may see it (see the module docstring)."""
    manager = ctx.role is RoleKind.MANAGER
    override = record.shielded and record.overridden and manager
    shielded_view = record.shielded and not override
    badges = (SHIELDED_BADGE,) if record.shielded else ()
    former = None
    if not shielded_view and record.name.former_names:
        former = "Formerly " + "; ".join(" ".join(n.split()) for n in record.name.former_names)
    banner = Banner(
        name=format_name(record.name.family_name, record.name.given_names,
                         record.name.known_as),
        born=format_dob(record.dob, ctx.today),
        gender=format_gender(record.gender),
        directory_id=format_directory_id(record.directory_id),
        directory_id_copy=record.directory_id,
        local_authority=(WITHHELD if shielded_view or record.local_authority is None
                         else text_or_not_known(record.local_authority.name)),
        badges=badges,
        former_names=former,
    )
    if shielded_view:
        # Only the banner: every other section, parents' names included, stays hidden.
        notice = shielded_notice(record.contact_team)
        if manager and record.shield_reason in SHIELD_REASONS:
            notice += " " + SHIELD_REASONS[record.shield_reason or ""]
        return RecordDisplay(
            banner=banner,
            sections=(Section(SectionKey.SHIELDED, "Shielded record", notice=notice),),
            shielded_notice=notice,
            can_override=manager,
        )
    blocked = set(record.withheld) | set(record.integrity_faults)
    protected = override  # shielded details under override are never copyable
    sensitive, sensitive_notice = _sensitive(record, manager, blocked)
    sections = (
        _addresses(record, blocked),
        _parents(record, blocked, protected),
        _education(record, blocked, protected),
        _gp(record, blocked, protected),
        _involvements(record, ctx, blocked, protected),
        _caf(record, blocked),
        sensitive,
    )
    return RecordDisplay(
        banner=banner,
        sections=sections,
        sensitive_notice=sensitive_notice,
        offer_request_contact=sensitive_notice is not None,
        override_notice=OVERRIDE_NOTICE if override else None,
    )


def _empty(key: SectionKey, title: str, blocked: set[str], value: object) -> Section | None:
    if key.value in blocked:
        return Section(key, title, empty_text=WITHHELD)
    if value is None:
        return Section(key, title, empty_text=NOT_KNOWN)
    if isinstance(value, tuple) and not value:
        return Section(key, title, empty_text=NONE_RECORDED)
    return None


def _addresses(record: ChildRecord, blocked: set[str]) -> Section:
    key, title = SectionKey.ADDRESSES, "Addresses"
    if (empty := _empty(key, title, blocked, record.addresses)) or record.addresses is None:
        return empty or Section(key, title, empty_text=NOT_KNOWN)
    ordered = sorted(record.addresses,
                     key=lambda a: (not a.current, -(a.from_date or date.min).toordinal()))
    entries = []
    for address in ordered:
        lines = [" ".join(line.split()) for line in address.lines if line.strip()]
        rows = [_row("Address", ", ".join(lines) or None),
                _row("Town", address.town),
                _row("Postcode", address.postcode, text=format_postcode(address.postcode)),
                _row("From", None, text=format_date(address.from_date))]
        if not address.current:
            rows.append(_row("To", None, text=format_date(address.to_date)))
        entries.append(Entry(
            heading="Current address" if address.current else "Previous address",
            rows=tuple(rows), badges=("Current",) if address.current else ()))
    return Section(key, title, tuple(entries))


def _parents(record: ChildRecord, blocked: set[str], protected: bool) -> Section:
    key, title = SectionKey.PARENTS_CARERS, "Parents and carers"
    if (empty := _empty(key, title, blocked, record.parents_carers)) \
            or record.parents_carers is None:
        return empty or Section(key, title, empty_text=NOT_KNOWN)
    entries = []
    for person in record.parents_carers:
        rows = [_row("Relationship", (person.relationship or "").capitalize() or None),
                _row("Parental responsibility", None,
                     text=format_yes_no(person.parental_responsibility)),
                _row("Phone", person.phone, CopyKind.PHONE, protected),
                _row("Email", person.email, CopyKind.EMAIL, protected)]
        if person.address:
            rows.append(_row("Address", person.address))
        entries.append(Entry(heading=text_or_not_known(person.name), rows=tuple(rows)))
    return Section(key, title, tuple(entries))


def _education(record: ChildRecord, blocked: set[str], protected: bool) -> Section:
    key, title = SectionKey.EDUCATION, "Education"
    if (empty := _empty(key, title, blocked, record.education)) or record.education is None:
        return empty or Section(key, title, empty_text=NOT_KNOWN)
    school = record.education
    rows = (_row("Name", school.name, CopyKind.ORGANISATION, protected),
            _row("Type", (school.type or "").capitalize() or None),
            _row("Phone", school.phone, CopyKind.PHONE, protected),
            _row("Address", school.address),
            _row("Since", None, text=format_date(school.since)))
    return Section(key, title, (Entry(heading=text_or_not_known(school.name), rows=rows),))


def _gp(record: ChildRecord, blocked: set[str], protected: bool) -> Section:
    key, title = SectionKey.GP_PRACTICE, "GP practice"
    if (empty := _empty(key, title, blocked, record.gp_practice)) or record.gp_practice is None:
        return empty or Section(key, title, empty_text=NOT_KNOWN)
    gp = record.gp_practice
    rows = (_row("Name", gp.name, CopyKind.ORGANISATION, protected),
            _row("Phone", gp.phone, CopyKind.PHONE, protected),
            _row("Address", gp.address))
    return Section(key, title, (Entry(heading=text_or_not_known(gp.name), rows=rows),))


def _involvements(record: ChildRecord, ctx: DisplayContext, blocked: set[str],
                  protected: bool) -> Section:
    key, title = SectionKey.INVOLVEMENTS, "Services and practitioners involved"
    if (empty := _empty(key, title, blocked, record.involvements)) \
            or record.involvements is None:
        return empty or Section(key, title, empty_text=NOT_KNOWN)
    oldest = ctx.today - timedelta(days=ENDED_VISIBLE_DAYS)
    visible = [i for i in record.involvements if (i.ended is None or i.ended >= oldest)
               and not is_sensitive_service(i.service)]
    visible.sort(key=lambda i: (i.ended is not None, not i.lead_professional,
                                -(i.ended or i.since or date.min).toordinal()))
    entries = []
    for inv in visible:
        rows = [_row("Job title", inv.job_title),
                _row("Organisation", inv.organisation, CopyKind.ORGANISATION, protected),
                _row("Service", (inv.service or "").capitalize() or None),
                _row("Phone", inv.phone, CopyKind.PHONE, protected),
                _row("Email", inv.email, CopyKind.EMAIL, protected),
                _row("Since", None, text=format_date(inv.since))]
        badges = (("Lead professional",) if inv.lead_professional else ()) \
            + (("Holds CAF",) if inv.caf_holder else ())
        ended = inv.ended is not None and inv.ended <= ctx.today
        entries.append(Entry(
            heading=text_or_not_known(inv.practitioner), rows=tuple(rows), badges=badges,
            greyed=ended, involvement_id=inv.involvement_id,
            status=(None if inv.ended is None
                    else f"{'Ended' if ended else 'Ends'} {format_date(inv.ended)}")))
    if not entries:
        return Section(key, title, empty_text=NONE_RECORDED)
    return Section(key, title, tuple(entries))


def _caf(record: ChildRecord, blocked: set[str]) -> Section:
    key, title = SectionKey.CAF, "Common Assessment Framework"
    if key.value in blocked:
        return Section(key, title, empty_text=WITHHELD)
    text = {True: "A CAF assessment exists", False: "No CAF assessment recorded"}.get(
        record.caf_exists) if record.caf_exists is not None else NOT_KNOWN
    return Section(key, title, (Entry(heading="CAF assessment",
                                      rows=(_row("Status", None, text=text),)),))


# Services the client never lists as an ordinary involvement, whatever a server sends (the
# server's vocabulary marks the same ones sensitive; this holds even if it does not).
SENSITIVE_SERVICE_WORDS = ("sexual health", "mental health", "camhs", "substance", "drug",
                           "alcohol", "contracep", "termination", "pregnan", "gum clinic",
                           "genitourinary")


def is_sensitive_service(service: str | None) -> bool:
    folded = " ".join((service or "").casefold().split())
    return any(word in folded for word in SENSITIVE_SERVICE_WORDS)


def _sensitive(record: ChildRecord, manager: bool,
               blocked: set[str]) -> tuple[Section, str | None]:
    key, title = SectionKey.SENSITIVE_SERVICES, "Sensitive services"
    services = record.sensitive_services
    if key.value in blocked:
        return Section(key, title, empty_text=WITHHELD), None
    leaked = any(is_sensitive_service(i.service) for i in record.involvements or ())
    if leaked and (services is None or not services.involved):
        services = replace(services or SensitiveServices(True, None), involved=True,
                           details=None)
    if services is None:
        return Section(key, title, empty_text=NOT_KNOWN), None
    if not services.involved:
        return Section(key, title, empty_text=NONE_RECORDED), None
    if not manager or services.details is None:
        # Practitioners: only that one or more are involved; never a name, type or number.
        return Section(key, title, notice=SENSITIVE_NOTICE), (None if manager
                                                              else SENSITIVE_NOTICE)
    entries = tuple(
        Entry(heading=text_or_not_known(detail.service).capitalize(), rows=(
            _row("Practitioner", detail.practitioner),
            _row("Organisation", detail.organisation),
            _row("Phone", detail.phone)))  # sensitive: never copyable
        for detail in services.details)
    return Section(key, title, entries, notice=MANAGER_SENSITIVE_NOTICE), None


# -- the user's own activity and the manager's queue (lists without child names) ----------


REVIEW_REASONS = {"volume": "Many record views", "out_of_area": "Views outside their area",
                  "refused": "Stopped by the view limit"}


def review_cells(entry: ReviewEntry) -> tuple[str, ...]:
    """Who, how many views, how many outside their area, why they stand out (no children)."""
    why = "; ".join(REVIEW_REASONS.get(r, r) for r in entry.stands_out_for) or "—"
    return (f"{' '.join(entry.display_name.split())} ({entry.username})", str(entry.views),
            str(entry.out_of_area_views), str(entry.refused), why)


def activity_cells(item: ActivityItem) -> tuple[str, ...]:
    """Time, action, directory ID, reason, reference: what My activity shows for one entry."""
    return (format_datetime(item.at),
            format_code(item.action, ACTION_LABELS),
            format_directory_id(item.directory_id) if item.directory_id else "—",
            format_code(item.reason_code, REASON_LABELS) if item.reason_code else "—",
            item.reference or "—")


def queue_cells(item: QueueItem) -> tuple[str, ...]:
    """Reference, kind, directory ID, raised by, raised, status: one queue row."""
    return (item.reference, format_code(item.kind, QUEUE_KIND_LABELS),
            format_directory_id(item.directory_id), item.raised_by,
            format_datetime(item.raised_at), item.status.capitalize())


def queue_status(item: QueueItem) -> str:
    """"Open", or "Resolved by <who>, <when>: <note>"."""
    status = item.status.capitalize()
    if item.status == "resolved":
        status += " by {who}, {when}: {note}".format(
            who=item.resolved_by or NOT_KNOWN, when=format_datetime(item.resolved_at),
            note=item.note or "")
    return status
