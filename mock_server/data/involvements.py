"""Practitioner actions and the manager's queue (product.md §6–§7, api.md): their SQLite
tables. The routes are ``http/routes_involvements.py`` and ``http/routes_manager.py``; the
field rules are ``rules/involvements.py``.

- Involvements a user records live in ``action_involvements`` (ids ``uinv-N``), with
  practitioner, organisation, phone and email copied from the user's profile. Population
  involvements (``inv-N``) stay in the population's table; a manager of the child's local
  authority may end those too.
- Only the owner, or a manager of the child's local authority, may end an involvement.
- Inaccuracy reports (``INA-000123``) and sensitive-service contact requests (``SCR-000045``)
  go to the child's local authority queue; only a manager of that authority sees or resolves
  them.
- ``decorate`` adds the user-recorded involvements to a record the caller may see and marks
  each involvement ``owned`` (an extra field: true for the caller's own).
- My activity is read from the audit trail: time, action, directory ID, reason — no names.

Rebuilds: the population build (and ``reset``) write a fresh ``meta`` table; an action store
opened on a database whose ``meta`` lacks ``actions_epoch`` starts its tables empty, so a reset
puts actions back to the starting state too.

Threading: one ``ActionStore`` is shared by the server's threads; every statement runs under
its lock on its own connection.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.data.store import connect, start_empty_once

ENDED_VISIBLE_DAYS = 365
ACTIVITY_ACTIONS = ("search", "view", "override", "involvement", "involvement-end",
                    "inaccuracy", "contact-request", "resolve",
                    "convene", "household", "shield-request")  # the last three: issue 17
KINDS = {"inaccuracy": "INA", "contact-request": "SCR"}

SCHEMA = """
CREATE TABLE IF NOT EXISTS action_involvements (
    involvement_id INTEGER PRIMARY KEY, directory_id TEXT NOT NULL, username TEXT NOT NULL,
    practitioner TEXT NOT NULL, job_title TEXT, organisation TEXT, service TEXT, phone TEXT,
    email TEXT, since TEXT NOT NULL, ended TEXT, lead_professional INTEGER NOT NULL,
    caf_holder INTEGER NOT NULL, created_at TEXT NOT NULL,
    sensitive INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS action_involvements_child ON action_involvements (directory_id);
CREATE TABLE IF NOT EXISTS action_queue (
    item_id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
    directory_id TEXT NOT NULL, local_authority TEXT NOT NULL, section TEXT,
    raised_by TEXT NOT NULL, raised_by_username TEXT NOT NULL, raised_by_phone TEXT,
    raised_by_email TEXT, raised_at TEXT NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL,
    resolved_by TEXT, resolved_at TEXT, note TEXT);
CREATE INDEX IF NOT EXISTS action_queue_la ON action_queue (local_authority, item_id);
CREATE INDEX IF NOT EXISTS audit_username ON audit (username, seq);
"""

_INVOLVEMENT_COLUMNS = ("involvement_id, directory_id, username, practitioner, job_title,"
                        " organisation, service, phone, email, since, ended, lead_professional,"
                        " caf_holder, sensitive")
_QUEUE_COLUMNS = ("reference, kind, directory_id, local_authority, section, raised_by,"
                  " raised_by_username, raised_by_phone, raised_by_email, raised_at, text,"
                  " status, resolved_by, resolved_at, note")


def now_z() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Profile:
    """Who is acting: from the users table and the session's active role."""

    username: str
    display_name: str
    job_title: str
    organisation: str
    phone: str
    email: str
    role: str
    local_authority: str

    @property
    def manager(self) -> bool:
        return self.role == "manager"


@dataclass(frozen=True, slots=True)
class NewInvolvement:
    service: str  # the vocabulary's name for it
    job_title: str
    since: date
    lead_professional: bool
    caf_holder: bool
    sensitive: bool = False


@dataclass(frozen=True, slots=True)
class EndedInvolvement:
    involvement_id: str
    directory_id: str
    ended: str
    owner: str | None  # None for a population involvement


@dataclass(frozen=True, slots=True)
class QueueItem:
    reference: str
    kind: str
    directory_id: str
    local_authority: str
    section: str | None
    raised_by: str
    raised_by_username: str
    raised_by_phone: str | None
    raised_by_email: str | None
    raised_at: str
    text: str
    status: str
    resolved_by: str | None
    resolved_at: str | None
    note: str | None

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "reference": self.reference, "kind": self.kind, "directory_id": self.directory_id,
            "raised_by": self.raised_by, "raised_at": self.raised_at, "text": self.text,
            "status": self.status, "local_authority": self.local_authority,
            "raised_by_phone": self.raised_by_phone, "raised_by_email": self.raised_by_email}
        if self.section is not None:
            out["section"] = self.section
        if self.status == "resolved":
            out.update(resolved_by=self.resolved_by, resolved_at=self.resolved_at,
                       note=self.note)
        return out


def _involvement_json(row: tuple[Any, ...], username: str) -> dict[str, Any]:
    (iid, _child, owner, practitioner, job_title, organisation, service, phone, email, since,
     ended, lead, caf, _sensitive) = row
    return {"involvement_id": f"uinv-{iid}", "practitioner": practitioner,
            "job_title": job_title, "organisation": organisation, "service": service,
            "phone": phone or None, "email": email or None, "since": since, "ended": ended,
            "lead_professional": bool(lead), "caf_holder": bool(caf), "owned": owner == username}


class ActionStore:
    def __init__(self, path: Path) -> None:
        self._conn = connect(path)
        self._lock = threading.Lock()
        with self._lock:
            self._conn.executescript(SCHEMA)
            columns = {r[1] for r in self._conn.execute("PRAGMA table_info(action_involvements)")}
            if "sensitive" not in columns:  # a database from before the service vocabulary
                self._conn.execute("ALTER TABLE action_involvements ADD COLUMN sensitive"
                                   " INTEGER NOT NULL DEFAULT 0")
            start_empty_once(self._conn, "actions_epoch", ("action_involvements", "action_queue"))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    # -- involvements ------------------------------------------------------------------------

    def decorate(self, record: dict[str, Any], username: str, today: date, *,
                 details: bool = False) -> dict[str, Any]:
        """Add the user-recorded involvements to a record whose involvements the caller may
        see, and mark every involvement ``owned`` (the caller's own). A recorded involvement
        in a sensitive service only sets ``sensitive_services.involved`` (and, for a manager
        of the child's area, ``details``): it is never listed among the involvements."""
        if not isinstance(record.get("involvements"), list):
            return record
        cutoff = (today - timedelta(days=ENDED_VISIBLE_DAYS)).isoformat()
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_INVOLVEMENT_COLUMNS} FROM action_involvements"  # noqa: S608
                " WHERE directory_id = ? AND (ended IS NULL OR ended >= ?)"
                " ORDER BY ended IS NOT NULL, since DESC, involvement_id DESC",
                (record["directory_id"], cutoff)).fetchall()
        involvements = [{**inv, "owned": False} for inv in record["involvements"]]
        involvements += [_involvement_json(row, username) for row in rows if not row[13]]
        out = {**record, "involvements": involvements}
        sensitive = [row for row in rows if row[13]]
        if sensitive:
            services = dict(record.get("sensitive_services") or {})
            services["involved"] = True
            if details:
                services["details"] = [*services.get("details", []), *(
                    {"service": r[6], "practitioner": r[3], "organisation": r[5],
                     "phone": r[7] or None} for r in sensitive)]
            out["sensitive_services"] = services
        return out

    def current_lead(self, directory_id: str) -> str | None:
        """The name of the child's current lead professional (None when there is none)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT p.name FROM involvements i JOIN practitioners p USING (practitioner_id)"
                " JOIN children c USING (child_id) WHERE c.directory_id = ?"
                " AND i.lead_professional = 1 AND i.ended IS NULL"
                " UNION ALL SELECT practitioner FROM action_involvements"
                " WHERE directory_id = ? AND lead_professional = 1 AND ended IS NULL LIMIT 1",
                (directory_id, directory_id)).fetchone()
        return None if row is None else str(row[0])

    def replace_lead(self, directory_id: str, keep: str) -> None:
        """No one but the involvement ``keep`` (``uinv-N``) is the child's lead professional
        any more: the new lead takes over."""
        number = int(keep.removeprefix("uinv-"))
        with self._lock:
            self._conn.execute(
                "UPDATE involvements SET lead_professional = 0 WHERE ended IS NULL"
                " AND child_id = (SELECT child_id FROM children WHERE directory_id = ?)",
                (directory_id,))
            self._conn.execute(
                "UPDATE action_involvements SET lead_professional = 0 WHERE directory_id = ?"
                " AND ended IS NULL AND involvement_id != ?", (directory_id, number))

    def set_caf(self, directory_id: str) -> None:
        """A CAF assessment exists for the child (its holder recorded it)."""
        with self._lock:
            self._conn.execute("UPDATE children SET caf = 1 WHERE directory_id = ?",
                               (directory_id,))

    def add_involvement(self, directory_id: str, who: Profile,
                        new: NewInvolvement) -> dict[str, Any]:
        with self._lock:
            cur = self._conn.execute(
                "INSERT INTO action_involvements (directory_id, username, practitioner,"
                " job_title, organisation, service, phone, email, since, ended,"
                " lead_professional, caf_holder, created_at, sensitive)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)",
                (directory_id, who.username, who.display_name, new.job_title, who.organisation,
                 new.service, who.phone, who.email, new.since.isoformat(),
                 int(new.lead_professional), int(new.caf_holder), now_z(),
                 int(new.sensitive)))
            row = self._conn.execute(
                f"SELECT {_INVOLVEMENT_COLUMNS} FROM action_involvements"  # noqa: S608
                " WHERE involvement_id = ?", (cur.lastrowid,)).fetchone()
        return _involvement_json(row, who.username)

    def remove_involvement(self, involvement_id: str) -> None:
        """Undo :meth:`add_involvement` when its audit entry could not be written."""
        number = int(involvement_id.removeprefix("uinv-"))
        with self._lock:
            self._conn.execute("DELETE FROM action_involvements WHERE involvement_id = ?",
                               (number,))

    def find_involvement(self, involvement_id: str) -> EndedInvolvement | None:
        """The involvement's child, owner and end date (None when there is no such one)."""
        kind, _, number = involvement_id.rpartition("-")
        if kind not in ("inv", "uinv") or not number.isdigit() or len(number) > 12:
            return None
        with self._lock:
            if kind == "uinv":
                row = self._conn.execute(
                    "SELECT directory_id, ended, username FROM action_involvements"
                    " WHERE involvement_id = ?", (int(number),)).fetchone()
            else:
                row = self._conn.execute(
                    "SELECT c.directory_id, i.ended, NULL FROM involvements i"
                    " JOIN children c USING (child_id)"
                    " WHERE i.involvement_id = ? AND i.sensitive = 0", (int(number),)).fetchone()
        if row is None:
            return None
        return EndedInvolvement(involvement_id, row[0], row[1], row[2])

    def set_ended(self, involvement_id: str, ended: str | None) -> None:
        kind, _, number = involvement_id.rpartition("-")
        table = "action_involvements" if kind == "uinv" else "involvements"
        with self._lock:
            self._conn.execute(f"UPDATE {table} SET ended = ? WHERE involvement_id = ?",  # noqa: S608
                               (ended, int(number)))

    # -- queue -------------------------------------------------------------------------------

    def raise_item(self, kind: str, directory_id: str, local_authority: str, who: Profile,
                   text: str, section: str | None = None) -> str:
        prefix = KINDS[kind]
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                last = self._conn.execute(
                    "SELECT max(CAST(substr(reference, 5) AS INTEGER)) FROM action_queue"
                    " WHERE kind = ?", (kind,)).fetchone()[0]
                reference = f"{prefix}-{int(last or 0) + 1:06d}"
                self._conn.execute(
                    f"INSERT INTO action_queue ({_QUEUE_COLUMNS})"  # noqa: S608
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', NULL, NULL, NULL)",
                    (reference, kind, directory_id, local_authority, section,
                     f"{who.display_name} ({who.organisation})", who.username,
                     who.phone or None, who.email or None, now_z(), text))
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                self._conn.execute("ROLLBACK")
                raise
        return reference

    def withdraw(self, reference: str) -> None:
        """Undo :meth:`raise_item` when its audit entry could not be written."""
        with self._lock:
            self._conn.execute("DELETE FROM action_queue WHERE reference = ?", (reference,))

    def queue(self, local_authority: str, limit: int = 500) -> list[QueueItem]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_QUEUE_COLUMNS} FROM action_queue WHERE local_authority = ?"  # noqa: S608
                " ORDER BY status = 'resolved', item_id DESC LIMIT ?",
                (local_authority, limit)).fetchall()
        return [QueueItem(*row) for row in rows]

    def item(self, reference: str) -> QueueItem | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT {_QUEUE_COLUMNS} FROM action_queue WHERE reference = ?",  # noqa: S608
                (reference,)).fetchone()
        return None if row is None else QueueItem(*row)

    def resolve(self, reference: str, who: Profile, note: str | None) -> None:
        """Mark resolved (``note`` None puts the item back to open: the audit-failure undo)."""
        with self._lock:
            if note is None:
                self._conn.execute(
                    "UPDATE action_queue SET status = 'open', resolved_by = NULL,"
                    " resolved_at = NULL, note = NULL WHERE reference = ?", (reference,))
                return
            self._conn.execute(
                "UPDATE action_queue SET status = 'resolved', resolved_by = ?, resolved_at = ?,"
                " note = ? WHERE reference = ?",
                (f"{who.display_name} ({who.organisation})", now_z(), note, reference))

    # -- my activity -------------------------------------------------------------------------

    def activity(self, username: str, limit: int) -> list[dict[str, Any]]:
        """The user's own actions from the audit trail, newest first; never criteria or names."""
        marks = ", ".join("?" * len(ACTIVITY_ACTIONS))
        with self._lock:
            rows = self._conn.execute(
                "SELECT at, action, directory_id, reason_code, detail FROM audit"  # noqa: S608
                f" WHERE username = ? AND action IN ({marks})"
                " AND outcome IN ('ok', 'too_many') ORDER BY seq DESC LIMIT ?",
                (username, *ACTIVITY_ACTIONS, limit)).fetchall()
        items = []
        for at, action, directory_id, reason_code, detail in rows:
            item: dict[str, Any] = {"at": at, "action": action, "directory_id": directory_id,
                                    "reason_code": reason_code}
            if action == "search":
                item["results"] = len(json.loads(detail).get("returned") or [])
            reference = json.loads(detail).get("reference")
            if isinstance(reference, str):
                item["reference"] = reference
            items.append(item)
        return items
