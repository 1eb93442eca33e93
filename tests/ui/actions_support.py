"""Shared by the working-together tests: a real mock server with several demo users enrolled
on their real SoftHSM tokens (nurse, welfare officer, Bolton manager, and a Wigan manager made
here), real sign-ins, and a desktop page on each user's own client."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import TokenSigner
from cpdesk.auth.token import Pkcs11Module
from cpdesk.domain import Reason, ReasonCode
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.shell.directory_page import DesktopPage
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.tokens.demo_users import DemoRole, DemoUser, demo_user
from mock_server.tokens.devtokens import load_module
from mock_server.tokens.enrol import enrol_demo_tokens
from mock_server.tokens.softhsm import TokenDir
from tests.signin_steps import sign_in

NURSE = demo_user("nurse.demo")
WELFARE = demo_user("welfare.demo")
MANAGER = demo_user("manager.demo")
WIGAN_MANAGER = DemoUser(
    username="manager.wigan", password="Manager-wigan-2026", pin="445566",
    token_label="cpdesk-mgr-wigan", display_name="Owen Pritchard",
    job_title="ContactPoint manager", phone="01632 960205", email="owen.pritchard@example.org",
    roles=(DemoRole("manager", "Wigan ContactPoint Team", "Wigan"),))
PEOPLE = (NURSE, WELFARE, MANAGER, WIGAN_MANAGER)


@dataclass
class People:
    app: FastAPI
    url: str
    db: Path
    module: str
    serials: dict[str, str]
    clients: list[DirectoryClient] = field(default_factory=list)

    def signed_in(self, user: DemoUser, role_id: str | None = "r1") -> DirectoryClient:
        """A client signed in with the user's real token and PIN, in one role."""
        client = DirectoryClient(self.url)
        sign_in(client, TokenSigner(Pkcs11Module(self.module)), user.username, user.password,
                bytearray(user.pin.encode()), serial=self.serials[user.username],
                role_id=role_id)
        self.clients.append(client)
        return client

    def audit(self, after_seq: int = 0) -> list[dict[str, Any]]:
        body = httpx.get(f"{self.url}/api/v1/test/audit", params={"after_seq": after_seq})
        entries: list[dict[str, Any]] = body.json()["entries"]
        return entries

    def last_seq(self) -> int:
        entries = self.audit()
        return int(entries[-1]["seq"]) if entries else 0


def start_people(root: Path, module: str, token_dir: TokenDir) -> Iterator[People]:
    db = root / "directory.sqlite3"
    app = create_app(ServerConfig(db_path=db, children=300, seed=5))
    # A card-removal test elsewhere in this process may leave SoftHSM with a stale slot
    # (its token folder moved out and back); re-enumerate before looking tokens up.
    load_module(module, token_dir).reinitialize()
    enrolments = enrol_demo_tokens(db, module, token_dir, PEOPLE)
    with ServerThread(app) as server:
        people = People(app, server.url, db, module, {e.username: e.serial for e in enrolments})
        try:
            yield people
        finally:
            for client in people.clients:
                client.close()


def clipboard_guard() -> ClipboardGuard:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return ClipboardGuard(app.clipboard())


def desk_for(qtbot: QtBot, client: DirectoryClient,
             clipboard: ClipboardGuard | None = None) -> DesktopPage:
    """A desktop page (search, record, actions) on this user's own client."""
    session = client.session
    assert session is not None and session.role is not None
    worker = DirectoryWorker(client)
    from datetime import date

    desk = DesktopPage(worker, clipboard or clipboard_guard(),
                       DisplayContext(session.role.role, date.today()))
    worker.setParent(desk)
    desk.set_user(session.user, session.role)
    desk.resize(1400, 900)
    qtbot.addWidget(desk)
    desk.show()
    return desk


def open_record(qtbot: QtBot, desk: DesktopPage, directory_id: str,
                code: ReasonCode = ReasonCode.COORDINATING_SUPPORT) -> None:
    desk.request_record(directory_id, Reason(code))
    qtbot.waitUntil(lambda: desk.record_view.display is not None
                    and desk.record_view.record is not None
                    and desk.record_view.record.directory_id == directory_id, timeout=10_000)


def entry_cards(desk: DesktopPage, heading: str) -> list[QWidget]:
    """Involvement cards whose heading is ``heading``."""
    from PySide6.QtWidgets import QFrame, QLabel

    cards = []
    for card in desk.record_view.findChildren(QFrame, "entryCard"):
        label = card.findChild(QLabel, "entryHeading")
        if label is not None and label.text() == heading and card.isVisible():
            cards.append(card)
    return cards


def choose_service(qtbot: QtBot, dialog: QWidget, code: str) -> None:
    """Wait for the involvement dialog's list of services, then choose one by its code."""
    from PySide6.QtWidgets import QComboBox

    combo = dialog.findChild(QComboBox, "involvementService")
    assert combo is not None
    qtbot.waitUntil(combo.isEnabled, timeout=10_000)
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)
