"""The household shield, stored (issue 18): ``children.household_shielded`` is 1 when a
household member of the child is shielded, kept true by SQLite triggers.

The rule (issue 13, widened by issue 17) is unchanged: a child is shielded with its household
when a child sharing a parent or carer (same ``family_id``) or a current address is shielded
in its own right, when a parent or carer is shielded in their own right, or when an open
possible duplicate of the child is shielded. It used to be evaluated per row read — four
correlated ``EXISTS`` in every search, most of a national search's time (docs/performance.md).

Now every write that can change it — a child's or a parent's shield, a family, an address, a
duplicate pair opened or resolved, a child added or removed — recomputes the flag of the
children it touches, in the same statement's transaction, whoever writes: the server's routes,
a training reset, a tester's SQL. So "a new shield covers the household at once" still holds
for every reader, and a search reads the flag with the row, as a bare lookup would.

The build writes the rows with no triggers, then :func:`install` computes the flags once
(driven from the few shielded children and parents, not from every row) and creates the
triggers. A database built before this column gets it, filled the same way, when a store
opens it (:func:`install` is idempotent).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

COLUMN = "household_shielded"
_VERSION_KEY = "household_shield"
_VERSION = "1"


def rule(alias: str) -> str:
    """The household part of the shield for the ``children`` row named ``alias``: true when
    another member of its household is shielded (its own shield is not part of it)."""
    c = alias
    return (
        "("  # noqa: S608 - aliases are this module's constants, never input
        f"EXISTS (SELECT 1 FROM children s WHERE s.family_id = {c}.family_id"
        f" AND s.child_id != {c}.child_id AND s.shielded = 1)"
        f" OR EXISTS (SELECT 1 FROM parents p WHERE p.family_id = {c}.family_id"
        " AND p.shielded = 1)"
        " OR EXISTS (SELECT 1 FROM addresses a JOIN addresses b ON b.line = a.line"
        " AND b.postcode = a.postcode AND b.current = 1 AND b.child_id != a.child_id"
        " JOIN children s ON s.child_id = b.child_id AND s.shielded = 1"
        f" WHERE a.child_id = {c}.child_id AND a.current = 1)"
        # issue 17: an open possible duplicate of a shielded child is shielded with it
        " OR EXISTS (SELECT 1 FROM duplicate_pairs d JOIN children s ON s.shielded = 1"
        f" AND s.child_id = (CASE WHEN d.a_child = {c}.child_id THEN d.b_child"
        " ELSE d.a_child END)"
        f" WHERE d.status = 'open' AND (d.a_child = {c}.child_id OR d.b_child = {c}.child_id))"
        ")")


# Who may be touched when a child's shield, family or place changes: its family, the
# children at its current addresses, its open duplicates — and itself.
def _around_child(ref: str) -> str:
    return (f"SELECT {ref}.child_id"  # noqa: S608
            f" UNION SELECT child_id FROM children WHERE family_id = {ref}.family_id"
            " UNION SELECT b.child_id FROM addresses a JOIN addresses b ON b.line = a.line"
            "  AND b.postcode = a.postcode AND b.current = 1"
            f"  WHERE a.child_id = {ref}.child_id AND a.current = 1"
            f" UNION SELECT b_child FROM duplicate_pairs WHERE a_child = {ref}.child_id"
            f" UNION SELECT a_child FROM duplicate_pairs WHERE b_child = {ref}.child_id")


def _at_place(ref: str) -> str:
    return (f"SELECT {ref}.child_id UNION SELECT child_id FROM addresses"  # noqa: S608
            f" WHERE line = {ref}.line AND postcode = {ref}.postcode AND current = 1")


def _refresh(who: str) -> str:
    return (f"UPDATE children SET {COLUMN} = {rule('children')}"  # noqa: S608
            f" WHERE child_id IN ({who});")


_TRIGGERS = {
    "hs_child_shield": ("AFTER UPDATE OF shielded, family_id ON children",
                        _refresh(_around_child("NEW")) + _refresh(_around_child("OLD"))),
    "hs_child_insert": ("AFTER INSERT ON children", _refresh(_around_child("NEW"))),
    "hs_child_delete": ("AFTER DELETE ON children", _refresh(_around_child("OLD"))),
    "hs_parent_update": ("AFTER UPDATE OF shielded, family_id ON parents",
                         _refresh("SELECT child_id FROM children WHERE family_id IN"
                                  " (NEW.family_id, OLD.family_id)")),
    "hs_parent_insert": ("AFTER INSERT ON parents",
                         _refresh("SELECT child_id FROM children WHERE family_id ="
                                  " NEW.family_id")),
    "hs_parent_delete": ("AFTER DELETE ON parents",
                         _refresh("SELECT child_id FROM children WHERE family_id ="
                                  " OLD.family_id")),
    "hs_address_update": ("AFTER UPDATE OF child_id, line, postcode, current ON addresses",
                          _refresh(_at_place("NEW")) + _refresh(_at_place("OLD"))),
    "hs_address_insert": ("AFTER INSERT ON addresses", _refresh(_at_place("NEW"))),
    "hs_address_delete": ("AFTER DELETE ON addresses", _refresh(_at_place("OLD"))),
    "hs_pair_update": ("AFTER UPDATE OF status, a_child, b_child ON duplicate_pairs",
                       _refresh("VALUES (NEW.a_child), (NEW.b_child), (OLD.a_child),"
                                " (OLD.b_child)")),
    "hs_pair_insert": ("AFTER INSERT ON duplicate_pairs",
                       _refresh("VALUES (NEW.a_child), (NEW.b_child)")),
    "hs_pair_delete": ("AFTER DELETE ON duplicate_pairs",
                       _refresh("VALUES (OLD.a_child), (OLD.b_child)")),
}

# Every child the rule can hold for, found from the shielded side (a partial index keeps the
# few shielded children one lookup away; a full build has ~0.1 % of them). CROSS JOIN keeps
# SQLite's join order: left to choose, it read every current address of a freshly built
# file (no statistics yet) to find the shielded children's homes — 15 s at 4,000,000
# children, most of the build's household-shield stage (issue 18).
_CANDIDATES = (
    "SELECT c.child_id FROM children s CROSS JOIN children c ON c.family_id = s.family_id"
    " WHERE s.shielded = 1"
    " UNION SELECT c.child_id FROM parents p CROSS JOIN children c"
    " ON c.family_id = p.family_id WHERE p.shielded = 1"
    " UNION SELECT b.child_id FROM children s CROSS JOIN addresses a"
    " ON a.child_id = s.child_id AND a.current = 1 CROSS JOIN addresses b"
    " ON b.line = a.line AND b.postcode = a.postcode AND b.current = 1 WHERE s.shielded = 1"
    " UNION SELECT d.a_child FROM duplicate_pairs d WHERE d.status = 'open'"
    " UNION SELECT d.b_child FROM duplicate_pairs d WHERE d.status = 'open'")

# The build makes these before the rows (their keys arrive in order, and few rows enter
# them), so :func:`install` need not read every child and parent to make them.
SUPPORT_INDEXES = (
    "CREATE INDEX IF NOT EXISTS children_shielded ON children (child_id) WHERE shielded = 1",
    "CREATE INDEX IF NOT EXISTS parents_shielded ON parents (family_id) WHERE shielded = 1",
)


def _has_column(conn: sqlite3.Connection) -> bool:
    return any(row[1] == COLUMN for row in conn.execute("PRAGMA table_info(children)"))


def _installed(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_VERSION_KEY,)).fetchone()
    return row is not None and row[0] == _VERSION


def create_triggers(conn: sqlite3.Connection) -> None:
    for name, (when, body) in _TRIGGERS.items():
        conn.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {when} BEGIN {body} END")


def drop_triggers(conn: sqlite3.Connection) -> None:
    for name in _TRIGGERS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def recompute(conn: sqlite3.Connection, *, clear: bool = True) -> None:
    """Every child's flag from the rule (set where it holds, cleared elsewhere; a column
    just added holds no flag to clear, and at national scale the clearing is a scan)."""
    if clear:
        conn.execute(f"UPDATE children SET {COLUMN} = 0 WHERE {COLUMN} != 0")  # noqa: S608
    conn.execute(f"UPDATE children SET {COLUMN} = {rule('children')}"  # noqa: S608
                 f" WHERE child_id IN ({_CANDIDATES})")


def install(conn: sqlite3.Connection) -> bool:
    """Add the column, its flags and its triggers when the database lacks them (needs the
    ``duplicate_pairs`` table). True when it had to; one transaction, so a reader sees the
    database before or after, never half of it."""
    if _has_column(conn) and _installed(conn):
        create_triggers(conn)  # a copy made without them (sqlite3 .dump of tables only)
        return False
    own = not conn.in_transaction
    if own:
        conn.execute("BEGIN IMMEDIATE")
    try:
        added = not _has_column(conn)
        if added:
            conn.execute(f"ALTER TABLE children ADD COLUMN {COLUMN} INTEGER NOT NULL DEFAULT 0")
        for statement in SUPPORT_INDEXES:
            conn.execute(statement)
        recompute(conn, clear=not added)
        create_triggers(conn)
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (_VERSION_KEY, _VERSION))
        if own:
            conn.execute("COMMIT")
    except BaseException:
        if own:
            conn.execute("ROLLBACK")
        raise
    return True


@contextmanager
def bulk_copy(conn: sqlite3.Connection) -> Iterator[None]:
    """Inside an open transaction: rows copied in bulk carry their own flags (a training
    reset copies a built database), so the triggers are lifted for the copy and put back,
    and the flags recomputed, before the transaction ends."""
    drop_triggers(conn)
    try:
        yield
    finally:
        create_triggers(conn)
    recompute(conn)
