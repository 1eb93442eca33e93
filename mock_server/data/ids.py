"""Directory IDs: 10 digits, the last a modulus-11 check digit (the NHS-number algorithm)."""

from __future__ import annotations


def check_digit(nine: str) -> int | None:
    """The check digit for nine digits, or None when the algorithm gives 10 (never issued)."""
    total = sum((10 - i) * (ord(ch) - 48) for i, ch in enumerate(nine))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def is_valid_directory_id(text: str) -> bool:
    if len(text) != 10 or not text.isascii() or not text.isdigit():
        return False
    return check_digit(text[:9]) == int(text[9])
