"""Shared by the benchmarks: the cached 1,000,000-child database, percentiles, the machine,
and a server subprocess with the search rate limit lifted.

The database is built once into ``.bench/`` (gitignored) and reused while present; building it
is itself a measure (product.md §11: ≤ 90 s), recorded in ``.bench/build-<n>.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".bench"
CHILDREN = 1_000_000
SEED = 2026


@dataclass(frozen=True, slots=True)
class Measure:
    """One line of the results table. ``median``/``p95`` in ``unit``; ``passed`` None = no goal."""

    name: str
    goal: str
    median: float | None
    p95: float | None
    unit: str
    passed: bool | None
    note: str = ""

    def emit(self) -> None:
        """One JSON line on stdout, read by run_all.py."""
        print("MEASURE " + json.dumps(asdict(self)), flush=True)


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered), p95


def cached_database(children: int = CHILDREN, seed: int = SEED) -> tuple[Path, float | None]:
    """The benchmark database (built when missing) and the build time if built now."""
    from mock_server.data.population import build

    db = CACHE / f"directory-{children}.sqlite3"
    if db.exists():
        return db, None
    stats = build(db, children, seed)
    (CACHE / f"build-{children}.json").write_text(json.dumps({"seconds": stats.seconds}))
    return db, stats.seconds


def sample_children(db: Path, count: int, seed: int = 1) -> list[tuple[str, str, str]]:
    """``count`` random non-archived, non-shielded children: (family name, DOB, directory ID)."""
    import random
    import sqlite3

    rng = random.Random(seed)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (top,) = conn.execute("SELECT max(child_id) FROM children").fetchone()
        picks: list[tuple[str, str, str]] = []
        while len(picks) < count:
            row = conn.execute("SELECT family_name, dob, directory_id FROM children"
                               " WHERE child_id = ? AND archived = 0", (rng.randrange(1, top + 1),)
                               ).fetchone()
            if row is not None:
                picks.append(row)
        return picks
    finally:
        conn.close()


class ServerProcess:
    """``benchmarks/bench_server.py`` in its own process (its own core, its own GIL)."""

    def __init__(self, db: Path) -> None:
        self._db = db
        self._proc: subprocess.Popen[str] | None = None
        self.url = ""

    def __enter__(self) -> ServerProcess:
        self._proc = subprocess.Popen(
            [sys.executable, str(ROOT / "benchmarks" / "bench_server.py"), "--db", str(self._db)],
            stdout=subprocess.PIPE, text=True, cwd=ROOT)
        assert self._proc.stdout is not None
        line = self._proc.stdout.readline()  # blocks until the server prints its URL
        if not line.startswith("http://"):
            self._proc.kill()
            raise RuntimeError("benchmark server did not start")
        self.url = line.strip()
        return self

    def __exit__(self, *_exc: object) -> None:
        assert self._proc is not None
        self._proc.terminate()
        self._proc.wait(20)


def machine() -> str:
    model = "unknown CPU"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"{model}, {os.cpu_count()} cores, Python {sys.version.split()[0]},"
            f" load average {load} at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def rss_mb(pid: int | None = None) -> float:
    """Resident set size from /proc (Linux)."""
    status = Path(f"/proc/{pid or os.getpid()}/status").read_text()
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")
