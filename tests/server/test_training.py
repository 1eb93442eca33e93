"""Training reset on a running server: every table but the audit trail back to the exact
starting state (digests), the audit chain kept and extended, trainee sessions ended."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mock_server.data.audit import verify
from mock_server.data.named_children import BOLTON_AE
from mock_server.data.sandbox import sandbox_digest
from mock_server.data.users import UserStore
from mock_server.rules.sessions import SessionRole
from tests.server.directory_fixtures import Directory, reason, serve_directory

RESET = "/api/v1/training/reset"


@pytest.fixture
def sandbox(population_db: Path, tmp_path: Path) -> Iterator[Directory]:
    with serve_directory(population_db, tmp_path, environment="training") as served:
        users = UserStore(served.db_path, kdf_n=2)
        users.add("trainer.one", "Trainer-pass-1", "trainer", "Training", "Bolton")
        users.add("trainee01", "Trainee-pass-1", "practitioner", "Training room", "Bolton")
        users.close()
        yield served


def signed_in(directory: Directory, username: str, role: str) -> httpx.Client:
    session = directory.app.state.sessions.create(
        username, (SessionRole("r1", role, "Training", "Bolton"),))
    return httpx.Client(base_url=directory.url, timeout=60,
                        headers={"Authorization": f"Bearer {session.token}"})


def change_everything(db: Path) -> None:
    """What a class does to a sandbox, and worse: edits, additions, deletions, new tables."""
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("UPDATE children SET family_name = 'Changed' WHERE directory_id = ?",
                     (BOLTON_AE.directory_id,))
        conn.execute("INSERT INTO involvements (child_id, practitioner_id, service, since,"
                     " ended, lead_professional, caf_holder, sensitive)"
                     " VALUES (1, 1, 'housing', '2026-01-01', NULL, 0, 0, 0)")
        conn.execute("UPDATE involvements SET ended = '2026-02-02' WHERE involvement_id = 3")
        conn.execute("DELETE FROM addresses WHERE rowid IN (SELECT rowid FROM addresses"
                     " LIMIT 5)")
        conn.execute("DELETE FROM former_names")
        conn.execute("CREATE TABLE IF NOT EXISTS queue_items (reference TEXT PRIMARY KEY,"
                     " text TEXT)")
        conn.execute("INSERT INTO queue_items VALUES ('SCR-000001', 'please call')")
        conn.execute("COMMIT")
    finally:
        conn.close()


def test_reset_restores_every_table_but_the_audit_trail_exactly(sandbox: Directory) -> None:
    start = sandbox_digest(sandbox.db_path)
    with signed_in(sandbox, "trainee01", "practitioner") as trainee:
        assert trainee.post(f"/api/v1/children/{BOLTON_AE.directory_id}/view",
                            json=reason()).status_code == 200
        change_everything(sandbox.db_path)
        changed = trainee.post(f"/api/v1/children/{BOLTON_AE.directory_id}/view",
                               json=reason()).json()
        assert changed["name"]["family_name"] == "Changed"
        touched = sandbox_digest(sandbox.db_path)
        assert {t for t in start if touched[t] != start[t]} >= {
            "children", "involvements", "addresses", "former_names"}
        audit_before = sandbox.audit()

        with signed_in(sandbox, "trainer.one", "trainer") as trainer:
            assert trainer.post(RESET).status_code == 204
            after = sandbox_digest(sandbox.db_path)
            assert {t: after[t] for t in start} == start
            assert after["queue_items"] == sandbox_digest(sandbox.db_path)["queue_items"]
            conn = sqlite3.connect(sandbox.db_path)
            assert conn.execute("SELECT count(*) FROM queue_items").fetchone()[0] == 0
            conn.close()

            # the trainee was signed out; the trainer carries on
            gone = trainee.post("/api/v1/search", json={"directory_id": BOLTON_AE.directory_id})
            assert gone.status_code == 401
            seen = trainer.post(f"/api/v1/children/{BOLTON_AE.directory_id}/view",
                                json=reason()).json()
            assert seen["name"]["family_name"] == BOLTON_AE.family_name
            assert seen["name"]["former_names"] == list(BOLTON_AE.former_names)

    audit_after = sandbox.audit()
    assert audit_after[: len(audit_before)] == audit_before  # history kept, not rewritten
    resets = [e for e in audit_after if e["action"] == "training-reset"]
    assert [(e["username"], e["outcome"]) for e in resets] == [("trainer.one", "ok")]
    assert verify(sandbox.db_path).ok


def test_reset_twice_is_the_same_starting_state(sandbox: Directory) -> None:
    start = sandbox_digest(sandbox.db_path)
    with signed_in(sandbox, "trainer.one", "trainer") as trainer:
        assert trainer.post(RESET).status_code == 204
        assert trainer.post(RESET).status_code == 204
    assert sandbox_digest(sandbox.db_path) == start


def test_only_a_trainer_may_reset(sandbox: Directory) -> None:
    start = sandbox_digest(sandbox.db_path)
    change_everything(sandbox.db_path)
    with signed_in(sandbox, "trainee01", "practitioner") as trainee:
        refused = trainee.post(RESET)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    assert sandbox_digest(sandbox.db_path)["children"] != start["children"]
    assert sandbox.audit()[-1]["outcome"] == "refused:forbidden"
    assert httpx.post(sandbox.url + RESET).status_code == 401


def test_no_reset_outside_a_training_server(population_db: Path, tmp_path: Path) -> None:
    with (serve_directory(population_db, tmp_path, environment="test") as test_server,
          signed_in(test_server, "trainer.one", "trainer") as trainer):
        assert trainer.post(RESET).status_code == 404


def test_cli_reset_in_place_while_the_server_runs(sandbox: Directory,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    from mock_server.__main__ import main

    start = sandbox_digest(sandbox.db_path)
    with signed_in(sandbox, "trainee01", "practitioner") as trainee:
        trainee.post(f"/api/v1/children/{BOLTON_AE.directory_id}/view", json=reason())
        change_everything(sandbox.db_path)
        audit_before = sandbox.audit()
        assert main(["reset", "--in-place", "--db", str(sandbox.db_path)]) == 0
        assert "back to the starting state" in capsys.readouterr().out
        assert {t: d for t, d in sandbox_digest(sandbox.db_path).items() if t in start} == start
        seen = trainee.post(f"/api/v1/children/{BOLTON_AE.directory_id}/view",
                            json=reason()).json()
    assert seen["name"]["family_name"] == BOLTON_AE.family_name
    assert sandbox.audit()[: len(audit_before)] == audit_before
    assert verify(sandbox.db_path).ok


def test_cli_refuses_bad_fault_specs_and_faults_on_live(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mock_server.__main__ import main

    db = tmp_path / "never.sqlite3"
    assert main(["serve", "--db", str(db), "--faults", "gremlins=1"]) == 2
    assert "unknown fault" in capsys.readouterr().err
    assert main(["serve", "--db", str(db), "--environment", "live",
                 "--faults", "error_rate=1"]) == 2
    assert "never live" in capsys.readouterr().err
    assert not db.exists()
