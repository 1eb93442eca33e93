"""Signed audit checkpoints: a database holder who rewrites, re-hashes or cuts the trail is caught.

A real server (uvicorn, lifespan) writes a trail of 120 entries; its key and checkpoint log sit
beside the real SQLite file. Each attack works on a copy of the three files, with a raw sqlite3
connection, as someone holding the files would; ``cpdesk-mock verify-audit`` runs in a
subprocess, as an admin would run it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mock_server.__main__ import main
from mock_server.data import named_children as fixtures
from mock_server.data.audit import GENESIS, AuditLog, verify
from mock_server.data.checkpoints import (
    DEFAULT_EVERY,
    CheckpointSigner,
    key_path_for,
    log_path_for,
    verify_trail,
)
from mock_server.data.population import build
from tests.server.directory_fixtures import reason, serve_directory

AE = fixtures.BOLTON_AE.directory_id
TRAIL = 120  # past the checkpoint at 100 (the default interval), then 20 more
_REST = ("seq", "at", "username", "role", "action", "directory_id", "reason_code", "detail",
         "outcome")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _lines(db: Path) -> list[dict[str, Any]]:
    text = log_path_for(db).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines()]


def _head(db: Path) -> tuple[int, str]:
    conn = sqlite3.connect(db)
    try:
        seq, digest = conn.execute("SELECT seq, hash FROM audit_head").fetchone()
    finally:
        conn.close()
    return int(seq), str(digest)


@pytest.fixture(scope="module")
def served_trail(population_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stopped server's database with 120 entries, its key and its checkpoint log."""
    folder = tmp_path_factory.mktemp("checkpointed")
    with serve_directory(population_db, folder) as served:
        nurse = served.client("practitioner", username="checkpoint.nurse")
        for _ in range(3):
            assert nurse.post("/api/v1/search",
                              json={"family_name": "Doe", "dob": "2011-07-14"}).status_code == 200
            assert nurse.post(f"/api/v1/children/{AE}/view", json=reason()).status_code == 200
        log: AuditLog = served.app.state.audit
        while served.last_seq() < TRAIL:
            for _ in range(TRAIL - served.last_seq()):
                log.append(username="checkpoint.nurse", role="practitioner", action="view",
                           outcome="ok", directory_id=AE, reason_code="unscheduled-care",
                           detail={"n": 1})
        assert verify_trail(served.db_path).ok  # checked while the server runs
        db = served.db_path
    return db


@pytest.fixture
def trail(served_trail: Path, tmp_path: Path) -> Path:
    """A copy of the database, its key and its checkpoint log, to attack."""
    copy = tmp_path / "directory.sqlite3"
    source, target = sqlite3.connect(served_trail), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    for beside in (key_path_for, log_path_for):
        shutil.copy2(beside(served_trail), beside(copy))
    return copy


def _verify_audit(db: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mock_server", "verify-audit", "--db", str(db)],
        capture_output=True, text=True, check=False, timeout=60)


def _attacker(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    return conn


def _rehash(conn: sqlite3.Connection) -> str:
    """Recompute every entry's hash and the head exactly as audit.py does (its own code)."""
    prev = GENESIS
    rows = conn.execute(f"SELECT {', '.join(_REST)} FROM audit ORDER BY seq").fetchall()  # noqa: S608
    for row in rows:
        rest = dict(zip(_REST, row, strict=True))
        rest["detail"] = json.loads(rest["detail"])
        canonical = json.dumps(rest, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        digest = hashlib.sha256((prev + canonical).encode("utf-8")).hexdigest()
        conn.execute("UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                     (prev, digest, rest["seq"]))
        prev = digest
    conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (len(rows), prev))
    return prev


def _rewrite(db: Path, seq: int = 5) -> str:
    """Change one entry's detail and re-hash the whole trail; the new head hash."""
    conn = _attacker(db)
    conn.execute("UPDATE audit SET detail = ? WHERE seq = ?", ('{"returned":[]}', seq))
    head = _rehash(conn)
    conn.close()
    return head


def _truncate(db: Path, keep: int) -> None:
    conn = _attacker(db)
    conn.execute("DELETE FROM audit WHERE seq > ?", (keep,))
    digest = conn.execute("SELECT hash FROM audit WHERE seq = ?", (keep,)).fetchone()[0]
    conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", (keep, digest))
    conn.close()


def test_server_writes_start_interval_and_shutdown_checkpoints(served_trail: Path) -> None:
    lines = _lines(served_trail)
    assert [(c["reason"], c["seq"]) for c in lines] == [
        ("start", 0), ("interval", DEFAULT_EVERY), ("shutdown", TRAIL)]
    assert lines[0]["hash"] == GENESIS
    assert (lines[-1]["seq"], lines[-1]["hash"]) == _head(served_trail)
    assert {c["key_id"] for c in lines} == {lines[0]["key_id"]}
    assert set(lines[-1]) == {"v", "seq", "hash", "at", "reason", "every", "key_id", "sig"}


def test_key_and_log_are_owner_only(served_trail: Path, tmp_path: Path) -> None:
    assert _mode(key_path_for(served_trail)) == 0o600
    assert _mode(log_path_for(served_trail)) == 0o600
    previous = os.umask(0)  # the modes must not depend on a careful umask
    try:
        signer = CheckpointSigner.beside(tmp_path / "other.sqlite3")
        signer.write(0, GENESIS, "start")
    finally:
        os.umask(previous)
    assert _mode(key_path_for(tmp_path / "other.sqlite3")) == 0o600
    assert _mode(log_path_for(tmp_path / "other.sqlite3")) == 0o600


def test_intact_trail_names_the_latest_checkpoint(trail: Path) -> None:
    result = _verify_audit(trail)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Audit trail intact: {TRAIL} entries;"
                                    f" latest signed checkpoint verified: entry {TRAIL} at ")
    assert "(shutdown)" in result.stdout and "3 checkpoint(s) checked" in result.stdout


def test_rewritten_and_rehashed_trail_is_tampering(trail: Path) -> None:
    _rewrite(trail)
    assert verify(trail).ok  # the hash chain alone is fooled
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert result.stderr.startswith("Audit trail BROKEN: tampering: entry 100 does not match"
                                    " the checkpoint signed at ")
    assert result.stderr.rstrip().endswith("(the trail was rewritten and re-hashed).")
    assert len(result.stderr.strip().splitlines()) == 1


def test_rewrite_after_the_interval_checkpoint_is_caught_by_the_shutdown_one(
        trail: Path) -> None:
    _rewrite(trail, seq=110)
    assert verify(trail).ok
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert f"tampering: entry {TRAIL} does not match the checkpoint" in result.stderr


@pytest.mark.parametrize("keep", [110, 95])
def test_truncated_trail_is_tampering(trail: Path, keep: int) -> None:
    _truncate(trail, keep)
    assert verify(trail).ok
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"Audit trail BROKEN: tampering: the trail ends at entry {keep} but a checkpoint"
        f" signed at ")
    assert result.stderr.rstrip().endswith(
        f"vouches for entry {TRAIL} (entries removed from the end).")


def _forge_last_line(db: Path, head: str, how: str) -> None:
    log = log_path_for(db)
    lines = log.read_text(encoding="utf-8").splitlines()
    forged = json.loads(lines[-1])
    forged["hash"] = head
    if how == "own key":
        unsigned = {k: v for k, v in forged.items() if k != "sig"}
        message = (b"cpdesk-mock audit checkpoint v1\n"
                   + json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode())
        forged["sig"] = base64.b64encode(Ed25519PrivateKey.generate().sign(message)).decode()
    elif how == "own key id":
        forged["key_id"] = "0123456789abcdef"
    log.write_text("\n".join([*lines[:-1], json.dumps(forged)]) + "\n", encoding="utf-8")


@pytest.mark.parametrize(("how", "expected"), [
    ("kept signature", "has an invalid signature (forged or altered)"),
    ("own key", "has an invalid signature (forged or altered)"),
    ("own key id", "names another key (0123456789abcdef; this database's key is "),
])
def test_forged_checkpoint_is_tampering(trail: Path, how: str, expected: str) -> None:
    head = _rewrite(trail, seq=110)  # then vouch for the rewritten head
    _forge_last_line(trail, head, how)
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert result.stderr.startswith("Audit trail BROKEN: tampering: the checkpoint on line 3"
                                    f" of {log_path_for(trail)} ")
    assert expected in result.stderr


def test_garbled_checkpoint_line_is_reported(trail: Path) -> None:
    with log_path_for(trail).open("a", encoding="utf-8") as log:
        log.write('{"seq": 999\n')
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert f"tampering: line 4 of {log_path_for(trail)} is not a checkpoint" in result.stderr


def test_missing_checkpoint_log_is_reported(trail: Path) -> None:
    log_path_for(trail).unlink()
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert ("tampering: the checkpoint log" in result.stderr
            and "is missing but its signing key exists (the log was removed)" in result.stderr)
    key_path_for(trail).unlink()  # both gone: the trail is longer than one interval
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert f"tampering: {TRAIL} entries but no checkpoint log at" in result.stderr
    assert f"a signed checkpoint is due every {DEFAULT_EVERY} entries" in result.stderr


def test_missing_key_is_reported(trail: Path) -> None:
    key_path_for(trail).unlink()
    result = _verify_audit(trail)
    assert result.returncode == 1
    assert "the checkpoint signing key" in result.stderr and "is missing" in result.stderr


@pytest.fixture
def small_trail(tmp_path: Path) -> Iterator[Path]:
    """A freshly built directory whose AuditLog checkpoints every 10 entries: 35 entries."""
    db = tmp_path / "small.sqlite3"
    build(db, 150, seed=3)
    log = AuditLog(db, checkpoints=CheckpointSigner.beside(db, every=10))
    for n in range(35):
        log.append(username="u", role="practitioner", action="search", outcome="ok",
                   detail={"n": n})
    log.close()
    yield db


def test_interval_is_configurable_and_recorded(small_trail: Path) -> None:
    lines = _lines(small_trail)
    assert [(c["reason"], c["seq"]) for c in lines] == [
        ("start", 0), ("interval", 10), ("interval", 20), ("interval", 30), ("shutdown", 35)]
    assert {c["every"] for c in lines} == {10}
    assert verify_trail(small_trail).ok


def test_checkpoints_cut_from_the_log_are_reported(small_trail: Path) -> None:
    """Drop the log's last lines, then rewrite the entries they vouched for."""
    log = log_path_for(small_trail)
    log.write_text("\n".join(log.read_text().splitlines()[:2]) + "\n")
    _rewrite(small_trail, seq=25)
    result = _verify_audit(small_trail)
    assert result.returncode == 1
    assert ("tampering: entries 11 to 35 have no signed checkpoint though one is written every"
            " 10 entries") in result.stderr


def test_a_failed_checkpoint_never_fails_the_call(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = tmp_path / "fail.sqlite3"
    build(db, 150, seed=3)
    signer = CheckpointSigner.beside(db, every=2)
    signer.log_path = tmp_path / "not-a-file"
    signer.log_path.mkdir()
    log = AuditLog(db, checkpoints=signer)
    with caplog.at_level(logging.WARNING, logger="mock_server.audit"):
        entries = [log.append(username="u", role="practitioner", action="search",
                              outcome="ok") for _ in range(4)]
        log.close()
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert verify(db).ok and verify(db).entries == 4
    assert "audit checkpoint (interval) at entry 2 could not be written" in caplog.text
    assert "audit checkpoint (shutdown) at entry 4 could not be written" in caplog.text


def test_reset_starts_a_fresh_trail_and_keeps_the_log(
        small_trail: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _lines(small_trail)
    assert main(["reset", "--db", str(small_trail)]) == 0
    after = _lines(small_trail)
    assert after[:len(before)] == before  # append-only: the old trail's checkpoints stay
    assert [(c["reason"], c["seq"], c["hash"]) for c in after[len(before):]] == [
        ("reset", 0, GENESIS)]
    capsys.readouterr()
    assert main(["verify-audit", "--db", str(small_trail)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Audit trail intact: 0 entries; latest signed checkpoint verified:"
                          " entry 0 at ")
    assert "(reset)" in out and "since the reset of" in out
    log = AuditLog(small_trail, checkpoints=CheckpointSigner.beside(small_trail, every=10))
    for _ in range(12):
        log.append(username="u", role="practitioner", action="search", outcome="ok")
    log.close()
    assert verify_trail(small_trail).ok


def test_a_database_replaced_behind_the_tools_back_is_reported(small_trail: Path) -> None:
    """Deleting the file and building afresh loses the trail: only `reset` says so, signed."""
    small_trail.unlink()
    build(small_trail, 150, seed=3)
    result = verify_trail(small_trail)
    assert not result.ok
    assert result.problem is not None and "entries removed from the end" in result.problem


def test_a_new_key_does_not_vouch_for_the_old_checkpoints(
        small_trail: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Deleting the key to get a fresh one: the server warns, verify-audit names the change."""
    key_path_for(small_trail).unlink()
    with caplog.at_level(logging.WARNING, logger="mock_server.checkpoints"):
        log = AuditLog(small_trail, checkpoints=CheckpointSigner.beside(small_trail, every=10))
        log.close()
    assert "is missing but its log exists: a new key is made" in caplog.text
    result = verify_trail(small_trail)
    assert not result.ok and result.problem is not None
    assert "the checkpoint on line 1 of" in result.problem
    assert "names another key" in result.problem
