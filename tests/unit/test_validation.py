"""validation.py: the modulus-11 directory ID and product.md §4's minimum criteria."""

from __future__ import annotations

from datetime import date

import pytest

from cpdesk.domain import Gender, SearchCriteria, SearchMode
from cpdesk.validation import SearchForm, is_valid_directory_id, validate_criteria

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize("text", ["9997773454", "999 777 3454", " 9997773454 ", "9434765919",
                                  "0000000000"])
def test_valid_directory_ids(text: str) -> None:
    assert is_valid_directory_id(text)


@pytest.mark.parametrize("text", ["4857773456", "485777345", "99977734541", "485777345X",
                                  "", "１２３４５６７８９０", "1000000061"])
def test_invalid_directory_ids(text: str) -> None:
    assert not is_valid_directory_id(text)


def test_check_digit_ten_is_invalid_for_every_last_digit() -> None:
    # A nine-digit prefix whose modulus-11 check would be 10: no ten-digit ID is valid.
    prefix = next(p for p in (f"{n:09d}" for n in range(1000))
                  if 11 - sum(int(d) * w for d, w in zip(p, range(10, 1, -1), strict=True))
                  % 11 == 10)
    assert not any(is_valid_directory_id(prefix + str(d)) for d in range(10))


def test_directory_id_alone_is_enough() -> None:
    criteria, errors = validate_criteria(SearchForm(directory_id="999 777 3454"), TODAY)
    assert errors == {}
    assert criteria == SearchCriteria(directory_id="9997773454")


def test_bad_directory_id_is_explained() -> None:
    criteria, errors = validate_criteria(SearchForm(directory_id="4857773456",
                                                    family_name="Doe"), TODAY)
    assert criteria is None
    assert errors == {"directory_id": "That is not a valid directory ID"}


def test_name_and_dob_search() -> None:
    form = SearchForm(family_name=" Doe ", given_name="Jane", dob="14-07-2011",
                      gender="female", postcode="bl14aa")
    criteria, errors = validate_criteria(form, TODAY, SearchMode.WIDENED)
    assert errors == {}
    assert criteria == SearchCriteria(family_name="Doe", given_name="Jane",
                                      dob=date(2011, 7, 14), gender=Gender.FEMALE,
                                      postcode="BL1 4AA", mode=SearchMode.WIDENED)


def test_missing_everything_names_each_field() -> None:
    criteria, errors = validate_criteria(SearchForm(), TODAY)
    assert criteria is None
    assert errors == {"family_name": "Enter a family name",
                      "dob": "Enter a date of birth or a date-of-birth range"}


def test_family_name_without_dob() -> None:
    _, errors = validate_criteria(SearchForm(family_name="Doe"), TODAY)
    assert errors == {"dob": "Enter a date of birth or a date-of-birth range"}


@pytest.mark.parametrize(("family", "given", "ok"), [
    ("Smi*", "", True), ("Sm*", "J*", True), ("S*", "", False), ("*ith", "", False),
    ("Sm*th", "", False), ("O'Neill", "", True), ("Smith-Jones", "Mary Ann", True),
    ("Smith", "*", False), ("Smith", "J*", True), ("Sm1th", "", False), ("Müller", "", True),
])
def test_wildcard_rules(family: str, given: str, ok: bool) -> None:
    criteria, errors = validate_criteria(
        SearchForm(family_name=family, given_name=given, dob=date(2011, 7, 14)), TODAY)
    assert (criteria is not None) is ok, errors
    if not ok:
        assert set(errors) <= {"family_name", "given_name"} and errors


def test_date_range_rules() -> None:
    def check(start: str | None, end: str | None) -> dict[str, str]:
        return validate_criteria(SearchForm(family_name="Doe", dob_from=start, dob_to=end),
                                 TODAY)[1]

    assert check("2010-01-01", "2014-12-31") == {}
    assert check("2010-01-01", "2015-01-01") == {}
    assert check("2010-01-01", "2015-01-02") == {
        "dob_to": "The date-of-birth range can be at most 5 years"}
    assert check("2014-01-01", "2010-01-01") == {
        "dob_to": "The end of the range must be after its start"}
    assert check("2010-01-01", None) == {"dob_to": "Enter both dates of the range"}
    assert check(None, "2010-01-01") == {"dob_from": "Enter both dates of the range"}
    assert check("31-02-2010", "2011-01-01") == {
        "dob_from": "Enter a real date, for example 14-07-2011"}


def test_range_accepted_into_criteria_and_dob_and_range_not_both() -> None:
    criteria, _ = validate_criteria(SearchForm(family_name="Doe", dob_from=date(2010, 1, 1),
                                               dob_to=date(2012, 12, 31)), TODAY)
    assert criteria is not None and criteria.dob_from == date(2010, 1, 1)
    _, errors = validate_criteria(SearchForm(family_name="Doe", dob=date(2011, 7, 14),
                                             dob_from=date(2010, 1, 1),
                                             dob_to=date(2012, 1, 1)), TODAY)
    assert "dob" in errors


def test_future_dob_and_bad_postcode_and_gender() -> None:
    _, errors = validate_criteria(SearchForm(family_name="Doe", dob=date(2027, 1, 1),
                                             postcode="not a postcode", gender="x"), TODAY)
    assert errors == {"dob": "A date of birth cannot be in the future",
                      "postcode": ("Enter a full postcode, or the start of one followed by *, "
                                   "for example BL1*"),
                      "gender": "Choose a gender from the list"}


def test_postcode_district_prefix() -> None:
    criteria, errors = validate_criteria(SearchForm(family_name="Doe", dob="2011-07-14",
                                                    postcode="bl1*"), TODAY)
    assert errors == {} and criteria is not None and criteria.postcode == "BL1*"
