"""Small fakes for the sign-in unit tests: a token whose PIN flags can be set (SoftHSM never
sets them), and a directory API that records calls and raises the errors a server would."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from cpdesk.api import errors
from cpdesk.auth.token import PinStatus, TokenAbsent, TokenInfo, WrongPin
from cpdesk.domain import (
    Challenge,
    Environment,
    Role,
    RoleKind,
    ServiceMeta,
    SessionInfo,
    UserProfile,
)

GOOD_PIN = b"ZZPIN-4711"


@dataclass
class FakeToken:
    info: TokenInfo
    pin: bytes = GOOD_PIN
    status: PinStatus = field(default_factory=PinStatus)
    certificate: bytes | None = b"CERT-DER"
    present: bool = True
    login_gate: threading.Event | None = None  # a slow card: login waits for this
    opened: int = 0
    closed: int = 0
    login_threads: list[int] = field(default_factory=list)
    signed: list[bytes] = field(default_factory=list)
    seen_pins: list[bytes] = field(default_factory=list)

    def pin_status(self) -> PinStatus:
        if not self.present:
            raise TokenAbsent("The security token is not present.")
        return self.status

    def login(self, pin: bytearray) -> None:
        self.opened += 1
        self.login_threads.append(threading.get_ident())
        self.seen_pins.append(bytes(pin))
        if self.login_gate is not None:
            assert self.login_gate.wait(30), "the slow login was never released"
        if bytes(pin) != self.pin:
            self.closed += 1  # a failed login closes the session it opened
            raise WrongPin("The PIN is not correct.")

    def logout(self) -> None:
        self.closed += 1

    def sign(self, data: bytes) -> tuple[str, bytes]:
        self.signed.append(data)
        return "RSA-PKCS1v15-SHA256", b"SIG:" + data[-8:]

    def certificate_der(self) -> bytes | None:
        return self.certificate


class FakeModule:
    def __init__(self, *tokens: FakeToken) -> None:
        self.by_serial = {t.info.serial: t for t in tokens}
        self.refreshed = 0
        self.hidden_until_refresh: set[str] = set()  # SoftHSM: re-inserted, not yet seen

    def tokens(self) -> list[TokenInfo]:
        return [t.info for t in self.by_serial.values()
                if t.present and t.info.serial not in self.hidden_until_refresh]

    def open(self, serial: str) -> FakeToken:
        token = self.by_serial.get(serial)
        if token is None or not token.present:
            raise TokenAbsent("The security token is not present.")
        return token

    def refresh(self) -> None:
        self.refreshed += 1
        self.hidden_until_refresh.clear()


def token(serial: str = "SER-1", label: str = "cpdesk-test", **kw: object) -> FakeToken:
    return FakeToken(TokenInfo(label=label, serial=serial, manufacturer="Fake", model="Card"),
                     **kw)  # type: ignore[arg-type]


def roles(*orgs: str) -> tuple[Role, ...]:
    return tuple(Role(f"r{i + 1}", RoleKind.PRACTITIONER, org, "Bolton")
                 for i, org in enumerate(orgs))


def session_info(active: str | None = "r1", role_set: tuple[Role, ...] | None = None,
                 cert_expires: datetime | None = None) -> SessionInfo:
    return SessionInfo(
        session_token="tok-" + "x" * 20,
        expires_at=datetime.now(UTC) + timedelta(hours=10), idle_timeout_s=900,
        user=UserProfile("nurse.test", "Amira Test", "Staff nurse", "Royal Bolton Hospital",
                         "01632 960201", "amira.test@example.org"),
        roles=role_set or roles("Royal Bolton Hospital A&E"), active_role=active,
        certificate_expires=cert_expires.date() if cert_expires else None)


class FakeApi:
    """Records calls; ``fail_*`` set to an ApiError makes that call raise it."""

    def __init__(self, session: SessionInfo | None = None) -> None:
        self.session = session or session_info()
        self.calls: list[str] = []
        self.fail_challenge: errors.ApiError | None = None
        self.fail_session: errors.ApiError | None = None
        self.fail_get: errors.ApiError | None = None
        self.fail_unlock: errors.ApiError | None = None
        self.unlocked_with: list[tuple[str, str, bytes, bytes]] = []
        self.created: list[tuple[str, str, bytes, bytes]] = []
        self.passwords: list[str] = []

    def meta(self) -> ServiceMeta:
        self.calls.append("meta")
        return ServiceMeta("child-directory", "1", Environment.TEST, "test-server-01", "0.1.0")

    def challenge(self, username: str, password: str) -> Challenge:
        self.calls.append("challenge")
        self.passwords.append(password)
        if self.fail_challenge:
            raise self.fail_challenge
        return Challenge("ch-1", "bm9uY2U=", datetime.now(UTC) + timedelta(seconds=60),
                         ("RSA-PKCS1v15-SHA256", "ECDSA-P256-SHA256"))

    def create_session(self, challenge_id: str, algorithm: str, signature: bytes,
                       certificate_der: bytes) -> SessionInfo:
        self.calls.append("create_session")
        self.created.append((challenge_id, algorithm, signature, certificate_der))
        if self.fail_session:
            raise self.fail_session
        return self.session

    def select_role(self, role_id: str) -> SessionInfo:
        self.calls.append(f"select_role:{role_id}")
        from dataclasses import replace

        self.session = replace(self.session, active_role=role_id)
        return self.session

    def get_session(self) -> SessionInfo:
        self.calls.append("get_session")
        if self.fail_get:
            raise self.fail_get
        return self.session

    def unlock_challenge(self) -> Challenge:
        self.calls.append("unlock_challenge")
        if self.fail_unlock:
            raise self.fail_unlock
        return Challenge("un-1", "dW5sb2Nr", datetime.now(UTC) + timedelta(seconds=60),
                         ("RSA-PKCS1v15-SHA256", "ECDSA-P256-SHA256"))

    def unlock(self, challenge_id: str, algorithm: str, signature: bytes,
               certificate_der: bytes) -> SessionInfo:
        self.calls.append("unlock")
        self.unlocked_with.append((challenge_id, algorithm, signature, certificate_der))
        if self.fail_unlock:
            raise self.fail_unlock
        return self.session
