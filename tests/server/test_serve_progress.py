"""``cpdesk-mock serve`` builds a missing database with a progress bar, then says where it
listens (issue 20, item 10)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_shows_a_progress_bar_while_building(tmp_path: Path) -> None:
    db = tmp_path / "directory.sqlite3"
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "COLUMNS": "100"}
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mock_server", "serve", "--db", str(db), "--children",
             "120000", "--seed", "3", "--port", str(_free_port())],
            cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
        try:
            deadline = time.monotonic() + 100
            while b"Serving" not in out.read_bytes() and time.monotonic() < deadline:
                assert proc.poll() is None, err.read_bytes()
                time.sleep(0.2)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    said = err.read_bytes().decode("utf-8")  # read_text turns \r into \n
    assert "Building a population of 120,000 children" in said, said
    assert said.count("\r") >= 3, said  # tqdm redraws the bar in place as batches land
    assert "100%" in said and "120k/120k" in said and "indexes" in said, said
    assert "Built 120,000 children" in said
    assert "Serving the mock directory" in out.read_text(encoding="utf-8")
    assert db.exists() and not Path(f"{db}.building").exists()
