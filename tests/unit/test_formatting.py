"""formatting.py: the examples of product.md §4–§5 and their edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cpdesk.domain import Gender
from cpdesk.formatting import (
    NOT_KNOWN,
    format_age,
    format_date,
    format_datetime,
    format_directory_id,
    format_dob,
    format_gender,
    format_name,
    format_postcode,
    text_or_not_known,
)

TODAY = date(2026, 11, 21)


def test_names() -> None:
    assert format_name("Doe", "Jane") == "DOE, Jane"
    assert format_name("Doe", "Jane", "Jenny") == "DOE, Jane (Jenny)"
    assert format_name("O'Neill", "Mary Ann", None) == "O'NEILL, Mary Ann"
    assert format_name("  Doe ", " Jane  Ann", "  ") == "DOE, Jane Ann"
    assert format_name("Doe", "Jane", "jane") == "DOE, Jane"  # no repeated alias
    assert format_name("", "") == NOT_KNOWN


def test_dates_and_times() -> None:
    assert format_date(date(2011, 7, 14)) == "14-Jul-2011"
    assert format_date(date(2026, 2, 3)) == "03-Feb-2026"
    assert format_date(None) == NOT_KNOWN
    moment = datetime(2026, 11, 21, 21, 5, tzinfo=UTC)
    assert format_datetime(moment, UTC) == "21-Nov-2026 21:05"
    assert format_datetime(moment, timezone(timedelta(hours=1))) == "21-Nov-2026 22:05"
    assert format_datetime(None) == NOT_KNOWN


@pytest.mark.parametrize(("born", "age"), [
    (date(2011, 7, 14), "15y"),
    (date(2011, 11, 21), "15y"),
    (date(2011, 11, 22), "14y"),
    (date(2024, 11, 22), "23m"),
    (date(2024, 11, 21), "2y"),
    (date(2026, 3, 10), "8m"),
    (date(2026, 10, 21), "1m"),
    (date(2026, 11, 9), "12d"),
    (date(2026, 11, 21), "0d"),
])
def test_ages(born: date, age: str) -> None:
    assert format_age(born, TODAY) == age


def test_dob_with_age() -> None:
    assert format_dob(date(2011, 7, 14), TODAY) == "14-Jul-2011 (15y)"
    assert format_dob(date(2026, 3, 10), TODAY) == "10-Mar-2026 (8m)"
    assert format_dob(date(2027, 1, 1), TODAY) == "01-Jan-2027"
    assert format_dob(None, TODAY) == NOT_KNOWN


def test_directory_id_postcode_gender_phone() -> None:
    assert format_directory_id("9997773454") == "999 777 3454"
    assert format_directory_id("999 777 3454") == "999 777 3454"
    assert format_directory_id("") == NOT_KNOWN
    assert format_postcode("bl14aa") == "BL1 4AA"
    assert format_postcode(" bl1   4aa ") == "BL1 4AA"
    assert format_postcode("sw1a1aa") == "SW1A 1AA"
    assert format_postcode(None) == NOT_KNOWN
    assert format_gender(Gender.FEMALE) == "Female"
    assert format_gender(Gender.NOT_SPECIFIED) == "Not specified"
    assert format_gender(None) == NOT_KNOWN
    assert text_or_not_known("   ") == NOT_KNOWN


def test_codes_as_labels() -> None:
    from cpdesk.formatting import ACTION_LABELS, REASON_LABELS, format_code

    assert format_code("safeguarding", REASON_LABELS) == (
        "Concern about the child's safety or welfare")
    assert format_code("view", ACTION_LABELS) == "Viewed a record"
    assert format_code("queue-resolve", ACTION_LABELS) == "Queue resolve"
    assert format_code(None, REASON_LABELS) == NOT_KNOWN
