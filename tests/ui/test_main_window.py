"""The whole window, built by the composition root, against a real server and a real token:
sign in → search → reason → record → lock (Ctrl+L and session end) → unlock → sign out."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cpdesk import __version__
from cpdesk.app import Client, build
from cpdesk.auth.session import LockReason, State
from cpdesk.config import Settings
from cpdesk.ui.common.widgets import ElidedLabel
from cpdesk.ui.shell import main_window as main_window_module
from cpdesk.ui.shell.main_window import SIGNED_IN_MODULES, MainWindow
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import NURSE, Directory, start_directory, widget_strings
from tests.ui.window_support import (
    field,
    open_bolton_case,
    open_client,
    sign_in,
    type_and_enter,
)


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("window"), softhsm_module, token_dir)


@pytest.fixture
def client(qtbot: QtBot, directory: Directory, softhsm_module: str) -> Iterator[Client]:
    yield from open_client(qtbot, directory.url, softhsm_module, demo_username=NURSE.username)


def test_signed_out_window_shows_server_environment_and_version(qtbot: QtBot,
                                                                client: Client) -> None:
    window = client.window
    qtbot.waitUntil(lambda: window.environment_badge.text() == "TEST", timeout=10_000)
    assert window.windowTitle() == "cpdesk [TEST]"
    assert "bolton-mock-01" in window.status_text.text()
    assert __version__ in window.status_text.text()
    assert isinstance(window.status_text, ElidedLabel)  # cut with "…", never mid-word
    assert field(client, "signinUsername").text() == NURSE.username
    assert not window.lock_button.isEnabled()


def test_signed_in_pages_are_built_on_first_use_or_prepared_while_signing_in(
        qtbot: QtBot, client: Client) -> None:
    """Issue 18: the start builds the sign-in page only; ``prepare_pages`` (which ``main``
    runs once the window is up) builds the desktop and the tabs a piece per turn."""
    window = client.window
    assert window.built_desktop is None and window._tabs is None
    assert window.pages.count() == 1  # the sign-in page
    window.close()  # closing drops child data: nothing to clear, nothing built for it
    assert window.built_desktop is None
    window.show()
    built: list[object] = []
    window.when_desktop_built(built.append)
    window.prepare_pages()
    qtbot.waitUntil(lambda: window._tabs is not None, timeout=20_000)
    assert built == [window.desktop]
    assert window.pages.indexOf(window.desktop) == 1
    assert not window.tabs.bar.isVisible()  # signed out: no page tabs
    assert window.pages.currentWidget() is window.signin_page
    seen: list[object] = []
    window.when_desktop_built(seen.append)  # already built: at once
    assert seen == [window.desktop]


def held_warm_up(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """The warm-up's turns, held by the test: the returned ``turn()`` runs the next one (there
    is always exactly one queued: a step per event-loop turn) and says which piece it built."""
    held: list[Callable[[], None]] = []
    real_single_shot = QTimer.singleShot

    class HeldTimer:
        @staticmethod
        def singleShot(ms: int, context: object, call: Callable[[], None]) -> None:
            if call == window._warm_up_step:
                held.append(call)
            else:
                real_single_shot(ms, context, call)  # type: ignore[call-overload]

    monkeypatch.setattr(main_window_module, "QTimer", HeldTimer)

    def turn() -> str:
        assert len(held) == 1
        held.pop()()
        return "" if window._warm_up is None else window.last_warm_up_step

    return turn


def test_the_warm_up_builds_the_pages_a_small_piece_per_turn(
        client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18 (no GUI-thread stall over a frame while she types her name): the modules one
    by one, the search form a row at a time, the results, the record area, the record view,
    the dialogs, the page assembled, then each working-together page (the manager's two in
    parts) — each its own event-loop turn."""
    window = client.window
    turn = held_warm_up(window, monkeypatch)
    window.prepare_pages()
    steps = []
    while step := turn():
        steps.append(step)
    assert window._warm_up is None and window._tabs is not None
    assert steps[:len(SIGNED_IN_MODULES)] == [f"import {m}" for m in SIGNED_IN_MODULES]
    for piece in ("search form: first row", "search form: second row", "search results",
                  "record view", "reason and override dialogs", "desktop assembled",
                  "My activity", "Manager workspace: queue", "Manager workspace: item",
                  "Access review", "Alerts", "Shielding: lists", "Shielding: detail",
                  "Audit review", "page tabs added"):
        assert steps.count(piece) == 1, piece
    assert window.pages.count() == 8  # sign-in, the desktop and six working-together pages
    assert window.pages.currentWidget() is window.signin_page


def test_a_sign_in_half_way_through_the_warm_up_finishes_the_pages_at_once(
        qtbot: QtBot, client: Client, directory: Directory,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: signing in before the warm-up is done finishes what is left at once, so the
    pages are complete when first shown; the warm-up then runs out without building anything
    twice."""
    window = client.window
    turn = held_warm_up(window, monkeypatch)
    window.prepare_pages()
    steps = []
    while "search form: second row" not in steps:  # the desktop is half built
        steps.append(turn())
    assert steps[:len(SIGNED_IN_MODULES)] == [f"import {m}" for m in SIGNED_IN_MODULES]
    assert window.built_desktop is None and window._tabs is None
    assert window.pages.count() == 1  # nothing half made is in the page stack

    sign_in(qtbot, client, directory)  # the held warm-up does not move meanwhile
    desktop = window.desktop
    assert window.built_desktop is desktop
    assert window.pages.currentWidget() is desktop
    for part in ("search_view", "record_view", "reason_dialog", "override_dialog",
                 "together", "record_stack"):
        assert hasattr(desktop, part), part
    assert desktop.search_view.table.model() is desktop.search_view.model
    assert window.tabs.bar.isVisible() and window.tabs.bar.count() == 7
    pages = window.pages.count()
    assert pages == 8  # sign-in, the desktop and the six working-together pages
    open_bolton_case(qtbot, client)  # the page works: a search and a record open

    while step := turn():  # the rest was built by the sign-in: the warm-up runs out
        steps.append(step)
    assert window._warm_up is None
    assert window.pages.count() == pages
    assert window.pages.currentWidget() is desktop
    assert "Jane" in desktop.record_view.display.banner.name  # type: ignore[union-attr]
    assert "record view" not in steps and "My activity" not in steps


def test_unreachable_server_is_explained_with_a_retry(qtbot: QtBot,
                                                      softhsm_module: str) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    built = build(Settings(server_url=f"http://127.0.0.1:{port}",
                           pkcs11_module=softhsm_module, profile="test"), app)
    qtbot.addWidget(built.window)
    built.window.show()
    built.window.refresh()
    try:
        qtbot.waitUntil(lambda: built.window.connection_message.isVisible(), timeout=15_000)
        assert "cannot be reached" in built.window.connection_message.text()
        assert built.window.retry_button.isVisible()
    finally:
        built.close()


def test_journey_sign_in_search_open_lock_unlock_sign_out(qtbot: QtBot, client: Client,
                                                          directory: Directory) -> None:
    window = client.window
    sign_in(qtbot, client, directory)
    session = window.session
    assert session.state is State.ACTIVE
    assert window.pages.currentWidget() is window.desktop
    assert NURSE.display_name in window.status_text.text()
    assert "Royal Bolton Hospital" in window.status_text.text()

    open_bolton_case(qtbot, client)
    shown = "\n".join(widget_strings(window))
    for expected in ("DOE, Jane", "Moorside High School", "Deane Road Surgery",
                     "John Doe", "Social worker"):
        assert expected in shown, expected
    assert "Doe" not in window.windowTitle()
    assert not window.privacy.covered  # our own reason dialog is not "losing focus"

    # Ctrl+L locks: every child value leaves every widget and model.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    qtbot.keyClick(window.desktop.search_view.family_name, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    assert session.state is State.LOCKED
    assert session.lock_reason is LockReason.USER
    after_lock = "\n".join(widget_strings(window))
    for secret in ("Jane", "Moorside", "Deane Road", "John Doe", "14-Jul-2011",
                   "999 777 3454", "9997773454"):
        assert secret not in after_lock, secret
    assert window.pages.currentWidget() is window.signin_page

    # Unlock with the same token and PIN: back to an empty search.
    with qtbot.waitSignal(window._controller.unlocked, timeout=20_000):
        type_and_enter(qtbot, client, "tokenPin", NURSE.pin)
    assert session.state is State.ACTIVE
    assert window.desktop.search_view.family_name.text() == ""
    assert window.desktop.search_view.table.model().rowCount() == 0
    # Nor can Ctrl+Z bring the last search back (clear() alone would be undoable).
    for edit in (window.desktop.search_view.family_name, window.desktop.search_view.dob):
        edit.undo()
        assert edit.text() == ""

    window.sign_out_button.click()
    assert session.state is State.SIGNED_OUT
    assert window.pages.currentWidget() is window.signin_page


def test_server_ending_the_session_locks_and_drops_the_record(qtbot: QtBot, client: Client,
                                                              directory: Directory) -> None:
    window = client.window
    sign_in(qtbot, client, directory)
    open_bolton_case(qtbot, client)
    directory.app.state.sessions.end_all()
    desk = window.desktop
    desk.search_view.family_name.clear()
    qtbot.keyClicks(desk.search_view.family_name, "doe")
    qtbot.keyClick(desk.search_view.dob, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session.state is State.LOCKED, timeout=10_000)
    assert window.session.lock_reason is LockReason.SESSION_ENDED
    assert "Moorside" not in "\n".join(widget_strings(window))


def test_curtain_hides_the_record_and_lifts_on_a_key(qtbot: QtBot, client: Client,
                                                     directory: Directory) -> None:
    window = client.window
    sign_in(qtbot, client, directory)
    open_bolton_case(qtbot, client)
    window.session.curtain()
    assert window.privacy.covered
    assert not window.desktop.isVisible()
    qtbot.keyClick(window.privacy.curtain, Qt.Key.Key_Space)
    assert not window.privacy.covered
    assert window.session.state is State.ACTIVE
    assert window.desktop.record_view.display is not None



def test_card_pulled_with_a_record_open_locks_within_a_second_and_empties_everything(
        qtbot: QtBot, client: Client, directory: Directory, token_dir: TokenDir) -> None:
    import shutil

    from tests.integration.test_signin_card_removal import folder_of

    window = client.window
    sign_in(qtbot, client, directory)
    open_bolton_case(qtbot, client)
    folder = folder_of(token_dir, NURSE.token_label)
    outside = token_dir.root / "nurse-card-pulled"
    try:
        shutil.move(folder, outside)
        qtbot.waitUntil(lambda: window.session.state is State.LOCKED, timeout=1000)
        assert window.session.lock_reason is LockReason.TOKEN_REMOVED
        everything = "\n".join(widget_strings(window))
        for secret in ("Jane", "Moorside", "Deane Road", "John Doe", "07700 900123"):
            assert secret not in everything, secret
        assert window.desktop.search_view.table.model().rowCount() == 0
        assert window.desktop.record_view.display is None
        # Re-inserted: the watcher sees the same card again (and the module is reinitialised
        # for every later user of this process's PKCS#11 module).
        with qtbot.waitSignal(client.watcher.token_inserted, timeout=5000):
            shutil.move(outside, folder)
    finally:
        if outside.exists():
            shutil.move(outside, folder)


def session_code(directory: Directory, token: str) -> str:
    """What the server says of this token now, from outside the window."""
    import httpx

    answer = httpx.get(f"{directory.url}/api/v1/auth/session",
                       headers={"Authorization": f"Bearer {token}"})
    if answer.status_code == 200:
        return "alive"
    code: str = answer.json()["error"]["code"]
    return code


def test_a_lock_suspends_the_server_session_and_the_lock_screen_signs_out_for_real(
        qtbot: QtBot, client: Client, directory: Directory) -> None:
    """Issue 14, findings 1–2: the token of a locked window answers nothing, unlocking with
    the card (no password) brings it back, and "Sign out" on the lock screen ends it."""
    window = client.window
    sign_in(qtbot, client, directory)
    assert client.api.session is not None
    token = client.api.session.session_token
    assert session_code(directory, token) == "alive"
    window._controller.lock(LockReason.USER)
    qtbot.waitUntil(lambda: session_code(directory, token) == "session_locked", timeout=5000)
    with qtbot.waitSignal(window._controller.unlocked, timeout=20_000):
        type_and_enter(qtbot, client, "tokenPin", NURSE.pin)  # the card again, no password
    assert session_code(directory, token) == "alive"
    window._controller.lock(LockReason.USER)
    qtbot.waitUntil(lambda: session_code(directory, token) == "session_locked", timeout=5000)
    back = window.signin_view.back_button
    qtbot.waitUntil(back.isVisible, timeout=10_000)
    back.click()  # "Sign out" on the lock screen
    assert window.session.state is State.SIGNED_OUT
    qtbot.waitUntil(lambda: session_code(directory, token) == "session_expired", timeout=5000)


def test_card_removal_under_the_sign_out_policy_ends_the_server_session(
        qtbot: QtBot, directory: Directory, softhsm_module: str, token_dir: TokenDir) -> None:
    import shutil

    from tests.integration.test_signin_card_removal import folder_of

    built = next(open_client(qtbot, directory.url, softhsm_module,
                             demo_username=NURSE.username, token_removal="sign-out"))
    try:
        sign_in(qtbot, built, directory)
        assert built.api.session is not None
        token = built.api.session.session_token
        folder = folder_of(token_dir, NURSE.token_label)
        outside = token_dir.root / "nurse-card-policy"
        try:
            shutil.move(folder, outside)
            qtbot.waitUntil(lambda: built.window.session.state is State.SIGNED_OUT,
                            timeout=2000)
            qtbot.waitUntil(lambda: session_code(directory, token) == "session_expired",
                            timeout=5000)
        finally:
            if outside.exists():
                shutil.move(outside, folder)
    finally:
        built.close()
        # SoftHSM sees the card back only after a re-read: do it for later tests here.
        from mock_server.tokens.devtokens import load_module

        load_module(softhsm_module, token_dir).reinitialize()


def test_the_os_screen_lock_locks_the_window_and_the_server_session(
        qtbot: QtBot, client: Client, directory: Directory) -> None:
    """The window's OS session watcher (its D-Bus side is proven against private buses in
    test_os_session.py) locks an active session; a sign-in in progress is left alone."""
    from cpdesk.ui.shell.os_session import OsSessionWatcher

    window = client.window
    watcher = window.findChild(OsSessionWatcher)
    assert watcher is not None
    watcher.os_locked.emit("screen locked")  # signed out: nothing to lock
    assert window.session.state is State.SIGNED_OUT
    sign_in(qtbot, client, directory)
    assert client.api.session is not None
    token = client.api.session.session_token
    watcher.os_locked.emit("screen locked")
    assert window.session.state is State.LOCKED
    assert window.session.lock_reason is LockReason.OS_LOCK
    qtbot.waitUntil(lambda: session_code(directory, token) == "session_locked", timeout=5000)


def test_the_application_icon_is_drawn_from_the_svg_at_every_size(qapp: object) -> None:
    from PySide6.QtCore import QSize

    from cpdesk.ui.common.assets import app_icon

    icon = app_icon()
    assert not icon.isNull()
    for size in (16, 32, 256):
        image = icon.pixmap(QSize(size, size)).toImage()
        assert image.width() == size
        # The blue square fills the middle of the top edge: something was actually drawn.
        assert image.pixelColor(size // 2, max(1, size // 16)).blue() > 150


def test_the_environment_badge_keeps_its_padding(qtbot: QtBot, styled: None,
                                                 client: Client) -> None:
    """The badge's look comes from the stylesheet once the server's environment is known: its
    padding too (it had been drawn as tight as its text, the size of its earlier rules)."""
    badge = client.window.environment_badge
    qtbot.waitUntil(lambda: badge.text() == "TEST" and badge.isVisible(), timeout=10_000)
    QApplication.processEvents()
    text = badge.fontMetrics().horizontalAdvance("TEST")
    assert badge.contentsRect().width() >= text
    assert badge.width() >= text + 16  # padding: 2px 8px
