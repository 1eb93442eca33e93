"""The clipboard whitelist: what may be copied, and only when it looks like what it says."""

from __future__ import annotations

import re
from enum import StrEnum

from cpdesk.validation import is_valid_directory_id


class CopyKind(StrEnum):
    PHONE = "phone"
    EMAIL = "email"
    DIRECTORY_ID = "directory_id"
    ORGANISATION = "organisation"
    REFERENCE = "reference"  # INA-/SCR- reference of a report or request: no personal data
    CONTACT_LIST = "contact_list"  # issue 17: a convene message, exactly (see below)



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
    if kind is CopyKind.CONTACT_LIST:
        return can_copy_contact_list(value)
    return False  # pragma: no cover - every kind is handled above


# A convene message (issue 17, ``privacy/together.py`` writes it).
CONTACT_LIST_TITLE = "Team meeting — contact details"
_LINE = re.compile(r"- [^\n:]{1,300}: (?P<phone>[^,\n]+), (?P<email>[^\n]+)")


def can_copy_contact_list(text: str | None) -> bool:
    """Exactly a contact list: its title, its reference, then one line per person holding a
    name and role, a phone number and an email address (or "not known")."""
    if not text:
        return False
    lines = text.split("\n")
    if len(lines) < 3 or lines[0] != CONTACT_LIST_TITLE or not can_copy(
            CopyKind.REFERENCE, lines[1].removeprefix("Reference ")):
        return False
    for line in lines[2:]:
        found = _LINE.fullmatch(line)
        if found is None:
            return False
        phone, email = found["phone"], found["email"]
        if not (phone == "phone not known" or can_copy(CopyKind.PHONE, phone)):
            return False
        if not (email == "email not known" or can_copy(CopyKind.EMAIL, email)):
            return False
    return True
