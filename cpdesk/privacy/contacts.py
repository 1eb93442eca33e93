"""Who to call, first (issue 16): the record's top summary, the out-of-hours wording and the
urgent-care count — every text decided here, as the rest of ``privacy``.

- ``who_to_call``: the lead professional first, then the other current practitioners (job
  title, organisation, phone), then the school's and the GP practice's phones. Ended
  involvements and sensitive services never appear. Phones copy as the sections' do.
- ``out_of_hours``: outside the team's office hours (by the caller's clock, local time), the
  sentence that sends the user to the Emergency Duty Team now, with its number; None in
  office hours or when the server gave no hours.
- ``alerts_note``: "N urgent-care attendances notified in the last 12 months".
- ``alert_cells``: one child-is-here alert in the inbox — time, directory ID, setting, who
  sent it and how to reach them, to whom; never a child's name (none is sent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from cpdesk.formatting import (
    NOT_KNOWN,
    format_datetime,
    format_directory_id,
    text_or_not_known,
)
from cpdesk.privacy.copying import CopyKind, can_copy
from cpdesk.privacy.display import Row

if TYPE_CHECKING:
    from cpdesk.domain import ChildAlert, ChildRecord, Involvement, LocalAuthority, OfficeHours

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class CallLine:
    """One line of the summary: who, what they are, and the phone (a copyable row)."""

    who: str
    what: str
    phone: Row
    lead: bool = False


def phone_row(value: str | None, protected: bool = False, *, copyable: bool = True) -> Row:
    """A phone number's row, here and in the record's sections: copyable unless protected
    (or ``copyable=False``: a sensitive service's), and never split across two lines."""
    shown = text_or_not_known(value)
    copy_value = " ".join(value.split()) if value else None
    unknown = shown == NOT_KNOWN  # a blank number too
    if copyable and can_copy(CopyKind.PHONE, copy_value, protected):
        return Row("Phone", shown, CopyKind.PHONE, copy_value, not_known=unknown,
                   one_line=True)
    return Row("Phone", shown, not_known=unknown, one_line=True)


def _what(inv: Involvement) -> str:
    parts = [" ".join(p.split()) for p in (inv.job_title, inv.organisation) if p]
    return ", ".join(parts) or text_or_not_known(None)


def who_to_call(record: ChildRecord, *, protected: bool,
                sensitive: frozenset[str] = frozenset(),
                blocked: frozenset[str] = frozenset()) -> tuple[CallLine, ...]:
    """The lead professional first, the other current practitioners, school, GP. Nothing
    from a section that is withheld or arrived when it must not (``blocked``)."""
    lines: list[CallLine] = []
    involvements = () if "involvements" in blocked else record.involvements or ()
    current = [i for i in involvements if i.ended is None
               and i.involvement_id not in sensitive]
    current.sort(key=lambda i: not i.lead_professional)
    for inv in current:
        lines.append(CallLine(who=text_or_not_known(inv.practitioner), what=_what(inv),
                              phone=phone_row(inv.phone, protected), lead=inv.lead_professional))
    if record.education is not None and "education" not in blocked:
        lines.append(CallLine(who=" ".join(record.education.name.split()), what="School",
                              phone=phone_row(record.education.phone, protected)))
    if record.gp_practice is not None and "gp_practice" not in blocked:
        lines.append(CallLine(who=" ".join(record.gp_practice.name.split()),
                              what="GP practice",
                              phone=phone_row(record.gp_practice.phone, protected)))
    return tuple(lines)


def _clock(text: str) -> tuple[int, int]:
    hours, _, minutes = text.partition(":")
    return int(hours), int(minutes)


def office_open(hours: OfficeHours, now: datetime) -> bool:
    opens, closes = _clock(hours.opens), _clock(hours.closes)
    return now.isoweekday() in hours.days and opens <= (now.hour, now.minute) < closes


def describe_hours(hours: OfficeHours) -> str:
    days = sorted(set(hours.days))
    if days and days == list(range(days[0], days[-1] + 1)) and len(days) > 1:
        named = f"{DAY_NAMES[days[0] - 1]}–{DAY_NAMES[days[-1] - 1]}"
    else:
        named = ", ".join(DAY_NAMES[d - 1] for d in days)
    return f"{named} {hours.opens}–{hours.closes}"


def out_of_hours(team: LocalAuthority | None, now: datetime) -> str | None:
    """Outside office hours: call the duty team now (None in hours, or hours unknown)."""
    if team is None or team.office_hours is None or not team.duty_phone:
        return None
    if office_open(team.office_hours, now):
        return None
    return (f"The {text_or_not_known(team.name)} ContactPoint team's office is closed now "
            f"(open {describe_hours(team.office_hours)}). If this child may be at risk, call "
            f"the {text_or_not_known(team.name)} Emergency Duty Team now on "
            f"{' '.join(team.duty_phone.split())}.")


def alerts_note(count: int | None) -> str | None:
    if count is None:
        return None
    noun = "attendance" if count == 1 else "attendances"
    return f"{count} urgent-care {noun} notified in the last 12 months"


ALERT_HEADERS = ("", "Time", "Directory ID", "Setting", "From", "Phone", "Email", "To you as")


def alert_cells(alert: ChildAlert) -> tuple[str, ...]:
    """New, time, directory ID, setting, sender (name, job title), phone, email, to whom."""
    sender = alert.sender
    who = ", ".join(" ".join(p.split()) for p in (sender.name, sender.job_title) if p)
    return ("New" if not alert.read else "", format_datetime(alert.sent_at),
            format_directory_id(alert.directory_id), " ".join(alert.setting.split()), who,
            text_or_not_known(sender.phone), text_or_not_known(sender.email),
            "Lead professional" if alert.to_lead else "Area team")


def unread_text(count: int) -> str:
    """The status bar's count (empty when nothing is unread)."""
    if count <= 0:
        return ""
    return f"{count} unread child-is-here alert{'s' if count != 1 else ''}"
