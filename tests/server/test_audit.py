"""Audit trail: hash chain, tamper detection (verify-audit), append-only, fail closed (503)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from mock_server.__main__ import main
from mock_server.data import named_children as fixtures
from mock_server.data.audit import GENESIS, canonical, entry_hash, verify
from tests.server.directory_fixtures import Directory, reason, serve_directory

AE = fixtures.BOLTON_AE.directory_id


@pytest.fixture(scope="module")
def audited(directory: Directory) -> Directory:
    nurse = directory.client("practitioner", username="chain.nurse")
    for _ in range(3):
        nurse.post("/api/v1/search", json={"family_name": "Doe", "dob": "2011-07-14"})
        nurse.post(f"/api/v1/children/{AE}/view", json=reason())
    nurse.post(f"/api/v1/children/{AE}/view", json={})
    return directory


@pytest.fixture
def snapshot(audited: Directory, tmp_path: Path) -> Path:
    """A consistent copy of the live database (WAL included) to tamper with."""
    copy = tmp_path / "copy.sqlite3"
    source = sqlite3.connect(audited.db_path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    return copy


def _tamper(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.close()


def test_chain_is_well_formed(audited: Directory, snapshot: Path) -> None:
    entries = audited.audit()
    assert len(entries) >= 7
    prev = GENESIS
    for entry in entries:
        rest = {k: v for k, v in entry.items() if k not in ("prev_hash", "hash")}
        assert entry["prev_hash"] == prev
        assert entry["hash"] == entry_hash(prev, rest)
        prev = entry["hash"]
    result = verify(snapshot)
    assert result.ok and result.entries == len(entries) and result.problem is None


def test_hash_covers_canonical_json_of_the_rest() -> None:
    rest = {"seq": 1, "b": "é", "a": [1, 2]}
    assert canonical(rest) == '{"a":[1,2],"b":"é","seq":1}'


def _swap_rows(db: Path, a: int, b: int) -> None:
    conn = sqlite3.connect(db)
    cols = "at, username, role, action, directory_id, reason_code, detail, outcome, prev_hash, hash"
    select = f"SELECT {cols} FROM audit WHERE seq = ?"  # noqa: S608
    row_a = conn.execute(select, (a,)).fetchone()
    row_b = conn.execute(select, (b,)).fetchone()
    conn.close()
    sets = ", ".join(f"{c.strip()} = ?" for c in cols.split(","))
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    update = f"UPDATE audit SET {sets} WHERE seq = ?"  # noqa: S608
    conn.execute(update, (*row_b, a))
    conn.execute(update, (*row_a, b))
    conn.close()


def _insert_forged(db: Path, after: int) -> None:
    """Renumber the later entries and insert a well-formed entry linked to its predecessor."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    last = conn.execute("SELECT max(seq) FROM audit").fetchone()[0]
    for seq in range(last, after, -1):
        conn.execute("UPDATE audit SET seq = seq + 1 WHERE seq = ?", (seq,))
    prev = conn.execute("SELECT hash FROM audit WHERE seq = ?", (after,)).fetchone()[0]
    rest = {"seq": after + 1, "at": "2026-01-01T00:00:00.000000Z", "username": "forger",
            "role": "manager", "action": "view", "directory_id": AE, "reason_code": "other",
            "detail": {}, "outcome": "ok"}
    conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 (after + 1, rest["at"], "forger", "manager", "view", AE, "other", "{}", "ok",
                  prev, entry_hash(prev, rest)))
    conn.close()


TAMPERS: dict[str, Callable[[Path], None]] = {
    "modified": lambda db: _tamper(db, "UPDATE audit SET outcome = 'ok' WHERE seq = 7"),
    "modified detail": lambda db: _tamper(
        db, "UPDATE audit SET detail = '{\"returned\":[]}' WHERE seq = 1"),
    "deleted": lambda db: _tamper(db, "DELETE FROM audit WHERE seq = 3"),
    "deleted and renumbered": lambda db: _tamper(
        db, "DELETE FROM audit WHERE seq = 3",
        *[f"UPDATE audit SET seq = {n - 1} WHERE seq = {n}"  # noqa: S608
          for n in range(4, 8)]),
    "deleted from the end": lambda db: _tamper(
        db, "DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)"),
    "reordered": lambda db: _swap_rows(db, 2, 3),
    "inserted": lambda db: _insert_forged(db, 2),
}


@pytest.mark.parametrize("case", sorted(TAMPERS))
def test_verify_detects_tampering(snapshot: Path, case: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-audit", "--db", str(snapshot)]) == 0
    assert "intact" in capsys.readouterr().out
    TAMPERS[case](snapshot)
    result = verify(snapshot)
    assert not result.ok and result.problem
    assert main(["verify-audit", "--db", str(snapshot)]) == 1
    assert "BROKEN" in capsys.readouterr().err


def test_verify_audit_command_exit_status(snapshot: Path) -> None:
    command = [sys.executable, "-m", "mock_server", "verify-audit", "--db", str(snapshot)]
    ok = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert ok.returncode == 0, ok.stderr
    TAMPERS["modified"](snapshot)
    broken = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    assert broken.returncode == 1
    assert "entry 7 has been modified" in broken.stderr


def test_audit_table_refuses_update_and_delete(snapshot: Path) -> None:
    conn = sqlite3.connect(snapshot)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET outcome = 'ok'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit")
    conn.close()


@pytest.fixture
def fresh(population_db: Path, tmp_path: Path) -> Iterator[Directory]:
    with serve_directory(population_db, tmp_path) as served:
        yield served


def test_fail_closed_when_the_audit_cannot_be_written(fresh: Directory) -> None:
    nurse = fresh.client("practitioner")
    blocker = sqlite3.connect(fresh.db_path, isolation_level=None)
    blocker.execute("CREATE TRIGGER audit_block BEFORE INSERT ON audit"
                    " BEGIN SELECT RAISE(ABORT, 'disk says no'); END")
    try:
        search = nurse.post("/api/v1/search", json={"family_name": "Doe", "dob": "2011-07-14"})
        view = nurse.post(f"/api/v1/children/{AE}/view", json=reason())
        for response in (search, view):
            assert response.status_code == 503
            assert response.json()["error"]["code"] == "audit_unavailable"
            assert "Doe" not in response.text and AE not in response.text
            assert "disk says no" not in response.text
    finally:
        blocker.execute("DROP TRIGGER audit_block")
        blocker.close()
    ok = nurse.post(f"/api/v1/children/{AE}/view", json=reason())
    assert ok.status_code == 200
    assert verify(fresh.db_path).ok
    assert [e["action"] for e in fresh.audit()] == ["view"]


def test_audit_endpoint_absent_in_live(population_db: Path, tmp_path: Path) -> None:
    with serve_directory(population_db, tmp_path, environment="live") as live:
        response = httpx.get(f"{live.url}/api/v1/test/audit")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_audit_endpoint_refuses_non_loopback_callers(fresh: Directory) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about its httpx dependency
        from starlette.testclient import TestClient

        remote = TestClient(fresh.app, client=("203.0.113.9", 50000))
        assert remote.get("/api/v1/test/audit").status_code == 404
        local = TestClient(fresh.app, client=("127.0.0.1", 50000))
        body = local.get("/api/v1/test/audit").json()
    assert set(body) == {"entries", "head"}


def test_audit_entries_have_the_api_md_fields(audited: Directory) -> None:
    entry = audited.audit()[0]
    assert set(entry) == {"seq", "at", "username", "role", "action", "directory_id",
                          "reason_code", "detail", "outcome", "prev_hash", "hash"}
    assert entry["at"].endswith("Z")
    assert entry["seq"] == 1 and entry["prev_hash"] == GENESIS
