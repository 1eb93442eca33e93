"""Server sessions: opaque bearer tokens (256 random bits), idle and absolute expiry, roles.

Held in server memory only. ``SessionStore.create`` is called by sign-in after a verified
signature — and directly by tests that need a session for a given user and role. The served
app has no route that creates a session any other way.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

IDLE_TIMEOUT_S = 15 * 60
ABSOLUTE_TIMEOUT_S = 10 * 60 * 60


def bearer_token(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header; the scheme is matched
    without regard to case (RFC 7235), the same on every route."""
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def bearer_from_scope(scope: object) -> str | None:
    """The same, from an ASGI scope's raw headers (for middleware)."""
    headers = scope.get("headers", []) if isinstance(scope, dict) else []
    for name, value in headers:
        if name == b"authorization":
            return bearer_token(bytes(value).decode("latin-1"))
    return None


@dataclass(frozen=True, slots=True)
class SessionRole:
    role_id: str
    role: str  # practitioner | manager | trainer
    organisation: str
    local_authority: str


@dataclass(frozen=True, slots=True)
class ServerSession:
    token: str = field(repr=False)
    username: str
    roles: tuple[SessionRole, ...]
    active_role_id: str | None
    created_at: float
    last_seen: float
    locked: bool = False  # the client locked: data calls refused until a card-proven unlock

    @property
    def active_role(self) -> SessionRole | None:
        return next((r for r in self.roles if r.role_id == self.active_role_id), None)

    @property
    def expires_at(self) -> float:
        return self.created_at + ABSOLUTE_TIMEOUT_S


class SessionStore:
    def __init__(self, clock: Callable[[], float] = time.time,
                 idle_timeout_s: int = IDLE_TIMEOUT_S,
                 absolute_timeout_s: int = ABSOLUTE_TIMEOUT_S) -> None:
        self._clock = clock
        self.idle_timeout_s = idle_timeout_s
        self.absolute_timeout_s = absolute_timeout_s
        self._sessions: dict[str, ServerSession] = {}
        self._lock = threading.Lock()

    def create(self, username: str, roles: tuple[SessionRole, ...]) -> ServerSession:
        """A new session; the role is active at once when the user holds only one."""
        now = self._clock()
        active = roles[0].role_id if len(roles) == 1 else None
        session = ServerSession(secrets.token_urlsafe(32), username, roles, active, now, now)
        with self._lock:
            self._sessions[session.token] = session
        return session

    def get(self, token: str, *, touch: bool = True) -> ServerSession | None:
        """The live session for this token, or None (unknown, idle-expired or too old)."""
        now = self._clock()
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            if (now - session.last_seen > self.idle_timeout_s
                    or now - session.created_at > self.absolute_timeout_s):
                del self._sessions[token]
                return None
            if touch:
                session = replace(session, last_seen=now)
                self._sessions[token] = session
            return session

    def select_role(self, token: str, role_id: str) -> ServerSession | None:
        with self._lock:
            session = self._sessions.get(token)
            if session is None or role_id not in {r.role_id for r in session.roles}:
                return None
            session = replace(session, active_role_id=role_id)
            self._sessions[token] = session
            return session

    def set_locked(self, token: str, locked: bool) -> ServerSession | None:
        """Lock (suspend) or unlock a live session; None when there is no such session."""
        with self._lock:
            session = self._sessions.get(token)
            if session is None:
                return None
            session = replace(session, locked=locked)
            self._sessions[token] = session
            return session

    def end(self, token: str) -> None:
        with self._lock:
            self._sessions.pop(token, None)

    def end_all(self, username: str | None = None) -> None:
        """End every session (or every session of one user)."""
        with self._lock:
            for token, session in list(self._sessions.items()):
                if username is None or session.username == username:
                    del self._sessions[token]
