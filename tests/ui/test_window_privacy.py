"""The whole window (issue 14, findings 3 and 4): minimising a signed-in window locks it; with
a record open, nothing under the curtain or the lock is in the accessibility tree; the
curtain lifts back onto the same record."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cpdesk.app import Client
from cpdesk.auth.session import LockReason, State
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import NURSE, Directory, start_directory
from tests.ui.window_support import field, open_bolton_case, open_client, sign_in

# What the A&E case shows (the secrets of test_main_window's lock check).
RECORD_TEXT = ("Jane", "Moorside", "Deane Road", "John Doe", "14-Jul-2011", "999 777 3454")


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("window-privacy"), softhsm_module,
                               token_dir)


@pytest.fixture
def client(qtbot: QtBot, directory: Directory, softhsm_module: str) -> Iterator[Client]:
    yield from open_client(qtbot, directory.url, softhsm_module, demo_username=NURSE.username)


def accessible_texts(root: QObject) -> str:
    """Name, value and description of every node under ``root``, invisible ones included."""
    found: list[str] = []
    iface = QAccessible.queryAccessibleInterface(root)
    stack = [iface] if iface is not None else []
    while stack:
        node = stack.pop()
        found += [node.text(kind) for kind in (QAccessible.Text.Name, QAccessible.Text.Value,
                                               QAccessible.Text.Description)]
        stack.extend(child for i in range(node.childCount())
                     if (child := node.child(i)) is not None)
    return "\n".join(found)


def test_minimising_a_signed_in_window_locks_it(qtbot: QtBot, client: Client,
                                                directory: Directory) -> None:
    window = client.window
    sign_in(qtbot, client, directory)
    open_bolton_case(qtbot, client)
    window.showMinimized()
    qtbot.waitUntil(lambda: window.session.state is State.LOCKED, timeout=5000)
    assert window.session.lock_reason is LockReason.USER
    assert window.pages.currentWidget() is window.signin_page
    assert not window.privacy.covered  # the unlock screen, not a curtain over the record
    assert window.desktop.record_view.display is None
    window.showNormal()
    pin = field(client, "tokenPin")
    qtbot.waitUntil(pin.isVisible, timeout=10_000)


def test_nothing_under_the_curtain_or_the_lock_is_in_the_accessibility_tree(
        qtbot: QtBot, client: Client, directory: Directory) -> None:
    window = client.window
    app = QApplication.instance()
    assert app is not None
    sign_in(qtbot, client, directory)
    open_bolton_case(qtbot, client)
    shown = accessible_texts(window)
    assert all(text in shown for text in ("Jane", "Moorside")), "the record is exposed"

    window.session.curtain()
    assert window.privacy.covered
    for root in (window, app):
        exposed = accessible_texts(root)
        leaked = [text for text in RECORD_TEXT if text in exposed]
        assert not leaked, (root, leaked)
        assert "Screen hidden for privacy" in accessible_texts(window)

    # A key lifts it: the same record, exposed again.
    qtbot.keyClick(window.privacy.curtain, Qt.Key.Key_Space)
    assert window.session.state is State.ACTIVE
    assert "Moorside" in accessible_texts(window)

    # The lock (curtained first, as the idle lock falls): gone from the tree as well.
    window.session.curtain()
    window._controller.lock(LockReason.IDLE)
    assert window.session.state is State.LOCKED
    exposed = accessible_texts(window)
    assert not [text for text in RECORD_TEXT if text in exposed]
    # The unlock screen is there for the screen reader, and not curtained.
    assert not window.privacy.covered
    assert window.signin_view.isVisible()
