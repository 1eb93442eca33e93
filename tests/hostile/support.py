"""Shared by the hostile suite: a real mock server (thread) with the nurse's real SoftHSM token
enrolled, and a real signed-in session token (no Qt)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import TokenSigner
from cpdesk.auth.token import Pkcs11Module
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.tokens.demo_users import demo_user
from mock_server.tokens.enrol import enrol_demo_tokens
from mock_server.tokens.softhsm import TokenDir
from tests.signin_steps import sign_in

NURSE = demo_user("nurse.demo")


@dataclass
class Directory:
    app: FastAPI
    url: str
    db: Path
    module: str
    serial: str

    def signed_in_client(self) -> DirectoryClient:
        return signed_in_client(self.url, self.module, self.serial)


def signed_in_client(url: str, module: str, serial: str) -> DirectoryClient:
    """A client that signed in for real: password, the token's signature, a session."""
    client = DirectoryClient(url)
    sign_in(client, TokenSigner(Pkcs11Module(module)), NURSE.username, NURSE.password,
            bytearray(NURSE.pin.encode()), serial=serial)
    return client


def enrol_nurse(db: Path, module: str, token_dir: TokenDir) -> str:
    """Register the nurse in ``db`` (which must exist) and enrol her token; its serial."""
    (enrolment,) = enrol_demo_tokens(db, module, token_dir, (NURSE,))
    return enrolment.serial


def start_directory(root: Path, module: str, token_dir: TokenDir) -> Iterator[Directory]:
    db = root / "directory.sqlite3"
    app = create_app(ServerConfig(db_path=db, children=300, seed=5))
    serial = enrol_nurse(db, module, token_dir)
    with ServerThread(app) as server:
        yield Directory(app, server.url, db, module, serial)


def session_token(client: DirectoryClient) -> str:
    session = client.session
    assert session is not None
    return session.session_token
