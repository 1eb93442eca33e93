"""Working together as the seeds describe it (issue 17): consent, convening, the outcome of a
brokered contact and shield requests — their SQLite tables.

- ``action_consents``: the consent (given by the child or a parent, on a date) or the urgent
  ground (with a reason) recorded with an involvement, a sensitive-contact request or a
  convening; shown on the record to the practitioners involved and the area's managers.
- ``action_convenings``: who was brought together about a child (``CNV-000001``).
- ``action_outcomes``: what became of a brokered contact request (the area team records it;
  the requester sees it in My activity).
- ``shield_requests``: a practitioner's request for a shield (``SHR-000001``) for a child or
  one of its parents or carers, and what the area's shielder decided.

Every function opens its own short connection (these are rare writes next to the record
views). The tables are emptied with the rest of the sandbox on a training reset; a rebuilt
population starts without them (``prepare`` makes them again).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mock_server.data.involvements import Profile, now_z
from mock_server.data.store import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS action_consents (
    consent_id INTEGER PRIMARY KEY, directory_id TEXT NOT NULL, action TEXT NOT NULL,
    reference TEXT NOT NULL, basis TEXT NOT NULL, given_on TEXT, ground TEXT, reason TEXT,
    recorded_by TEXT NOT NULL, recorded_by_username TEXT NOT NULL, recorded_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS action_consents_child ON action_consents (directory_id);
CREATE TABLE IF NOT EXISTS action_convenings (
    convening_id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE,
    directory_id TEXT NOT NULL, username TEXT NOT NULL, participants TEXT NOT NULL,
    created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS action_outcomes (
    reference TEXT PRIMARY KEY, outcome TEXT NOT NULL, recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS shield_requests (
    request_id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE,
    directory_id TEXT NOT NULL, local_authority TEXT NOT NULL, subject TEXT NOT NULL,
    parent_rowid INTEGER, reason TEXT NOT NULL, raised_by TEXT NOT NULL,
    raised_by_username TEXT NOT NULL, raised_at TEXT NOT NULL, status TEXT NOT NULL,
    decided_by TEXT, decided_at TEXT, note TEXT);
CREATE INDEX IF NOT EXISTS shield_requests_la ON shield_requests (local_authority, request_id);
"""


@contextmanager
def opened(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived connection of its own (these modules' writes are rare)."""
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def prepare(path: Path) -> None:
    """Make the tables (a database built before issue 17 lacks them)."""
    with opened(path) as conn:
        conn.executescript(SCHEMA)


def who(profile: Profile) -> str:
    return f"{profile.display_name} ({profile.organisation})"


def _next_reference(conn: sqlite3.Connection, table: str, prefix: str) -> str:
    last = conn.execute(f"SELECT max(CAST(substr(reference, 5) AS INTEGER)) FROM {table}"  # noqa: S608
                        ).fetchone()[0]
    return f"{prefix}-{int(last or 0) + 1:06d}"


# -- consent -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Consent:
    """Consent given (``basis`` child or parent, ``given_on``) or an urgent ground."""

    basis: str  # child | parent | urgent
    given_on: str | None = None
    ground: str | None = None
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"basis": self.basis}
        if self.basis == "urgent":
            out.update(ground=self.ground, reason=self.reason)
        else:
            out["given_on"] = self.given_on
        return out


def record_consent(path: Path, directory_id: str, action: str, reference: str,
                   consent: Consent, profile: Profile) -> None:
    with opened(path) as conn:
        conn.execute(
            "INSERT INTO action_consents (directory_id, action, reference, basis, given_on,"
            " ground, reason, recorded_by, recorded_by_username, recorded_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (directory_id, action, reference, consent.basis, consent.given_on, consent.ground,
             consent.reason, who(profile), profile.username, now_z()))


def consents_for(conn: sqlite3.Connection, directory_id: str) -> list[dict[str, Any]]:
    """On the caller's connection (a record view reads on the store's: issue 18)."""
    rows = conn.execute(
        "SELECT action, reference, basis, given_on, ground, reason, recorded_by,"
        " recorded_at FROM action_consents WHERE directory_id = ?"
        " ORDER BY consent_id DESC LIMIT 50", (directory_id,)).fetchall()
    out = []
    for action, reference, basis, given_on, ground, reason, by, at in rows:
        item = {"for": action, "reference": reference, "recorded_by": by, "recorded_at": at,
                **Consent(basis, given_on, ground, reason).as_json()}
        out.append(item)
    return out


def is_involved(conn: sqlite3.Connection, directory_id: str, username: str) -> bool:
    """The user has recorded an involvement, a consent or a convening for the child."""
    row = conn.execute(
        "SELECT 1 FROM action_involvements WHERE directory_id = ? AND username = ?"
        " UNION ALL SELECT 1 FROM action_consents WHERE directory_id = ?"
        " AND recorded_by_username = ? LIMIT 1",
        (directory_id, username, directory_id, username)).fetchone()
    return row is not None


# -- convening -----------------------------------------------------------------------------


def record_convening(path: Path, directory_id: str, profile: Profile,
                     participants: Sequence[dict[str, Any]]) -> str:
    with opened(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            reference = _next_reference(conn, "action_convenings", "CNV")
            conn.execute(
                "INSERT INTO action_convenings (reference, directory_id, username,"
                " participants, created_at) VALUES (?, ?, ?, ?, ?)",
                (reference, directory_id, profile.username,
                 json.dumps([p["involvement_id"] for p in participants]), now_z()))
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
    return reference


def withdraw(path: Path, reference: str) -> None:
    """Undo a convening, consent or shield request when its audit entry failed."""
    with opened(path) as conn:
        conn.execute("DELETE FROM action_convenings WHERE reference = ?", (reference,))
        conn.execute("DELETE FROM action_consents WHERE reference = ?", (reference,))
        conn.execute("DELETE FROM shield_requests WHERE reference = ?", (reference,))


# -- brokered contact outcome --------------------------------------------------------------


def record_outcome(path: Path, reference: str, outcome: str | None,
                   profile: Profile) -> None:
    """The outcome of a contact request (``None`` removes it: the audit-failure undo)."""
    with opened(path) as conn:
        if outcome is None:
            conn.execute("DELETE FROM action_outcomes WHERE reference = ?", (reference,))
            return
        conn.execute("INSERT OR REPLACE INTO action_outcomes VALUES (?, ?, ?, ?)",
                     (reference, outcome, who(profile), now_z()))


def outcomes(path: Path, references: Sequence[str]) -> dict[str, dict[str, str]]:
    """Status and outcome of queue items by reference (what the requester may see)."""
    if not references:
        return {}
    marks = ", ".join("?" * len(references))
    with opened(path) as conn:
        rows = conn.execute(
            "SELECT q.reference, q.status, o.outcome, o.recorded_at FROM action_queue q"  # noqa: S608
            f" LEFT JOIN action_outcomes o USING (reference) WHERE q.reference IN ({marks})",
            tuple(references)).fetchall()
    found: dict[str, dict[str, str]] = {}
    for reference, status, outcome, at in rows:
        found[reference] = {"status": status}
        if outcome is not None:
            found[reference].update(outcome=outcome, outcome_at=at)
    return found


# -- shield requests -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ShieldRequest:
    reference: str
    directory_id: str
    local_authority: str
    subject: str  # child | parent
    parent_rowid: int | None
    reason: str
    raised_by: str
    raised_at: str
    status: str  # open | applied | declined
    decided_by: str | None
    decided_at: str | None
    note: str | None

    def as_json(self, parent_name: str | None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reference": self.reference, "directory_id": self.directory_id,
            "subject": self.subject, "reason": self.reason, "raised_by": self.raised_by,
            "raised_at": self.raised_at, "status": self.status}
        if parent_name is not None:
            out["parent"] = parent_name
        if self.status != "open":
            out.update(decided_by=self.decided_by, decided_at=self.decided_at, note=self.note)
        return out


_REQUEST_COLUMNS = ("reference, directory_id, local_authority, subject, parent_rowid, reason,"
                    " raised_by, raised_at, status, decided_by, decided_at, note")


def raise_shield_request(path: Path, directory_id: str, local_authority: str, subject: str,
                         parent_rowid: int | None, reason: str, profile: Profile) -> str:
    with opened(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            reference = _next_reference(conn, "shield_requests", "SHR")
            conn.execute(
                "INSERT INTO shield_requests (reference, directory_id, local_authority,"
                " subject, parent_rowid, reason, raised_by, raised_by_username, raised_at,"
                " status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open')",
                (reference, directory_id, local_authority, subject, parent_rowid, reason,
                 who(profile), profile.username, now_z()))
            conn.execute("COMMIT")
        except sqlite3.Error:
            conn.execute("ROLLBACK")
            raise
    return reference


def shield_requests(path: Path, local_authority: str, limit: int = 500) -> list[ShieldRequest]:
    with opened(path) as conn:
        rows = conn.execute(
            f"SELECT {_REQUEST_COLUMNS} FROM shield_requests WHERE local_authority = ?"  # noqa: S608
            " ORDER BY status != 'open', request_id DESC LIMIT ?",
            (local_authority, limit)).fetchall()
    return [ShieldRequest(*row) for row in rows]


def shield_request(path: Path, reference: str) -> ShieldRequest | None:
    with opened(path) as conn:
        row = conn.execute(f"SELECT {_REQUEST_COLUMNS} FROM shield_requests"  # noqa: S608
                           " WHERE reference = ?", (reference,)).fetchone()
    return None if row is None else ShieldRequest(*row)


def decide_shield_request(path: Path, reference: str, status: str, profile: Profile | None,
                          note: str | None) -> None:
    """Close a request (``status`` applied or declined); ``open`` reopens it (undo)."""
    with opened(path) as conn:
        if status == "open" or profile is None:
            conn.execute("UPDATE shield_requests SET status = 'open', decided_by = NULL,"
                         " decided_at = NULL, note = NULL WHERE reference = ?", (reference,))
            return
        conn.execute("UPDATE shield_requests SET status = ?, decided_by = ?, decided_at = ?,"
                     " note = ? WHERE reference = ?",
                     (status, who(profile), now_z(), note, reference))
