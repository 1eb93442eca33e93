"""The privacy screen: curtain, idle monitor, Ctrl+L, clipboard guard, capture note."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.shell.privacy_screen import (
    UNAVAILABLE_NOTE,
    IdleMonitor,
    MacCaptureProtection,
    NoCaptureProtection,
    PrivacyScreen,
    WindowsCaptureProtection,
    capture_protection,
)
from tests.ui.curtain_support import curtained_window

SECRET = "ZZSENTINEL-privacy-screen"


def _screen(qtbot: QtBot) -> tuple[QWidget, PrivacyScreen, QLabel, QLineEdit]:
    return curtained_window(qtbot, SECRET)


def _visible_accessible_text(widget: QWidget) -> list[str]:
    """Names and values the accessibility tree exposes for visible objects under ``widget``."""
    found: list[str] = []
    stack = [QAccessible.queryAccessibleInterface(widget)]
    while stack:
        iface = stack.pop()
        if iface is None or iface.state().invisible:
            continue
        found.append(iface.text(QAccessible.Text.Name))
        found.append(iface.text(QAccessible.Text.Value))
        stack.extend(iface.child(i) for i in range(iface.childCount()))
    return found


def test_cover_hides_content_from_view_and_accessibility(qtbot: QtBot) -> None:
    _, screen, label, _ = _screen(qtbot)
    assert label.isVisible()
    assert any(SECRET in t for t in _visible_accessible_text(screen))
    with qtbot.waitSignal(screen.covered_changed) as blocker:
        screen.cover()
    assert blocker.args == [True]
    assert screen.covered
    assert screen.curtain.objectName() == "privacyCurtain"
    assert screen.curtain.isVisible()
    assert not screen.content.isVisible()
    assert not label.isVisible()
    assert not any(SECRET in t for t in _visible_accessible_text(screen))
    assert SECRET not in screen.grab().toImage().text()


def test_a_key_or_click_lifts_the_curtain_only_while_unlocked(qtbot: QtBot) -> None:
    _, screen, label, _ = _screen(qtbot)
    screen.cover()
    qtbot.keyClick(screen.curtain, Qt.Key.Key_Space)
    assert not screen.covered
    assert label.isVisible()

    screen.cover()
    qtbot.mouseClick(screen.curtain, Qt.MouseButton.LeftButton)
    assert not screen.covered

    screen.lift_allowed = False
    screen.cover()
    qtbot.keyClick(screen.curtain, Qt.Key.Key_Space)
    qtbot.mouseClick(screen.curtain, Qt.MouseButton.LeftButton)
    assert screen.covered
    assert not label.isVisible()


def test_losing_focus_covers(qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowDeactivate))
    qtbot.waitUntil(lambda: screen.covered, timeout=2000)


def test_minimising_covers(qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    window.showMinimized()
    qtbot.waitUntil(lambda: screen.covered, timeout=3000)


def test_ctrl_l_requests_the_lock(qtbot: QtBot) -> None:
    window, screen, _, edit = _screen(qtbot)
    with qtbot.waitActive(window):
        window.activateWindow()
    edit.setFocus()
    with qtbot.waitSignal(screen.lock_requested, timeout=2000):
        qtbot.keyClick(edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    screen.cover()
    with qtbot.waitSignal(screen.lock_requested, timeout=2000):
        qtbot.keyClick(screen.curtain, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)


def test_idle_curtain_then_lock(qtbot: QtBot) -> None:
    _, screen, _, _ = _screen(qtbot)
    monitor = IdleMonitor(QApplication.instance(), curtain_after_ms=30, lock_after_ms=90)
    monitor.curtain_due.connect(screen.cover)
    with qtbot.waitSignal(monitor.lock_requested, timeout=3000):
        monitor.start()
    assert screen.covered
    monitor.stop()


def test_any_input_restarts_the_idle_timers(qtbot: QtBot) -> None:
    _, _, _, edit = _screen(qtbot)
    monitor = IdleMonitor(QApplication.instance(), curtain_after_ms=60_000,
                          lock_after_ms=300_000)
    monitor.start()
    monitor.curtain_timer.stop()
    monitor.lock_timer.stop()
    # Real input arrives at the top-level window first: send it there, as the OS does.
    window = edit.window().windowHandle()
    assert window is not None
    QTest.keyClick(window, Qt.Key.Key_A)
    assert monitor.curtain_timer.isActive()
    assert monitor.lock_timer.isActive()
    monitor.curtain_timer.stop()
    monitor.lock_timer.stop()
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     edit.mapTo(edit.window(), edit.rect().center()))
    assert monitor.curtain_timer.isActive()
    monitor.stop()
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert not monitor.curtain_timer.isActive()
    assert monitor.lock_timer.interval() == 300_000


def test_clipboard_copies_only_whitelisted_kinds_marked_secret(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    guard = ClipboardGuard(clipboard, clear_after_ms=60_000)
    assert not guard.copy("name", SECRET)
    assert not guard.copy(None, SECRET)
    assert clipboard.text() == "before"
    assert guard.copy("phone", "07700 900123")
    assert clipboard.text() == "07700 900123"
    mime = clipboard.mimeData()
    assert bytes(mime.data("x-kde-passwordManagerHint").data()) == b"secret"
    assert mime.hasFormat(
        'application/x-qt-windows-mime;value="ExcludeClipboardContentFromMonitorProcessing"')
    guard.clear_now()
    assert clipboard.text() == ""


def test_clipboard_clears_after_the_interval_if_still_ours(qtbot: QtBot) -> None:
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(clipboard, clear_after_ms=30)
    assert guard.copy("email", "john.doe@example.org")
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=3000)

    assert guard.copy("directory_id", "9997773454")
    # Another program copies something (in-process, so the guard must not see it as ours).
    clipboard.blockSignals(True)
    clipboard.setText("the user's own text")
    clipboard.blockSignals(False)
    guard.clear_now()
    assert clipboard.text() == "the user's own text"


def test_capture_protection_is_a_visible_no_op_on_linux(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    assert capture_protection("linux").protect(window) == UNAVAILABLE_NOTE
    assert UNAVAILABLE_NOTE == "Screen capture protection is not available on this system"
    assert isinstance(capture_protection("linux"), NoCaptureProtection)
    assert isinstance(capture_protection("win32"), WindowsCaptureProtection)
    assert isinstance(capture_protection("darwin"), MacCaptureProtection)


def test_lock_can_close_every_open_dialog(qtbot: QtBot) -> None:
    from cpdesk.ui.directory.reason_dialog import ReasonDialog
    from cpdesk.ui.shell.privacy_screen import close_open_dialogs

    window, _, _, _ = _screen(qtbot)
    dialog = ReasonDialog(window)
    dialog.open()
    rejected: list[int] = []
    dialog.rejected.connect(lambda: rejected.append(1))
    assert dialog.isVisible()
    assert close_open_dialogs() == 1
    assert not dialog.isVisible() and rejected == [1]
    assert close_open_dialogs() == 0

