"""Each training scenario's expected findings hold on a running training server, and the
trainer's guide covers every scenario."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mock_server.data.scenarios import SCENARIOS, scenario
from tests.server.directory_fixtures import Directory, reason, serve_directory

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "training.md"


@pytest.fixture(scope="module")
def sandbox(population_db: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    with serve_directory(population_db, tmp_path_factory.mktemp("scenarios"),
                         environment="training") as served:
        yield served


@pytest.fixture(scope="module")
def trainee(sandbox: Directory) -> Iterator[httpx.Client]:
    with sandbox.client("practitioner") as client:
        yield client


def search(client: httpx.Client, key: str, **extra: str) -> list[dict[str, Any]]:
    response = client.post("/api/v1/search", json={**scenario(key).search, **extra})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def view(client: httpx.Client, key: str, index: int = 0) -> dict[str, Any]:
    child = scenario(key).children[index]
    response = client.post(f"/api/v1/children/{child.directory_id}/view", json=reason())
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


def people(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {inv["practitioner"]: inv for inv in record.get("involvements", [])}


def test_ae_teenager(trainee: httpx.Client) -> None:
    assert [r["directory_id"] for r in search(trainee, "ae-teenager")] == ["9997773454"]
    record = view(trainee, "ae-teenager")
    assert [(p["name"], p["parental_responsibility"]) for p in record["parents_carers"]] == [
        ("John Doe", True), ("Mary Doe", True)]
    assert all(p["phone"] for p in record["parents_carers"])
    assert record["education"]["name"] == "Moorside High School"
    assert record["gp_practice"]["name"] == "Deane Road Surgery"
    ward = people(record)["Paul Ward"]
    assert ward["lead_professional"] and ward["caf_holder"]
    assert "Grace Lomax" in people(record)
    assert record["caf"] == {"exists": True}
    assert record["name"]["known_as"] == "Jenny"
    assert record["name"]["former_names"] == ["Jane Smith"]


def test_kelly(trainee: httpx.Client) -> None:
    assert len(search(trainee, "kelly")) == 1
    involved = people(view(trainee, "kelly"))
    assert involved["Marcus Reid"]["ended"] is None
    assert involved["Helen Crompton"]["ended"] is not None
    assert "Sean Kay" not in involved


def test_shielded(trainee: httpx.Client) -> None:
    (row,) = search(trainee, "shielded")
    assert row["shielded"] is True and "locality" not in row
    assert search(trainee, "shielded", postcode="WN2 3HT") == []
    record = view(trainee, "shielded")
    assert set(record) & {"addresses", "parents_carers", "education", "involvements"} == set()
    assert "local_authority" not in record and "Wigan" not in str(record)
    assert record["contact_team"]["name"]  # the trainee's own area's team


def test_sensitive(trainee: httpx.Client, sandbox: Directory) -> None:
    record = view(trainee, "sensitive")
    assert "Leon Hardy" in people(record)
    assert record["sensitive_services"] == {"involved": True}
    assert "Natt" not in str(record)
    with sandbox.client("manager") as manager:
        details = view(manager, "sensitive")["sensitive_services"]["details"]
    assert [d["service"] for d in details] == ["mental health"]


def test_twins(trainee: httpx.Client) -> None:
    both = search(trainee, "twins")
    assert sorted(r["given_names"] for r in both) == ["Kate Elizabeth", "Katie Louise"]
    assert [r["given_names"] for r in search(trainee, "twins", given_name="Kate")] == [
        "Kate Elizabeth"]
    widened = search(trainee, "twins", given_name="Kate", mode="widened")
    matches = {r["given_names"]: r["match"] for r in widened}
    assert matches.get("Katie Louise") == "close"


def test_two_addresses(trainee: httpx.Client) -> None:
    record = view(trainee, "two-addresses")
    current = [a["town"] for a in record["addresses"] if a["current"]]
    assert sorted(current) == ["Bolton", "Wigan"]
    assert len({p["address"] for p in record["parents_carers"]}) == 2


def test_care_leaver(trainee: httpx.Client) -> None:
    assert len(search(trainee, "care-leaver")) == 1
    record = view(trainee, "care-leaver")
    assert people(record)["Tanya Booth"]["lead_professional"] is True
    assert record["gender"] == "not_specified"


def test_archived(trainee: httpx.Client) -> None:
    assert search(trainee, "archived") == []


def test_every_scenario_is_tested_and_in_the_trainers_guide() -> None:
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals()
              if name.startswith("test_") and name != "test_every_scenario_is_tested_and_in"
              "_the_trainers_guide"}
    guide = GUIDE.read_text(encoding="utf-8")
    for item in SCENARIOS:
        assert item.key in tested, item.key
        assert item.title in guide, item.title
        for finding in item.findings:
            assert finding in guide, finding
