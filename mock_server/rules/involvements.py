"""Rules for what a practitioner records or reports (product.md §6–§7): the sections an
inaccuracy report may name, and how free-text and date fields are checked.

Each check raises :class:`ApiError` (400 ``invalid_request``) with a message naming the field.
"""

from __future__ import annotations

from datetime import date

from mock_server.rules.errors import ApiError

SECTIONS = ("name", "date_of_birth", "gender", "addresses", "parents_carers", "education",
            "gp_practice", "involvements", "other")


def text_field(value: str | None, what: str, low: int, high: int) -> str:
    text = " ".join((value or "").split())
    if len(text) < low:
        raise ApiError(400, "invalid_request",
                       f"The {what} must have at least {low} characters.")
    if len(text) > high:
        raise ApiError(400, "invalid_request", f"The {what} must have at most {high} characters.")
    return text


def day_field(value: str | None, what: str) -> date:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise ApiError(400, "invalid_request",
                       f"The {what} must be a date (YYYY-MM-DD).") from None
