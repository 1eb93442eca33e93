"""Display decisions for working together as the seeds describe it (issue 17): consent and
its urgent grounds, a brokered contact's outcome, the duplicate warning, the household's
rows, the audit review's rows and flags, and the convene message and meeting file.

The convene message is one text of practitioners' names, roles, organisations and how to
reach them — no child's name or detail — and it may be copied only in exactly that form
(``can_copy_contact_list``), so the clipboard whitelist cannot be used to carry anything
else. The meeting file (``meeting_ics``) holds the same and no more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from cpdesk.domain import (
    AuditView,
    ChildRecord,
    Consent,
    ConsentRecord,
    Convening,
    Participant,
    QueueItem,
    RoleKind,
    ShieldInForce,
    ShieldRequest,
    Sibling,
)
from cpdesk.formatting import (
    format_code,
    format_date,
    format_datetime,
    format_directory_id,
    format_dob,
    format_name,
)
from cpdesk.privacy.copying import CONTACT_LIST_TITLE, CopyKind, can_copy
from cpdesk.privacy.display import DisplayContext

CONSENT_BASES = (
    ("child", "Consent given by the child or young person"),
    ("parent", "Consent given by a parent or carer"),
    ("urgent", "Not sought: urgent ground"),
)
URGENT_GROUNDS = (
    ("danger", "A child is in danger (at risk of significant harm)"),
    ("seriously-ill", "A child is seriously ill or injured"),
    ("asking-increases-risk", "Asking would put the child or someone else at greater risk"),
    ("serious-crime", "Preventing or detecting a serious crime"),
)
OUTCOME_LABELS = {
    "service-will-contact": "The service will contact you",
    "young-person-declined": "The young person declined",
    "no-longer-involved": "The service is no longer involved",
}
DUPLICATE_NOTICE = "This record may have a duplicate; the area team has been told."
AUDIT_FLAG_LABELS = {
    "out_of_area": "Outside their area",
    "volume": "Many views that day",
    "well_known": "Well-known child",
    "own_family": "Colleague's own child?",
}
MIN_URGENT_REASON = 10


def consent_text(consent: Consent) -> str:
    if consent.basis == "urgent":
        ground = dict(URGENT_GROUNDS).get(consent.ground or "", consent.ground or "")
        return f"Not sought — {ground}: {consent.reason or ''}".rstrip(": ")
    who = "the child or young person" if consent.basis == "child" else "a parent or carer"
    return f"Given by {who} on {format_date(consent.given_on)}"


def consent_line(item: ConsentRecord) -> str:
    """One consent on the record: what, for which action, who recorded it and when."""
    action = format_code(item.action, {"involvement": "involvement",
                                       "contact-request": "contact request",
                                       "convene": "team meeting"})
    return (f"{consent_text(item.consent)} ({action.lower()}; recorded by {item.recorded_by},"
            f" {format_datetime(item.recorded_at)})")


def consent_problem(basis: str | None, reason: str, ground: str | None) -> str | None:
    """What is missing before a consent can be sent (None when it is complete)."""
    if basis is None:
        return "Record consent, or the urgent ground on which it was not sought."
    if basis == "urgent":
        if ground is None:
            return "Choose the urgent ground."
        if len(" ".join(reason.split())) < MIN_URGENT_REASON:
            return f"Say why consent was not sought, in at least {MIN_URGENT_REASON} characters."
    return None


def outcome_text(outcome: str | None, status: str | None) -> str:
    if outcome:
        return format_code(outcome, OUTCOME_LABELS)
    if status == "open":
        return "Waiting for the ContactPoint team"
    if status == "resolved":
        return "Resolved"
    return "—"


def outcome_choices() -> tuple[tuple[str, str], ...]:
    """What the area team may say became of a brokered contact request (code, label)."""
    return tuple(OUTCOME_LABELS.items())


def sibling_cells(sibling: Sibling, today: date) -> tuple[str, str, str]:
    """Name, born (with age), school: one sibling on the household view."""
    return (format_name(sibling.family_name, sibling.given_names, sibling.known_as),
            format_dob(sibling.dob, today), sibling.school or "Not known")


def audit_cells(view: AuditView) -> tuple[str, ...]:
    """Time, user, action, directory ID, reason, flags: one row of the audit review."""
    reason = format_code(view.reason_code, {}) if view.reason_code else "—"
    if view.reason_text:
        reason = f"{reason}: {view.reason_text}"
    return (format_datetime(view.at), f"{view.display_name} ({view.username})",
            format_code(view.action, {"view": "Viewed", "override": "Shield override",
                                      "household": "Household"}),
            format_directory_id(view.directory_id), reason,
            ", ".join(AUDIT_FLAG_LABELS.get(f, f) for f in view.flags) or "—")


# -- convene -------------------------------------------------------------------------------


def _person_line(person: Participant) -> str:
    role = ", ".join(x for x in (person.job_title, person.organisation) if x)
    ended = f" (involvement ended {format_date(person.ended)})" if person.ended else ""
    phone = person.phone if can_copy(CopyKind.PHONE, person.phone) else "phone not known"
    email = person.email if can_copy(CopyKind.EMAIL, person.email) else "email not known"
    head = _tidy(f"{person.practitioner}, {role}{ended}" if role else person.practitioner)
    return f"- {head}: {phone}, {email}"


def _tidy(text: str) -> str:
    return " ".join(text.replace(":", " ").split())[:300]


def contact_list(convening: Convening) -> str:
    """The one message with everyone's contact details (the convener first)."""
    lines = [CONTACT_LIST_TITLE, f"Reference {convening.reference}",
             _person_line(convening.convener)]
    lines += [_person_line(p) for p in convening.participants]
    return "\n".join(lines)


def _ics_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace(
        "\n", "\\n")


def meeting_ics(convening: Convening, start: datetime, minutes: int = 60) -> str:
    """An iCalendar meeting request (RFC 5545) inviting everyone with an email address; the
    summary and description carry no child's name or detail."""
    stamp = start.strftime("%Y%m%dT%H%M%S")
    end = datetime.fromtimestamp(start.timestamp() + minutes * 60).strftime("%Y%m%dT%H%M%S")
    people = (convening.convener, *convening.participants)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cpdesk//convene//EN",
             "METHOD:REQUEST", "BEGIN:VEVENT",
             f"UID:{convening.reference.lower()}@cpdesk.invalid",
             f"DTSTAMP:{datetime.now().strftime('%Y%m%dT%H%M%S')}",
             f"DTSTART:{stamp}", f"DTEND:{end}",
             f"SUMMARY:{_ics_text('Team meeting ' + convening.reference)}",
             f"DESCRIPTION:{_ics_text(contact_list(convening))}"]
    if can_copy(CopyKind.EMAIL, convening.convener.email):
        lines.append(f"ORGANIZER;CN={_ics_text(convening.convener.practitioner)}"
                     f":mailto:{convening.convener.email}")
    for person in people[1:]:
        if can_copy(CopyKind.EMAIL, person.email):
            lines.append(f"ATTENDEE;CN={_ics_text(person.practitioner)};ROLE=REQ-PARTICIPANT"
                         f":mailto:{person.email}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"


# -- the record: what working together adds to it -----------------------------------------

ACTS_TOGETHER = (RoleKind.PRACTITIONER, RoleKind.MANAGER)


@dataclass(frozen=True, slots=True)
class ConveneChoice:
    """A practitioner who may be invited to a team meeting (current or recently ended)."""

    involvement_id: str
    text: str
    ended: bool


@dataclass(frozen=True, slots=True)
class TogetherDisplay:
    """What a record shows of working together (issue 17), below its summary.

    Nothing here is offered on a record shown shielded: convening and the household view are
    refused there, and a duplicate warning or a shield request would say nothing the shielded
    notice does not (and a duplicate's warning must never hint at a shielded twin)."""

    duplicate_notice: str | None
    consents: tuple[str, ...]
    offer_convene: bool
    offer_household: bool
    offer_shield_request: bool
    convene_choices: tuple[ConveneChoice, ...]
    shield_subjects: tuple[tuple[int | None, str], ...]  # (None: the child | parent index, text)


def _convene_choice(involvement_id: str, practitioner: str, job_title: str | None,
                    organisation: str | None, service: str | None,
                    ended: date | None) -> ConveneChoice:
    role = ", ".join(x for x in (job_title, organisation) if x)
    text = f"{practitioner}, {role}" if role else practitioner
    if service:
        text += f" ({service})"
    if ended is not None:
        text += f" — ended {format_date(ended)}"
    return ConveneChoice(involvement_id, text, ended is not None)


def together_display(record: ChildRecord, ctx: DisplayContext) -> TogetherDisplay:
    shown_shielded = record.shielded and not record.overridden
    acts = ctx.role in ACTS_TOGETHER and not shown_shielded
    involvements = record.involvements or ()
    choices = tuple(_convene_choice(i.involvement_id, i.practitioner, i.job_title,
                                    i.organisation, i.service, i.ended)
                    for i in involvements)
    subjects: list[tuple[int | None, str]] = [(None, "The child or young person")]
    for index, parent in enumerate(record.parents_carers or ()):
        who = parent.name or "Name not known"
        if parent.relationship:
            who += f" ({parent.relationship})"
        subjects.append((index, f"Parent or carer: {who}"))
    return TogetherDisplay(
        duplicate_notice=DUPLICATE_NOTICE if record.possible_duplicate and not record.shielded
        else None,
        consents=() if shown_shielded else tuple(consent_line(c) for c in record.consents or ()),
        offer_convene=acts and bool(choices),
        offer_household=acts,
        offer_shield_request=acts,
        convene_choices=choices,
        shield_subjects=tuple(subjects))


# -- the shielders' page -----------------------------------------------------------------

SHIELD_REQUEST_HEADERS = ("Reference", "Directory ID", "For", "Raised by", "Raised", "Status")
SHIELD_HEADERS = ("Directory ID", "Shield on", "Review by")
SHIELD_STATUS_LABELS = {"open": "Waiting for a decision", "applied": "Shield applied",
                        "declined": "Declined", "decided": "Decided"}
_SHIELD_STATUS_SHORT = {"open": "Waiting", "applied": "Applied", "declined": "Declined",
                        "decided": "Decided"}
MIN_SHIELD_NOTE = 10
MIN_SHIELD_REQUEST_REASON = 20


def shield_subject(subject: str, parent: str | None) -> str:
    if subject == "parent":
        return f"Parent or carer: {parent}" if parent else "A parent or carer"
    return "The child"


def shield_request_cells(request: ShieldRequest) -> tuple[str, ...]:
    return (request.reference, format_directory_id(request.directory_id),
            shield_subject(request.subject, request.parent), request.raised_by,
            format_datetime(request.raised_at),
            format_code(request.status, _SHIELD_STATUS_SHORT))


def shield_request_decision(request: ShieldRequest) -> str:
    """"Waiting for a decision", or who decided it, when, and their note."""
    status = format_code(request.status, SHIELD_STATUS_LABELS)
    if request.status == "open":
        return status
    return (f"{status} by {request.decided_by or 'not known'},"
            f" {format_datetime(request.decided_at)}: {request.note or ''}").rstrip(": ")


def review_text(review_on: date | None, today: date) -> str:
    if review_on is None:
        return "No review date set: review it"
    text = format_date(review_on)
    return f"{text} (overdue)" if review_on < today else text


def shield_cells(shield: ShieldInForce, today: date) -> tuple[str, ...]:
    return (format_directory_id(shield.directory_id),
            shield_subject(shield.subject, shield.parent), review_text(shield.review_on, today))


def shield_note_problem(note: str) -> str | None:
    if len(" ".join(note.split())) < MIN_SHIELD_NOTE:
        return f"Write a note of at least {MIN_SHIELD_NOTE} characters saying why."
    return None


# -- possible duplicates in the area team's queue ----------------------------------------

DUPLICATE_RESOLUTIONS = (
    ("not_duplicate", "Not a duplicate: two different children"),
    ("same_child", "The same child: archive the copy"),
)


def resolution_text(resolution: str | None) -> str:
    return format_code(resolution, dict(DUPLICATE_RESOLUTIONS)) if resolution else ""


def other_record(item: QueueItem) -> str:
    """A possible duplicate's other record, as the queue's detail shows it."""
    return format_directory_id(item.other_directory_id) if item.other_directory_id else ""


# -- the audit review --------------------------------------------------------------------

AUDIT_HEADERS = ("Time", "User", "Action", "Directory ID", "Reason", "Flags")
MIN_EXPORT_PURPOSE = 10


def export_purpose_problem(purpose: str) -> str | None:
    if len(" ".join(purpose.split())) < MIN_EXPORT_PURPOSE:
        return (f"Say for whom and why, in at least {MIN_EXPORT_PURPOSE} characters (for"
                " example the investigating officer and the case).")
    return None
