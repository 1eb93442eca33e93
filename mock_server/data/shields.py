"""Shields set by an area's trained shielders (issue 17): their SQLite side.

A shield is the ``shielded`` flag of a child (``children``) or of a parent or carer
(``parents``). The household flag is kept by triggers (``household_shield.py``) in the same
transaction, so a shield applied or removed here covers (or uncovers) the household at once.
Each shield the shielders apply or review carries a review date (``shield_reviews``;
population shields have none until first reviewed). ``shielders`` names who is trained, per
local authority: a sub-role of the area's managers.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_server.data.involvements import now_z
from mock_server.data.together import opened

SCHEMA = """
CREATE TABLE IF NOT EXISTS shielders (username TEXT NOT NULL, local_authority TEXT NOT NULL,
    PRIMARY KEY (username, local_authority));
CREATE TABLE IF NOT EXISTS shield_reviews (target TEXT PRIMARY KEY, review_on TEXT NOT NULL,
    set_by TEXT NOT NULL, set_at TEXT NOT NULL);
"""

# Each area has two trained shielders (seed 001); the demo has one of Bolton's.
DEMO_SHIELDERS = (("manager.demo", "Bolton"),)


def prepare(path: Path, shielders: tuple[tuple[str, str], ...] = ()) -> None:
    with opened(path) as conn:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT OR IGNORE INTO shielders VALUES (?, ?)", shielders)


def add_shielder(path: Path, username: str, local_authority: str) -> None:
    prepare(path, ((username, local_authority),))


def is_shielder(path: Path, username: str, local_authority: str) -> bool:
    with opened(path) as conn:
        row = conn.execute("SELECT 1 FROM shielders WHERE username = ? AND local_authority = ?",
                           (username, local_authority)).fetchone()
    return row is not None


@dataclass(frozen=True, slots=True)
class Target:
    """What a shield covers: a child, or one parent or carer (by row) of its family."""

    directory_id: str
    subject: str  # child | parent
    parent_rowid: int | None = None

    @property
    def key(self) -> str:
        return (f"child:{self.directory_id}" if self.subject == "child"
                else f"parent:{self.parent_rowid}")


def parent_rowid(path: Path, directory_id: str, index: int) -> int | None:
    """The parent or carer at ``index`` of the child's record (the record's order)."""
    with opened(path) as conn:
        rows = conn.execute(
            "SELECT p.rowid FROM parents p JOIN children c USING (family_id)"
            " WHERE c.directory_id = ? ORDER BY p.rowid", (directory_id,)).fetchall()
    return int(rows[index][0]) if 0 <= index < len(rows) else None


def parent_name(path: Path, rowid: int | None) -> str | None:
    if rowid is None:
        return None
    with opened(path) as conn:
        row = conn.execute("SELECT name, relationship FROM parents WHERE rowid = ?",
                           (rowid,)).fetchone()
    return None if row is None else f"{row[0]} ({row[1]})"


def is_shielded(path: Path, target: Target) -> bool:
    """Shielded in its own right (the household rule aside)."""
    with opened(path) as conn:
        if target.subject == "child":
            row = conn.execute("SELECT shielded FROM children WHERE directory_id = ?",
                               (target.directory_id,)).fetchone()
        else:
            row = conn.execute("SELECT shielded FROM parents WHERE rowid = ?",
                               (target.parent_rowid,)).fetchone()
    return bool(row and row[0])


def set_shield(path: Path, target: Target, on: bool, review_on: str | None,
               set_by: str) -> tuple[bool, str | None]:
    """Apply (``on``) or remove a shield and set or drop its review date. Returns what was
    there before (shielded, review date) so a failed audit can put it back."""
    with opened(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            before = _state(conn, target)
            _write(conn, target, on, review_on, set_by)
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
    return before


def restore(path: Path, target: Target, before: tuple[bool, str | None]) -> None:
    with opened(path) as conn:
        _write(conn, target, before[0], before[1], "restore")


def _state(conn: sqlite3.Connection, target: Target) -> tuple[bool, str | None]:
    if target.subject == "child":
        row = conn.execute("SELECT shielded FROM children WHERE directory_id = ?",
                           (target.directory_id,)).fetchone()
    else:
        row = conn.execute("SELECT shielded FROM parents WHERE rowid = ?",
                           (target.parent_rowid,)).fetchone()
    review = conn.execute("SELECT review_on FROM shield_reviews WHERE target = ?",
                          (target.key,)).fetchone()
    return bool(row and row[0]), None if review is None else str(review[0])


def _write(conn: sqlite3.Connection, target: Target, on: bool, review_on: str | None,
           set_by: str) -> None:
    if target.subject == "child":
        conn.execute("UPDATE children SET shielded = ? WHERE directory_id = ?",
                     (int(on), target.directory_id))
    else:
        conn.execute("UPDATE parents SET shielded = ? WHERE rowid = ?",
                     (int(on), target.parent_rowid))
    if review_on is None:
        conn.execute("DELETE FROM shield_reviews WHERE target = ?", (target.key,))
    else:
        conn.execute("INSERT OR REPLACE INTO shield_reviews VALUES (?, ?, ?, ?)",
                     (target.key, review_on, set_by, now_z()))


def area_shields(path: Path, local_authority: str, limit: int = 500) -> list[dict[str, Any]]:
    """The shields in force for the area's children and their parents or carers, with
    their review dates (soonest first; none set last)."""
    with opened(path) as conn:
        rows = conn.execute(
            "SELECT * FROM ("
            "SELECT c.directory_id AS did, 'child', NULL, NULL, r.review_on AS review_on"
            " FROM children c"
            " JOIN local_authorities la USING (la_id)"
            " LEFT JOIN shield_reviews r ON r.target = 'child:' || c.directory_id"
            " WHERE la.name = :la AND c.shielded = 1 AND c.archived = 0"
            " UNION ALL"
            " SELECT min(c.directory_id), 'parent', p.rowid, p.name || ' (' ||"
            "  coalesce(p.relationship, '') || ')', r.review_on FROM parents p"
            " JOIN children c USING (family_id) JOIN local_authorities la USING (la_id)"
            " LEFT JOIN shield_reviews r ON r.target = 'parent:' || p.rowid"
            " WHERE la.name = :la AND p.shielded = 1 AND c.archived = 0 GROUP BY p.rowid"
            ") ORDER BY review_on IS NULL, review_on, did LIMIT :limit",
            {"la": local_authority, "limit": limit}).fetchall()
    out = []
    for directory_id, subject, rowid, name, review_on in rows:
        item: dict[str, Any] = {"directory_id": directory_id, "subject": subject,
                                "review_on": review_on}
        if subject == "parent":
            item.update(parent=name, parent_rowid=rowid)
        out.append(item)
    return out
