"""Sign-in: challenges, signature verification, lockout and rate limits (product.md §3).

``SignInService`` is plain Python; ``routes_signin`` puts it on HTTP. The clock is injected
so tests can move time. Rules:

- A challenge is 32 random bytes, single use, valid 60 s, bound to the user name. It is
  issued for **any** user name and password alike (issue 14): the password is checked then,
  but the result is only used with the signature, so a correct password alone confirms
  nothing without the card.
- Every failure of the session step — wrong password, a certificate not enrolled for the
  user, a bad signature — gets the same answer (401 ``invalid_credentials``): product.md §3,
  "the same response time and message whichever factor failed".
- 5 failures (password, signature or certificate) within 15 minutes lock the account for
  15 minutes; at most 100 attempts (challenge or session requests) per hour per account.
  Unknown user names are counted and locked exactly like real ones, and the password check
  always runs the KDF, so answers do not reveal whether an account exists.

Privacy: passwords and signatures never reach a log or an exception message.
Threading: all state here is guarded by one lock; the KDF runs outside it.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from mock_server.data.users import User, UserStore
from mock_server.rules.sessions import ServerSession, SessionRole, SessionStore

LOGIN_CONTEXT = "child-directory-login-v1"
UNLOCK_CONTEXT = "child-directory-unlock-v1"  # a sign-in signature never unlocks
ALGORITHMS = ("RSA-PKCS1v15-SHA256", "ECDSA-P256-SHA256")
CHALLENGE_TTL_S = 60
FAILURE_WINDOW_S = 15 * 60
MAX_FAILURES = 5
LOCK_S = 15 * 60
ATTEMPT_WINDOW_S = 60 * 60
MAX_ATTEMPTS_PER_HOUR = 100

MESSAGES = {
    "invalid_credentials": "User name, password or security token not recognised.",
    "account_locked": "This account is locked after too many failed sign-in attempts.",
    "rate_limited": "Too many sign-in attempts for this account. Try again later.",
    "invalid_signature": "The security token's signature could not be verified.",
    "challenge_expired": "The sign-in took too long. Start again.",
    "challenge_used": "This sign-in request has already been used. Start again.",
    "certificate_not_enrolled": "This security token is not enrolled for this user.",
    "session_expired": "Your session has ended. Sign in again.",
}


class SignInRefused(Exception):
    """A refused sign-in step: HTTP status, api.md error code, plain message."""

    def __init__(self, status: int, code: str, retry_after: int | None = None,
                 username: str | None = None) -> None:
        super().__init__(MESSAGES[code])
        self.status = status
        self.code = code
        self.message = MESSAGES[code]
        self.retry_after = retry_after
        self.username = username  # whose attempt it was, when known (for the audit)


def build_login_message(server_id: str, username: str, challenge_id: str, nonce: str,
                        context: str = LOGIN_CONTEXT) -> bytes:
    """The exact bytes a token signs (api.md "Sign-in"); mirrors cpdesk.auth.signin."""
    return "\n".join((context, server_id, username, challenge_id, nonce)).encode("utf-8")


def iso_z(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True, slots=True)
class IssuedChallenge:
    challenge_id: str
    nonce: str
    username: str
    expires_at: float

    def to_json(self) -> dict[str, Any]:
        return {"challenge_id": self.challenge_id, "nonce": self.nonce,
                "expires_at": iso_z(self.expires_at), "algorithms": list(ALGORITHMS)}


@dataclass(slots=True)
class _Account:
    failures: deque[float] = field(default_factory=deque)
    attempts: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0


def verify_signature(certificate: x509.Certificate, algorithm: str, signature: bytes,
                     message: bytes) -> bool:
    key = certificate.public_key()
    try:
        if algorithm == "RSA-PKCS1v15-SHA256" and isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
            return True
        if (algorithm == "ECDSA-P256-SHA256" and isinstance(key, ec.EllipticCurvePublicKey)
                and isinstance(key.curve, ec.SECP256R1)):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
            return True
    except InvalidSignature:
        return False
    return False


class SignInService:
    def __init__(self, users: UserStore, sessions: SessionStore, server_id: str,
                 clock: Callable[[], float] = time.time) -> None:
        self.users = users
        self.sessions = sessions
        self.server_id = server_id
        self._clock = clock
        self._lock = threading.Lock()
        self._accounts: dict[str, _Account] = {}
        self._challenges: dict[str, IssuedChallenge] = {}
        self._password_ok: dict[str, bool] = {}  # challenge_id -> the password was right
        self._unlock_challenges: dict[str, IssuedChallenge] = {}  # for locked sessions
        self._used: dict[str, float] = {}  # challenge_id -> its expiry, kept to say "used"

    # -- lockout bookkeeping (call with self._lock held) --------------------------------

    def _account(self, username: str, now: float) -> _Account:
        account = self._accounts.setdefault(username, _Account())
        while account.failures and now - account.failures[0] >= FAILURE_WINDOW_S:
            account.failures.popleft()
        while account.attempts and now - account.attempts[0] >= ATTEMPT_WINDOW_S:
            account.attempts.popleft()
        return account

    def _admit(self, username: str, now: float) -> None:
        """Count an attempt; refuse it when the account is locked or over the hourly cap."""
        account = self._account(username, now)
        if account.locked_until > now:
            raise SignInRefused(423, "account_locked",
                                max(1, int(account.locked_until - now + 0.999)))
        if len(account.attempts) >= MAX_ATTEMPTS_PER_HOUR:
            retry = account.attempts[0] + ATTEMPT_WINDOW_S - now
            raise SignInRefused(429, "rate_limited", max(1, int(retry + 0.999)))
        account.attempts.append(now)

    def _fail(self, username: str, code: str) -> SignInRefused:
        """Record a failure; the refusal to raise (423 when this failure locks the account)."""
        now = self._clock()
        with self._lock:
            account = self._account(username, now)
            account.failures.append(now)
            if len(account.failures) >= MAX_FAILURES:
                account.failures.clear()
                account.locked_until = now + LOCK_S
                return SignInRefused(423, "account_locked", LOCK_S, username=username)
        return SignInRefused(401, code, username=username)

    def _prune(self, now: float) -> None:
        for cid in [c for c, ch in self._challenges.items() if ch.expires_at < now]:
            del self._challenges[cid]
            self._password_ok.pop(cid, None)
        for cid in [c for c, ch in self._unlock_challenges.items() if ch.expires_at < now]:
            del self._unlock_challenges[cid]
        for cid in [c for c, exp in self._used.items() if exp < now]:
            del self._used[cid]
        for name in [n for n, a in self._accounts.items()
                     if not a.failures and not a.attempts and a.locked_until <= now]:
            del self._accounts[name]

    # -- the two sign-in steps ----------------------------------------------------------

    def challenge(self, username: str, password: str) -> IssuedChallenge:
        now = self._clock()
        with self._lock:
            self._prune(now)
            self._admit(username, now)
        password_ok = self.users.check_password(username, password) is not None
        nonce = base64.b64encode(secrets.token_bytes(32)).decode("ascii")
        issued = IssuedChallenge(secrets.token_urlsafe(24), nonce, username,
                                 now + CHALLENGE_TTL_S)
        with self._lock:
            self._challenges[issued.challenge_id] = issued
            self._password_ok[issued.challenge_id] = password_ok
        return issued

    def known(self, username: str) -> bool:
        """Whether the name is a user's (the audit names only real users: a password typed
        into the user name field must not land in the trail)."""
        return self.users.get(username) is not None

    def create_session(self, challenge_id: str, algorithm: str, signature_b64: str,
                       certificate_b64: str) -> ServerSession:
        now = self._clock()
        with self._lock:
            issued = self._challenges.pop(challenge_id, None)
            password_ok = self._password_ok.pop(challenge_id, False)
            if issued is None:
                if challenge_id in self._used:
                    raise SignInRefused(401, "challenge_used")
                raise SignInRefused(401, "challenge_expired")
            self._used[challenge_id] = issued.expires_at
            if now > issued.expires_at:
                raise SignInRefused(401, "challenge_expired", username=issued.username)
            try:
                self._admit(issued.username, now)
            except SignInRefused as exc:
                exc.username = issued.username
                raise
        username = issued.username
        card_ok = self._card_proves(issued, algorithm, signature_b64, certificate_b64, now,
                                    LOGIN_CONTEXT)
        user = self.users.get(username)
        if not (password_ok and card_ok) or user is None or not user.roles:
            raise self._fail(username, "invalid_credentials")
        with self._lock:
            self._account(username, now).failures.clear()
        return self.sessions.create(username, tuple(
            SessionRole(r.role_id, r.role, r.organisation, r.local_authority)
            for r in user.roles))

    def _card_proves(self, issued: IssuedChallenge, algorithm: str, signature_b64: str,
                     certificate_b64: str, now: float, context: str) -> bool:
        """The certificate is the one enrolled for the challenge's user, still valid, and the
        signature over the challenge's message verifies with it. Every check runs."""
        enrolled = self.users.certificate(issued.username)
        presented = _b64(certificate_b64)
        if enrolled is None or presented is None or presented != enrolled.der:
            return False
        certificate = x509.load_der_x509_certificate(enrolled.der)
        signature = _b64(signature_b64)
        message = build_login_message(self.server_id, issued.username, issued.challenge_id,
                                      issued.nonce, context)
        return (certificate.not_valid_after_utc.timestamp() >= now
                and algorithm in ALGORITHMS and signature is not None
                and verify_signature(certificate, algorithm, signature, message))

    # -- locking: the session suspended until the same card proves itself again ----------

    def unlock_challenge(self, session: ServerSession) -> IssuedChallenge:
        """A challenge for unlocking this (locked) session; counted like sign-in attempts."""
        now = self._clock()
        with self._lock:
            self._prune(now)
            self._admit(session.username, now)
            issued = IssuedChallenge(secrets.token_urlsafe(24),
                                     base64.b64encode(secrets.token_bytes(32)).decode("ascii"),
                                     session.username, now + CHALLENGE_TTL_S)
            self._unlock_challenges[issued.challenge_id] = issued
        return issued

    def unlock(self, session: ServerSession, challenge_id: str, algorithm: str,
               signature_b64: str, certificate_b64: str) -> ServerSession:
        """Unlock when the card that signed in signs the unlock challenge; no password."""
        now = self._clock()
        with self._lock:
            issued = self._unlock_challenges.pop(challenge_id, None)
            if issued is None or issued.username != session.username \
                    or now > issued.expires_at:
                raise SignInRefused(401, "challenge_expired", username=session.username)
        if not self._card_proves(issued, algorithm, signature_b64, certificate_b64, now,
                                 UNLOCK_CONTEXT):
            raise self._fail(session.username, "invalid_credentials")
        with self._lock:
            self._account(session.username, now).failures.clear()
        unlocked = self.sessions.set_locked(session.token, False)
        if unlocked is None:
            raise SignInRefused(401, "session_expired", username=session.username)
        return unlocked

    def session_json(self, session: ServerSession) -> dict[str, Any]:
        """The session object of api.md for this live session."""
        user = self.users.get(session.username)
        enrolled = self.users.certificate(session.username)
        active = session.active_role or (session.roles[0] if session.roles else None)
        return {
            "session_token": session.token,
            "expires_at": iso_z(session.created_at + self.sessions.absolute_timeout_s),
            "idle_timeout_s": self.sessions.idle_timeout_s,
            "user": _profile(user, session.username,
                             active.organisation if active is not None else ""),
            "roles": [{"role_id": r.role_id, "role": r.role, "organisation": r.organisation,
                       "local_authority": r.local_authority} for r in session.roles],
            "active_role": session.active_role_id,
            "certificate_expires": enrolled.not_after.isoformat() if enrolled else None,
        }


def _profile(user: User | None, username: str, organisation: str) -> dict[str, str]:
    return {"username": username,
            "display_name": user.display_name if user else username,
            "job_title": user.job_title if user else "",
            "organisation": organisation,
            "phone": user.phone if user else "",
            "email": user.email if user else ""}


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
