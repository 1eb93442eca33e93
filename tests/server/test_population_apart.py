"""A national build (issue 18): the families drawn in a second process give the same database
as drawn in-process, and the possible duplicates found while writing (in-process, or in a
third process beside the drawing one) are the pairs the SQL scan finds on the finished table;
a build that fails leaves no file and no process behind."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

import pytest

from mock_server.data import duplicates
from mock_server.data.population import build

TABLES = ("children", "parents", "addresses", "involvements", "former_names", "schools",
          "gp_practices", "practitioners", "duplicate_pairs", "meta")


def _digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in TABLES:
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):  # noqa: S608
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_drawn_apart_or_here_the_same_database(tmp_path: Path) -> None:
    today = date(2026, 11, 1)
    build(tmp_path / "here.db", 3000, seed=5, today=today, apart=False)
    build(tmp_path / "apart.db", 3000, seed=5, today=today, apart=True)
    assert _digest(tmp_path / "here.db") == _digest(tmp_path / "apart.db")


def _pairs(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT pair_id, a_child, b_child, score, local_authority, status,"
                            " found_at FROM duplicate_pairs ORDER BY pair_id").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize("apart", [False, True], ids=["here", "in-a-third-process"])
def test_pairs_found_while_writing_are_the_scans(tmp_path: Path, apart: bool) -> None:
    built = tmp_path / "built.db"
    build(built, 20_000, seed=11, today=date(2026, 11, 1), apart=apart)
    found = _pairs(built)
    assert found, "the population should hold some possible duplicates"
    again = tmp_path / "again.db"
    shutil.copy(built, again)
    conn = sqlite3.connect(again, isolation_level=None)
    conn.execute("DELETE FROM duplicate_pairs")
    conn.execute("DELETE FROM meta WHERE key = ?", (duplicates.SCANNED_KEY,))
    assert duplicates.scan(conn) == len(found)  # the self-join over the finished table
    conn.close()
    assert _pairs(again) == found



def test_a_failed_build_leaves_no_file_and_no_worker(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The drawing and the possible-duplicates processes end with the build that fails, and
    the half-built file is never put in place."""
    from mock_server.data import builder, generation

    started: list[subprocess.Popen[bytes]] = []
    real_start, real_write = generation._start, builder.PopulationBuilder.write

    def start(task: str) -> subprocess.Popen[bytes]:
        started.append(real_start(task))
        return started[-1]

    def failing_write(self: builder.PopulationBuilder, batch: builder.Batch) -> int:
        if len(started) == 2:  # the first batch drawn apart
            raise OSError("disk full")
        return real_write(self, batch)

    monkeypatch.setattr(generation, "_start", start)
    monkeypatch.setattr(builder.PopulationBuilder, "write", failing_write)
    target = tmp_path / "failed.db"
    with pytest.raises(OSError, match="disk full"):
        build(target, 3000, seed=5, today=date(2026, 11, 1), apart=True)
    assert len(started) == 2, "the possible-duplicates and the drawing processes"
    assert all(proc.poll() is not None for proc in started)
    assert not target.exists()
