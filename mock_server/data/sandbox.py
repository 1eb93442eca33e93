"""Training sandbox storage: restore a running server's database to its starting state.

``restore_in_place(db)`` puts every directory table back to its starting state while the server
runs: the population is rebuilt with the size, seed *and build day* recorded in the database
(so it is byte-for-byte the first build, ended involvements included), and copied over the
live tables in one transaction (readers see the old state or the new, never a mix). Tables
the build does not make (e.g. queues of contact requests) are emptied; ``meta`` keys the build
does not write (e.g. the action store's epoch) are kept.

Kept as they are: user accounts, roles and enrolled certificates (trainees keep their
tokens), and the audit trail, which is append-only and hash-chained: a restore does not
rewrite history (the route appends a ``training-reset`` entry). ``rebuild.py`` (``cpdesk-mock
reset``, offline, server stopped) is the one that starts an empty trail.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mock_server.data import household_shield
from mock_server.data.population import build
from mock_server.data.store import connect

# Kept across a reset: accounts and the audit trail (see the module docstring).
KEPT_TABLES = frozenset({"audit", "audit_head", "users", "user_roles", "user_certificates",
                         # issue 17: who the shielders are, the area's lists (like accounts)
                         "shielders", "staff_homes", "watched_children"})
AUDIT_TABLES = frozenset({"audit", "audit_head"})
TRAINER = "trainer"  # the role that may restore the sandbox

_FRESH: dict[tuple[int, int, str], Path] = {}
_FRESH_LOCK = threading.Lock()


@dataclass(frozen=True, slots=True)
class RestoreStats:
    tables: tuple[str, ...]
    children: int


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}


def _fresh_build(children: int, seed: int, built_on: str) -> Path:
    """The starting state, built once per process for this size, seed and build day."""
    key = (children, seed, built_on)
    with _FRESH_LOCK:
        path = _FRESH.get(key)
        if path is None or not path.exists():
            folder = Path(tempfile.mkdtemp(prefix="cpdesk-training-start-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "start.sqlite3"
            build(path, children, seed, today=date.fromisoformat(built_on))
            _FRESH[key] = path
        return path


def _tables(conn: sqlite3.Connection, schema: str) -> list[str]:
    return [str(r[0]) for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"  # noqa: S608
        " AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _columns(conn: sqlite3.Connection, schema: str, table: str) -> list[str]:
    return [str(r[1]) for r in conn.execute(f'PRAGMA {schema}.table_info("{table}")')]


def restore_in_place(db: Path) -> RestoreStats:
    """Every table but accounts and the audit trail back to the starting state."""
    conn = connect(db)
    try:
        meta = _meta(conn)
        fresh = _fresh_build(int(meta["children"]), int(meta["seed"]), meta["built_on"])
        conn.execute("ATTACH DATABASE ? AS fresh", (f"file:{fresh}?mode=ro",))
        try:
            starting = set(_tables(conn, "fresh"))
            reset = [t for t in _tables(conn, "main") if t not in KEPT_TABLES]
            conn.execute("BEGIN IMMEDIATE")
            try:
                # meta keys the build does not write belong to other parts (e.g. the
                # action store's epoch): kept, after the build's own rows, as at start.
                extra_meta = conn.execute(
                    "SELECT key, value FROM main.meta WHERE key NOT IN"
                    " (SELECT key FROM fresh.meta) ORDER BY rowid").fetchall()
                with household_shield.bulk_copy(conn):  # the copies carry their flags
                    for table in reset:
                        conn.execute(f'DELETE FROM main."{table}"')  # noqa: S608
                        if table in starting:
                            cols = ", ".join(f'"{c}"' for c in _columns(conn, "fresh", table))
                            conn.execute(f'INSERT INTO main."{table}" ({cols})'  # noqa: S608
                                         f' SELECT {cols} FROM fresh."{table}" ORDER BY rowid')
                conn.executemany("INSERT INTO main.meta (key, value) VALUES (?, ?)",
                                 extra_meta)
                if "sqlite_sequence" in {str(r[0]) for r in conn.execute(
                        "SELECT name FROM main.sqlite_master")}:
                    conn.executemany("DELETE FROM main.sqlite_sequence WHERE name = ?",
                                     [(t,) for t in reset])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        finally:
            conn.execute("DETACH DATABASE fresh")
        children = int(conn.execute("SELECT count(*) FROM children").fetchone()[0])
    finally:
        conn.close()
    return RestoreStats(tuple(reset), children)


def sandbox_digest(db: Path, exclude: frozenset[str] = AUDIT_TABLES) -> dict[str, str]:
    """SHA-256 per table (rows in rowid order, rowid included) of every table not excluded."""
    conn = connect(db, read_only=True)
    try:
        digests: dict[str, str] = {}
        for table in _tables(conn, "main"):
            if table in exclude:
                continue
            h = hashlib.sha256()
            try:
                rows = conn.execute(f'SELECT rowid, * FROM "{table}" ORDER BY rowid')  # noqa: S608
            except sqlite3.OperationalError:  # a WITHOUT ROWID table
                rows = conn.execute(f'SELECT * FROM "{table}" ORDER BY 1')  # noqa: S608
            for row in rows:
                h.update(repr(tuple(row)).encode("utf-8"))
                h.update(b"\n")
            digests[table] = h.hexdigest()
        return digests
    finally:
        conn.close()


def non_trainers(db: Path) -> list[str]:
    conn = connect(db, read_only=True)
    try:
        return [str(r[0]) for r in conn.execute(
            "SELECT DISTINCT username FROM user_roles WHERE username NOT IN"
            " (SELECT username FROM user_roles WHERE role = ?)", (TRAINER,))]
    finally:
        conn.close()
