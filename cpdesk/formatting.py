"""Display formats in the NHS common-user-interface style (plain functions, no Qt).

``DOE, Jane (Jenny)`` · ``14-Jul-2011 (15y)`` · ``999 777 3454`` · ``BL1 4AA`` ·
``21-Nov-2026 09:05``. Month names are fixed English abbreviations, independent of the
locale. An empty value is written ``NOT_KNOWN``, never "?" or blank.

These functions only format; deciding *whether* a record field may be shown is
``cpdesk/privacy.py``'s job, and widgets call that, not these.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from cpdesk.domain import Gender

NOT_KNOWN = "Not known"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GENDER_LABELS = {
    Gender.FEMALE: "Female",
    Gender.MALE: "Male",
    Gender.NOT_KNOWN: "Not known",
    Gender.NOT_SPECIFIED: "Not specified",
}


def text_or_not_known(value: str | None) -> str:
    """The value stripped, or "Not known" when empty."""
    if value is None or not value.strip():
        return NOT_KNOWN
    return " ".join(value.split())


def format_name(family_name: str, given_names: str, known_as: str | None = None) -> str:
    """``DOE, Jane`` or ``DOE, Jane (Jenny)``: family name in capitals, given names as given."""
    family = " ".join(family_name.split()).upper()
    given = " ".join(given_names.split())
    if not family and not given:
        return NOT_KNOWN
    text = f"{family or NOT_KNOWN.upper()}, {given}" if given else family
    alias = " ".join((known_as or "").split())
    if alias and alias.casefold() != given.casefold():
        text += f" ({alias})"
    return text


def format_date(value: date | None) -> str:
    """``14-Jul-2011``."""
    if value is None:
        return NOT_KNOWN
    return f"{value.day:02d}-{MONTHS[value.month - 1]}-{value.year:04d}"


def format_datetime(value: datetime | None, tz: tzinfo | None = None) -> str:
    """``14-Jul-2011 09:05`` (24-hour) in ``tz``, by default the computer's local zone."""
    if value is None:
        return NOT_KNOWN
    local = value.astimezone(tz)
    return f"{format_date(local.date())} {local.hour:02d}:{local.minute:02d}"


def _months_between(born: date, today: date) -> int:
    months = (today.year - born.year) * 12 + today.month - born.month
    if today.day < born.day:
        months -= 1
    return months


def format_age(born: date, today: date) -> str:
    """``15y``; under 2 years ``8m``; under a month ``12d``."""
    if today < born:
        return NOT_KNOWN
    months = _months_between(born, today)
    if months < 1:
        return f"{(today - born).days}d"
    if months < 24:
        return f"{months}m"
    return f"{months // 12}y"


def format_dob(born: date | None, today: date) -> str:
    """``14-Jul-2011 (15y)``."""
    if born is None:
        return NOT_KNOWN
    age = format_age(born, today)
    return format_date(born) if age == NOT_KNOWN else f"{format_date(born)} ({age})"


def format_directory_id(value: str | None) -> str:
    """``999 777 3454`` (3-3-4 groups, like an NHS number)."""
    digits = "".join((value or "").split())
    if not digits:
        return NOT_KNOWN
    if len(digits) != 10 or not digits.isdigit():
        return digits
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def format_postcode(value: str | None) -> str:
    """``BL1 4AA``: upper case, one space before the inward code."""
    compact = "".join((value or "").split()).upper()
    if not compact:
        return NOT_KNOWN
    if len(compact) < 5:
        return compact
    return f"{compact[:-3]} {compact[-3:]}"


def format_gender(value: Gender | None) -> str:
    if value is None:
        return NOT_KNOWN
    return GENDER_LABELS[value]


def format_yes_no(value: bool | None) -> str:
    if value is None:
        return NOT_KNOWN
    return "Yes" if value else "No"


# -- my activity and the manager queue (no child names: codes and directory IDs only) ------

REASON_LABELS = {
    "unscheduled-care": "Child attending urgent or emergency care",
    "safeguarding": "Concern about the child's safety or welfare",
    "education-welfare": "Attendance or welfare at school",
    "coordinating-support": "Coordinating support",
    "assessment": "Carrying out an assessment",
    "other": "Other reason",
}
ACTION_LABELS = {
    "search": "Search",
    "view": "Viewed a record",
    "override": "Shield override",
    "involvement": "Recorded involvement",
    "involvement-end": "Ended involvement",
    "inaccuracy": "Reported an inaccuracy",
    "contact-request": "Requested sensitive-service contact",
    "convene": "Convened the team",  # issue 17: the last three
    "household": "Viewed a household",
    "shield-request": "Asked for a shield",
}
QUEUE_KIND_LABELS = {"contact-request": "Contact request", "inaccuracy": "Inaccuracy report",
                     "possible-duplicate": "Possible duplicate"}


def format_code(value: str | None, labels: dict[str, str]) -> str:
    """A server code as its label; an unknown code as tidy text (``some-new_code`` → "Some
    new code"); none → "Not known"."""
    if not value:
        return NOT_KNOWN
    return labels.get(value) or value.replace("-", " ").replace("_", " ").capitalize()
