"""The sign-in flow (no Qt): challenge → token login with PIN → sign → session → role.

Two halves, because two threads do the work (architecture rule 3):

- :class:`TokenSigner` — every PKCS#11 call; lives on the token thread.
- :class:`SignIn` — every directory call; runs on a worker thread.

:func:`sign_in` chains them for callers that already are off the GUI thread (tests, scripts).

Privacy: the PIN is a ``bytearray`` zeroed in a ``finally`` on every path, never stored,
logged or put in an exception. The password goes only to the challenge call. Every failure
is a :class:`SignInFailure` whose message is plain English, safe to show, and holds no
secret.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum, StrEnum, auto
from typing import TYPE_CHECKING, Protocol

from cpdesk.api import errors
from cpdesk.auth.discovery import NoToken, pick_token
from cpdesk.auth.token_types import (
    CardHolder,
    NoCertificate,
    PinLocked,
    TokenAbsent,
    TokenError,
    TokenHandle,
    TokenInfo,
    TokenModule,
    WrongPin,
    card_holder,
    zero,
)
from cpdesk.domain import Environment

if TYPE_CHECKING:
    from cpdesk.domain import Challenge, ServiceMeta, SessionInfo

LOGIN_CONTEXT = "child-directory-login-v1"
UNLOCK_CONTEXT = "child-directory-unlock-v1"  # a sign-in signature never unlocks
MAX_WRONG_PINS = 3


def build_login_message(server_id: str, username: str, challenge_id: str, nonce: str,
                        context: str = LOGIN_CONTEXT) -> bytes:
    """The exact bytes the token signs (api.md): five lines, ``\\n``, no trailing newline."""
    return "\n".join((context, server_id, username, challenge_id, nonce)).encode("utf-8")


class Step(Enum):
    """Where in the flow a failure belongs (the view shows it next to that step)."""

    CREDENTIALS = auto()
    TOKEN = auto()
    ROLE = auto()


class Failure(Enum):
    BAD_CREDENTIALS = auto()
    ACCOUNT_LOCKED = auto()
    RATE_LIMITED = auto()
    UNREACHABLE = auto()
    SERVER = auto()
    NO_TOKEN = auto()
    TOKEN_REMOVED = auto()
    WRONG_PIN = auto()
    TOKEN_BLOCKED = auto()
    PIN_LOCKED = auto()
    CONFIRM_FINAL_TRY = auto()
    TOKEN_FAULT = auto()
    NO_CERTIFICATE = auto()
    CHALLENGE_EXPIRED = auto()
    NOT_ENROLLED = auto()
    WRONG_TOKEN = auto()
    SESSION_ENDED = auto()


MESSAGES: dict[Failure, str] = {
    Failure.BAD_CREDENTIALS: "User name or password not recognised.",
    Failure.NO_TOKEN: "No security token found. Insert your smartcard and try again.",
    Failure.TOKEN_REMOVED: "The security token was removed. Insert it and try again.",
    Failure.TOKEN_BLOCKED: ("This token is blocked for this session. Remove it and contact "
                            "your registration authority."),
    Failure.PIN_LOCKED: ("This token's PIN is locked. Contact your registration authority."),
    Failure.CONFIRM_FINAL_TRY: ("This is your last PIN try before the token is blocked. "
                                "Check the PIN, tick the box to confirm, and try again."),
    Failure.TOKEN_FAULT: "The security token could not complete the sign-in. Try again.",
    Failure.NO_CERTIFICATE: ("This security token holds no certificate. Contact your "
                             "registration authority."),
    Failure.CHALLENGE_EXPIRED: "Signing in took too long, try again.",
    Failure.NOT_ENROLLED: ("This security token is not registered to this user. Use your own "
                           "card, or contact your registration authority."),
    Failure.WRONG_TOKEN: ("This is not the security token you signed in with. Insert your "
                          "own card."),
    Failure.SESSION_ENDED: "Your session has ended. Sign in again.",
}


FACTORS_REFUSED = ("User name, password or security token not recognised. Check your password, "
                   "and that the card is your own.")


UNLOCK_REFUSED = ("This card did not unlock the session. Use the card you signed in with, or "
                  "sign out.")


class SignInFailure(Exception):
    """A sign-in step failed; ``str()`` is the plain message to show beside ``step``."""

    def __init__(self, kind: Failure, step: Step, message: str | None = None, *,
                 tries_left: int | None = None, retry_after: int | None = None) -> None:
        super().__init__(message or MESSAGES.get(kind, "Sign-in failed. Try again."))
        self.kind = kind
        self.step = step
        self.tries_left = tries_left
        self.retry_after = retry_after

    @property
    def message(self) -> str:
        return str(self)


def _minutes(seconds: int | None) -> int:
    return max(1, math.ceil((seconds or 60) / 60))


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def failure_from_api(exc: errors.ApiError, step: Step) -> SignInFailure:
    """Map a directory error to the message the user sees (by error code, so no secret leaks)."""
    code = exc.code
    retry_after = getattr(exc, "retry_after", None)
    if isinstance(exc, errors.Unreachable):
        return SignInFailure(Failure.UNREACHABLE, step, exc.user_message)
    if isinstance(exc, errors.AccountLocked) or code == "account_locked":
        minutes = _minutes(retry_after)
        return SignInFailure(
            Failure.ACCOUNT_LOCKED, Step.CREDENTIALS,
            "This account is locked after too many failed sign-in attempts. Try again in "
            f"{_plural(minutes, 'minute', 'minutes')}.", retry_after=retry_after)
    if isinstance(exc, errors.RateLimited) or code == "rate_limited":
        minutes = _minutes(retry_after)
        return SignInFailure(Failure.RATE_LIMITED, Step.CREDENTIALS,
                             "Too many sign-in attempts. Try again in "
                             f"{_plural(minutes, 'minute', 'minutes')}.",
                             retry_after=retry_after)
    if isinstance(exc, errors.InvalidCredentials) or code == "invalid_credentials":
        if step is Step.TOKEN:  # the server checks password, card and signature together
            return SignInFailure(Failure.BAD_CREDENTIALS, Step.CREDENTIALS, FACTORS_REFUSED)
        return SignInFailure(Failure.BAD_CREDENTIALS, Step.CREDENTIALS)
    if code in ("challenge_expired", "challenge_used"):
        return SignInFailure(Failure.CHALLENGE_EXPIRED, Step.CREDENTIALS)
    if code in ("certificate_not_enrolled", "invalid_signature"):
        return SignInFailure(Failure.NOT_ENROLLED, Step.TOKEN)
    if isinstance(exc, errors.SessionExpired):
        return SignInFailure(Failure.SESSION_ENDED, Step.CREDENTIALS)
    return SignInFailure(Failure.SERVER, step, exc.message)


@dataclass(frozen=True, slots=True)
class SignedChallenge:
    algorithm: str
    signature: bytes
    certificate_der: bytes
    serial: str


@dataclass(frozen=True, slots=True)
class PendingChallenge:
    """A challenge the server issued, and the exact message the token must sign."""

    username: str
    server_id: str
    challenge: Challenge
    environment: Environment | None = None
    context: str = LOGIN_CONTEXT  # UNLOCK_CONTEXT for a locked session's challenge

    @property
    def message(self) -> bytes:
        return build_login_message(self.server_id, self.username,
                                   self.challenge.challenge_id, self.challenge.nonce,
                                   self.context)


class PinAdvice(StrEnum):
    """What to tell the user before the next PIN try (product.md §3)."""

    OK = "ok"
    COUNT_LOW = "count_low"  # warn
    FINAL_TRY = "final_try"  # explicit confirmation first
    LOCKED = "locked"  # stop: the card says so
    BLOCKED = "blocked"  # stop: 3 wrong PINs in this insertion


PIN_ADVICE_TEXT: dict[PinAdvice, str] = {
    PinAdvice.OK: "",
    PinAdvice.COUNT_LOW: "Careful: this token has few PIN tries left.",
    PinAdvice.FINAL_TRY: ("This is your last PIN try before the token is blocked. Tick the box "
                          "to confirm."),
    PinAdvice.LOCKED: MESSAGES[Failure.PIN_LOCKED],
    PinAdvice.BLOCKED: MESSAGES[Failure.TOKEN_BLOCKED],
}


@dataclass(frozen=True, slots=True)
class CardInfo:
    """A card present, and whose it is when its certificate says (issue 16: card first)."""

    token: TokenInfo
    holder: CardHolder | None = None

    @property
    def serial(self) -> str:
        return self.token.serial


class TokenSigner:
    """Every token operation of sign-in and unlock. Threading: token thread only.

    Counts wrong PINs per token insertion (software tokens never lock themselves, so the
    client enforces the limit); :meth:`forget_insertion` resets a token's count on removal.
    """

    def __init__(self, module: TokenModule) -> None:
        self._module = module
        self._wrong: dict[str, int] = {}

    def tokens(self) -> list[TokenInfo]:
        try:
            return self._module.tokens()
        except TokenError as exc:
            raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN, str(exc)) from None

    def cards(self) -> list[CardInfo]:
        """The cards present, each with its holder read from its certificate (no PIN);
        a card whose certificates cannot be read is listed without a holder."""
        found = []
        read = getattr(self._module, "public_certificates", None)
        for token in self.tokens():
            holder = None
            if read is not None:
                try:
                    holder = card_holder(read(token.serial))
                except (TokenError, ValueError):
                    holder = None
            found.append(CardInfo(token, holder))
        return found

    def choose(self, serial: str | None = None) -> TokenInfo | None:
        """The token to use (None: several present, the user picks)."""
        try:
            return pick_token(self.tokens(), serial)
        except NoToken as exc:
            raise SignInFailure(Failure.NO_TOKEN, Step.TOKEN, str(exc)) from None

    def forget_insertion(self, serial: str) -> None:
        self._wrong.pop(serial, None)

    def wrong_pins(self, serial: str) -> int:
        return self._wrong.get(serial, 0)

    def advice(self, serial: str) -> PinAdvice:
        """Read the token's PIN flags now and say what to do before the next try."""
        if self.wrong_pins(serial) >= MAX_WRONG_PINS:
            return PinAdvice.BLOCKED
        try:
            status = self._open(serial).pin_status()
        except TokenAbsent:
            raise SignInFailure(Failure.TOKEN_REMOVED, Step.TOKEN) from None
        except TokenError:
            raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN) from None
        if status.locked:
            return PinAdvice.LOCKED
        if status.final_try or self.wrong_pins(serial) == MAX_WRONG_PINS - 1:
            return PinAdvice.FINAL_TRY
        if status.count_low:
            return PinAdvice.COUNT_LOW
        return PinAdvice.OK

    def sign(self, serial: str, pin: bytearray, message: bytes, *,
             confirm_final: bool = False) -> SignedChallenge:
        """Log in with the PIN, sign ``message`` with the authentication key, read the
        certificate, log out. The PIN is zeroed whatever happens."""
        try:
            token = self._login(serial, pin, confirm_final)
            try:
                algorithm, signature = token.sign(message)
                certificate = token.certificate_der()
            except TokenAbsent:
                raise SignInFailure(Failure.TOKEN_REMOVED, Step.TOKEN) from None
            except NoCertificate:
                raise SignInFailure(Failure.NO_CERTIFICATE, Step.TOKEN) from None
            except TokenError as exc:
                raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN, str(exc)) from None
            finally:
                token.logout()
        finally:
            zero(pin)
        if not certificate:
            raise SignInFailure(Failure.NO_CERTIFICATE, Step.TOKEN)
        return SignedChallenge(algorithm, signature, certificate, serial)

    def verify_pin(self, serial: str, pin: bytearray, *, confirm_final: bool = False) -> None:
        """Unlock: the same token is present and the PIN is right (then log out again)."""
        try:
            self._login(serial, pin, confirm_final).logout()
        finally:
            zero(pin)

    def _open(self, serial: str) -> TokenHandle:
        try:
            return self._module.open(serial)
        except TokenAbsent:
            raise SignInFailure(Failure.TOKEN_REMOVED, Step.TOKEN) from None
        except TokenError:
            raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN) from None

    def _login(self, serial: str, pin: bytearray, confirm_final: bool) -> TokenHandle:
        advice = self.advice(serial)
        if advice is PinAdvice.BLOCKED:
            raise SignInFailure(Failure.TOKEN_BLOCKED, Step.TOKEN, tries_left=0)
        if advice is PinAdvice.LOCKED:
            raise SignInFailure(Failure.PIN_LOCKED, Step.TOKEN, tries_left=0)
        if advice is PinAdvice.FINAL_TRY and not confirm_final:
            raise SignInFailure(Failure.CONFIRM_FINAL_TRY, Step.TOKEN, tries_left=1)
        if not pin:
            raise SignInFailure(Failure.WRONG_PIN, Step.TOKEN, "Enter the PIN of your token.")
        token = self._open(serial)
        try:
            token.login(pin)
        except WrongPin:
            raise self._wrong_pin(serial, token) from None
        except PinLocked:
            raise SignInFailure(Failure.PIN_LOCKED, Step.TOKEN, tries_left=0) from None
        except TokenAbsent:
            raise SignInFailure(Failure.TOKEN_REMOVED, Step.TOKEN) from None
        except TokenError as exc:
            raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN, str(exc)) from None
        return token

    def _wrong_pin(self, serial: str, token: TokenHandle) -> SignInFailure:
        """Count the wrong PIN; tries left are the fewer of ours and the card's own flags
        (a real card may have come in with tries already used)."""
        count = self._wrong[serial] = self.wrong_pins(serial) + 1
        left = MAX_WRONG_PINS - count
        try:
            status = token.pin_status()
        except TokenError:
            status = None
        if status is not None and status.locked:
            return SignInFailure(Failure.PIN_LOCKED, Step.TOKEN, tries_left=0)
        if left <= 0:
            return SignInFailure(Failure.TOKEN_BLOCKED, Step.TOKEN, tries_left=0)
        if status is not None and status.final_try:
            left = 1
        return SignInFailure(
            Failure.WRONG_PIN, Step.TOKEN,
            f"The PIN is not correct. {_plural(left, 'try', 'tries')} left for this token.",
            tries_left=left)


class SignInApi(Protocol):
    """The directory calls sign-in needs (DirectoryClient has them)."""

    def meta(self) -> ServiceMeta: ...
    def challenge(self, username: str, password: str) -> Challenge: ...
    def create_session(self, challenge_id: str, algorithm: str, signature: bytes,
                       certificate_der: bytes) -> SessionInfo: ...
    def select_role(self, role_id: str) -> SessionInfo: ...
    def get_session(self) -> SessionInfo: ...
    def unlock_challenge(self) -> Challenge: ...
    def unlock(self, challenge_id: str, algorithm: str, signature: bytes,
               certificate_der: bytes) -> SessionInfo: ...


class SignIn:
    """The directory half of sign-in. Threading: worker threads, one call at a time."""

    def __init__(self, api: SignInApi) -> None:
        self._api = api

    def request_challenge(self, username: str, password: str) -> PendingChallenge:
        username = username.strip()
        if not username or not password:
            raise SignInFailure(Failure.BAD_CREDENTIALS, Step.CREDENTIALS,
                                "Enter your user name and password.")
        try:
            meta = self._api.meta()
            challenge = self._api.challenge(username, password)
        except errors.ApiError as exc:
            raise failure_from_api(exc, Step.CREDENTIALS) from None
        return PendingChallenge(username, meta.server_id, challenge, meta.environment)

    def complete(self, pending: PendingChallenge, signed: SignedChallenge) -> SessionInfo:
        """Send the signature and certificate; the session may still need a role."""
        if pending.challenge.algorithms and signed.algorithm not in pending.challenge.algorithms:
            raise SignInFailure(Failure.NOT_ENROLLED, Step.TOKEN,
                                "This security token's key type is not accepted by the "
                                "directory. Contact your registration authority.")
        try:
            return self._api.create_session(pending.challenge.challenge_id, signed.algorithm,
                                            signed.signature, signed.certificate_der)
        except errors.ApiError as exc:
            raise failure_from_api(exc, Step.TOKEN) from None

    def choose_role(self, role_id: str) -> SessionInfo:
        try:
            return self._api.select_role(role_id)
        except errors.ApiError as exc:
            raise failure_from_api(exc, Step.ROLE) from None

    def request_unlock(self, username: str) -> PendingChallenge:
        """Locked: a fresh challenge for the card that signed in (no password)."""
        try:
            meta = self._api.meta()
            challenge = self._api.unlock_challenge()
        except errors.SessionExpired:
            raise SignInFailure(Failure.SESSION_ENDED, Step.CREDENTIALS) from None
        except errors.ApiError as exc:
            raise failure_from_api(exc, Step.TOKEN) from None
        return PendingChallenge(username, meta.server_id, challenge, meta.environment,
                                UNLOCK_CONTEXT)

    def complete_unlock(self, pending: PendingChallenge,
                        signed: SignedChallenge) -> SessionInfo | None:
        """The session again (None when it ended while locked)."""
        try:
            return self._api.unlock(pending.challenge.challenge_id, signed.algorithm,
                                    signed.signature, signed.certificate_der)
        except errors.SessionLocked:
            raise SignInFailure(Failure.NOT_ENROLLED, Step.TOKEN, UNLOCK_REFUSED) from None
        except errors.SessionExpired:
            return None
        except errors.InvalidCredentials:
            raise SignInFailure(Failure.WRONG_TOKEN, Step.TOKEN, UNLOCK_REFUSED) from None
        except errors.ApiError as exc:
            raise failure_from_api(exc, Step.TOKEN) from None

    def confirm_alive(self) -> SessionInfo | None:
        """Unlock: the server session still lives (SessionInfo) or has ended (None)."""
        try:
            return self._api.get_session()
        except errors.SessionExpired:
            return None
        except errors.ApiError as exc:
            if exc.code == "session_expired":
                return None
            raise failure_from_api(exc, Step.TOKEN) from None
