"""Seeded, reproducible synthetic population written straight into a new SQLite file.

``build`` makes the schema, has :class:`~mock_server.data.builder.PopulationBuilder` write the
reference data, the named children of ``named_children.py`` (``insert_named.py``), the crowd
and the generated families, in one transaction with the journal off; indexes are made after
loading and the file is switched to WAL at the end. Same (seed, size, build day) → same
database.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mock_server.data.builder import PopulationBuilder
from mock_server.data.duplicates import scan as scan_duplicates
from mock_server.data.insert_named import insert_named
from mock_server.data.store import INDEXES, SCHEMA

DEFAULT_CHILDREN = 10_000
DEFAULT_SEED = 2026


@dataclass(frozen=True, slots=True)
class BuildStats:
    children: int
    seconds: float


def build(path: Path, children: int = DEFAULT_CHILDREN, seed: int = DEFAULT_SEED,
          today: date | None = None) -> BuildStats:
    """Create a populated database at ``path`` (replacing nothing: ``path`` must not exist)."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    conn = sqlite3.connect(building, isolation_level=None)
    try:
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                           " PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;")
        conn.executescript(SCHEMA)
        conn.execute("BEGIN")
        builder = PopulationBuilder(conn, children, seed, today or date.today())
        builder.reference()
        insert_named(builder)
        builder.crowd()
        total = builder.generate()
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("seed", str(seed)), ("children", str(children)),
            ("built_on", builder.today.isoformat())])
        conn.execute("COMMIT")
        conn.executescript(INDEXES)
        scan_duplicates(conn)  # possible duplicate records (issue 17), once the index exists
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()
    os.replace(building, path)
    return BuildStats(total, time.perf_counter() - started)
