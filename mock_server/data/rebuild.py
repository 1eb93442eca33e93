"""``cpdesk-mock reset``: rebuild the directory offline to its starting state, keeping user
accounts (a running training sandbox is restored by ``sandbox.py`` instead).

The population is rebuilt with the size and seed the database was made with (unless told
otherwise) and the audit trail starts empty. Tables this module does not own (users, roles,
enrolled certificates) are copied across unchanged. Stop the server before resetting.

The checkpoint log beside the database is kept (it is append-only): a signed ``reset`` line
(seq 0, the genesis hash) marks where the fresh trail begins, so ``verify-audit`` checks the
new trail against the checkpoints after it and does not take the empty trail for a cut one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from mock_server.data.audit import GENESIS
from mock_server.data.checkpoints import CheckpointSigner
from mock_server.data.population import DEFAULT_CHILDREN, DEFAULT_SEED, BuildStats, build


def _meta(db: Path) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM meta")}
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def _copy_foreign_tables(old: Path, new: Path) -> None:
    conn = sqlite3.connect(new, isolation_level=None)
    try:
        ours = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master")}
        conn.execute("ATTACH DATABASE ? AS old", (str(old),))
        objects = conn.execute(
            "SELECT type, name, tbl_name, sql FROM old.sqlite_master WHERE sql IS NOT NULL"
            " AND name NOT LIKE 'sqlite_%' ORDER BY type = 'index'").fetchall()
        conn.execute("BEGIN")
        for kind, name, table, sql in objects:
            if name in ours or table in ours:
                continue
            conn.execute(sql)
            if kind == "table":
                conn.execute(f'INSERT INTO main."{name}" SELECT * FROM old."{name}"')  # noqa: S608
        conn.execute("COMMIT")
        conn.execute("DETACH DATABASE old")
    finally:
        conn.close()


def rebuild(db: Path, children: int | None = None, seed: int | None = None) -> BuildStats:
    meta = _meta(db) if db.exists() else {}
    size = children if children is not None else int(meta.get("children", DEFAULT_CHILDREN))
    chosen_seed = seed if seed is not None else int(meta.get("seed", DEFAULT_SEED))
    fresh = db.with_name(db.name + ".reset")
    for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
        leftover.unlink(missing_ok=True)
    stats = build(fresh, size, chosen_seed)
    if db.exists():
        _copy_foreign_tables(db, fresh)
    for old in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        old.unlink(missing_ok=True)
    os.replace(fresh, db)
    CheckpointSigner.beside(db).write(0, GENESIS, "reset")
    return stats
