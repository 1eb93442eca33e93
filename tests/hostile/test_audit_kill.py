"""The audit trail survives the server being killed mid-write.

``cpdesk-mock serve`` runs as a real subprocess on its own SQLite file (WAL). Four clients,
signed in for real with the nurse's SoftHSM token, fire audited record views (each with its
own reason text) and a few searches; the server is SIGKILLed while they are in flight. Then
``cpdesk-mock verify-audit`` passes and every request the server acknowledged (a 200 sent)
has its audit entry: nothing acknowledged is lost, and the chain is unbroken.
"""

from __future__ import annotations

import json
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from mock_server.data.population import build
from mock_server.tokens.softhsm import TokenDir
from tests.hostile.support import enrol_nurse, session_token, signed_in_client

WORKERS = 4
KILL_AFTER = 90  # under the 100-views-per-10-minutes limit; refusals are written too


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _mock(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mock_server", *args], capture_output=True,
                          text=True, timeout=60, check=False)


def _wait_for(url: str, proc: subprocess.Popen[str], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited during start-up"
        try:
            if httpx.get(f"{url}/api/v1/meta", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.05)  # polling the server's readiness, not waiting blindly
    raise TimeoutError("server did not start")


def test_server_killed_mid_write_loses_no_acknowledged_audit_entry(
        tmp_path: Path, softhsm_module: str, token_dir: TokenDir) -> None:
    db = tmp_path / "directory.sqlite3"
    build(db, 300, 11)
    serial = enrol_nurse(db, softhsm_module, token_dir)
    ids = [row[0] for row in sqlite3.connect(db).execute(
        "SELECT directory_id FROM children WHERE archived = 0 LIMIT 100")]
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "mock_server", "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    acknowledged_views: list[str] = []
    acknowledged_searches = 0
    lock = threading.Lock()
    enough = threading.Event()
    try:
        _wait_for(url, proc)
        client = signed_in_client(url, softhsm_module, serial)
        headers = {"Authorization": f"Bearer {session_token(client)}"}

        def fire(worker: int) -> None:
            nonlocal acknowledged_searches
            with httpx.Client(base_url=url, headers=headers, timeout=5) as http:
                for n in range(10_000):
                    text = f"kill test w{worker} n{n:05d}"
                    try:
                        if n % 20 == 0:
                            r = http.post("/api/v1/search",
                                          json={"family_name": "Doe", "dob": "2011-07-14"})
                        else:
                            r = http.post(f"/api/v1/children/{ids[n % len(ids)]}/view",
                                          json={"reason": {"code": "other", "text": text}})
                    except httpx.TransportError:
                        return  # the server is gone
                    if r.status_code != 200:
                        continue
                    with lock:
                        if "/view" in str(r.request.url):
                            acknowledged_views.append(text)
                        else:
                            acknowledged_searches += 1
                        if len(acknowledged_views) >= KILL_AFTER:
                            enough.set()

        threads = [threading.Thread(target=fire, args=(w,)) for w in range(WORKERS)]
        for thread in threads:
            thread.start()
        assert enough.wait(60), "the server acknowledged too few requests"
        proc.send_signal(signal.SIGKILL)  # mid-write: the workers are still sending
        proc.wait(10)
        for thread in threads:
            thread.join(20)
        client.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)

    assert proc.returncode == -signal.SIGKILL
    verified = _mock("verify-audit", "--db", str(db))
    assert verified.returncode == 0, verified.stderr
    assert "intact" in verified.stdout

    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT action, outcome, detail FROM audit"
                        " WHERE username = 'nurse.demo'").fetchall()
    audited_views = {json.loads(detail).get("reason_text") for action, outcome, detail in rows
                     if action == "view" and outcome == "ok"}
    audited_searches = sum(1 for action, outcome, _ in rows
                           if action == "search" and outcome == "ok")
    missing = [text for text in acknowledged_views if text not in audited_views]
    assert len(acknowledged_views) >= KILL_AFTER
    assert not missing, f"{len(missing)} acknowledged views have no audit entry"
    assert audited_searches >= acknowledged_searches > 0
