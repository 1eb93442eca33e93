"""`cpdesk-mock serve`, `reset` and `verify-audit` against real files and a real process."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mock_server.__main__ import main
from mock_server.data.audit import AuditLog, verify
from mock_server.data.population import build
from mock_server.data.users import UserStore


def _count(db: Path, sql: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_creates_and_populates_the_database(tmp_path: Path) -> None:
    db, port = tmp_path / "served.sqlite3", _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "serve", "--db", str(db), "--children", "300",
         "--seed", "4", "--port", str(port), "--training"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline, meta = time.monotonic() + 60, None
        while meta is None:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            assert time.monotonic() < deadline, "server did not come up"
            try:
                meta = httpx.get(f"http://127.0.0.1:{port}/api/v1/meta", timeout=1).json()
            except httpx.TransportError:
                time.sleep(0.1)  # polling the port of a starting process
        assert meta["environment"] == "training"
        assert _count(db, "SELECT count(*) FROM children") == 300
        unauthenticated = httpx.post(f"http://127.0.0.1:{port}/api/v1/search",
                                     json={"directory_id": "9997773454"})
        assert unauthenticated.status_code == 401
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=30)
    # It says where it listens, once ready (issue 20).
    assert f"on http://127.0.0.1:{port} — Ctrl+C to stop." in out
    assert "Serving the mock directory (training" in out


def test_version() -> None:
    from mock_server import __version__

    done = subprocess.run([sys.executable, "-m", "mock_server", "--version"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"cpdesk-mock {__version__}")


@pytest.mark.parametrize(("args", "says"), [
    (["serve", "--port", "99999"], "argument --port: give a port number from 1 to 65535"),
    (["serve", "--port", "eighty"], "argument --port: give a port number from 1 to 65535"),
    (["serve", "--db", "{tmp}"], "is a folder; give the database file in it"),
    (["verify-audit", "--db", "{tmp}/notes.txt"], "is not a SQLite database"),
    (["reset", "--db", "{tmp}/missing/x.sqlite3"], "/missing does not exist"),
])
def test_bad_arguments_are_one_line_errors(tmp_path: Path, args: list[str], says: str) -> None:
    (tmp_path / "notes.txt").write_text("not a database")
    argv = [a.format(tmp=tmp_path) for a in args]
    done = subprocess.run([sys.executable, "-m", "mock_server", *argv], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"cpdesk-mock {argv[0]}: error: ") and says in last
    assert not (tmp_path / "missing").exists()  # no folder made for a mistyped path


def test_serve_refuses_a_non_loopback_host(tmp_path: Path) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db")]) == 2  # noqa: S104
    assert not (tmp_path / "x.db").exists()


def test_reset_rebuilds_directory_empties_audit_keeps_users(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "training.sqlite3"
    build(db, 250, seed=3)
    users = UserStore(db, kdf_n=2**10)
    users.add("trainee.one", "Trainee-pass-2026", "practitioner", "Training", "Bolton")
    users.close()
    log = AuditLog(db)
    log.append(username="trainee.one", role="practitioner", action="search", outcome="ok")
    log.close()
    conn = sqlite3.connect(db)
    conn.execute("UPDATE children SET given_names = 'Changed' WHERE child_id = 1")
    conn.commit()
    conn.close()

    assert main(["reset", "--db", str(db)]) == 0
    assert "250 children" in capsys.readouterr().out
    assert _count(db, "SELECT count(*) FROM children") == 250
    assert _count(db, "SELECT count(*) FROM children WHERE given_names = 'Changed'") == 0
    assert _count(db, "SELECT count(*) FROM audit") == 0
    assert verify(db).ok
    reopened = UserStore(db, kdf_n=2**10)
    assert reopened.get("trainee.one") is not None
    reopened.close()

    assert main(["reset", "--db", str(db), "--children", "120"]) == 0
    assert _count(db, "SELECT count(*) FROM children") == 120


def test_verify_audit_without_a_database(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify-audit", "--db", str(tmp_path / "missing.sqlite3")]) == 2
    assert "No database" in capsys.readouterr().err


def test_without_the_mock_dependencies_it_says_what_to_install() -> None:
    """As when cpdesk-mock is installed without its dependencies: FastAPI cannot be imported."""
    code = ("import sys, runpy; sys.modules['fastapi'] = None; sys.argv = ['cpdesk-mock', "
            "'--help']; runpy.run_module('mock_server', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert "pip install cpdesk-mock" in done.stderr and "missing: fastapi" in done.stderr
    assert "Traceback" not in done.stderr
