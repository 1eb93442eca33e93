"""Sign-in over real HTTP: challenge, signature, replay, expiry, lockout, sessions.

Signatures come from real SoftHSM tokens (keys generated on the token, certificate written
by ``enrol``) and, for the edge cases, from ``cryptography`` keys whose certificates the
server's own CA issued. Time is moved with an injected clock, never by sleeping.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from fastapi import FastAPI
from pkcs11 import KeyType

from cpdesk.auth.token import Pkcs11Module
from mock_server.data.users import UserStore
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.sessions import SessionStore
from mock_server.rules.signin import SignInService, build_login_message
from mock_server.tokens.ca import CertificateAuthority
from mock_server.tokens.demo_users import SO_PIN
from mock_server.tokens.devtokens import load_module
from mock_server.tokens.enrol import enrol
from mock_server.tokens.softhsm import TokenDir, init_token

SERVER_ID = "bolton-mock-01"
PASSWORD = "Correct-horse-2026"
AUTH = "/api/v1/auth"


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Server:
    http: httpx.Client
    app: FastAPI
    users: UserStore
    ca: CertificateAuthority
    clock: Clock
    db: Path


def build_app(clock: Clock) -> FastAPI:
    """The real app (its own copy of the test population), sign-in on the test clock."""
    app = create_app(ServerConfig(server_id=SERVER_ID))
    app.state.sessions = SessionStore(clock=clock)
    app.state.signin = SignInService(app.state.signin.users, app.state.sessions, SERVER_ID,
                                     clock=clock)
    return app


@pytest.fixture
def server() -> Iterator[Server]:
    import time

    clock = Clock(time.time())
    app = build_app(clock)
    db = app.state.db_path
    with ServerThread(app) as thread, httpx.Client(base_url=thread.url) as http:
        yield Server(http, app, app.state.signin.users, CertificateAuthority.beside(db), clock,
                     db)


def spki(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def other_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def add_user(server: Server, username: str, key: Any | None = None, *roles: str) -> bytes:
    """Register a user (one practitioner role unless given); enrol ``key`` when given."""
    for org in roles or ("Royal Bolton Hospital A&E",):
        server.users.add(username, PASSWORD, "practitioner", org, "Bolton",
                         display_name="Test User", email="test.user@example.org",
                         phone="01632 960300")
    if key is None:
        return b""
    issued = server.ca.issue(spki(key), username)
    server.users.set_certificate(username, issued.der, issued.not_after.date())
    return issued.der


def sign(key: Any, message: bytes) -> tuple[str, bytes]:
    if isinstance(key, rsa.RSAPrivateKey):
        return "RSA-PKCS1v15-SHA256", key.sign(message, padding.PKCS1v15(), hashes.SHA256())
    return "ECDSA-P256-SHA256", key.sign(message, ec.ECDSA(hashes.SHA256()))


def challenge(server: Server, username: str, password: str = PASSWORD) -> httpx.Response:
    return server.http.post(f"{AUTH}/challenge",
                            json={"username": username, "password": password})


def present(server: Server, ch: dict[str, Any], username: str, key: Any, cert: bytes,
            *, server_id: str = SERVER_ID) -> httpx.Response:
    message = build_login_message(server_id, username, ch["challenge_id"], ch["nonce"])
    algorithm, signature = sign(key, message)
    return server.http.post(f"{AUTH}/session", json={
        "challenge_id": ch["challenge_id"], "algorithm": algorithm,
        "signature": base64.b64encode(signature).decode(),
        "certificate": base64.b64encode(cert).decode()})


def attempt(server: Server, username: str, key: Any, cert: bytes,
            password: str = "Wrong-password-1") -> httpx.Response:  # noqa: S107
    """A whole sign-in attempt with this password (wrong by default) and this card; the
    challenge's refusal when it is refused (locked, capped), else the session step's answer."""
    ch = challenge(server, username, password)
    if ch.status_code != 200:
        return ch
    return present(server, ch.json(), username, key, cert)


def sign_in(server: Server, username: str, key: Any, cert: bytes) -> dict[str, Any]:
    ch = challenge(server, username)
    assert ch.status_code == 200, ch.text
    response = present(server, ch.json(), username, key, cert)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def error(response: httpx.Response) -> str:
    code: str = response.json()["error"]["code"]
    return code


# -- the happy paths -----------------------------------------------------------------


@dataclass
class HsmToken:
    label: str
    pin: str
    serial: str


@pytest.fixture(scope="module")
def hsm_tokens(softhsm_module: str, token_dir: TokenDir) -> dict[str, HsmToken]:
    """Two fresh SoftHSM tokens of this module's own (RSA and EC), no key yet."""
    made = {kind: init_token(token_dir, f"signin-{kind}", "424242", SO_PIN)
            for kind in ("rsa", "ec")}
    lib = load_module(softhsm_module, token_dir)
    if any(made.values()):
        lib.reinitialize()
    return {kind: HsmToken(f"signin-{kind}", "424242",
                           lib.get_token(token_label=f"signin-{kind}").serial.decode().strip())
            for kind in ("rsa", "ec")}


@pytest.mark.parametrize(("kind", "algorithm"), [("rsa", "RSA-PKCS1v15-SHA256"),
                                                 ("ec", "ECDSA-P256-SHA256")])
def test_softhsm_token_signs_in_and_gets_a_session(
        server: Server, softhsm_module: str, token_dir: TokenDir,
        hsm_tokens: dict[str, HsmToken], kind: str, algorithm: str) -> None:
    add_user(server, "amira")
    lib = load_module(softhsm_module, token_dir)
    token = hsm_tokens[kind]
    enrolment = enrol(lib, server.users, server.ca, "amira", token.label, token.pin,
                      KeyType.EC if kind == "ec" else KeyType.RSA)

    module = Pkcs11Module(softhsm_module)
    card = module.open(token.serial)
    card.login(bytearray(token.pin.encode()))
    try:
        cert = card.certificate_der()
        assert cert == enrolment.certificate_der
        ch = challenge(server, "amira").json()
        assert len(base64.b64decode(ch["nonce"])) == 32
        assert ch["algorithms"] == ["RSA-PKCS1v15-SHA256", "ECDSA-P256-SHA256"]
        used, signature = card.sign(build_login_message(SERVER_ID, "amira",
                                                        ch["challenge_id"], ch["nonce"]))
    finally:
        card.logout()
    assert used == algorithm
    response = server.http.post(f"{AUTH}/session", json={
        "challenge_id": ch["challenge_id"], "algorithm": used,
        "signature": base64.b64encode(signature).decode(),
        "certificate": base64.b64encode(cert).decode()})
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["session_token"]) >= 32
    assert body["idle_timeout_s"] == 900
    assert body["active_role"] == "r1"
    assert body["roles"] == [{"role_id": "r1", "role": "practitioner",
                              "organisation": "Royal Bolton Hospital A&E",
                              "local_authority": "Bolton"}]
    assert body["user"] == {"username": "amira", "display_name": "Test User", "job_title": "",
                            "organisation": "Royal Bolton Hospital A&E",
                            "phone": "01632 960300", "email": "test.user@example.org"}
    assert body["certificate_expires"] == enrolment.not_after.isoformat()
    again = server.http.get(f"{AUTH}/session",
                            headers={"Authorization": f"Bearer {body['session_token']}"})
    assert again.status_code == 200
    assert again.json()["session_token"] == body["session_token"]


def test_ecdsa_software_key_signs_in(server: Server, ec_key: ec.EllipticCurvePrivateKey) -> None:
    cert = add_user(server, "erin", ec_key)
    assert sign_in(server, "erin", ec_key, cert)["user"]["username"] == "erin"


# -- refusals --------------------------------------------------------------------------


def test_a_password_alone_confirms_nothing(server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    """Issue 14 finding 5: a challenge comes back for any user name and password alike, and
    a wrong password, an unknown user, someone else's card and a bad signature all get the
    same answer at the session step."""
    cert = add_user(server, "alice", rsa_key)
    right = challenge(server, "alice")
    wrong = challenge(server, "alice", "Not-the-password")
    unknown = challenge(server, "nobody.here", PASSWORD)
    assert right.status_code == wrong.status_code == unknown.status_code == 200
    assert set(right.json()) == set(wrong.json()) == set(unknown.json())
    assert "Not-the-password" not in wrong.text
    refused = [present(server, wrong.json(), "alice", rsa_key, cert),
               present(server, unknown.json(), "nobody.here", rsa_key, cert)]
    for response in refused:
        assert response.status_code == 401
        assert response.json() == {"error": {
            "code": "invalid_credentials",
            "message": "User name, password or security token not recognised."}}
    assert present(server, right.json(), "alice", rsa_key, cert).status_code == 200


def test_replayed_challenge_is_refused(server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    ch = challenge(server, "alice").json()
    assert present(server, ch, "alice", rsa_key, cert).status_code == 200
    replay = present(server, ch, "alice", rsa_key, cert)
    assert replay.status_code == 401
    assert error(replay) == "challenge_used"


def test_challenge_expires_after_60_seconds(server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    ch = challenge(server, "alice").json()
    server.clock.advance(59)
    assert present(server, ch, "alice", rsa_key, cert).status_code == 200
    late = challenge(server, "alice").json()
    server.clock.advance(61)
    response = present(server, late, "alice", rsa_key, cert)
    assert response.status_code == 401
    assert error(response) == "challenge_expired"


def test_signature_by_another_key_is_invalid(server: Server, rsa_key: rsa.RSAPrivateKey,
                                             other_rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    response = present(server, challenge(server, "alice").json(), "alice", other_rsa_key, cert)
    assert response.status_code == 401
    assert error(response) == "invalid_credentials"


def test_signature_over_another_server_id_is_invalid(server: Server,
                                                     rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    response = present(server, challenge(server, "alice").json(), "alice", rsa_key, cert,
                       server_id="some-other-server")
    assert error(response) == "invalid_credentials"


def test_certificate_not_enrolled(server: Server, rsa_key: rsa.RSAPrivateKey,
                                  other_rsa_key: rsa.RSAPrivateKey) -> None:
    add_user(server, "alice", rsa_key)
    stray = server.ca.issue(spki(other_rsa_key), "alice").der  # same CA, never enrolled
    response = present(server, challenge(server, "alice").json(), "alice", other_rsa_key, stray)
    assert response.status_code == 401
    assert error(response) == "invalid_credentials"

    add_user(server, "newcomer")  # a user with no token enrolled at all
    ch = challenge(server, "newcomer").json()
    assert error(present(server, ch, "newcomer", other_rsa_key, stray)) == \
        "invalid_credentials"


def test_challenge_is_bound_to_its_user(server: Server, rsa_key: rsa.RSAPrivateKey,
                                        other_rsa_key: rsa.RSAPrivateKey) -> None:
    add_user(server, "alice", rsa_key)
    bob_cert = add_user(server, "bob", other_rsa_key)
    alice_challenge = challenge(server, "alice").json()
    # Bob's card on Alice's challenge, signing the message with his own name.
    response = present(server, alice_challenge, "bob", other_rsa_key, bob_cert)
    assert response.status_code == 401
    assert error(response) == "invalid_credentials"


def test_expired_certificate_is_refused(server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    add_user(server, "alice")
    issued = server.ca.issue(spki(rsa_key), "alice", days=1)
    server.users.set_certificate("alice", issued.der, issued.not_after.date())
    ch = challenge(server, "alice").json()
    assert present(server, ch, "alice", rsa_key, issued.der).status_code == 200
    server.clock.advance(2 * 86400)
    late = present(server, challenge(server, "alice").json(), "alice", rsa_key, issued.der)
    assert error(late) == "invalid_credentials"


def test_server_and_client_sign_the_same_five_lines() -> None:
    from cpdesk.auth.signin import build_login_message as client_message

    expected = b"child-directory-login-v1\nbolton-mock-01\nnurse.demo\ncid-1\nbm9uY2U="
    assert build_login_message("bolton-mock-01", "nurse.demo", "cid-1", "bm9uY2U=") == expected
    assert client_message("bolton-mock-01", "nurse.demo", "cid-1", "bm9uY2U=") == expected


def test_password_never_reaches_logs_or_answers(server: Server, rsa_key: rsa.RSAPrivateKey,
                                                caplog: pytest.LogCaptureFixture) -> None:
    sentinel = "ZZSENTINEL-password-9d2e"
    caplog.set_level("DEBUG")
    server.users.add("sam", sentinel, "practitioner", "Org", "Bolton")
    answers = [challenge(server, "sam", sentinel), challenge(server, "sam", sentinel + "x"),
               challenge(server, "ghost", sentinel),
               server.http.post(f"{AUTH}/challenge", json={"username": "sam",
                                                           "password": sentinel * 200})]
    assert [a.status_code for a in answers] == [200, 200, 200, 422]
    assert all(sentinel not in a.text for a in answers)
    assert sentinel not in caplog.text
