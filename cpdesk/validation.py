"""Search-criteria validation before anything is sent (product.md §4), and the
modulus-11 directory-ID check (the NHS-number algorithm).

``validate_criteria(form, today)`` returns ``(criteria, {})`` when the search may be sent,
else ``(None, errors)`` where ``errors`` maps a field name (the ``SearchForm`` attribute,
or ``"form"`` for the search as a whole) to a plain message to show next to it.
No network call is made here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from cpdesk.domain import Gender, SearchMode

if TYPE_CHECKING:
    from cpdesk.domain import SearchCriteria

MAX_RANGE_YEARS = 5
MSG_BAD_ID = "That is not a valid directory ID"
MSG_FAMILY = "Enter a family name"
MSG_DOB = "Enter a date of birth or a date-of-birth range"

_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}")
_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?\*")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d-%b-%Y", "%d %b %Y", "%d.%m.%Y")
_NAME_PUNCTUATION = set("'’- ")


def is_valid_directory_id(text: str | None) -> bool:
    """Ten digits (spaces allowed) whose last digit is the modulus-11 check digit."""
    digits = "".join((text or "").split())
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


@dataclass(frozen=True, slots=True)
class SearchForm:
    """What the search form holds: text as typed; dates as ``date`` or text."""

    family_name: str = ""
    given_name: str = ""
    dob: date | str | None = None
    dob_from: date | str | None = None
    dob_to: date | str | None = None
    gender: Gender | str | None = None
    postcode: str = ""
    directory_id: str = ""


def parse_date(value: date | str | None) -> date | None:
    """A date from the form; ``ValueError`` when text is not a date."""
    if value is None or isinstance(value, date):
        return value
    text = " ".join(value.split())
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError("not a date")


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _name_error(value: str, min_letters: int, what: str) -> str | None:
    stem = value[:-1] if value.endswith("*") else value
    if "*" in stem:
        return f"A * can only go at the end of the {what}"
    if any(not (c.isalpha() or c in _NAME_PUNCTUATION) for c in unicodedata.normalize("NFC",
                                                                                       stem)):
        return f"The {what} can only contain letters, spaces, hyphens and apostrophes"
    if value.endswith("*") and _letters(stem) < min_letters:
        plural = "s" if min_letters > 1 else ""
        return f"Type at least {min_letters} letter{plural} before the * in the {what}"
    if _letters(stem) == 0:
        return f"The {what} must contain letters"
    return None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _dates(form: SearchForm, today: date,
           errors: dict[str, str]) -> tuple[date | None, date | None, date | None]:
    parsed: dict[str, date | None] = {}
    for name in ("dob", "dob_from", "dob_to"):
        try:
            value = parse_date(getattr(form, name))
        except ValueError:
            errors[name] = "Enter a real date, for example 14-07-2011"
            value = None
        if value is not None and value > today:
            errors[name] = "A date of birth cannot be in the future"
        parsed[name] = value
    dob, start, end = parsed["dob"], parsed["dob_from"], parsed["dob_to"]
    if dob is not None and (start is not None or end is not None):
        errors["dob"] = "Enter a date of birth or a range, not both"
    elif (start is None) != (end is None) and not errors.get("dob_from") \
            and not errors.get("dob_to"):
        errors["dob_to" if end is None else "dob_from"] = "Enter both dates of the range"
    elif start is not None and end is not None:
        if start > end:
            errors["dob_to"] = "The end of the range must be after its start"
        elif end > _add_years(start, MAX_RANGE_YEARS):
            errors["dob_to"] = "The date-of-birth range can be at most 5 years"
    return dob, start, end


def validate_criteria(form: SearchForm, today: date | None = None,
                      mode: SearchMode = SearchMode.EXACT,
                      ) -> tuple[SearchCriteria | None, dict[str, str]]:
    """product.md §4: a directory ID alone, or family name and a DOB (or range ≤ 5 years)."""
    from cpdesk.domain import SearchCriteria  # loaded on first use (issue 18: cold start)

    today = today or date.today()
    errors: dict[str, str] = {}
    directory_id = "".join(form.directory_id.split())
    if directory_id:
        if not is_valid_directory_id(directory_id):
            return None, {"directory_id": MSG_BAD_ID}
        return SearchCriteria(directory_id=directory_id, mode=SearchMode.EXACT), {}

    family = " ".join(form.family_name.split())
    given = " ".join(form.given_name.split())
    if not family:
        errors["family_name"] = MSG_FAMILY
    elif (problem := _name_error(family, 2, "family name")) is not None:
        errors["family_name"] = problem
    if given and (problem := _name_error(given, 1, "given name")) is not None:
        errors["given_name"] = problem

    dob, start, end = _dates(form, today, errors)
    if dob is None and start is None and end is None and not any(
            k in errors for k in ("dob", "dob_from", "dob_to")):
        errors["dob"] = MSG_DOB

    gender: Gender | None = None
    if isinstance(form.gender, Gender):
        gender = form.gender
    elif form.gender:
        try:
            gender = Gender(form.gender)
        except ValueError:
            errors["gender"] = "Choose a gender from the list"

    postcode = "".join(form.postcode.split()).upper()
    if postcode:
        if _DISTRICT.fullmatch(postcode):
            pass
        elif _POSTCODE.fullmatch(postcode):
            postcode = f"{postcode[:-3]} {postcode[-3:]}"
        else:
            errors["postcode"] = ("Enter a full postcode, or the start of one followed by *, "
                                  "for example BL1*")
    if errors:
        return None, errors
    return SearchCriteria(family_name=family, given_name=given or None, dob=dob,
                          dob_from=start, dob_to=end, gender=gender,
                          postcode=postcode or None, mode=mode), {}
