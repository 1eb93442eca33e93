"""Signed checkpoints of the audit chain head, kept outside the database.

The hash chain (``mock_server/data/audit.py``) has no key: whoever can write the database file can
drop the triggers, change a row, re-hash everything after it and the head, and the chain walk
still passes; cutting the tail and rewriting the head passes too. So the server also signs
*checkpoints* — (seq, hash, time) of the chain head — with a key that is not in the database,
and appends them to a log that is not in the database either. A rewrite of any entry at or
before a checkpoint changes that entry's hash; a cut below a checkpoint removes the entry it
vouches for; neither can be re-signed without the key.

Files beside the database (named like the mock CA's ``<db>.ca/``):

* ``<db>.audit-key.pem`` — Ed25519 private key, PKCS#8 PEM, unencrypted, created on first use
  with mode 0600 (``O_EXCL``: two processes never make two keys). Whoever holds this file can
  forge checkpoints, so a real deployment keeps it away from the database's holders (another
  account, an HSM) — here it merely sits beside the database, like the mock CA key.
* ``<db>.audit-checkpoints.jsonl`` — append-only, mode 0600, one JSON object per line::

    {"v":1,"seq":100,"hash":"<64 hex>","at":"2026-05-01T10:00:00.000000Z",
     "reason":"interval","every":100,"key_id":"<16 hex>","sig":"<base64 Ed25519>"}

  ``sig`` signs ``DOMAIN + canonical JSON of every other field`` (sorted keys, no spaces).
  ``reason``: ``start`` (server start), ``interval`` (entry seq is a multiple of ``every``),
  ``shutdown`` (server stop) or ``reset`` (``cpdesk-mock reset`` began a fresh trail: seq 0,
  the genesis hash; checkpoints before it belong to earlier trails and only their signatures
  are checked). Each line is one ``write`` on an ``O_APPEND`` descriptor, then ``fsync``.

What stays out of reach: entries after the latest checkpoint are vouched for by the chain
alone; someone who can also edit the log can drop its last lines and cut the database back
to fewer than ``every`` entries past the latest remaining checkpoint; someone with the key
can sign anything.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import re
import sqlite3
import stat
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from mock_server.data.audit import GENESIS, canonical, verify
from mock_server.data.store import connect

DEFAULT_EVERY = 100
VERSION = 1
# Domain separation: a signature over a checkpoint can never pass for any other signed message.
DOMAIN = b"cpdesk-mock audit checkpoint v1\n"
REASONS = frozenset({"start", "interval", "shutdown", "reset"})
_FIELDS = frozenset({"v", "seq", "hash", "at", "reason", "every", "key_id", "sig"})
_HEX64 = re.compile(r"[0-9a-f]{64}")

_log = logging.getLogger(__name__)


def key_path_for(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".audit-key.pem")


def log_path_for(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".audit-checkpoints.jsonl")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def key_id(public: Ed25519PublicKey) -> str:
    """First 16 hex digits of SHA-256 over the raw public key: names the key in every line."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    digest = hashes.Hash(hashes.SHA256())
    digest.update(raw)
    return digest.finalize().hex()[:16]


def load_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 key.")
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        _log.warning("the audit checkpoint key %s is readable by others than its owner", path)
    return key


def load_or_create_key(path: Path) -> Ed25519PrivateKey:
    """The key at ``path``, made on first use: mode 0600 whatever the umask, never overwritten."""
    if path.exists():
        return load_key(path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return load_key(path)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
        handle.flush()
        os.fsync(handle.fileno())
    return key


@dataclass(frozen=True, slots=True)
class Checkpoint:
    v: int
    seq: int
    hash: str
    at: str
    reason: str
    every: int
    key_id: str
    sig: str

    def signed_bytes(self) -> bytes:
        payload = {k: v for k, v in asdict(self).items() if k != "sig"}
        return DOMAIN + canonical(payload).encode("utf-8")

    def line(self) -> str:
        return canonical(asdict(self)) + "\n"


class CheckpointSigner:
    """Signs (seq, hash) of the chain head and appends it to the checkpoint log."""

    def __init__(self, key: Ed25519PrivateKey, log_path: Path, every: int = DEFAULT_EVERY,
                 clock: Callable[[], str] = _now) -> None:
        if every < 1:
            raise ValueError("every must be at least 1")
        self._key = key
        self.log_path = log_path
        self.every = every
        self.key_id = key_id(key.public_key())
        self._clock = clock

    @classmethod
    def beside(cls, db_path: str | Path, every: int = DEFAULT_EVERY,
               clock: Callable[[], str] = _now) -> CheckpointSigner:
        key_path, log_path = key_path_for(db_path), log_path_for(db_path)
        if not key_path.exists() and log_path.exists():
            # Not fatal (the server must still serve), but verify-audit will report the
            # earlier checkpoints as signed by another key, which is what happened.
            _log.warning("the audit checkpoint key %s is missing but its log exists:"
                         " a new key is made", key_path)
        return cls(load_or_create_key(key_path), log_path, every, clock)

    def write(self, seq: int, digest: str, reason: str) -> Checkpoint:
        if reason not in REASONS:
            raise ValueError(f"unknown checkpoint reason {reason!r}")
        unsigned = Checkpoint(VERSION, seq, digest, self._clock(), reason, self.every,
                              self.key_id, "")
        sig = base64.b64encode(self._key.sign(unsigned.signed_bytes())).decode("ascii")
        checkpoint = Checkpoint(**{**asdict(unsigned), "sig": sig})
        created = not self.log_path.exists()
        # O_APPEND and a single write: a line lands whole at the end, never over earlier ones.
        fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, checkpoint.line().encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
        if created:  # make the new file's directory entry durable too
            directory = os.open(self.log_path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        return checkpoint


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TrailCheck:
    ok: bool
    entries: int
    problem: str | None = None  # one line, no full stop
    summary: str | None = None  # when ok


class _Broken(Exception):
    """A checkpoint problem, worded for the admin."""


def _parse(number: int, text: str, public: Ed25519PublicKey, our_id: str,
           log: Path) -> Checkpoint:
    try:
        raw: Any = json.loads(text)
        if not isinstance(raw, dict) or set(raw) != _FIELDS:
            raise ValueError("fields")
        checkpoint = Checkpoint(**raw)
        ints = (checkpoint.v, checkpoint.seq, checkpoint.every)
        strs = (checkpoint.hash, checkpoint.at, checkpoint.reason, checkpoint.key_id,
                checkpoint.sig)
        if (not all(type(i) is int for i in ints) or not all(isinstance(s, str) for s in strs)
                or checkpoint.v != VERSION or checkpoint.seq < 0 or checkpoint.every < 1
                or checkpoint.reason not in REASONS or not _HEX64.fullmatch(checkpoint.hash)):
            raise ValueError("values")
        sig = base64.b64decode(checkpoint.sig, validate=True)
    except (ValueError, TypeError, binascii.Error):
        raise _Broken(f"line {number} of {log} is not a checkpoint"
                      " (altered, or cut short by a crash)") from None
    if checkpoint.key_id != our_id:
        raise _Broken(f"the checkpoint on line {number} of {log} names another key"
                      f" ({checkpoint.key_id}; this database's key is {our_id}): forged")
    try:
        public.verify(sig, checkpoint.signed_bytes())
    except InvalidSignature:
        raise _Broken(f"the checkpoint on line {number} of {log} has an invalid signature"
                      " (forged or altered)") from None
    return checkpoint


def _read_log(log: Path, public: Ed25519PublicKey) -> list[Checkpoint]:
    """Every line, signature checked; the ones of the current trail (since the last reset)."""
    our_id = key_id(public)
    lines = log.read_text(encoding="utf-8").splitlines()
    checkpoints = [_parse(n, text, public, our_id, log) for n, text in enumerate(lines, 1)]
    resets = [i for i, c in enumerate(checkpoints) if c.reason == "reset"]
    return checkpoints[resets[-1]:] if resets else checkpoints


def _head_seq(db: Path) -> int:
    conn = connect(db, read_only=True)
    try:
        row = conn.execute("SELECT seq FROM audit_head WHERE id = 1").fetchone()
    finally:
        conn.close()
    return 0 if row is None else int(row[0])


def _hashes(db: Path, seqs: set[int]) -> dict[int, str]:
    found = {0: GENESIS}
    conn = connect(db, read_only=True)
    try:
        for seq in sorted(seqs - {0}):
            row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (seq,)).fetchone()
            if row is not None:
                found[seq] = str(row[0])
    finally:
        conn.close()
    return found


def _check(db: Path, entries: int, checkpoints: list[Checkpoint]) -> Checkpoint:
    """The latest checkpoint vouching for the verified chain of ``entries``; or _Broken."""
    beyond = [c for c in checkpoints if c.seq > entries]
    if beyond:
        # A live server may have appended (and checkpointed) since the chain was read: only a
        # head still short of a checkpoint's seq means entries were cut from the end.
        top = max(beyond, key=lambda c: c.seq)
        now = _head_seq(db)
        if now < top.seq:
            raise _Broken(f"the trail ends at entry {now} but a checkpoint signed at {top.at}"
                          f" vouches for entry {top.seq} (entries removed from the end)")
    hashes = _hashes(db, {c.seq for c in checkpoints})
    for checkpoint in sorted(checkpoints, key=lambda c: c.seq):
        if hashes.get(checkpoint.seq) != checkpoint.hash:
            raise _Broken(f"entry {checkpoint.seq} does not match the checkpoint signed at"
                          f" {checkpoint.at} (the trail was rewritten and re-hashed)")
    covered = [c for c in checkpoints if c.seq <= entries]
    if not covered:
        raise _Broken("the checkpoint log holds no checkpoint for this trail")
    latest = max(covered, key=lambda c: c.seq)
    every = checkpoints[-1].every
    # A checkpoint is written at every multiple of `every`, so one is always due in
    # (latest, latest + every]: missing ones mean lines were removed from the log. One entry
    # of slack: a server killed between the COMMIT of entry k·every and its checkpoint.
    if entries > latest.seq + every:
        raise _Broken(f"entries {latest.seq + 1} to {entries} have no signed checkpoint though"
                      f" one is written every {every} entries (checkpoints removed from the"
                      " log, or the server could not write them: see its log)")
    return latest


def verify_trail(db: Path) -> TrailCheck:
    """The hash chain, then the signed checkpoints beside the database (see the module doc)."""
    chain = verify(db)
    if not chain.ok:
        return TrailCheck(False, chain.entries, chain.problem)
    entries = chain.entries  # chain intact: entries 1..n, and the head says n
    log, key = log_path_for(db), key_path_for(db)
    if not log.exists():
        if key.exists():
            return TrailCheck(False, entries, f"tampering: the checkpoint log {log} is missing"
                              " but its signing key exists (the log was removed)")
        if entries > DEFAULT_EVERY:
            return TrailCheck(False, entries, f"tampering: {entries} entries but no checkpoint"
                              f" log at {log}, though a signed checkpoint is due every"
                              f" {DEFAULT_EVERY} entries (the log was removed, or the trail"
                              " was written without signing)")
        return TrailCheck(True, entries, summary=f"{entries} entries; no signed checkpoint"
                          f" yet (no more than {DEFAULT_EVERY} entries and no checkpoint log: the"
                          " hash chain alone vouches for them)")
    if not key.exists():
        return TrailCheck(False, entries, f"the checkpoint signing key {key} is missing,"
                          " so the signed checkpoints cannot be checked")
    try:
        public = load_key(key).public_key()
    except (OSError, ValueError, TypeError) as exc:
        return TrailCheck(False, entries, f"the checkpoint signing key is unusable: {exc}")
    try:
        # The log is read after the database: every checkpoint due within the chain just read
        # is in it (a server writes it before the next entry), and any later ones are handled
        # in _check as a live server's progress.
        checkpoints = _read_log(log, public)
        latest = _check(db, entries, checkpoints)
    except _Broken as exc:
        return TrailCheck(False, entries, f"tampering: {exc}")
    except (OSError, UnicodeDecodeError, sqlite3.Error) as exc:
        return TrailCheck(False, entries, f"the checkpoint log could not be read: {exc}")
    since = checkpoints[0] if checkpoints[0].reason == "reset" else None
    summary = (f"{entries} entries; latest signed checkpoint verified: entry {latest.seq}"
               f" at {latest.at} ({latest.reason}), key {latest.key_id};"
               f" {len(checkpoints)} checkpoint(s) checked")
    if since is not None:
        summary += f" since the reset of {since.at}"
    if entries > latest.seq:
        summary += f"; entries {latest.seq + 1}-{entries} are not yet checkpointed"
    return TrailCheck(True, entries, summary=summary)
