"""Session state: signed-out → signing-in → active ⇄ curtained → locked, and back (no Qt).

One :class:`Session` per window. Listeners are plain callables told about every transition
(the lead wires them to the window: drop child data on ``LOCKED``/``SIGNED_OUT``, show the
curtain on ``CURTAINED``). Listeners run on the caller's thread — the GUI thread in the app.

Privacy: the session holds the SessionInfo (bearer token inside, hidden from repr) in
memory only; nothing here is logged or written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum, auto
from typing import TYPE_CHECKING

from cpdesk.domain import Environment, RoleKind

if TYPE_CHECKING:
    from cpdesk.domain import Role, SessionInfo

CERTIFICATE_WARNING_DAYS = 90


class State(Enum):
    SIGNED_OUT = auto()
    SIGNING_IN = auto()
    ACTIVE = auto()
    CURTAINED = auto()
    LOCKED = auto()


class LockReason(Enum):
    IDLE = auto()
    TOKEN_REMOVED = auto()
    USER = auto()  # Ctrl+L
    OS_LOCK = auto()
    SESSION_ENDED = auto()  # the server said the session is gone


class InvalidTransition(RuntimeError):
    """A transition the state machine does not allow (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class Transition:
    old: State
    new: State
    lock_reason: LockReason | None = None


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """What the status bar shows: who, in which role and organisation, and where."""

    display_name: str
    username: str
    role: str
    organisation: str
    local_authority: str
    environment: Environment | None

    def text(self) -> str:
        """One line for the status bar: who, role, organisation (authority), environment."""
        where = (f"{self.organisation} ({self.local_authority})" if self.local_authority
                 else self.organisation)
        parts = [f"{self.display_name} ({self.username})", self.role, where]
        if self.environment is not None:
            parts.append(ENVIRONMENT_LABELS[self.environment])
        return " · ".join(p for p in parts if p)


ENVIRONMENT_LABELS = {
    Environment.LIVE: "Live",
    Environment.TRAINING: "Training",
    Environment.TEST: "Test",
}
ROLE_LABELS = {
    RoleKind.PRACTITIONER: "Practitioner",
    RoleKind.MANAGER: "ContactPoint manager",
    RoleKind.TRAINER: "Trainer",
}

Listener = Callable[[Transition], None]

_ALLOWED: dict[State, frozenset[State]] = {
    State.SIGNED_OUT: frozenset({State.SIGNING_IN}),
    State.SIGNING_IN: frozenset({State.ACTIVE, State.SIGNED_OUT}),
    State.ACTIVE: frozenset({State.CURTAINED, State.LOCKED, State.SIGNED_OUT}),
    State.CURTAINED: frozenset({State.ACTIVE, State.LOCKED, State.SIGNED_OUT}),
    State.LOCKED: frozenset({State.ACTIVE, State.SIGNED_OUT, State.SIGNING_IN}),
}


class Session:
    """The client's sign-in state and who is signed in."""

    def __init__(self) -> None:
        self._state = State.SIGNED_OUT
        self._info: SessionInfo | None = None
        self._serial: str | None = None
        self._environment: Environment | None = None
        self._listeners: list[Listener] = []
        self.lock_reason: LockReason | None = None

    # -- reading -------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._state

    @property
    def info(self) -> SessionInfo | None:
        return self._info

    @property
    def token_serial(self) -> str | None:
        """The serial of the token signed in with: unlock needs the same one."""
        return self._serial

    @property
    def username(self) -> str | None:
        return self._info.user.username if self._info else None

    @property
    def shows_data(self) -> bool:
        """Child data may be on screen only while active (not curtained, locked, out)."""
        return self._state is State.ACTIVE

    def status(self) -> StatusInfo | None:
        info = self._info
        if info is None or self._state in (State.SIGNED_OUT, State.SIGNING_IN):
            return None
        role: Role | None = info.role
        return StatusInfo(
            display_name=info.user.display_name, username=info.user.username,
            role=ROLE_LABELS.get(role.role, str(role.role)) if role else "",
            organisation=role.organisation if role else info.user.organisation,
            local_authority=role.local_authority if role else "",
            environment=self._environment)

    def certificate_warning(self, today: date) -> str | None:
        """A plain warning when the certificate expires within 90 days (product.md §3)."""
        expires = self._info.certificate_expires if self._info else None
        if expires is None or expires - today > timedelta(days=CERTIFICATE_WARNING_DAYS):
            return None
        when = f"{expires.day:02d}-{expires.strftime('%b')}-{expires.year}"
        if expires < today:
            return (f"Your security certificate expired on {when}. Contact your "
                    "registration authority.")
        return (f"Your security certificate expires on {when}. Contact your registration "
                "authority to renew it.")

    # -- listening -----------------------------------------------------------------------

    def add_listener(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` on every transition; returns a function that removes it."""
        self._listeners.append(listener)

        def remove() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)
        return remove

    # -- transitions ---------------------------------------------------------------------

    def begin_sign_in(self) -> None:
        self._move(State.SIGNING_IN)

    def signed_in(self, info: SessionInfo, token_serial: str,
                  environment: Environment | None = None) -> None:
        """The server session exists and a role is active."""
        if info.active_role is None:
            raise InvalidTransition("a role must be chosen before the session is active")
        if self._state is not State.SIGNING_IN:
            raise InvalidTransition(f"signed_in from {self._state.name}")
        self._info, self._serial = info, token_serial
        if environment is not None:
            self._environment = environment
        self._move(State.ACTIVE)

    def sign_in_failed(self) -> None:
        self._clear()
        self._move(State.SIGNED_OUT)

    def curtain(self) -> None:
        if self._state is State.ACTIVE:
            self._move(State.CURTAINED)

    def lift_curtain(self) -> None:
        if self._state is State.CURTAINED:
            self._move(State.ACTIVE)

    def lock(self, reason: LockReason) -> None:
        """Lock from active or curtained; locking a locked or signed-out session is a no-op."""
        if self._state in (State.ACTIVE, State.CURTAINED):
            self._move(State.LOCKED, reason)

    def unlocked(self, info: SessionInfo, token_serial: str) -> None:
        """Same token, right PIN, and the server session still lives."""
        if self._state is not State.LOCKED:
            raise InvalidTransition(f"unlocked from {self._state.name}")
        if token_serial != self._serial:
            raise InvalidTransition("unlock needs the token signed in with")
        self._info = info
        self._move(State.ACTIVE)

    def sign_out(self) -> None:
        if self._state is not State.SIGNED_OUT:
            self._clear()
            self._move(State.SIGNED_OUT)

    # -- internals -----------------------------------------------------------------------

    def _clear(self) -> None:
        self._info = None
        self._serial = None

    def _move(self, new: State, reason: LockReason | None = None) -> None:
        old = self._state
        if new not in _ALLOWED[old]:
            raise InvalidTransition(f"{old.name} → {new.name}")
        self._state = new
        self.lock_reason = reason if new is State.LOCKED else None
        transition = Transition(old, new, reason)
        for listener in list(self._listeners):
            listener(transition)
