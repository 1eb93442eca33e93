"""Append-only, hash-chained audit trail in the directory database.

Each entry's ``hash = SHA-256(prev_hash ‖ canonical JSON of the rest)`` where "the rest" is the
entry without ``prev_hash`` and ``hash`` (``seq`` included, so order is bound in). Canonical JSON
is sorted keys, no spaces, UTF-8. The first entry's ``prev_hash`` is 64 zeros. ``audit_head``
holds the last seq and hash, written in the same transaction, so removing entries from the end
is detected too. Triggers refuse UPDATE and DELETE on the table.

Contract: :meth:`AuditLog.append` returns only after COMMIT; any failure raises
:class:`AuditUnavailable` and the caller must send no data (503).

The chain alone has no key: whoever can write the file can re-hash it. Given a checkpoint
signer (``mock_server/data/checkpoints.py``), the log also signs its head — on opening, after the
COMMIT of every entry whose seq is a multiple of ``every``, and on :meth:`AuditLog.close` — into
a log outside the database. A checkpoint that cannot be written is logged as a warning and
never fails the call: the entry itself is already committed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from mock_server.data.store import connect

GENESIS = "0" * 64
_COLUMNS = ("seq", "at", "username", "role", "action", "directory_id", "reason_code", "detail",
            "outcome", "prev_hash", "hash")


_log = logging.getLogger(__name__)


class AuditUnavailable(RuntimeError):
    """The audit entry could not be committed."""


class CheckpointWriter(Protocol):
    """Signs and stores (seq, hash) of the chain head (``checkpoints.CheckpointSigner``)."""

    @property
    def every(self) -> int: ...

    def write(self, seq: int, digest: str, reason: str) -> object: ...


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int
    at: str
    username: str | None
    role: str | None
    action: str
    directory_id: str | None
    reason_code: str | None
    detail: dict[str, Any]
    outcome: str
    prev_hash: str
    hash: str

    def rest(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "username": self.username, "role": self.role,
                "action": self.action, "directory_id": self.directory_id,
                "reason_code": self.reason_code, "detail": self.detail, "outcome": self.outcome}

    def as_json(self) -> dict[str, Any]:
        return {**self.rest(), "prev_hash": self.prev_hash, "hash": self.hash}


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(prev_hash: str, rest: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(rest)).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _entry(row: tuple[Any, ...]) -> AuditEntry:
    values = dict(zip(_COLUMNS, row, strict=True))
    values["detail"] = json.loads(values["detail"])
    return AuditEntry(**values)


class AuditLog:
    def __init__(self, path: Path, clock: Callable[[], str] = _now,
                 checkpoints: CheckpointWriter | None = None) -> None:
        self._conn = connect(path)
        self._conn.execute("PRAGMA synchronous = FULL")
        self._lock = threading.Lock()
        self._clock = clock
        self._checkpoints = checkpoints
        self._closed = False
        with self._lock:
            self._checkpoint_head("start")

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._checkpoint_head("shutdown")
            self._conn.close()
            self._closed = True

    def _checkpoint_head(self, reason: str) -> None:
        """Sign the current head (caller holds the lock); warn, never raise."""
        if self._checkpoints is None:
            return
        try:
            head = self._conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        except sqlite3.Error as exc:
            _log.warning("audit checkpoint (%s) skipped: the head could not be read: %s",
                         reason, exc)
            return
        seq, digest = (int(head[0]), str(head[1])) if head else (0, GENESIS)
        self._checkpoint(self._checkpoints, seq, digest, reason)

    @staticmethod
    def _checkpoint(writer: CheckpointWriter, seq: int, digest: str, reason: str) -> None:
        try:
            writer.write(seq, digest, reason)
        except Exception as exc:  # the entry is committed: a missing checkpoint only warns
            _log.warning("audit checkpoint (%s) at entry %d could not be written: %s",
                         reason, seq, exc)

    def append(self, *, username: str | None, role: str | None, action: str,
               outcome: str, directory_id: str | None = None, reason_code: str | None = None,
               detail: dict[str, Any] | None = None) -> AuditEntry:
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
                seq, prev = (int(head[0]) + 1, str(head[1])) if head else (1, GENESIS)
                entry = AuditEntry(seq, self._clock(), username, role, action, directory_id,
                                   reason_code, detail or {}, outcome, prev, "")
                digest = entry_hash(prev, entry.rest())
                conn.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (seq, entry.at, username, role, action, directory_id, reason_code,
                              canonical(entry.detail), outcome, prev, digest))
                conn.execute("INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, ?, ?)",
                             (seq, digest))
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise AuditUnavailable("the audit trail could not be written") from exc
            # After COMMIT, still under the lock so checkpoints reach the log in seq order.
            # One Ed25519 signature and one fsync every `every` entries.
            writer = self._checkpoints
            if writer is not None and seq % writer.every == 0:
                self._checkpoint(writer, seq, digest, "interval")
            return AuditEntry(**{**entry.as_json(), "hash": digest})

    def entries(self, after_seq: int = 0, limit: int = 1000) -> list[AuditEntry]:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {', '.join(_COLUMNS)} FROM audit WHERE seq > ? ORDER BY seq LIMIT ?",  # noqa: S608
                (after_seq, limit)).fetchall()
        return [_entry(row) for row in rows]

    def head(self) -> str:
        with self._lock:
            row = self._conn.execute("SELECT hash FROM audit_head WHERE id = 1").fetchone()
        return GENESIS if row is None else str(row[0])


@dataclass(frozen=True, slots=True)
class Verification:
    ok: bool
    entries: int
    problem: str | None = None


def verify(path: Path) -> Verification:
    """Walk the chain; report the first modified, missing, inserted or out-of-order entry."""
    conn = connect(path, read_only=True)
    try:
        conn.execute("BEGIN")  # one snapshot: a live server may append between the reads
        rows = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY seq").fetchall()  # noqa: S608
        head = conn.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
        conn.execute("COMMIT")
    finally:
        conn.close()
    prev, expected = GENESIS, 1
    for row in rows:
        seq = int(row[0])
        if seq != expected:
            return Verification(False, len(rows),
                                f"entry {expected} is missing or an entry was inserted"
                                f" (found {seq})")
        try:
            entry = _entry(row)
        except (TypeError, ValueError):
            return Verification(False, len(rows), f"entry {seq} is unreadable (modified)")
        if entry.prev_hash != prev:
            return Verification(False, len(rows),
                                f"entry {seq} does not follow entry {seq - 1}"
                                " (deleted, inserted or reordered entries)")
        if entry_hash(entry.prev_hash, entry.rest()) != entry.hash:
            return Verification(False, len(rows), f"entry {seq} has been modified")
        prev, expected = entry.hash, expected + 1
    last = expected - 1
    if head is None:
        if rows:
            return Verification(False, len(rows), "the chain head record is missing")
    elif int(head[0]) != last or str(head[1]) != prev:
        return Verification(False, len(rows),
                            f"the chain ends at entry {last} but the head says {int(head[0])}"
                            " (entries removed from the end, or the head altered)")
    return Verification(True, len(rows))
