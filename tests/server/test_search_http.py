"""POST /api/v1/search over real HTTP: every rule of product.md §4."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_server.data import named_children as fixtures
from tests.server.directory_fixtures import Directory

SUMMARY_KEYS = {"directory_id", "family_name", "given_names", "known_as", "dob", "gender",
                "locality", "shielded", "match", "score"}


def _search(client: httpx.Client, **criteria: Any) -> httpx.Response:
    return client.post("/api/v1/search", json=criteria)


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [row["directory_id"] for row in response.json()["results"]]


@pytest.fixture
def nurse(directory: Directory) -> httpx.Client:
    return directory.client("practitioner")


@pytest.mark.parametrize(("criteria", "named"), [
    ({"dob": "2011-07-14"}, "family_name"),
    ({"family_name": "Doe"}, "dob"),
    ({"family_name": "Doe", "dob_from": "2010-01-01"}, "dob_to"),
    ({"family_name": "Doe", "dob_to": "2012-01-01"}, "dob_from"),
    ({"family_name": "Doe", "dob_from": "2005-01-01", "dob_to": "2010-06-30"}, "dob_to"),
    ({"given_name": "Jane", "gender": "female", "postcode": "BL1 4AA"}, "family_name"),
])
def test_minimum_criteria_are_enforced_and_the_missing_field_named(
        nurse: httpx.Client, criteria: dict[str, str], named: str) -> None:
    response = _search(nurse, **criteria)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "criteria_insufficient"
    assert named in error["message"]


@pytest.mark.parametrize(("criteria", "named"), [
    ({"family_name": "Doe", "dob": "14/07/2011"}, "dob"),
    ({"family_name": "S*", "dob": "2011-07-14"}, "family_name"),
    ({"family_name": "D*e", "dob": "2011-07-14"}, "family_name"),
    ({"family_name": "Doe", "given_name": "*", "dob": "2011-07-14"}, "given_name"),
    ({"family_name": "Doe", "dob": "2011-07-14", "postcode": "BL1 4A*"}, "postcode"),
    ({"family_name": "Doe", "dob": "2011-07-14", "postcode": "not a postcode"}, "postcode"),
    ({"directory_id": "4857773458"}, "directory_id"),
    ({"family_name": "Doe", "dob": "2011-07-14", "gender": "girl"}, "gender"),
    ({"family_name": "Doe", "dob": "2011-07-14", "mode": "fuzzy"}, "mode"),
    ({"family_name": "Doe", "dob_from": "2012-01-01", "dob_to": "2011-01-01"}, "dob_from"),
    ({"family_name": 7, "dob": "2011-07-14"}, "family_name"),
])
def test_malformed_values_are_invalid_criteria(nurse: httpx.Client, criteria: dict[str, Any],
                                               named: str) -> None:
    response = _search(nurse, **criteria)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_criteria"
    assert named in response.json()["error"]["message"]


def test_directory_id_alone_finds_the_child(nurse: httpx.Client) -> None:
    response = _search(nurse, directory_id="999 777 3454")
    assert _ids(response) == [fixtures.BOLTON_AE.directory_id]


def test_name_and_dob_exact_result_row(nurse: httpx.Client) -> None:
    response = _search(nurse, family_name="Doe", given_name="Jane", dob="2011-07-14")
    body = response.json()
    assert body["too_many"] is False and body["count"] == 1
    row = body["results"][0]
    assert set(row) == SUMMARY_KEYS
    assert row == {
        "directory_id": "9997773454", "family_name": "Doe", "given_names": "Jane Ann",
        "known_as": "Jenny", "dob": "2011-07-14", "gender": "female",
        "locality": {"town": "Bolton", "local_authority": "Bolton"},
        "shielded": False, "match": "exact", "score": 1.0,
    }


@pytest.mark.parametrize("family", ["o'neill-hughes", "ONEILL HUGHES", "O’Neill Hughes",
                                    "oneillhughes"])
def test_matching_ignores_case_accents_apostrophes_hyphens_spaces(nurse: httpx.Client,
                                                                  family: str) -> None:
    response = _search(nurse, family_name=family, given_name="SIOBHAN", dob="2014-10-03")
    assert _ids(response) == [fixtures.APOSTROPHE.directory_id]


def test_wildcards_for_family_given_and_postcode_district(nurse: httpx.Client) -> None:
    assert fixtures.BOLTON_AE.directory_id in _ids(
        _search(nurse, family_name="Do*", given_name="J*", dob="2011-07-14"))
    assert _ids(_search(nurse, family_name="Doe", dob="2011-07-14", postcode="BL1*")) == [
        fixtures.BOLTON_AE.directory_id]
    assert _ids(_search(nurse, family_name="Doe", dob="2011-07-14", postcode="bl14aa")) == [
        fixtures.BOLTON_AE.directory_id]
    assert _ids(_search(nurse, family_name="Doe", dob="2011-07-14", postcode="BL2*")) == []
    assert _ids(_search(nurse, family_name="Doe", given_name="K*", dob="2011-07-14")) == []


def test_known_as_several_given_names_and_gender_filters(nurse: httpx.Client) -> None:
    assert _ids(_search(nurse, family_name="Doe", given_name="jane ann", dob="2011-07-14")) == [
        fixtures.BOLTON_AE.directory_id]
    assert _ids(_search(nurse, family_name="Doe", given_name="Jane Kim", dob="2011-07-14")) == []
    assert _ids(_search(nurse, family_name="Doe", given_name="Jenny", dob="2011-07-14")) == [
        fixtures.BOLTON_AE.directory_id]
    assert _ids(_search(nurse, family_name="Doe", dob="2011-07-14", gender="male")) == []


def test_dob_range_of_five_years_is_accepted(nurse: httpx.Client) -> None:
    response = _search(nurse, family_name="Fairhurst", dob_from="2010-01-01",
                       dob_to="2015-01-01")
    assert fixtures.KELLY.directory_id in _ids(response)


def test_exact_then_widened_phonetic_family_name(nurse: httpx.Client) -> None:
    born = fixtures.KELLY.dob.isoformat()
    assert _ids(_search(nurse, family_name="Fairhirst", dob=born)) == []
    response = _search(nurse, family_name="Fairhirst", dob=born, mode="widened")
    rows = response.json()["results"]
    kelly = next(r for r in rows if r["directory_id"] == fixtures.KELLY.directory_id)
    assert kelly["match"] == "close" and 0 < kelly["score"] < 1


def test_widened_given_name_variants_and_day_month_swap_sorted_by_score(
        nurse: httpx.Client) -> None:
    swapped = "2016-09-05"  # the twins were born on 09-May-2016
    assert _ids(_search(nurse, family_name="Ashworth", given_name="Katherine",
                        dob=swapped)) == []
    rows = _search(nurse, family_name="Ashworth", given_name="Katherine", dob=swapped,
                   mode="widened").json()["results"]
    ids = [r["directory_id"] for r in rows]
    assert fixtures.TWIN_KATE.directory_id in ids and fixtures.TWIN_KATIE.directory_id in ids
    assert all(r["match"] == "close" and r["score"] < 1 for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    exact_dob = _search(nurse, family_name="Ashworth", given_name="Katherine",
                        dob="2016-05-09", mode="widened").json()["results"]
    swap_score = next(r["score"] for r in rows if r["directory_id"] == ids[0])
    assert exact_dob[0]["score"] > swap_score


def test_widened_search_keeps_exact_matches_first(nurse: httpx.Client) -> None:
    rows = _search(nurse, family_name="Ashworth", given_name="Kate", dob="2016-05-09",
                   mode="widened").json()["results"]
    assert rows[0]["directory_id"] == fixtures.TWIN_KATE.directory_id
    assert (rows[0]["match"], rows[0]["score"]) == ("exact", 1.0)
    katie = next(r for r in rows if r["directory_id"] == fixtures.TWIN_KATIE.directory_id)
    assert katie["match"] == "close"


def test_more_than_fifty_matches_is_too_many_without_a_list(nurse: httpx.Client) -> None:
    response = _search(nurse, family_name=fixtures.CROWD_FAMILY_NAME,
                       dob_from=fixtures.CROWD_DOB_FROM.isoformat(),
                       dob_to=fixtures.CROWD_DOB_TO.isoformat())
    assert response.json() == {"too_many": True, "count": None, "results": []}


def test_shielded_child_found_without_locality_but_never_by_postcode(
        nurse: httpx.Client) -> None:
    rows = _search(nurse, family_name="Brennan", dob="2015-03-02").json()["results"]
    shielded = next(r for r in rows if r["directory_id"] == fixtures.SHIELDED.directory_id)
    assert shielded["shielded"] is True
    assert "locality" not in shielded
    for postcode in ("WN2 3HT", "WN2*"):
        assert fixtures.SHIELDED.directory_id not in _ids(
            _search(nurse, family_name="Brennan", dob="2015-03-02", postcode=postcode))
    assert fixtures.SHIELDED.directory_id not in _ids(
        _search(nurse, directory_id=fixtures.SHIELDED.directory_id, postcode="WN2 3HT"))


def test_archived_children_never_returned_to_anyone(directory: Directory,
                                                           nurse: httpx.Client) -> None:
    criteria = {"family_name": "Thornber", "dob": fixtures.ARCHIVED.dob.isoformat()}
    assert fixtures.ARCHIVED.directory_id not in _ids(_search(nurse, **criteria))
    assert _ids(_search(nurse, directory_id=fixtures.ARCHIVED.directory_id)) == []
    manager = directory.client("manager")
    assert fixtures.ARCHIVED.directory_id not in _ids(_search(manager, **criteria))


def test_care_leaver_with_consent_is_searchable(nurse: httpx.Client) -> None:
    response = _search(nurse, family_name="Whitlock", dob=fixtures.CARE_LEAVER.dob.isoformat())
    assert fixtures.CARE_LEAVER.directory_id in _ids(response)


def test_sensitive_services_never_indicated_in_results(nurse: httpx.Client) -> None:
    response = _search(nurse, family_name="Nowak", dob="2009-11-23")
    assert _ids(response) == [fixtures.SENSITIVE.directory_id]
    assert set(response.json()["results"][0]) == SUMMARY_KEYS
    assert "sensitive" not in response.text.lower()
    assert "mental" not in response.text.lower()


def test_every_search_audited_with_criteria_and_returned_ids(directory: Directory) -> None:
    client = directory.client("practitioner", username="auditor.check")
    before = directory.last_seq()
    _search(client, family_name="Doe", dob="2011-07-14")
    _search(client, family_name="Doe")
    entries = [e for e in directory.audit(before) if e["username"] == "auditor.check"]
    ok, refused = entries
    assert ok["action"] == "search" and ok["outcome"] == "ok"
    assert ok["detail"]["criteria"] == {"family_name": "Doe", "dob": "2011-07-14",
                                        "mode": "exact"}
    assert ok["detail"]["returned"] == [fixtures.BOLTON_AE.directory_id]
    assert ok["role"] == "practitioner"
    assert refused["outcome"] == "refused:criteria_insufficient"


def test_sixty_searches_per_user_then_429_with_retry_after(directory: Directory) -> None:
    client = directory.client("practitioner")
    for _ in range(60):
        assert _search(client, family_name="Doe", dob="2011-07-14").status_code == 200
    refused = _search(client, family_name="Doe", dob="2011-07-14")
    assert refused.status_code == 429
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert 0 < error["retry_after"] <= 600
    assert refused.headers["Retry-After"] == str(error["retry_after"])
    assert "results" not in refused.json()
    other = directory.client("practitioner")
    assert _search(other, family_name="Doe", dob="2011-07-14").status_code == 200
