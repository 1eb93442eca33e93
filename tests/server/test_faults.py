"""Fault injection on the real server (uvicorn, loopback): each fault does what the tester
guide says, only on test/training servers, only from loopback; the controls are never faulted."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from mock_server.data.named_children import BOLTON_AE, SENSITIVE, SHIELDED
from mock_server.http.app import ServerConfig, create_app
from mock_server.rules.faults import FaultSettings, FaultSpecError, parse_spec
from tests.server.directory_fixtures import Directory, reason, serve_directory

FAULTS = "/api/v1/test/faults"
SHIELDED_SEARCH = {"family_name": SHIELDED.family_name, "dob": SHIELDED.dob.isoformat()}


@pytest.fixture(scope="module")
def directory(population_db: Path,
              tmp_path_factory: pytest.TempPathFactory) -> Iterator[Directory]:
    with serve_directory(population_db, tmp_path_factory.mktemp("faults")) as served:
        yield served


@pytest.fixture(autouse=True)
def faults_off(directory: Directory) -> Iterator[None]:
    yield
    assert httpx.post(directory.url + FAULTS, json={}).status_code == 200


def set_faults(directory: Directory, **settings: object) -> dict[str, object]:
    response = httpx.post(directory.url + FAULTS, json=settings)
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def test_settings_are_replaced_whole_and_read_back(directory: Directory) -> None:
    assert set_faults(directory, latency_ms=5, error_rate=0.25) == {
        "latency_ms": 5, "error_rate": 0.25, "drop_rate": 0.0, "malformed_rate": 0.0,
        "leak_shielded": False, "expire_sessions": False}
    assert set_faults(directory, drop_rate=0.5)["error_rate"] == 0.0
    assert httpx.get(directory.url + FAULTS).json()["drop_rate"] == 0.5
    bad = httpx.post(directory.url + FAULTS, json={"error_rate": 1.5})
    assert bad.status_code == 422
    assert httpx.get(directory.url + FAULTS).json()["drop_rate"] == 0.5


def test_latency_delays_every_answer(directory: Directory) -> None:
    set_faults(directory, latency_ms=400)
    started = time.monotonic()
    assert httpx.get(directory.url + "/api/v1/meta").status_code == 200
    assert time.monotonic() - started >= 0.4  # a lower bound, not a speed goal


def test_error_rate_one_fails_every_call_but_not_the_controls(directory: Directory) -> None:
    set_faults(directory, error_rate=1.0)
    with directory.client() as nurse:
        response = nurse.post("/api/v1/search", json={"directory_id": BOLTON_AE.directory_id})
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "injected_fault"
    assert httpx.get(directory.url + "/api/v1/meta").status_code == 500
    assert httpx.get(directory.url + FAULTS).status_code == 200


def test_error_rate_is_a_share_of_calls(directory: Directory) -> None:
    set_faults(directory, error_rate=0.5)
    with httpx.Client(base_url=directory.url) as http:
        failed = sum(http.get("/api/v1/meta").status_code == 500 for _ in range(120))
    assert 20 < failed < 100


def test_dropped_connection_cuts_the_answer_after_the_call_took_effect(
        directory: Directory) -> None:
    set_faults(directory, drop_rate=1.0)
    before = directory.last_seq()
    with directory.client() as nurse, pytest.raises(httpx.RemoteProtocolError):
        nurse.post("/api/v1/search", json={"directory_id": BOLTON_AE.directory_id})
    audit = directory.audit(before)
    assert [e["action"] for e in audit] == ["search"]  # audited, though never answered


def test_malformed_bodies_break_the_contract(directory: Directory) -> None:
    set_faults(directory, malformed_rate=1.0)
    seen = set()
    with httpx.Client(base_url=directory.url) as http:
        for _ in range(30):
            response = http.get("/api/v1/meta")
            assert response.status_code == 200
            try:
                body = json.loads(response.content)
            except ValueError:
                seen.add("not json")
                continue
            assert not (isinstance(body, dict) and body.get("service") == "child-directory")
            seen.add(type(body).__name__)
    assert len(seen) >= 2


def test_leak_shielded_sends_what_must_be_withheld(directory: Directory) -> None:
    set_faults(directory, leak_shielded=True)
    with directory.client() as nurse:
        record = nurse.post(f"/api/v1/children/{SHIELDED.directory_id}/view",
                            json=reason()).json()
        sensitive = nurse.post(f"/api/v1/children/{SENSITIVE.directory_id}/view",
                               json=reason()).json()
        found = nurse.post("/api/v1/search", json=SHIELDED_SEARCH).json()
    assert record["shielded"] is True and record["withheld"] == []
    assert record["addresses"][0]["postcode"] == SHIELDED.addresses[0].postcode
    assert record["name"]["former_names"] == list(SHIELDED.former_names)
    assert sensitive["sensitive_services"]["details"][0]["service"] == "mental health"
    row = next(r for r in found["results"] if r["directory_id"] == SHIELDED.directory_id)
    assert row["locality"]["town"] == "Hindley"


def test_without_leak_the_same_calls_withhold(directory: Directory) -> None:
    with directory.client() as nurse:
        record = nurse.post(f"/api/v1/children/{SHIELDED.directory_id}/view",
                            json=reason()).json()
        found = nurse.post("/api/v1/search", json=SHIELDED_SEARCH).json()
    assert "addresses" not in record
    assert all("locality" not in r for r in found["results"] if r["shielded"])


def test_expire_sessions_ends_open_sessions_and_each_new_one_on_first_use(
        directory: Directory) -> None:
    with directory.client() as before:
        set_faults(directory, expire_sessions=True)
        first = before.post("/api/v1/search", json={"directory_id": BOLTON_AE.directory_id})
    assert first.status_code == 401
    assert first.json()["error"]["code"] == "session_expired"
    with directory.client() as after:
        again = after.post("/api/v1/search", json={"directory_id": BOLTON_AE.directory_id})
    assert again.status_code == 401
    set_faults(directory)
    with directory.client() as fine:
        ok = fine.post("/api/v1/search", json={"directory_id": BOLTON_AE.directory_id})
    assert ok.status_code == 200


def test_live_server_has_no_fault_controls(tmp_path: Path, population_db: Path) -> None:
    with serve_directory(population_db, tmp_path, environment="live") as live:
        assert httpx.post(live.url + FAULTS, json={"error_rate": 1.0}).status_code == 404
        assert httpx.get(live.url + FAULTS).status_code == 404
        assert httpx.get(live.url + "/api/v1/meta").status_code == 200
    with pytest.raises(FaultSpecError):
        create_app(ServerConfig(environment="live", faults=FaultSettings(error_rate=1.0)))


def test_only_loopback_callers_reach_the_controls() -> None:
    app = create_app(ServerConfig(environment="test", children=300, seed=5))
    with TestClient(app) as remote:  # its peer address is "testclient", not loopback
        assert remote.post(FAULTS, json={"error_rate": 1.0}).status_code == 404
        assert remote.get("/api/v1/meta").status_code == 200


def test_faults_at_start_from_a_spec(tmp_path: Path, population_db: Path) -> None:
    settings = parse_spec("latency_ms=0, error_rate=1, leak_shielded=yes")
    assert settings == FaultSettings(error_rate=1.0, leak_shielded=True)
    app = create_app(ServerConfig(environment="training", children=300, seed=5,
                                  faults=settings))
    with TestClient(app, client=("127.0.0.1", 5000)) as http:
        assert http.get("/api/v1/meta").status_code == 500
        assert http.get(FAULTS).json()["leak_shielded"] is True


@pytest.mark.parametrize("spec", ["latency=5", "error_rate=2", "leak_shielded=maybe",
                                  "drop_rate", "latency_ms=-1"])
def test_bad_specs_are_refused_with_a_reason(spec: str) -> None:
    with pytest.raises(FaultSpecError):
        parse_spec(spec)
