"""Sentinel scan of the log folder after a whole session's failure paths: a wrong password,
a search for a planted name, a record opened with a planted reason, an unexpected error in a
thread, Qt warnings, lock and close — the planted values are in no log file."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, qWarning
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cpdesk.app import Client
from cpdesk.auth.session import LockReason, State
from cpdesk.crash import CrashHandlers
from cpdesk.logging_setup import configure_logging, remove_logging
from cpdesk.ui.shell.crash_bridge import CrashBridge, install_qt_message_handler
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import NURSE, Directory, start_directory
from tests.ui.window_support import open_bolton_case, open_client, sign_in, sign_in_refused

SENTINEL = f"ZZSENTINEL{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("logscan"), softhsm_module, token_dir)


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "logs"
    configure_logging(directory, level=logging.DEBUG)
    handlers = CrashHandlers()
    handlers.install(directory)
    install_qt_message_handler()
    yield directory
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(None)
    handlers.uninstall()
    remove_logging()


@pytest.fixture
def client(qtbot: QtBot, directory: Directory, softhsm_module: str) -> Iterator[Client]:
    yield from open_client(qtbot, directory.url, softhsm_module)


def test_failure_paths_leave_no_planted_value_in_the_logs(
        qtbot: QtBot, client: Client, directory: Directory, log_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "critical", lambda *_args: None)
    bridge = CrashBridge(client.window.privacy.lock_requested.emit,
                                          client.window)
    window = client.window
    qtbot.waitUntil(lambda: window.environment_badge.isVisible(), timeout=10_000)

    # A wrong password (and a planted user name) fails with the generic message, once the
    # card has signed (the server checks the factors together).
    assert "not recognised" in sign_in_refused(qtbot, client, directory, SENTINEL)

    sign_in(qtbot, client, directory)
    desk = window.desktop
    qtbot.keyClicks(desk.search_view.family_name, SENTINEL)
    qtbot.keyClicks(desk.search_view.dob, "14-07-2011")
    qtbot.keyClick(desk.search_view.dob, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(desk.search_view.message.text()), timeout=10_000)
    desk.search_view.family_name.clear()
    desk.search_view.dob.clear()
    open_bolton_case(qtbot, client)

    qWarning(f"a Qt warning quoting {SENTINEL}")
    logging.getLogger("cpdesk.test").error("something about %s", SENTINEL)

    def fail() -> None:
        raise ValueError(SENTINEL)

    thread = threading.Thread(target=fail)
    thread.start()
    thread.join(5)
    bridge.crashed()
    qtbot.waitUntil(lambda: window.session.state is State.LOCKED, timeout=5_000)
    client.window._controller.lock(LockReason.USER)

    for handler in logging.getLogger().handlers:
        handler.flush()
    files = [p for p in log_dir.rglob("*") if p.is_file()]
    assert files, "the session wrote no log at all"
    text = "".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    assert "unhandled exception in a thread" in text  # the failure itself is logged
    for planted in (SENTINEL, NURSE.password, NURSE.pin, "DOE", "Jane"):
        assert planted not in text, planted
