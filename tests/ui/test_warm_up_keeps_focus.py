"""The signed-in pages are built while she signs in (issue 18: a piece per event-loop turn
after the first paint). Building them must never take the keyboard: a search page built out of
sight once put the focus in its hidden family-name field, so what she went on typing into the
password went into a hidden field instead (and would have shown in the search form after she
signed in). Found by the screen-reader test, whose focus on the password field was taken."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cpdesk.app import Client
from tests.ui.window_support import field, open_client

NOWHERE = "http://127.0.0.1:9"  # the pages need no server to be built


@pytest.fixture
def client(qtbot: QtBot, softhsm_module: str) -> Iterator[Client]:
    yield from open_client(qtbot, NOWHERE, softhsm_module)


def test_building_the_pages_leaves_the_focus_in_the_password(qtbot: QtBot,
                                                              client: Client) -> None:
    window = client.window
    qtbot.waitExposed(window)
    window.activateWindow()
    password = field(client, "signinPassword")
    password.setFocus()
    qtbot.waitUntil(password.hasFocus, timeout=5000)
    qtbot.keyClicks(password, "abc")
    window.prepare_pages()
    qtbot.waitUntil(lambda: window._tabs is not None and window._warm_up is None,
                    timeout=20_000)
    assert QApplication.focusWidget() is password
    qtbot.keyClicks(QApplication.focusWidget(), "def")
    assert password.text() == "abcdef"
    assert field(client, "searchFamilyName").text() == ""
