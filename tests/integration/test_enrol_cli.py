"""`cpdesk-mock enrol` and `demo-tokens --db` on real SoftHSM tokens, then sign-in over HTTP.

The enrol command runs in its own process (as a tester would run it); the checks then open
the token here through ``cpdesk.auth.token`` exactly as the client does.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute, ObjectClass

from cpdesk.auth.token import Pkcs11Module
from mock_server.__main__ import main
from mock_server.data.users import UserStore
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.signin import build_login_message
from mock_server.tokens.ca import CertificateAuthority
from mock_server.tokens.demo_users import DEMO_USERS, KEY_ID, SO_PIN
from mock_server.tokens.enrol import public_key_spki
from mock_server.tokens.softhsm import TokenDir, init_token

SERVER_ID = "bolton-mock-01"


def signin_app(db: Path) -> Any:
    """The real app, its sign-in reading users and certificates from ``db``."""
    from mock_server.rules.signin import SignInService

    app = create_app(ServerConfig(server_id=SERVER_ID))
    app.state.signin = SignInService(UserStore(db), app.state.sessions, SERVER_ID)
    return app


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "directory.sqlite3"
    UserStore(path).close()  # an existing database, as `serve` would have made
    return path


def sign_in_with_token(url: str, module: Pkcs11Module, serial: str, username: str,
                       password: str, pin: str) -> httpx.Response:
    with httpx.Client(base_url=url) as http:
        ch = http.post("/api/v1/auth/challenge",
                       json={"username": username, "password": password})
        assert ch.status_code == 200, ch.text
        body = ch.json()
        card = module.open(serial)
        card.login(bytearray(pin.encode()))
        try:
            cert = card.certificate_der()
            assert cert is not None
            algorithm, signature = card.sign(build_login_message(
                SERVER_ID, username, body["challenge_id"], body["nonce"]))
        finally:
            card.logout()
        return http.post("/api/v1/auth/session", json={
            "challenge_id": body["challenge_id"], "algorithm": algorithm,
            "signature": base64.b64encode(signature).decode(),
            "certificate": base64.b64encode(cert).decode()})


@pytest.fixture
def fresh_token(softhsm_module: str, token_dir: TokenDir) -> Iterator[tuple[str, str]]:
    label = f"enrol-{uuid.uuid4().hex[:12]}"
    init_token(token_dir, label, "5318008", SO_PIN)
    yield label, "5318008"


def test_enrol_command_leaves_key_and_certificate_on_a_fresh_token(
        db: Path, softhsm_module: str, token_dir: TokenDir,
        fresh_token: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    label, pin = fresh_token
    assert main(["users", "add", "kelly.mentor", "--password", "Mentor-2026-ok",
                 "--role", "practitioner", "--organisation", "Moorside High School",
                 "--local-authority", "Bolton", "--db", str(db)]) == 0
    done = subprocess.run(
        [sys.executable, "-m", "mock_server", "enrol", "kelly.mentor", "--module",
         softhsm_module, "--token-label", label, "--pin", pin, "--db", str(db),
         "--valid-days", "30"],
        env={**os.environ, **token_dir.env()}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "new key pair generated on the token" in done.stdout
    assert pin not in done.stdout + done.stderr

    module = Pkcs11Module(softhsm_module)
    module.reinitialize()  # this process loaded the module before the token existed
    serial = next(t.serial for t in module.tokens() if t.label == label)
    lib = module._lib
    with lib.get_token(token_label=label).open(user_pin=pin) as session:
        private = list(session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}))
        certs = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}))
        assert len(private) == 1 and len(certs) == 1
        assert private[0][Attribute.ID] == certs[0][Attribute.ID] == KEY_ID
        der = bytes(certs[0][Attribute.VALUE])
        token_spki = public_key_spki(session)
    cert = x509.load_der_x509_certificate(der)
    assert cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == token_spki
    ca = CertificateAuthority.beside(db)
    assert cert.issuer == ca.certificate.subject
    assert ca.issued(der, token_spki)
    enrolled = UserStore(db).certificate("kelly.mentor")
    assert enrolled is not None and enrolled.der == der

    with ServerThread(signin_app(db)) as server:
        response = sign_in_with_token(server.url, module, serial, "kelly.mentor",
                                      "Mentor-2026-ok", pin)
    assert response.status_code == 200, response.text
    assert response.json()["certificate_expires"] == enrolled.not_after.isoformat()
    assert (enrolled.not_after - date.today()).days in (29, 30, 31)  # --valid-days 30


def test_enrol_refuses_unknown_user_and_missing_database(
        tmp_path: Path, softhsm_module: str, fresh_token: tuple[str, str],
        capsys: pytest.CaptureFixture[str], db: Path) -> None:
    label, pin = fresh_token
    assert main(["enrol", "ghost", "--module", softhsm_module, "--token-label", label,
                 "--pin", pin, "--db", str(db)]) == 1
    assert "add the user before enrolling" in capsys.readouterr().err
    missing = tmp_path / "nowhere.sqlite3"
    assert main(["enrol", "ghost", "--module", softhsm_module, "--token-label", label,
                 "--pin", pin, "--db", str(missing)]) == 1
    assert not missing.exists()


def test_demo_tokens_with_db_enrols_every_demo_user(
        db: Path, softhsm_module: str, token_dir: TokenDir, demo_tokens: Any,
        capsys: pytest.CaptureFixture[str]) -> None:
    args = ["demo-tokens", "--dir", str(token_dir.root), "--module", softhsm_module,
            "--db", str(db)]
    assert main(args) == 0
    assert capsys.readouterr().out.count("enrolled: certificate on token") == len(DEMO_USERS)
    first = {u.username: UserStore(db).certificate(u.username) for u in DEMO_USERS}
    assert main(args) == 0  # idempotent: the certificates on the tokens are kept
    assert {u.username: UserStore(db).certificate(u.username) for u in DEMO_USERS} == first

    module = Pkcs11Module(softhsm_module)
    serials = {t.label: t.serial for t in module.tokens()}
    with ServerThread(signin_app(db)) as server:
        for user in DEMO_USERS:
            response = sign_in_with_token(server.url, module, serials[user.token_label],
                                          user.username, user.password, user.pin)
            assert response.status_code == 200, (user.username, response.text)
            body = response.json()
            assert len(body["roles"]) == len(user.roles)
            assert body["active_role"] == (None if len(user.roles) > 1 else "r1")
            assert body["user"]["display_name"] == user.display_name


def test_demo_tokens_with_db_needs_an_existing_database(
        tmp_path: Path, softhsm_module: str, token_dir: TokenDir, demo_tokens: Any) -> None:
    missing = tmp_path / "not-yet.sqlite3"
    assert main(["demo-tokens", "--dir", str(token_dir.root), "--module", softhsm_module,
                 "--db", str(missing)]) == 1
    assert not missing.exists()


def test_demo_path_serve_then_demo_tokens_then_sign_in(
        tmp_path: Path, softhsm_module: str, token_dir: TokenDir, demo_tokens: Any) -> None:
    """What scripts/demo does: serve creates the db with the demo users; demo-tokens --db
    enrols their tokens while it runs; the nurse then signs in with her token."""
    db = tmp_path / "demo" / "directory.sqlite3"
    app = create_app(ServerConfig(server_id=SERVER_ID, db_path=db, children=200))
    assert all(app.state.signin.users.get(u.username) is not None for u in DEMO_USERS)
    with ServerThread(app) as server:
        assert main(["demo-tokens", "--dir", str(token_dir.root), "--module", softhsm_module,
                     "--db", str(db)]) == 0
        module = Pkcs11Module(softhsm_module)
        nurse = DEMO_USERS[0]
        serial = next(t.serial for t in module.tokens() if t.label == nurse.token_label)
        response = sign_in_with_token(server.url, module, serial, nurse.username,
                                      nurse.password, nurse.pin)
    assert response.status_code == 200, response.text
    assert response.json()["user"]["username"] == nurse.username


def test_live_server_has_no_demo_users() -> None:
    app = create_app(ServerConfig(environment="live"))
    assert app.state.signin.users.get(DEMO_USERS[0].username) is None
    with ServerThread(app) as server:
        nurse = DEMO_USERS[0]
        # A challenge comes back for any name (a password alone confirms nothing); the
        # session step refuses: there is no such user and no enrolled card.
        ch = httpx.post(f"{server.url}/api/v1/auth/challenge",
                        json={"username": nurse.username, "password": nurse.password}).json()
        response = httpx.post(f"{server.url}/api/v1/auth/session", json={
            "challenge_id": ch["challenge_id"], "algorithm": "RSA-PKCS1v15-SHA256",
            "signature": "AAAA", "certificate": "AAAA"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"
