"""Child-is-here alerts (issue 16): their SQLite tables. The route is
``http/routes_alerts.py``; who is told is decided there.

An alert says only that a child attended urgent care: the directory ID, when, the setting
(the sender's organisation) and the sender's name, job title and contact details — never
free text. It goes to the child's area team (the ContactPoint managers of the child's local
authority) and, unless the child is shielded, to the child's current lead professional when
the lead is a user of the directory: the user who recorded the lead involvement, or, for an
involvement from the population, the user whose e-mail address is the practitioner's.

Each recipient marks an alert read for themselves (``child_alert_reads``). A practitioner
involved with the child (a current involvement, matched the same way) is told how many alerts
were sent about the child in the last 12 months.

Rebuilds: like the action store, an alert store opened on a database whose ``meta`` lacks
``alerts_epoch`` starts empty (a reset puts alerts back to the starting state); the training
sandbox empties these tables as it does every table the build does not make.

Threading: one ``AlertStore`` is shared by the server's threads; every statement runs under
its lock on its own connection.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mock_server.data.store import connect, start_empty_once

RECENT_DAYS = 365

SCHEMA = """
CREATE TABLE IF NOT EXISTS child_alerts (
    alert_id INTEGER PRIMARY KEY, reference TEXT NOT NULL UNIQUE,
    directory_id TEXT NOT NULL, local_authority TEXT NOT NULL, lead_username TEXT,
    sent_at TEXT NOT NULL, setting TEXT NOT NULL, sender_username TEXT NOT NULL,
    sender_name TEXT NOT NULL, sender_job_title TEXT, sender_phone TEXT, sender_email TEXT);
CREATE INDEX IF NOT EXISTS child_alerts_child ON child_alerts (directory_id, sent_at);
CREATE INDEX IF NOT EXISTS child_alerts_lead ON child_alerts (lead_username, alert_id);
CREATE INDEX IF NOT EXISTS child_alerts_la ON child_alerts (local_authority, alert_id);
CREATE TABLE IF NOT EXISTS child_alert_reads (
    alert_id INTEGER NOT NULL, username TEXT NOT NULL, read_at TEXT NOT NULL,
    PRIMARY KEY (alert_id, username));
"""

_COLUMNS = ("a.alert_id, a.reference, a.directory_id, a.local_authority, a.lead_username,"
            " a.sent_at, a.setting, a.sender_name, a.sender_job_title, a.sender_phone,"
            " a.sender_email")

# The child's current lead professional, as a user: who recorded the lead involvement, else
# the user whose e-mail is the population practitioner's.
_LEAD_USER = """
SELECT username FROM action_involvements
 WHERE directory_id = :id AND lead_professional = 1 AND ended IS NULL AND sensitive = 0
UNION ALL
SELECT u.username FROM involvements i
  JOIN practitioners p USING (practitioner_id) JOIN children c USING (child_id)
  JOIN users u ON lower(u.email) = lower(p.email) AND p.email != ''
 WHERE c.directory_id = :id AND i.lead_professional = 1 AND i.ended IS NULL
   AND i.sensitive = 0
LIMIT 1
"""

_INVOLVED = """
SELECT 1 FROM action_involvements
 WHERE directory_id = :id AND username = :user AND ended IS NULL
UNION ALL
SELECT 1 FROM involvements i
  JOIN practitioners p USING (practitioner_id) JOIN children c USING (child_id)
 WHERE c.directory_id = :id AND i.ended IS NULL AND :email != ''
   AND lower(p.email) = lower(:email)
LIMIT 1
"""


def now_z() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class Sender:
    """Who says the child is here: from her profile and the session's active role."""

    username: str
    name: str
    job_title: str
    setting: str  # her organisation
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class Alert:
    alert_id: int
    reference: str
    directory_id: str
    local_authority: str
    lead_username: str | None
    sent_at: str
    setting: str
    sender_name: str
    sender_job_title: str | None
    sender_phone: str | None
    sender_email: str | None
    read: bool = False

    def as_json(self, *, as_lead: bool) -> dict[str, Any]:
        return {"reference": self.reference, "directory_id": self.directory_id,
                "sent_at": self.sent_at, "setting": self.setting,
                "from": {"name": self.sender_name, "job_title": self.sender_job_title,
                         "organisation": self.setting, "phone": self.sender_phone,
                         "email": self.sender_email},
                "to": "lead_professional" if as_lead else "area_team",
                "read": self.read}


class AlertStore:
    def __init__(self, path: Path) -> None:
        self._conn = connect(path)
        self._lock = threading.Lock()
        with self._lock:
            self._conn.executescript(SCHEMA)
            start_empty_once(self._conn, "alerts_epoch", ("child_alerts", "child_alert_reads"))

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def lead_username(self, directory_id: str) -> str | None:
        """The child's current lead professional as a directory user (None: none is)."""
        with self._lock:
            row = self._conn.execute(_LEAD_USER, {"id": directory_id}).fetchone()
        return None if row is None else str(row[0])

    def involved(self, directory_id: str, username: str, email: str) -> bool:
        """The user has a current involvement with the child."""
        with self._lock:
            row = self._conn.execute(_INVOLVED, {"id": directory_id, "user": username,
                                                 "email": email or ""}).fetchone()
        return row is not None

    def send(self, directory_id: str, local_authority: str, lead_username: str | None,
             sender: Sender) -> Alert:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                last = self._conn.execute("SELECT max(alert_id) FROM child_alerts").fetchone()[0]
                reference = f"CHA-{int(last or 0) + 1:06d}"
                cur = self._conn.execute(
                    "INSERT INTO child_alerts (reference, directory_id, local_authority,"
                    " lead_username, sent_at, setting, sender_username, sender_name,"
                    " sender_job_title, sender_phone, sender_email)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (reference, directory_id, local_authority, lead_username, now_z(),
                     sender.setting, sender.username, sender.name, sender.job_title or None,
                     sender.phone or None, sender.email or None))
                row = self._conn.execute(
                    f"SELECT {_COLUMNS} FROM child_alerts a WHERE alert_id = ?",  # noqa: S608
                    (cur.lastrowid,)).fetchone()
                self._conn.execute("COMMIT")
            except sqlite3.Error:
                self._conn.execute("ROLLBACK")
                raise
        return Alert(*row)

    def withdraw(self, reference: str) -> None:
        """Undo :meth:`send` when its audit entry could not be written."""
        with self._lock:
            self._conn.execute("DELETE FROM child_alerts WHERE reference = ?", (reference,))

    def inbox(self, username: str, area: str | None, limit: int = 200) -> list[Alert]:
        """Alerts to ``username`` as lead professional, and, for a manager (``area``), every
        alert about a child of that area; newest first, each marked read or not."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS}, r.username IS NOT NULL FROM child_alerts a"  # noqa: S608
                " LEFT JOIN child_alert_reads r ON r.alert_id = a.alert_id AND r.username = ?"
                " WHERE a.lead_username = ? OR a.local_authority = ?"
                " ORDER BY a.alert_id DESC LIMIT ?",
                (username, username, area if area is not None else "\x00", limit)).fetchall()
        return [replace(Alert(*row[:11]), read=bool(row[11])) for row in rows]

    def mark_read(self, reference: str, username: str, area: str | None) -> bool:
        """Mark an alert of the user's inbox read (False: not in the user's inbox)."""
        with self._lock:
            row = self._conn.execute(
                "SELECT alert_id FROM child_alerts WHERE reference = ?"
                " AND (lead_username = ? OR local_authority = ?)",
                (reference, username, area if area is not None else "\x00")).fetchone()
            if row is None:
                return False
            self._conn.execute(
                "INSERT OR IGNORE INTO child_alert_reads VALUES (?, ?, ?)",
                (row[0], username, now_z()))
        return True

    def recent_count(self, directory_id: str, now: datetime | None = None) -> int:
        """Alerts about the child in the last 12 months."""
        since = ((now or datetime.now(UTC)) - timedelta(days=RECENT_DAYS)).strftime(
            "%Y-%m-%dT%H:%M:%SZ")
        with self._lock:
            row = self._conn.execute(
                "SELECT count(*) FROM child_alerts WHERE directory_id = ? AND sent_at >= ?",
                (directory_id, since)).fetchone()
        return int(row[0])
