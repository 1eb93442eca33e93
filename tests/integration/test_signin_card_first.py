"""Card-first sign-in (issue 16) through the real window: real SoftHSM cards, the real server.

- the screen names the card's holder from its certificate before anything is typed;
- the challenge is not requested before the PIN is submitted;
- a 90-second pause before the PIN (looking for the card, interrupted) still signs in: the
  server's clock is moved past its 60-second challenge life before the PIN is typed;
- choosing a card leaves the keyboard focus where it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.app import Client, build
from cpdesk.auth.session import State
from cpdesk.config import Settings
from mock_server.rules.signin import CHALLENGE_TTL_S
from mock_server.tokens.demo_users import demo_user
from tests.integration.signin_server import LiveServer

NURSE = demo_user("nurse.demo")


@pytest.fixture
def challenges(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every challenge the client asks for (the user name it asks for)."""
    asked: list[str] = []
    original = DirectoryClient.challenge

    def counting(self: DirectoryClient, username: str, password: str) -> Any:
        asked.append(username)
        return original(self, username, password)

    monkeypatch.setattr(DirectoryClient, "challenge", counting)
    return asked


@pytest.fixture
def client(qtbot: QtBot, server: LiveServer, softhsm_module: str) -> Iterator[Client]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    built = build(Settings(server_url=server.url, pkcs11_module=softhsm_module,  # type: ignore[call-arg]
                           profile="test", remember_username=False), app)
    qtbot.addWidget(built.window)
    built.window.resize(1366, 768)
    built.window.show()
    built.window.refresh()
    yield built
    built.close()


def find(client: Client, kind: type, name: str) -> Any:
    widget = client.window.findChild(kind, name)
    assert widget is not None, name
    return widget


def choose_nurse_card(qtbot: QtBot, client: Client, server: LiveServer) -> QComboBox:
    picker: QComboBox = find(client, QComboBox, "tokenPicker")
    serial = server.serials[NURSE.username]
    qtbot.waitUntil(lambda: picker.findData(serial) >= 0, timeout=20_000)
    return picker


def test_card_first_pause_of_90_seconds_and_no_early_challenge(
        qtbot: QtBot, client: Client, server: LiveServer, challenges: list[str]) -> None:
    picker = choose_nurse_card(qtbot, client, server)
    password: QLineEdit = find(client, QLineEdit, "signinPassword")
    pin: QLineEdit = find(client, QLineEdit, "signinPin")
    holder: QLabel = find(client, QLabel, "signinCardHolder")
    # Several demo cards share the token folder: she picks hers with the keyboard while the
    # password field has the focus; the focus stays there.
    password.setFocus()
    qtbot.waitUntil(password.hasFocus, timeout=5000)
    picker.setCurrentIndex(picker.findData(server.serials[NURSE.username]))
    qtbot.wait(200)  # the card's PIN flags come back from the token thread
    assert password.hasFocus()
    assert "nurse.demo" in holder.text()  # named from the certificate, before any typing
    assert not find(client, QLineEdit, "signinUsername").isVisible()
    qtbot.keyClicks(password, NURSE.password)
    assert challenges == []  # nothing asked of the server yet

    # She is interrupted, then looks for her PIN: 90 s, past the challenge's 60-second life.
    server.clock.offset += 90
    assert CHALLENGE_TTL_S < 90
    assert challenges == []
    qtbot.keyClick(password, Qt.Key.Key_Tab)
    assert pin.hasFocus()
    qtbot.keyClicks(pin, NURSE.pin)
    assert challenges == []  # still nothing: the PIN is typed, not submitted
    with qtbot.waitSignal(client.window._controller.signed_in, timeout=20_000):
        qtbot.keyClick(pin, Qt.Key.Key_Return)  # one Enter signs in
    assert challenges == [NURSE.username]  # asked at submit, signed at once
    assert client.window.session.state is State.ACTIVE
    assert password.text() == "" and pin.text() == ""


def test_the_last_card_is_preselected_among_several(
        qtbot: QtBot, client: Client, server: LiveServer) -> None:
    picker = choose_nurse_card(qtbot, client, server)
    serial = server.serials[NURSE.username]
    picker.setCurrentIndex(picker.findData(serial))
    qtbot.keyClicks(find(client, QLineEdit, "signinPassword"), NURSE.password)
    pin: QLineEdit = find(client, QLineEdit, "signinPin")
    qtbot.keyClicks(pin, NURSE.pin)
    with qtbot.waitSignal(client.window._controller.signed_in, timeout=20_000):
        qtbot.keyClick(pin, Qt.Key.Key_Return)
    client.window._controller.sign_out()
    qtbot.waitUntil(lambda: client.window.session.state is State.SIGNED_OUT, timeout=5000)
    qtbot.waitUntil(lambda: picker.count() > 1, timeout=10_000)
    assert picker.currentData() == serial  # her card, not "Choose your card…"
