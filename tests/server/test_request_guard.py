"""Hostile request bodies against the real mock server (issue 14, findings 8–10): a lone
UTF-16 surrogate, bodies far over any real size, an unhandled error, the bearer scheme in
another case, and secrets for the admin commands without the command line."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mock_server.data import named_children as fixtures
from mock_server.rules.sessions import SessionRole
from tests.server.directory_fixtures import Directory, serve_directory

SURROGATE_SEARCH = b'{"family_name": "Sm\\ud800ith", "dob": "2011-07-14"}'


@pytest.fixture(scope="module")
def served(population_db: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Directory]:
    with serve_directory(population_db, tmp_path_factory.mktemp("guard")) as directory:
        yield directory


@pytest.fixture
def nurse(served: Directory) -> Iterator[httpx.Client]:
    with served.client("practitioner", username="guard.nurse") as client:
        yield client


def post_raw(client: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return client.post(path, content=body, headers={"Content-Type": "application/json"})


def error_code(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


def test_a_lone_surrogate_is_refused_audited_and_the_server_keeps_serving(
        served: Directory, nurse: httpx.Client) -> None:
    before = served.last_seq()
    refused = post_raw(nurse, "/api/v1/search", SURROGATE_SEARCH)
    assert refused.status_code == 400 and error_code(refused) == "invalid_text"
    view = post_raw(nurse, f"/api/v1/children/{fixtures.BOLTON_AE.directory_id}/view",
                    b'{"reason": {"code": "other", "text": "checking \\udfff the record"}}')
    assert view.status_code == 400 and error_code(view) == "invalid_text"
    # At once, an audited search and an audited write succeed: nothing was left open.
    ok = nurse.post("/api/v1/search", json={"family_name": "Doe", "dob": "2011-07-14"})
    assert ok.status_code == 200, ok.text
    made = nurse.post(f"/api/v1/children/{fixtures.KELLY.directory_id}/inaccuracies",
                      json={"section": "addresses", "description": "The address is old now"})
    assert made.status_code == 201, made.text
    entries = [e for e in served.audit(before) if e["username"] == "guard.nurse"]
    assert [(e["action"], e["outcome"]) for e in entries][:2] == [
        ("request", "refused:invalid_text"), ("request", "refused:invalid_text")]
    assert entries[0]["detail"] == {"method": "POST", "path": "/api/v1/search"}


def test_oversized_bodies_are_refused_before_anything_is_stored(
        served: Directory, nurse: httpx.Client) -> None:
    size_before = served.db_path.stat().st_size
    before = served.last_seq()
    huge_reason = b'{"reason": {"code": "other", "text": "' + b"x" * (10 * 1024 * 1024) + b'"}}'
    response = post_raw(nurse, f"/api/v1/children/{fixtures.KELLY.directory_id}/view",
                        huge_reason)
    assert response.status_code == 413 and error_code(response) == "body_too_large"
    long_name = nurse.post("/api/v1/search", json={"family_name": "x" * 5000,
                                                   "dob": "2011-07-14"})
    assert long_name.status_code == 422  # under the body cap, over the field limit
    long_reason = nurse.post(f"/api/v1/children/{fixtures.KELLY.directory_id}/view",
                             json={"reason": {"code": "other", "text": "y" * 3000}})
    assert long_reason.status_code == 422
    assert served.last_seq() == before  # none of it reached the audit trail
    conn = sqlite3.connect(served.db_path)
    try:
        longest = conn.execute("SELECT max(length(detail)) FROM audit").fetchone()[0] or 0
    finally:
        conn.close()
    assert longest < 4096
    assert served.db_path.stat().st_size < size_before + 1024 * 1024


def test_an_unhandled_error_answers_in_the_json_shape(served: Directory) -> None:
    def boom() -> None:
        raise RuntimeError("a bug")

    served.app.add_api_route("/api/v1/test/boom", boom)
    response = httpx.get(f"{served.url}/api/v1/test/boom")
    assert response.status_code == 500
    assert response.json() == {"error": {"code": "server_error", "message":
                                         "The service had a problem. Try again shortly."}}


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_bearer_scheme_is_matched_without_regard_to_case_everywhere(
        served: Directory, scheme: str) -> None:
    session = served.app.state.sessions.create(
        "case.nurse", (SessionRole("r1", "practitioner", "Hospital", "Bolton"),))
    headers = {"Authorization": f"{scheme} {session.token}"}
    assert httpx.get(f"{served.url}/api/v1/auth/session", headers=headers).status_code == 200
    assert httpx.get(f"{served.url}/api/v1/me/activity", headers=headers).status_code == 200
    assert httpx.post(f"{served.url}/api/v1/search", headers=headers,
                      json={"family_name": "Doe", "dob": "2011-07-14"}).status_code == 200


def test_users_add_reads_the_password_from_standard_input(tmp_path: Path) -> None:
    from mock_server.data.users import UserStore

    db = tmp_path / "d.sqlite3"
    UserStore(db).close()
    done = subprocess.run(
        [sys.executable, "-m", "mock_server", "users", "add", "stdin.user", "--role",
         "practitioner", "--organisation", "Royal Bolton Hospital", "--local-authority",
         "Bolton", "--db", str(db)],
        input="Stdin-secret-2026\n", capture_output=True, text=True, timeout=60,
        env={**os.environ}, check=False)
    assert done.returncode == 0, done.stderr
    assert "Stdin-secret-2026" not in done.stdout + done.stderr
    store = UserStore(db)
    try:
        assert store.check_password("stdin.user", "Stdin-secret-2026") is not None
    finally:
        store.close()
    empty = subprocess.run(
        [sys.executable, "-m", "mock_server", "users", "add", "nobody.user", "--role",
         "practitioner", "--organisation", "X", "--local-authority", "Bolton", "--db", str(db)],
        input="", capture_output=True, text=True, timeout=60, check=False)
    assert empty.returncode == 1 and empty.stderr.strip() == "No password was given."
