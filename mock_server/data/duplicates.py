"""Possible duplicate records (issue 17): found when a population is built, listed in the
area team's queue (``DUP-000001``) and resolved there.

ContactPoint's own duplicates exposed shielded children (2009): an old unshielded record of a
shielded child gave away what the shield hid. So:

- two live records are a possible pair when the family names sound alike (same Double
  Metaphone key, the search index), the dates of birth are equal, and the family and given
  names are close by Jaro-Winkler (``jellyfish``: ``GIVEN_MATCH``, ``FAMILY_MATCH``) — twins
  with different given names (Kate Elizabeth and Katie Louise) are not;
- while a pair is open and one of them is shielded, the other is shielded too (``store``'s
  household rule reads ``duplicate_pairs``), and its pair goes only to the shielded child's
  area; a practitioner's warning ("may have a duplicate") is shown only on a record that is
  not shielded, so nothing shows that a shielded twin exists;
- the area team resolves a pair as ``not_duplicate`` or ``same_child`` (the copy — the
  unshielded one, else the later — is archived).
"""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

import jellyfish

from mock_server.data.involvements import now_z
from mock_server.data.together import opened

# a pair found: (a, b, score, a shielded, b shielded, a's la_id, b's la_id), a < b
Found = tuple[int, int, float, bool, bool, int, int]
GIVEN_MATCH = 0.9
FAMILY_MATCH = 0.9
SCANNED_KEY = "duplicates_scanned"
RESOLUTIONS = ("not_duplicate", "same_child")

SCHEMA = """
CREATE TABLE IF NOT EXISTS duplicate_pairs (pair_id INTEGER PRIMARY KEY,
    a_child INTEGER NOT NULL, b_child INTEGER NOT NULL, score REAL NOT NULL,
    local_authority TEXT NOT NULL, status TEXT NOT NULL, found_at TEXT NOT NULL,
    resolved_by TEXT, resolved_at TEXT, note TEXT, UNIQUE (a_child, b_child));
CREATE INDEX IF NOT EXISTS duplicate_pairs_b ON duplicate_pairs (b_child);
"""


def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").split())


class PairFinder:
    """The possible pairs found while a population is written (issue 18), instead of a
    self-join over the finished table: at national scale that join probes the index once per
    child and reads every candidate row at random, and the candidates grow with the square of
    the population. Here each live child is compared, as it arrives, with the live children
    already seen with the same date of birth and family Metaphone key — the same pairs by the
    same rule as :func:`scan`'s query, in the same order (``a`` the earlier child).

    Kept small (about 80 bytes a child): the buckets hold child ids; a child's family key,
    given-name key, area and shield are numbers in arrays indexed by child id."""

    def __init__(self, fields: Sequence[int]) -> None:
        """``fields``: where a children row holds child_id, family_metaphone, dob,
        family_key, given_names, shielded, la_id and archived."""
        self._get = itemgetter(*fields)
        self._seen: dict[str, dict[str, Any]] = {}  # dob → Metaphone key → id or [ids]
        self._family_of = array("I")  # by child_id - 1: index into _families
        self._given_of = array("I")  # index into _givens
        self._flags_of = array("I")  # la_id * 2 + shielded
        self._families: list[str] = []
        self._family_ids: dict[str, int] = {}
        self._givens: list[str] = []  # given-name keys (``_key``)
        self._given_ids: dict[str, int] = {}  # given names as written → index
        self._family_score: dict[tuple[int, int], float] = {}
        self.found: list[Found] = []

    def add(self, rows: Iterable[Sequence[object]]) -> None:
        """Children rows, in child_id order from 1 without gaps."""
        get, seen, found = self._get, self._seen, self.found
        family_of, given_of, flags_of = self._family_of, self._given_of, self._flags_of
        family_ids, given_ids = self._family_ids, self._given_ids
        for row in rows:
            child_id, metaphone, dob, family, given, shielded, la_id, archived = get(row)
            if child_id != len(family_of) + 1:
                raise ValueError(f"children out of order at {child_id}")
            f = family_ids.get(family)
            if f is None:
                f = family_ids[family] = len(self._families)
                self._families.append(family)
            g = given_ids.get(given)
            if g is None:
                g = given_ids[given] = len(self._givens)
                self._givens.append(_key(given))
            family_of.append(f)
            given_of.append(g)
            flags_of.append(la_id * 2 + (1 if shielded else 0))
            if archived:
                continue
            by_key = seen.get(dob)
            if by_key is None:
                by_key = seen[dob] = {}
            others = by_key.get(metaphone)
            if others is None:
                by_key[metaphone] = child_id
                continue
            if type(others) is int:
                others = by_key[metaphone] = [others]
            for other in others:
                score = self._score(other, child_id)
                if score is not None:
                    a_flags, b_flags = flags_of[other - 1], flags_of[child_id - 1]
                    found.append((other, child_id, score, bool(a_flags & 1),
                                  bool(b_flags & 1), a_flags >> 1, b_flags >> 1))
            others.append(child_id)

    def _score(self, a: int, b: int) -> float | None:
        pair = (self._family_of[a - 1], self._family_of[b - 1])
        family = self._family_score.get(pair)
        if family is None:
            family = self._family_score[pair] = jellyfish.jaro_winkler_similarity(
                self._families[pair[0]], self._families[pair[1]])
        if family < FAMILY_MATCH:
            return None
        given = jellyfish.jaro_winkler_similarity(self._givens[self._given_of[a - 1]],
                                                  self._givens[self._given_of[b - 1]])
        if given < GIVEN_MATCH:
            return None
        return round(min(family, given), 3)


def scan(conn: sqlite3.Connection, found_while_writing: Iterable[Found] | None = None) -> int:
    """Find the possible pairs among live children and record the new ones (once per
    population: marked in ``meta``). Returns how many pairs were added.
    ``found_while_writing``: the pairs a :class:`PairFinder` found while the children were
    written (``population.build``), not by a query."""
    conn.executescript(SCHEMA)
    if conn.execute("SELECT 1 FROM meta WHERE key = ?", (SCANNED_KEY,)).fetchone():
        return 0
    built = conn.execute("SELECT value FROM meta WHERE key = 'built_on'").fetchone()
    stamp = f"{built[0]}T00:00:00Z" if built else now_z()  # a rebuild finds the same pairs
    found = []
    if found_while_writing is not None:
        areas = dict(conn.execute("SELECT la_id, name FROM local_authorities").fetchall())
        for a, b, score, sh_a, sh_b, la_a, la_b in sorted(found_while_writing):
            area = areas[la_b] if sh_b and not sh_a else areas[la_a]
            found.append((a, b, score, area, stamp))
    else:
        rows = conn.execute(
            "SELECT a.child_id, b.child_id, a.family_key, b.family_key, a.given_names,"
            " b.given_names, a.shielded, b.shielded, la_a.name, la_b.name"
            " FROM children a JOIN children b ON b.family_metaphone = a.family_metaphone"
            "  AND b.dob = a.dob AND b.child_id > a.child_id"
            " JOIN local_authorities la_a ON la_a.la_id = a.la_id"
            " JOIN local_authorities la_b ON la_b.la_id = b.la_id"
            " WHERE a.archived = 0 AND b.archived = 0").fetchall()
        for a, b, fam_a, fam_b, giv_a, giv_b, sh_a, sh_b, la_a, la_b in rows:
            family = jellyfish.jaro_winkler_similarity(fam_a, fam_b)
            given = jellyfish.jaro_winkler_similarity(_key(giv_a), _key(giv_b))
            if family < FAMILY_MATCH or given < GIVEN_MATCH:
                continue
            area = la_b if sh_b and not sh_a else la_a  # a shielded child's area only
            found.append((a, b, round(min(family, given), 3), area, stamp))
    conn.executemany("INSERT OR IGNORE INTO duplicate_pairs (a_child, b_child, score,"
                     " local_authority, status, found_at) VALUES (?, ?, ?, ?, 'open', ?)",
                     found)
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (SCANNED_KEY, stamp))
    return len(found)


def prepare(path: Path) -> int:
    """A database built before issue 17: scan it once."""
    with opened(path) as conn:
        return scan(conn)


def reference(pair_id: int) -> str:
    return f"DUP-{pair_id:06d}"


@dataclass(frozen=True, slots=True)
class Pair:
    pair_id: int
    first: str  # directory IDs
    second: str
    first_shielded: bool
    second_shielded: bool
    score: float
    local_authority: str
    status: str
    found_at: str
    resolved_by: str | None
    resolved_at: str | None
    note: str | None

    @property
    def reference(self) -> str:
        return reference(self.pair_id)

    def as_queue_item(self) -> dict[str, Any]:
        """The pair as an item of the area team's queue (``GET /queue``)."""
        out: dict[str, Any] = {
            "reference": self.reference, "kind": "possible-duplicate",
            "directory_id": self.first, "other_directory_id": self.second,
            "raised_by": "Directory duplicate check", "raised_at": self.found_at,
            "text": (f"Records {self.first} and {self.second} may describe one child: same"
                     f" date of birth, names alike (score {self.score:.2f})."
                     + (" One of them is shielded: the other is shielded with it until"
                        " this is resolved." if self.first_shielded or self.second_shielded
                        else "")),
            "status": "open" if self.status == "open" else "resolved",
            "local_authority": self.local_authority, "raised_by_phone": None,
            "raised_by_email": None}
        if self.status != "open":
            out.update(resolution=self.status, resolved_by=self.resolved_by,
                       resolved_at=self.resolved_at, note=self.note)
        return out


_PAIR = ("SELECT d.pair_id, a.directory_id, b.directory_id, a.shielded, b.shielded, d.score,"
         " d.local_authority, d.status, d.found_at, d.resolved_by, d.resolved_at, d.note"
         " FROM duplicate_pairs d JOIN children a ON a.child_id = d.a_child"
         " JOIN children b ON b.child_id = d.b_child")


def _pair(row: tuple[Any, ...]) -> Pair:
    return Pair(int(row[0]), str(row[1]), str(row[2]), bool(row[3]), bool(row[4]),
                float(row[5]), str(row[6]), str(row[7]), str(row[8]), row[9], row[10],
                row[11])


def area_pairs(path: Path, local_authority: str, limit: int = 200) -> list[Pair]:
    with opened(path) as conn:
        rows = conn.execute(f"{_PAIR} WHERE d.local_authority = ?"
                            " ORDER BY d.status != 'open', d.pair_id DESC LIMIT ?",
                            (local_authority, limit)).fetchall()
    return [_pair(r) for r in rows]


def pair(path: Path, ref: str) -> Pair | None:
    number = ref.removeprefix("DUP-")
    if not ref.startswith("DUP-") or not number.isdigit() or len(number) > 12:
        return None
    with opened(path) as conn:
        row = conn.execute(f"{_PAIR} WHERE d.pair_id = ?", (int(number),)).fetchone()
    return None if row is None else _pair(row)


def has_open_pair(conn: sqlite3.Connection, directory_id: str) -> bool:
    """On the caller's connection: a record view reads on the store's (a connection of its
    own cost 0.8 ms a view at 12,000,000 children, mostly reading the schema: issue 18)."""
    row = conn.execute(
        # one indexed look-up per side (an IN over both columns scanned every pair:
        # 12 ms a record view at 12,000,000 children, issue 18)
        "SELECT 1 FROM children c JOIN duplicate_pairs d ON d.a_child = c.child_id"
        " WHERE c.directory_id = ? AND d.status = 'open'"
        " UNION ALL SELECT 1 FROM children c JOIN duplicate_pairs d ON d.b_child = c.child_id"
        " WHERE c.directory_id = ? AND d.status = 'open' LIMIT 1",
        (directory_id, directory_id)).fetchone()
    return row is not None


def copy_of(found: Pair) -> str:
    """The record a ``same_child`` resolution archives: the unshielded one, else the later."""
    return found.first if found.second_shielded and not found.first_shielded else found.second


def resolve(path: Path, found: Pair, resolution: str | None, by: str, note: str,
            *, undo: str | None = None) -> None:
    """Close the pair; ``same_child`` archives the copy. ``resolution`` None reopens it (with
    ``undo`` the resolution being undone: the audit-failure undo)."""
    copy = copy_of(found)
    with opened(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if resolution is None:
                conn.execute("UPDATE duplicate_pairs SET status = 'open', resolved_by = NULL,"
                             " resolved_at = NULL, note = NULL WHERE pair_id = ?",
                             (found.pair_id,))
                if undo == "same_child":
                    conn.execute("UPDATE children SET archived = 0 WHERE directory_id = ?",
                                 (copy,))
            else:
                conn.execute("UPDATE duplicate_pairs SET status = ?, resolved_by = ?,"
                             " resolved_at = ?, note = ? WHERE pair_id = ?",
                             (resolution, by, now_z(), note, found.pair_id))
                if resolution == "same_child":
                    conn.execute("UPDATE children SET archived = 1 WHERE directory_id = ?",
                                 (copy,))
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
