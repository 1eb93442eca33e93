"""Seeded, reproducible synthetic population written straight into a new SQLite file.

``build`` makes the schema, has :class:`~mock_server.data.builder.PopulationBuilder` write the
reference data, the named children of ``named_children.py`` (``insert_named.py``), the crowd
and the generated families, in one transaction with the journal off; indexes are made after
loading and the file is switched to WAL at the end. Same (seed, size, build day) → same
database. One builder per file at a time (``build_lock``); a progress callback hears of each
batch (``cpdesk-mock serve`` draws a bar with it).
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mock_server.data import household_shield
from mock_server.data.builder import PopulationBuilder
from mock_server.data.duplicates import PairFinder
from mock_server.data.duplicates import scan as scan_duplicates
from mock_server.data.generation import PairsApart, batches_apart, can_run_apart
from mock_server.data.insert_named import insert_named
from mock_server.data.store import INDEXES, SCHEMA

DEFAULT_CHILDREN = 10_000
DEFAULT_SEED = 2026
# From this many generated children on, they are drawn in a second process (issue 18): its
# start (about 0.3 s) is paid back within the first batches; below it, drawn here.
APART_FROM = 100_000


@dataclass(frozen=True, slots=True)
class BuildStats:
    children: int
    seconds: float


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold ``<path>.lock`` exclusively: one builder per database at a time (issue 20: two
    servers building one file raced to ``os.replace``). The lock is the operating system's
    (``flock``; ``msvcrt.locking`` on Windows), so a builder that dies releases it."""
    lock = path.with_name(path.name + ".lock")
    with lock.open("a+b") as handle:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
                    break
                except OSError:  # LK_LOCK gives up after ten seconds; keep waiting
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def build(path: Path, children: int = DEFAULT_CHILDREN, seed: int = DEFAULT_SEED,
          today: date | None = None, progress: Callable[[int], None] | None = None,
          stage: Callable[[str], None] | None = None, *,
          apart: bool | None = None) -> BuildStats:
    """Create a populated database at ``path``; when another builder made it meanwhile (it
    held the lock), that database is kept and its size returned. ``progress`` is told how many
    more children were written, batch by batch; ``stage`` what the build does next. ``apart``:
    draw the generated families in a second process (``generation.py``) while this one
    inserts them; by default when there are at least ``APART_FROM`` to draw."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(path):
        if path.exists():
            return BuildStats(_size(path), time.perf_counter() - started)
        total = _build(path, children, seed, today, progress, stage, apart)
    return BuildStats(total, time.perf_counter() - started)


def _size(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM children").fetchone()[0])
    finally:
        conn.close()


_SORT_RUN_KB = 16384  # the page cache while the late indexes are made: the sorter's runs

# Indexes whose keys arrive in order, the rows being written family by family and child by
# child: made before the rows, each new entry goes at the end, for little more than the rows
# cost in a process that waits for the next batch anyway (issue 18). The others are made after.
IN_ORDER = frozenset(("children_family", "addresses_child", "parents_family",
                      "former_names_child", "involvements_child"))


def _indexes() -> tuple[str, str]:
    """``store.INDEXES`` split: (made before the rows, made after them)."""
    early: list[str] = []
    late: list[str] = []
    for statement in (s.strip() for s in INDEXES.split(";")):
        if statement:
            words = statement.replace("IF NOT EXISTS ", "").split()
            name = words[words.index("INDEX") + 1]
            (early if name in IN_ORDER else late).append(statement + ";")
    return "\n".join(early), "\n".join(late)


def _build(path: Path, children: int, seed: int, today: date | None,
           progress: Callable[[int], None] | None, stage: Callable[[str], None] | None,
           apart: bool | None = None) -> int:
    say = stage or (lambda _text: None)
    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    conn = sqlite3.connect(building, isolation_level=None)
    with ExitStack() as closing:
        closing.callback(conn.close)
        conn.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
                           " PRAGMA cache_size = -1000000; PRAGMA threads = 2;")
        conn.executescript(SCHEMA)
        early, late = _indexes()
        conn.executescript(early)
        for statement in household_shield.SUPPORT_INDEXES:  # in order too, and small
            conn.execute(statement)
        conn.execute("BEGIN")
        say("children")
        builder = PopulationBuilder(conn, children, seed, today or date.today(), progress)
        builder.reference()
        insert_named(builder)
        builder.crowd()
        first_generated = builder.child_id + 1
        to_make = children - builder.child_id
        apart = (to_make >= APART_FROM if apart is None else apart) and can_run_apart()
        # possible duplicates (issue 17) found as the children are written, not by a query
        # afterwards (issue 18) — apart, in a third process; a children row is in the
        # table's column order
        columns = [row[1] for row in conn.execute("PRAGMA table_info(children)")]
        fields = [columns.index(name) for name in (
            "child_id", "family_metaphone", "dob", "family_key", "given_names", "shielded",
            "la_id", "archived")]
        pairs = PairsApart(fields) if apart else PairFinder(fields)
        if isinstance(pairs, PairsApart):
            closing.callback(pairs.close)  # also when the build fails or is interrupted
        total = builder.child_id
        pending = builder.take()  # the named children and the crowd
        builder.write(pending)
        pairs.add(pending["children"])
        if isinstance(pairs, PairsApart):
            for batch in batches_apart(builder, pairs.add_data):
                total += builder.write(batch)
        else:
            for batch in builder.batches():
                total += builder.write(batch)
                pairs.add(batch["children"])
        conn.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("seed", str(seed)), ("children", str(children)),
            ("built_on", builder.today.isoformat()),
            ("first_generated_child", str(first_generated))])
        conn.execute("COMMIT")
        say("indexes")
        # SQLite's sorter writes sorted runs of at most the cache's size to temporary files
        # and merges them; with temporary files (not memory) and threads it sorts the runs
        # on a second core. Runs of 16 MB sort in the processor's cache: the late indexes
        # took 38 s at 4,000,000 children with one run in a 1 GB cache, 14 s so (issue 18).
        conn.executescript(f"PRAGMA cache_size = -{_SORT_RUN_KB}; PRAGMA temp_store = FILE;")
        conn.executescript(late)
        say("duplicates")
        # possible duplicate records (issue 17), as found
        scan_duplicates(conn, pairs.found() if isinstance(pairs, PairsApart) else pairs.found)
        say("household shields")
        household_shield.install(conn)  # the stored household flag and its triggers
        conn.execute("PRAGMA journal_mode = WAL")
    os.replace(building, path)
    return total
