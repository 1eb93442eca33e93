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


