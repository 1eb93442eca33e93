"""SQLite store of the synthetic directory: schema, indexes and the read queries.

The database is one file (WAL once built). Name keys (normalised, Soundex, Metaphone) are
stored at generation time so a name+DOB search is an index lookup on ``(family_key, dob)``.

Threading: FastAPI runs sync routes in a thread pool; each thread gets its own read
connection (``Store.reader``). Writes (the audit trail) use their own connection and lock
(``mock_server/data/audit.py``).
"""

from __future__ import annotations

import functools
import sqlite3
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from mock_server.data import household_shield
from mock_server.data.retention import sweep

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE local_authorities (la_id INTEGER PRIMARY KEY, name TEXT NOT NULL,
    team_phone TEXT NOT NULL);
CREATE TABLE schools (school_id INTEGER PRIMARY KEY, la_id INTEGER NOT NULL, name TEXT NOT NULL,
    type TEXT, phone TEXT, address TEXT);
CREATE TABLE gp_practices (gp_id INTEGER PRIMARY KEY, la_id INTEGER NOT NULL,
    name TEXT NOT NULL, phone TEXT, address TEXT);
CREATE TABLE practitioners (practitioner_id INTEGER PRIMARY KEY, la_id INTEGER,
    name TEXT NOT NULL, job_title TEXT, organisation TEXT, service TEXT, phone TEXT, email TEXT);
CREATE TABLE parents (family_id INTEGER NOT NULL, name TEXT, relationship TEXT,
    parental_responsibility INTEGER NOT NULL, phone TEXT, email TEXT, address TEXT,
    shielded INTEGER NOT NULL DEFAULT 0);
CREATE TABLE children (child_id INTEGER PRIMARY KEY, directory_id TEXT NOT NULL,
    family_id INTEGER, family_name TEXT NOT NULL, given_names TEXT NOT NULL, known_as TEXT,
    dob TEXT NOT NULL, gender TEXT NOT NULL, la_id INTEGER NOT NULL, town TEXT,
    postcodes TEXT NOT NULL, family_key TEXT NOT NULL, family_soundex TEXT NOT NULL,
    family_metaphone TEXT NOT NULL, given_keys TEXT NOT NULL,
    school_id INTEGER, school_since TEXT, gp_id INTEGER, caf INTEGER NOT NULL,
    shielded INTEGER NOT NULL, archived INTEGER NOT NULL, consent INTEGER NOT NULL,
    last_updated TEXT NOT NULL);
CREATE TABLE former_names (child_id INTEGER NOT NULL, name TEXT NOT NULL);
CREATE TABLE addresses (child_id INTEGER NOT NULL, line TEXT NOT NULL, town TEXT,
    postcode TEXT, from_date TEXT, to_date TEXT, current INTEGER NOT NULL);
CREATE TABLE involvements (involvement_id INTEGER PRIMARY KEY, child_id INTEGER NOT NULL,
    practitioner_id INTEGER NOT NULL, service TEXT, since TEXT, ended TEXT,
    lead_professional INTEGER NOT NULL, caf_holder INTEGER NOT NULL,
    sensitive INTEGER NOT NULL);
CREATE TABLE audit (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, username TEXT, role TEXT,
    action TEXT NOT NULL, directory_id TEXT, reason_code TEXT, detail TEXT NOT NULL,
    outcome TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL,
    hash TEXT NOT NULL);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
"""

INDEXES = """
CREATE UNIQUE INDEX children_directory_id ON children (directory_id);
CREATE INDEX children_family_dob ON children (family_key, dob);
CREATE INDEX children_soundex_dob ON children (family_soundex, dob);
CREATE INDEX children_metaphone_dob ON children (family_metaphone, dob);
CREATE INDEX addresses_child ON addresses (child_id);
CREATE INDEX parents_family ON parents (family_id);
CREATE INDEX former_names_child ON former_names (child_id);
CREATE INDEX involvements_child ON involvements (child_id);
CREATE INDEX IF NOT EXISTS children_family ON children (family_id);
CREATE INDEX IF NOT EXISTS addresses_current_place ON addresses (line, postcode)
    WHERE current = 1;
"""

# Indexes and columns that databases built before them lack; added when a store opens.
UPGRADES = (
    "CREATE TABLE IF NOT EXISTS duplicate_pairs (pair_id INTEGER PRIMARY KEY,"
    " a_child INTEGER NOT NULL, b_child INTEGER NOT NULL, score REAL NOT NULL,"
    " local_authority TEXT NOT NULL, status TEXT NOT NULL, found_at TEXT NOT NULL,"
    " resolved_by TEXT, resolved_at TEXT, note TEXT, UNIQUE (a_child, b_child))",
    "CREATE INDEX IF NOT EXISTS duplicate_pairs_b ON duplicate_pairs (b_child)",
    "CREATE INDEX IF NOT EXISTS children_family ON children (family_id)",
    "CREATE INDEX IF NOT EXISTS addresses_current_place ON addresses (line, postcode)"
    " WHERE current = 1",
)

# A shield covers the household (issue 13; ``household_shield.py``): a child is shielded too
# when a member of its household is shielded. The flag is stored and kept by triggers, so a
# new shield covers the household at once and a search reads it with the row.
HOUSEHOLD_SHIELDED = "(c.shielded = 0 AND c.household_shielded = 1)"

_CHILD_COLUMNS = ("c.child_id, c.directory_id, c.family_name, c.given_names, c.known_as, c.dob,"
                  " c.gender, c.town, la.name, c.postcodes, c.family_key, c.given_keys,"
                  f" c.shielded, c.archived, {HOUSEHOLD_SHIELDED}")

_BY_ID = (f"SELECT {_CHILD_COLUMNS} FROM children c"  # noqa: S608
          " JOIN local_authorities la USING (la_id) WHERE c.directory_id = ?")


class ChildRow(NamedTuple):
    """What search needs about a child (keys included, sections not). A named tuple: one is
    made per search candidate, and a tuple is five times quicker to make than a frozen
    dataclass (issue 18)."""

    child_id: int
    directory_id: str
    family_name: str
    given_names: str
    known_as: str | None
    dob: str
    gender: str
    town: str | None
    local_authority: str
    postcodes: tuple[str, ...]
    family_key: str
    given_keys: tuple[str, ...]
    shielded: bool  # in its own right or with its household: withhold either way
    archived: bool
    household_shield: bool = False  # shielded because of a household member only


@dataclass(frozen=True, slots=True)
class AddressRow:
    line: str
    town: str | None
    postcode: str | None
    from_date: str | None
    to_date: str | None
    current: bool


@dataclass(frozen=True, slots=True)
class ParentRow:
    name: str | None
    relationship: str | None
    parental_responsibility: bool
    phone: str | None
    email: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
class SettingRow:
    name: str
    type: str | None
    phone: str | None
    address: str | None
    since: str | None


@dataclass(frozen=True, slots=True)
class InvolvementRow:
    involvement_id: int
    practitioner: str
    job_title: str | None
    organisation: str | None
    service: str | None
    phone: str | None
    email: str | None
    since: str | None
    ended: str | None
    lead_professional: bool
    caf_holder: bool
    sensitive: bool


@dataclass(frozen=True, slots=True)
class ChildRecordRow:
    """Everything the store holds about one child; ``disclosure`` decides what is sent."""

    child: ChildRow
    la_team_phone: str
    former_names: tuple[str, ...]
    addresses: tuple[AddressRow, ...]
    parents: tuple[ParentRow, ...]
    school: SettingRow | None
    gp: SettingRow | None
    involvements: tuple[InvolvementRow, ...]
    caf: bool
    consent: bool
    last_updated: str


def _child(row: tuple[Any, ...]) -> ChildRow:
    """A row of ``_CHILD_COLUMNS`` as sqlite3 gives it (its types are the schema's: no
    conversions, a national search makes one per candidate)."""
    (child_id, directory_id, family_name, given_names, known_as, dob, gender, town, la_name,
     postcodes, family_key, given_keys, shielded, archived, household) = row
    return ChildRow(child_id, directory_id, family_name, given_names, known_as, dob, gender,
                    town, la_name, tuple(postcodes.split()), family_key,
                    tuple(given_keys.split()), bool(shielded or household), bool(archived),
                    bool(household))


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    uri = f"file:{path}?mode=ro" if read_only else f"file:{path}"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None,
                           timeout=10.0)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def start_empty_once(conn: sqlite3.Connection, epoch_key: str, tables: Sequence[str]) -> None:
    """Empty ``tables`` when ``meta`` lacks ``epoch_key`` (a freshly built or reset
    population), then record the epoch: the tables a store adds start empty after a reset."""
    if conn.execute("SELECT value FROM meta WHERE key = ?", (epoch_key,)).fetchone() is None:
        conn.execute("BEGIN IMMEDIATE")
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')  # noqa: S608
        conn.execute("INSERT INTO meta VALUES (?, ?)", (epoch_key, uuid.uuid4().hex))
        conn.execute("COMMIT")


def _upgrade(conn: sqlite3.Connection) -> None:
    columns = {row[1] for row in conn.execute("PRAGMA table_info(parents)")}
    if "shielded" not in columns:
        conn.execute("ALTER TABLE parents ADD COLUMN shielded INTEGER NOT NULL DEFAULT 0")
    for statement in UPGRADES:
        conn.execute(statement)
    household_shield.install(conn)


@functools.cache
def _candidates_sql(column: str, prefix: bool, ranged: bool, dobs: int) -> str:
    """The candidates query for one shape of criteria (made once: sqlite3's statement cache
    is keyed by the text)."""
    where = f"c.{column} >= ? AND c.{column} < ?" if prefix else f"c.{column} = ?"
    if ranged:
        where += " AND c.dob BETWEEN ? AND ?"
    elif dobs:
        where += f" AND c.dob IN ({', '.join('?' * dobs)})"
    return (f"SELECT {_CHILD_COLUMNS} FROM children c"  # noqa: S608
            f" JOIN local_authorities la USING (la_id) WHERE {where} LIMIT ?")


class Store:
    """Read access to a built directory database (see ``population.build``)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self._lock:
            conn = connect(path)
            conn.execute("PRAGMA journal_mode = WAL")
            _upgrade(conn)
            conn.close()

    def reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path, read_only=True)
            conn.execute("PRAGMA cache_size = -32000")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    def archive_due(self, today: date) -> int:
        """Archive every record past its retention day (done at each server start)."""
        with self._lock:
            conn = connect(self.path)
            try:
                return sweep(conn, today)
            finally:
                conn.close()

    def meta(self, key: str) -> str | None:
        row = self.reader().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def team_phone(self, local_authority: str) -> str:
        """The ContactPoint team's number of a local authority ('' when unknown)."""
        row = self.reader().execute("SELECT team_phone FROM local_authorities WHERE name = ?",
                                    (local_authority,)).fetchone()
        return "" if row is None else str(row[0])

    def child_count(self) -> int:
        return int(self.reader().execute("SELECT count(*) FROM children").fetchone()[0])

    def by_directory_id(self, directory_id: str) -> ChildRow | None:
        row = self.reader().execute(
            _BY_ID, (directory_id,)).fetchone()
        return None if row is None else _child(row)

    def candidates(self, column: str, key: str, *, prefix: bool, dobs: Sequence[str] = (),
                   dob_range: tuple[str, str] | None = None, limit: int = 5000,
                   ) -> list[ChildRow]:
        """Children whose name key column matches (exactly or as a prefix) and whose DOB fits."""
        if column not in ("family_key", "family_soundex", "family_metaphone"):
            raise ValueError(column)
        params: list[object] = [key, key + "\U0010ffff"] if prefix else [key]
        if dob_range is not None:
            params += dob_range
        else:
            params += dobs
        sql = _candidates_sql(column, prefix, dob_range is not None, len(dobs))
        rows = self.reader().execute(sql, (*params, limit)).fetchall()
        return [_child(row) for row in rows]

    def record(self, directory_id: str) -> ChildRecordRow | None:
        conn = self.reader()
        child = self.by_directory_id(directory_id)
        if child is None:
            return None
        cid = child.child_id
        extra = conn.execute(
            "SELECT la.team_phone, c.family_id, c.school_id, c.school_since, c.gp_id, c.caf,"
            " c.consent, c.last_updated FROM children c JOIN local_authorities la USING (la_id)"
            " WHERE c.child_id = ?", (cid,)).fetchone()
        team_phone, family_id, school_id, school_since, gp_id, caf, consent, updated = extra
        former = tuple(r[0] for r in conn.execute(
            "SELECT name FROM former_names WHERE child_id = ? ORDER BY rowid", (cid,)))
        addresses = tuple(AddressRow(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in conn.execute(  # noqa: E501
            "SELECT line, town, postcode, from_date, to_date, current FROM addresses"
            " WHERE child_id = ? ORDER BY current DESC, from_date DESC", (cid,)))
        parents = tuple(ParentRow(r[0], r[1], bool(r[2]), r[3], r[4], r[5]) for r in conn.execute(
            "SELECT name, relationship, parental_responsibility, phone, email, address"
            " FROM parents WHERE family_id = ? ORDER BY rowid", (family_id,)))
        school = None
        if school_id is not None:
            s = conn.execute("SELECT name, type, phone, address FROM schools"
                             " WHERE school_id = ?", (school_id,)).fetchone()
            school = SettingRow(s[0], s[1], s[2], s[3], school_since)
        gp = None
        if gp_id is not None:
            g = conn.execute("SELECT name, phone, address FROM gp_practices WHERE gp_id = ?",
                             (gp_id,)).fetchone()
            gp = SettingRow(g[0], None, g[1], g[2], None)
        involvements = tuple(InvolvementRow(
            involvement_id=r[0], practitioner=r[1], job_title=r[2], organisation=r[3],
            service=r[4], phone=r[5], email=r[6], since=r[7], ended=r[8],
            lead_professional=bool(r[9]), caf_holder=bool(r[10]), sensitive=bool(r[11]),
        ) for r in conn.execute(
            "SELECT i.involvement_id, p.name, p.job_title, p.organisation, i.service, p.phone,"
            " p.email, i.since, i.ended, i.lead_professional, i.caf_holder, i.sensitive"
            " FROM involvements i JOIN practitioners p USING (practitioner_id)"
            " WHERE i.child_id = ? ORDER BY i.ended IS NOT NULL, i.since DESC", (cid,)))
        return ChildRecordRow(child=child, la_team_phone=team_phone, former_names=former,
                              addresses=addresses, parents=parents, school=school, gp=gp,
                              involvements=involvements, caf=bool(caf), consent=bool(consent),
                              last_updated=updated)
