"""The whole window with workstation settings: the last user name remembered per server
(in-memory keyring), the idle lock from settings, capture protection turned off by policy,
and an unexpected error in a thread that locks the window with a plain message."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from cpdesk.app import Client, build
from cpdesk.auth.session import State
from cpdesk.config import Settings
from cpdesk.crash import CrashHandlers
from cpdesk.remembered import RememberedUser
from cpdesk.ui.shell.crash_bridge import CrashBridge
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import NURSE, Directory, start_directory
from tests.ui.window_support import field, sign_in
from tests.unit.memory_keyring import MemoryKeyring


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("workstation"), softhsm_module,
                               token_dir)


def _build(qtbot: QtBot, settings: Settings, remembered: RememberedUser | None = None) -> Client:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    built = build(settings, app, remembered=remembered)
    qtbot.addWidget(built.window)
    built.window.show()
    built.window.refresh()
    return built


def test_last_user_name_is_remembered_per_server(qtbot: QtBot, directory: Directory,
                                                 softhsm_module: str) -> None:
    keyring = MemoryKeyring()
    settings = Settings(server_url=directory.url, pkcs11_module=softhsm_module, profile="test")
    first = _build(qtbot, settings, RememberedUser(keyring))
    try:
        assert field(first, "signinUsername").text() == ""
        qtbot.keyClicks(field(first, "signinUsername"), NURSE.username)
        sign_in(qtbot, first, directory)
    finally:
        first.window.sign_out()
        first.close()
    # The name and the last card's serial (issue 16: preselected among several), nothing else.
    assert sorted(keyring.items.values()) == sorted([NURSE.username, directory.serial])
    again = _build(qtbot, settings, RememberedUser(keyring))
    try:
        assert field(again, "signinUsername").text() == NURSE.username
        qtbot.waitUntil(lambda: QApplication.focusWidget() is field(again, "signinPassword")
                        or not again.window.isActiveWindow(), timeout=5_000)
    finally:
        again.close()
    other_url = directory.url.replace("127.0.0.1", "localhost")  # another server's key
    other = _build(qtbot, Settings(server_url=other_url, profile="test",
                                   pkcs11_module=softhsm_module), RememberedUser(keyring))
    try:
        assert field(other, "signinUsername").text() == ""
    finally:
        other.close()


def test_the_keyring_answering_after_the_window_fills_only_an_untouched_name(
        qtbot: QtBot, directory: Directory, softhsm_module: str) -> None:
    """Issue 18: ``main`` opens the keyring once the window is up; its answer goes into the
    empty user-name field (the keyboard moves on to the password), never over a typed name,
    and the sign-in is remembered through it."""
    keyring = MemoryKeyring()
    settings = Settings(server_url=directory.url, pkcs11_module=softhsm_module, profile="test")
    late = _build(qtbot, settings, RememberedUser(use_system=False))
    try:
        username = field(late, "signinUsername")
        username.setFocus()
        assert username.text() == ""
        late.use_remembered(RememberedUser(keyring), NURSE.username, None)
        assert username.text() == NURSE.username
        assert late.window.focusWidget() is field(late, "signinPassword")
        sign_in(qtbot, late, directory)
    finally:
        late.window.sign_out()
        late.close()
    assert NURSE.username in keyring.items.values()  # remembered through the late keyring
    typed = _build(qtbot, settings, RememberedUser(use_system=False))
    try:
        qtbot.keyClicks(field(typed, "signinUsername"), "someone.else")
        typed.use_remembered(RememberedUser(keyring), NURSE.username, None)
        assert field(typed, "signinUsername").text() == "someone.else"
    finally:
        typed.close()


def test_idle_lock_and_capture_protection_follow_settings(qtbot: QtBot, directory: Directory,
                                                          softhsm_module: str) -> None:
    built = _build(qtbot, Settings(server_url=directory.url, pkcs11_module=softhsm_module,
                                   profile="test", idle_lock_minutes=2,
                                   capture_protection=False))
    try:
        idle = built.window._idle
        assert idle.lock_timer.interval() == 2 * 60_000
        assert built.window.capture_note.text() == (
            "Screen capture protection is turned off by your organisation")
    finally:
        built.close()


def test_unexpected_error_locks_with_a_plain_message(qtbot: QtBot, directory: Directory,
                                                     softhsm_module: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    # A modal box cannot be clicked in this test: record what it would say instead.
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda _parent, _title, text: shown.append(text))
    built = _build(qtbot, Settings(server_url=directory.url, pkcs11_module=softhsm_module,
                                   demo_username=NURSE.username, profile="test"))
    handlers = CrashHandlers()
    handlers.add_callback(CrashBridge(built.window.lock_after_crash, built.window).crashed)
    handlers.install()
    try:
        sign_in(qtbot, built, directory)
        session = built.window.session
        assert session.state is State.ACTIVE
        assert built.api.session is not None
        token = built.api.session.session_token

        def fail() -> None:
            raise RuntimeError("worker blew up")

        thread = threading.Thread(target=fail)
        thread.start()
        thread.join(5)
        qtbot.waitUntil(lambda: session.state is State.LOCKED, timeout=5_000)
        qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
        assert "The screen has been locked" in shown[0]
        assert "worker blew up" not in shown[0]
        # ... and the server session is ended, not merely suspended (issue 14).
        import httpx

        def server_says() -> str:
            answer = httpx.get(f"{directory.url}/api/v1/auth/session",
                               headers={"Authorization": f"Bearer {token}"})
            return "alive" if answer.status_code == 200 else str(answer.json()["error"]["code"])

        qtbot.waitUntil(lambda: server_says() == "session_expired", timeout=5_000)
    finally:
        handlers.uninstall()
        built.close()


def test_minimise_lock_and_capture_guard_follow_settings(
        qtbot: QtBot, directory: Directory, softhsm_module: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 14, finding 4, wired by the composition root: every window and dialog gets
    capture protection, and a policy that turns the minimise lock off only curtains."""
    from PySide6.QtWidgets import QDialog, QWidget

    from cpdesk.ui.shell.privacy_screen import CaptureGuard

    protected: list[QWidget] = []

    class FakeProtection:
        def protect(self, window: QWidget) -> str | None:
            protected.append(window)
            return None

    monkeypatch.setattr("cpdesk.ui.shell.privacy_screen.capture_protection",
                        lambda *_args: FakeProtection())
    built = _build(qtbot, Settings(server_url=directory.url, pkcs11_module=softhsm_module,
                                   demo_username=NURSE.username, profile="test",
                                   lock_on_minimise=False))
    try:
        window = built.window
        assert window.privacy.lock_on_minimise is False
        assert protected[0] is window and len(window.findChildren(CaptureGuard)) == 1
        dialog = QDialog(window.desktop)
        dialog.open()
        qtbot.waitExposed(dialog)
        assert dialog in protected
        dialog.reject()
        sign_in(qtbot, built, directory)
        window.showMinimized()
        qtbot.waitUntil(lambda: window.privacy.covered, timeout=5000)
        assert window.session.state is State.CURTAINED
    finally:
        built.close()
