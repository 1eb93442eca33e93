"""Users of the mock server: salted scrypt password hashes, roles, enrolled certificates.

The tables live in the server's SQLite file beside the directory data; :func:`init_schema`
creates them. Privacy: a password exists only as the argument of :meth:`UserStore.add` or
:meth:`UserStore.check_password`; it is never stored, logged or put in an exception.

Threading: one :class:`UserStore` is shared by the server's worker threads; every statement
runs under its lock. The slow KDF runs outside the lock.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

ROLE_KINDS = ("practitioner", "manager", "trainer")

# scrypt: N=2^14, r=8, p=1 (16 MiB, ~0.1 s) — slow enough for a mock, quick enough for tests.
_N, _R, _P, _DKLEN = 2 ** 14, 8, 1, 32
_MAXMEM = 64 * 1024 * 1024


class UserError(ValueError):
    """A user could not be added or changed; the message is safe to show."""


@dataclass(frozen=True, slots=True)
class UserRole:
    role_id: str
    role: str
    organisation: str
    local_authority: str


@dataclass(frozen=True, slots=True)
class User:
    username: str
    display_name: str
    job_title: str
    phone: str
    email: str
    roles: tuple[UserRole, ...]


@dataclass(frozen=True, slots=True)
class EnrolledCertificate:
    der: bytes
    not_after: date


def init_schema(conn: sqlite3.Connection) -> None:
    conn.executescript("""
        CREATE TABLE IF NOT EXISTS users (
            username      TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            display_name  TEXT NOT NULL,
            job_title     TEXT NOT NULL,
            phone         TEXT NOT NULL,
            email         TEXT NOT NULL,
            created_at    TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS user_roles (
            username        TEXT NOT NULL REFERENCES users(username),
            role_id         TEXT NOT NULL,
            role            TEXT NOT NULL,
            organisation    TEXT NOT NULL,
            local_authority TEXT NOT NULL,
            PRIMARY KEY (username, role_id),
            UNIQUE (username, role, organisation)
        );
        CREATE TABLE IF NOT EXISTS user_certificates (
            username    TEXT PRIMARY KEY REFERENCES users(username),
            cert_der    BLOB NOT NULL,
            not_after   TEXT NOT NULL,
            enrolled_at TEXT NOT NULL
        );
    """)
    conn.commit()


def hash_password(password: str, n: int = _N) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=n, r=_R, p=_P,
                            maxmem=_MAXMEM, dklen=_DKLEN)
    return "$".join(("scrypt", str(n), str(_R), str(_P),
                     base64.b64encode(salt).decode(), base64.b64encode(digest).decode()))


def verify_password(password: str, encoded: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = encoded.split("$")
        if scheme != "scrypt":
            return False
        salt, expected = base64.b64decode(salt_b64), base64.b64decode(digest_b64)
        digest = hashlib.scrypt(password.encode(), salt=salt, n=int(n), r=int(r), p=int(p),
                                maxmem=_MAXMEM, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


# Checked against when the user name is unknown, so that the KDF always runs.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def _now_text() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class UserStore:
    """Users, roles and certificates in one SQLite file (opened here, shared by threads)."""

    def __init__(self, db_path: str | Path, kdf_n: int = _N) -> None:
        """``kdf_n`` is scrypt's cost for new hashes (a hash keeps the cost it was made with)."""
        self._kdf_n = kdf_n
        self.db_path = Path(db_path)
        self._conn = sqlite3.connect(str(db_path), check_same_thread=False, timeout=30.0)
        self._lock = threading.Lock()
        with self._lock:
            init_schema(self._conn)

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def add(self, username: str, password: str, role: str, organisation: str,
            local_authority: str, *, display_name: str | None = None,
            job_title: str | None = None, phone: str | None = None,
            email: str | None = None, password_hash: str | None = None) -> User:
        """Create the user, or add a further role to an existing one.

        Adding a role to an existing user needs that user's password; profile fields given
        again replace the stored ones. ``password_hash`` (from :func:`hash_password`) lets a
        trusted caller that already holds a hash of ``password`` skip the slow KDF.
        """
        if not username or len(username) > 128 or username != username.strip():
            raise UserError("A user name must be 1–128 characters without surrounding spaces.")
        if role not in ROLE_KINDS:
            raise UserError(f"Role must be one of: {', '.join(ROLE_KINDS)}.")
        if not organisation or not local_authority:
            raise UserError("Organisation and local authority are required.")
        with self._lock:
            row = self._conn.execute("SELECT password_hash FROM users WHERE username = ?",
                                     (username,)).fetchone()
        if row is None:
            if len(password) < 8:
                raise UserError("A password must have at least 8 characters.")
            encoded = password_hash or hash_password(password, self._kdf_n)
        elif password_hash is None and not verify_password(password, row[0]):
            raise UserError("That user exists with a different password.")
        profile = {"display_name": display_name, "job_title": job_title,
                   "phone": phone, "email": email}
        with self._lock, self._conn:
            if row is None:
                self._conn.execute(
                    "INSERT INTO users (username, password_hash, display_name, job_title,"
                    " phone, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (username, encoded, display_name or username, job_title or "",
                     phone or "", email or "", _now_text()))
            else:
                for column, value in profile.items():
                    if value is not None:
                        self._conn.execute(f"UPDATE users SET {column} = ? WHERE username = ?",  # noqa: S608
                                           (value, username))
            held = self._conn.execute(
                "SELECT 1 FROM user_roles WHERE username = ? AND role = ? AND organisation = ?",
                (username, role, organisation)).fetchone()
            if held is None:
                count = self._conn.execute("SELECT COUNT(*) FROM user_roles WHERE username = ?",
                                           (username,)).fetchone()[0]
                self._conn.execute(
                    "INSERT INTO user_roles (username, role_id, role, organisation,"
                    " local_authority) VALUES (?, ?, ?, ?, ?)",
                    (username, f"r{count + 1}", role, organisation, local_authority))
        user = self.get(username)
        assert user is not None
        return user

    def get(self, username: str) -> User | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT username, display_name, job_title, phone, email FROM users"
                " WHERE username = ?", (username,)).fetchone()
            if row is None:
                return None
            roles = self._conn.execute(
                "SELECT role_id, role, organisation, local_authority FROM user_roles"
                " WHERE username = ? ORDER BY rowid", (username,)).fetchall()
        return User(row[0], row[1], row[2], row[3], row[4],
                    tuple(UserRole(*r) for r in roles))

    def check_password(self, username: str, password: str) -> User | None:
        """The user when the pair is right, else None; the KDF runs even for unknown users."""
        with self._lock:
            row = self._conn.execute("SELECT password_hash FROM users WHERE username = ?",
                                     (username,)).fetchone()
        encoded = row[0] if row is not None else _DUMMY_HASH
        if not verify_password(password, encoded) or row is None:
            return None
        return self.get(username)

    def count(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT COUNT(*) FROM users").fetchone()[0])

    def set_certificate(self, username: str, der: bytes, not_after: date) -> None:
        with self._lock, self._conn:
            if self._conn.execute("SELECT 1 FROM users WHERE username = ?",
                                  (username,)).fetchone() is None:
                raise UserError("No such user; add the user before enrolling a token.")
            self._conn.execute(
                "INSERT OR REPLACE INTO user_certificates (username, cert_der, not_after,"
                " enrolled_at) VALUES (?, ?, ?, ?)",
                (username, der, not_after.isoformat(), _now_text()))

    def certificate(self, username: str) -> EnrolledCertificate | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT cert_der, not_after FROM user_certificates WHERE username = ?",
                (username,)).fetchone()
        if row is None:
            return None
        return EnrolledCertificate(bytes(row[0]), date.fromisoformat(row[1]))
