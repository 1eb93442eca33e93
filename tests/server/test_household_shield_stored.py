"""The stored household shield (issue 18) never disagrees with who is shielded.

``children.household_shielded`` replaced four correlated sub-queries per row read; SQLite
triggers keep it. Over generated populations and generated sequences of raw SQL writes — a
child's or a parent's shield on and off, a child moved to another family, addresses added,
moved off and removed (so children come to share and stop sharing a home), possible duplicate
pairs opened, resolved and deleted, children and carers added and removed — after every write
the children the directory withholds (own shield or stored household flag) are exactly the
shielded set of ``household_truth``, which reads the raw tables with no server code.

The writes are plain SQL on a connection of the test's own, as a tester or another tool
would make them: the flag must not depend on the server's routes being the writer.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mock_server.data import household_shield
from mock_server.data.population import build
from mock_server.data.sandbox import restore_in_place
from mock_server.data.store import Store
from tests.server.household_truth import read_truth

OPS = ("child_shield", "parent_shield", "move_family", "share_home", "leave_home",
       "drop_address", "open_pair", "resolve_pair", "drop_pair", "add_child", "drop_child",
       "add_carer", "drop_carer")

_TEMPLATES: dict[tuple[int, int], Path] = {}


def _template(folder: Path, seed: int, children: int) -> Path:
    key = (seed, children)
    if key not in _TEMPLATES:
        path = folder / f"template-{seed}-{children}.sqlite3"
        build(path, children, seed=seed)
        _TEMPLATES[key] = path
    return _TEMPLATES[key]


def withheld(db: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {str(r[0]) for r in conn.execute(
            "SELECT directory_id FROM children WHERE shielded = 1 OR household_shielded = 1")}
    finally:
        conn.close()


def _ids(conn: sqlite3.Connection, sql: str) -> list[int]:
    return [int(r[0]) for r in conn.execute(sql)]


def apply(conn: sqlite3.Connection, op: str, a: int, b: int) -> None:
    """One raw write; ``a`` and ``b`` pick the rows it touches."""
    # x: any child, or one in or next to a shielded household; y: any child, or one
    # shielded in its own right — so most writes can change somebody's flag
    children = _ids(conn, "SELECT child_id FROM children ORDER BY child_id")
    near = _ids(conn, "SELECT child_id FROM children ORDER BY"
                      " shielded + household_shielded = 0, child_id LIMIT 40")
    own = _ids(conn, "SELECT child_id FROM children WHERE shielded = 1") or children
    x = near[a % len(near)] if a % 2 else children[a % len(children)]
    y = own[b % len(own)] if b % 2 else children[b % len(children)]
    if op == "child_shield":
        conn.execute("UPDATE children SET shielded = 1 - shielded WHERE child_id = ?", (x,))
    elif op == "parent_shield":
        conn.execute("UPDATE parents SET shielded = 1 - shielded WHERE rowid = (SELECT"
                     " min(rowid) FROM parents WHERE family_id = (SELECT family_id FROM"
                     " children WHERE child_id = ?))", (x,))
    elif op == "move_family":
        conn.execute("UPDATE children SET family_id = (SELECT family_id FROM children"
                     " WHERE child_id = ?) WHERE child_id = ?", (y, x))
    elif op == "share_home":  # x comes to live where y lives
        conn.execute("INSERT INTO addresses (child_id, line, town, postcode, from_date,"
                     " to_date, current) SELECT ?, line, town, postcode, '2026-01-05', NULL, 1"
                     " FROM addresses WHERE child_id = ? AND current = 1"
                     " AND postcode IS NOT NULL LIMIT 1", (x, y))
    elif op == "leave_home":
        conn.execute("UPDATE addresses SET current = 0, to_date = '2026-02-01' WHERE rowid ="
                     " (SELECT max(rowid) FROM addresses WHERE current = 1"
                     "  AND (child_id = ? OR ? % 2))", (x, a))  # x's newest, or the newest
    elif op == "drop_address":
        conn.execute("DELETE FROM addresses WHERE rowid = (SELECT max(rowid) FROM addresses"
                     " WHERE child_id = ? OR ? % 2)", (x, a))
    elif op == "open_pair" and x != y:
        conn.execute("INSERT OR IGNORE INTO duplicate_pairs (a_child, b_child, score,"
                     " local_authority, status, found_at) VALUES (?, ?, 0.95, 'Bolton', 'open',"
                     " '2026-01-01T00:00:00Z')", (min(x, y), max(x, y)))
    elif op in ("resolve_pair", "drop_pair"):
        pairs = _ids(conn, "SELECT pair_id FROM duplicate_pairs ORDER BY pair_id")
        if pairs:
            pair = pairs[a % len(pairs)]
            if op == "resolve_pair":
                conn.execute("UPDATE duplicate_pairs SET status = CASE status WHEN 'open'"
                             " THEN 'not_duplicate' ELSE 'open' END WHERE pair_id = ?", (pair,))
            else:
                conn.execute("DELETE FROM duplicate_pairs WHERE pair_id = ?", (pair,))
    elif op == "add_child":  # a new sibling of x, shielded when b is odd
        conn.execute(
            "INSERT INTO children (directory_id, family_id, family_name, given_names, dob,"
            " gender, la_id, postcodes, family_key, family_soundex, family_metaphone,"
            " given_keys, caf, shielded, archived, consent, last_updated)"
            " SELECT printf('999%07d', ?), family_id, family_name, 'New', '2025-06-01',"
            " 'female', la_id, postcodes, family_key, family_soundex, family_metaphone, 'new',"
            " 0, ?, 0, 0, '2026-01-01' FROM children WHERE child_id = ?",
            (1_000_000 + b % 1_000_000 + len(children), b % 2, x))
    elif op == "drop_child":  # x, or the newest; its rows elsewhere are left behind, so
        # the child's own trigger alone must see to its household
        gone = x if a % 3 else children[-1]
        conn.execute("DELETE FROM children WHERE child_id = ?", (gone,))
    elif op == "add_carer":
        conn.execute("INSERT INTO parents (family_id, name, relationship,"
                     " parental_responsibility, shielded) SELECT family_id, 'A Carer',"
                     " 'kinship carer', 0, ? FROM children WHERE child_id = ?"
                     " AND family_id IS NOT NULL", (b % 2, x))
    elif op == "drop_carer":
        conn.execute("DELETE FROM parents WHERE rowid = (SELECT max(rowid) FROM parents"
                     " WHERE ? % 2 OR family_id = (SELECT family_id FROM children"
                     " WHERE child_id = ?))", (a, x))  # the newest, or x's family's newest


def assert_flags_match_truth(db: Path, after: str) -> None:
    truth = read_truth(db)
    stored = withheld(db)
    assert stored == truth.shielded, (
        f"after {after}: withheld but not shielded {sorted(stored - truth.shielded)[:5]},"
        f" shielded but shown {sorted(truth.shielded - stored)[:5]}")


# Sequences the generator may take long to hit, each shown to fail when its trigger is
# missing: a carer shielded then removed; a child moving in beside a shielded child, then
# moving on or the address removed; a shielded sibling added then removed; a shielded
# child removed.
@example(seed=1, children=300, writes=[("add_carer", 4, 1), ("drop_carer", 1, 0)])
@example(seed=1, children=300, writes=[("share_home", 4, 1), ("leave_home", 1, 0)])
@example(seed=1, children=300, writes=[("share_home", 4, 1), ("drop_address", 1, 0)])
@example(seed=1, children=300, writes=[("add_child", 4, 1), ("drop_child", 3, 0)])
@example(seed=1, children=300, writes=[("drop_child", 1, 0)])
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=1, max_value=3),
       children=st.sampled_from([300, 700]),
       writes=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 10**6),
                                 st.integers(0, 10**6)), min_size=1, max_size=30))
def test_every_raw_write_keeps_the_stored_flag_true(
        tmp_path_factory: Any, seed: int, children: int,
        writes: list[tuple[str, int, int]]) -> None:
    folder = tmp_path_factory.mktemp("household")
    db = folder / "directory.sqlite3"
    shutil.copy(_template(tmp_path_factory.getbasetemp(), seed, children), db)
    assert_flags_match_truth(db, "the build")
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for number, (op, a, b) in enumerate(writes):
            apply(conn, op, a, b)
            assert_flags_match_truth(db, f"write {number} ({op})")
    finally:
        conn.close()


def test_a_write_and_its_flags_are_one_transaction(tmp_path: Path) -> None:
    """A rolled-back shield leaves the household's flags as they were (no half state)."""
    db = tmp_path / "directory.sqlite3"
    build(db, 400, seed=7)
    before = withheld(db)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        family = conn.execute("SELECT family_id FROM children WHERE shielded = 0"
                              " AND household_shielded = 0 AND family_id IN (SELECT family_id"
                              " FROM children GROUP BY family_id HAVING count(*) > 1)"
                              " LIMIT 1").fetchone()[0]
        conn.execute("BEGIN")
        conn.execute("UPDATE children SET shielded = 1 WHERE child_id = (SELECT min(child_id)"
                     " FROM children WHERE family_id = ?)", (family,))
        assert len(withheld_in(conn)) > len(before)  # the sibling is covered at once
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert withheld(db) == before


def withheld_in(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute(
        "SELECT directory_id FROM children WHERE shielded = 1 OR household_shielded = 1")}


def test_a_database_built_before_the_column_gets_it_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "directory.sqlite3"
    build(db, 500, seed=3)
    truth = read_truth(db).shielded
    conn = sqlite3.connect(db, isolation_level=None)
    try:  # as a directory built before issue 18 was: no flag, no triggers, no mark
        household_shield.drop_triggers(conn)
        conn.execute("DROP INDEX children_shielded")
        conn.execute("ALTER TABLE children DROP COLUMN household_shielded")
        conn.execute("DELETE FROM meta WHERE key = 'household_shield'")
    finally:
        conn.close()
    Store(db).close()
    assert withheld(db) == truth
    conn = sqlite3.connect(db, isolation_level=None)
    try:  # and its triggers work from then on
        conn.execute("UPDATE parents SET shielded = 1 WHERE rowid = (SELECT min(rowid)"
                     " FROM parents WHERE family_id = (SELECT family_id FROM children"
                     " WHERE shielded = 0 AND household_shielded = 0 LIMIT 1))")
    finally:
        conn.close()
    assert_flags_match_truth(db, "a parent's shield on the upgraded file")


def test_a_training_reset_leaves_the_flags_true(tmp_path: Path) -> None:
    db = tmp_path / "directory.sqlite3"
    build(db, 400, seed=5)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        for op, a, b in (("child_shield", 3, 0), ("share_home", 10, 11), ("add_carer", 40, 1)):
            apply(conn, op, a, b)
    finally:
        conn.close()
    restore_in_place(db)
    assert_flags_match_truth(db, "the reset")
    names = {str(r[0]) for r in sqlite3.connect(db).execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hs_%'")}
    assert len(names) == 12
