"""The record view's display: banner and sections as the viewer's role may see them, and
what that viewer may do on it (override a shield, end an involvement)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from cpdesk.domain import ChildRecord, RoleKind, SensitiveServices
from cpdesk.formatting import (
    NOT_KNOWN,
    format_date,
    format_directory_id,
    format_dob,
    format_gender,
    format_name,
    format_postcode,
    format_yes_no,
    text_or_not_known,
)
from cpdesk.privacy.contacts import alerts_note, out_of_hours, phone_row, who_to_call
from cpdesk.privacy.copying import CopyKind, can_copy
from cpdesk.privacy.display import (
    ENDED_VISIBLE_DAYS,
    MANAGER_SENSITIVE_NOTICE,
    NONE_RECORDED,
    OVERRIDE_NOTICE,
    SENSITIVE_NOTICE,
    SHIELD_REASONS,
    SHIELDED_BADGE,
    WITHHELD,
    Banner,
    DisplayContext,
    Entry,
    RecordDisplay,
    Row,
    Section,
    SectionKey,
    shielded_notice,
)


def _row(label: str, value: str | None, kind: CopyKind | None = None,
         protected: bool = False, text: str | None = None, *, one_line: bool = False) -> Row:
    shown = text if text is not None else text_or_not_known(value)
    copy_value = " ".join(value.split()) if value else None
    unknown = shown == NOT_KNOWN
    if kind is not None and can_copy(kind, copy_value, protected):
        return Row(label, shown, kind, copy_value, not_known=unknown, one_line=one_line)
    return Row(label, shown, not_known=unknown, one_line=one_line)


def _date(label: str, value: date | None) -> Row:
    return _row(label, None, text=format_date(value), one_line=True)


def record_display(record: ChildRecord, ctx: DisplayContext,
                   now: datetime | None = None) -> RecordDisplay:
    """The record as ``ctx.role`` may see it (see the module docstring). ``now`` (the
    caller's local clock) decides the out-of-hours wording; None leaves it out."""
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
        closed = out_of_hours(record.contact_team, now) if now is not None else None
        if closed:
            notice += " " + closed
        if manager and record.shield_reason in SHIELD_REASONS:
            notice += " " + SHIELD_REASONS[record.shield_reason or ""]
        return RecordDisplay(
            banner=banner,
            sections=(Section(SectionKey.SHIELDED, "Shielded record", notice=notice),),
            shielded_notice=notice,
            can_override=manager,
            out_of_hours=closed,
        )  # nothing endable: involvements are not shown
    blocked = set(record.withheld) | set(record.integrity_faults)
    protected = override  # shielded details under override are never copyable
    sensitive, sensitive_notice = _sensitive(record, manager, blocked)
    closed = out_of_hours(record.local_authority, now) if now is not None else None
    if closed and sensitive_notice:
        sensitive_notice = f"{sensitive_notice} {closed}"
        sensitive = replace(sensitive, notice=sensitive_notice)
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
        endable=endable_involvements(record, ctx.role, ctx.authority),
        who_to_call=who_to_call(record, protected=protected, blocked=frozenset(blocked),
                                sensitive=frozenset(i.involvement_id
                                                    for i in record.involvements or ()
                                                    if is_sensitive_service(i.service))),
        out_of_hours=closed,
        alerts_note=alerts_note(record.urgent_care_alerts),
    )


def endable_involvements(record: ChildRecord, role: RoleKind,
                         authority: str | None = None) -> frozenset[str]:
    """Involvements the user may end (the server's rule): their own, or — for a manager of
    the child's local authority (``authority``) — any; never ones already ended."""
    if record.involvements is None:
        return frozenset()
    holder = record.local_authority.name if record.local_authority else None
    local_manager = role is RoleKind.MANAGER and holder is not None and authority == holder
    return frozenset(i.involvement_id for i in record.involvements
                     if i.ended is None and (i.owned or local_manager))


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
                _row("Postcode", address.postcode, text=format_postcode(address.postcode),
                     one_line=True),
                _date("From", address.from_date)]
        if not address.current:
            rows.append(_date("To", address.to_date))
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
                phone_row(person.phone, protected),
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
            phone_row(school.phone, protected),
            _row("Address", school.address),
            _date("Since", school.since))
    return Section(key, title, (Entry(heading=text_or_not_known(school.name), rows=rows),))


def _gp(record: ChildRecord, blocked: set[str], protected: bool) -> Section:
    key, title = SectionKey.GP_PRACTICE, "GP practice"
    if (empty := _empty(key, title, blocked, record.gp_practice)) or record.gp_practice is None:
        return empty or Section(key, title, empty_text=NOT_KNOWN)
    gp = record.gp_practice
    rows = (_row("Name", gp.name, CopyKind.ORGANISATION, protected),
            phone_row(gp.phone, protected),
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
                phone_row(inv.phone, protected),
                _row("Email", inv.email, CopyKind.EMAIL, protected),
                _date("Since", inv.since)]
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
            phone_row(detail.phone, copyable=False)))  # sensitive: never copyable
        for detail in services.details)
    return Section(key, title, entries, notice=MANAGER_SENSITIVE_NOTICE), None


