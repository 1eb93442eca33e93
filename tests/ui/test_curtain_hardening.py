"""The curtain, hardened (issue 14, finding 3): a mouse moved over it is not activity, so the
idle lock still falls on time; only a deliberate key press or click lifts it; nothing under it
is in the accessibility tree, not even as an invisible node; minimising locks unless policy
says only to curtain."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QKeyEvent,
    QWheelEvent,
    QWindow,
)
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.ui.shell.privacy_screen import IdleMonitor, PrivacyScreen, curtain_is_up
from tests.ui.curtain_support import curtained_window

SECRET = "ZZSENTINEL-curtain-hardening"
TYPED = "ZZTYPED-curtain-hardening"


def _screen(qtbot: QtBot) -> tuple[QWidget, PrivacyScreen, QLabel, QLineEdit]:
    return curtained_window(qtbot, SECRET, TYPED)


def _handle(widget: QWidget) -> QWindow:
    handle = widget.window().windowHandle()
    assert handle is not None
    return handle


def _monitor(curtain_after_ms: int = 60_000, lock_after_ms: int = 300_000) -> IdleMonitor:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return IdleMonitor(app, curtain_after_ms=curtain_after_ms, lock_after_ms=lock_after_ms)


def _every_accessible_node(root: QObject) -> Iterator[QAccessibleInterface]:
    """Every node under ``root``'s accessible interface, invisible ones included."""
    iface = QAccessible.queryAccessibleInterface(root)
    stack = [iface] if iface is not None else []
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for i in range(node.childCount())
                     if (child := node.child(i)) is not None)


def _accessible_texts(root: QObject) -> list[str]:
    return [node.text(kind) for node in _every_accessible_node(root)
            for kind in (QAccessible.Text.Name, QAccessible.Text.Value,
                         QAccessible.Text.Description)]


def _accessible_objects(root: QObject) -> list[QObject]:
    return [node.object() for node in _every_accessible_node(root)]


# -- (a) mouse movement is not activity while the curtain is up ------------------------------


def test_mouse_movement_over_the_curtain_does_not_restart_the_idle_timers(
        qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    monitor = _monitor()
    monitor.start()
    handle = _handle(window)
    try:
        screen.cover()
        assert curtain_is_up()
        monitor.curtain_timer.stop()
        monitor.lock_timer.stop()
        for x in range(20, 200, 15):
            QTest.mouseMove(handle, QPoint(x, 60))
        wheel_target = screen.curtain.mapTo(window, screen.curtain.rect().center())
        QApplication.sendEvent(handle, _wheel(wheel_target))
        assert not monitor.lock_timer.isActive()
        assert not monitor.curtain_timer.isActive()
        # A deliberate key press is activity, curtain or not.
        QTest.keyClick(handle, Qt.Key.Key_Shift)
        assert monitor.lock_timer.isActive()

        # With the curtain down, movement is activity again.
        screen.uncover()
        assert not curtain_is_up()
        monitor.lock_timer.stop()
        QTest.mouseMove(handle, QPoint(30, 40))
        QTest.mouseMove(handle, QPoint(60, 80))
        assert monitor.lock_timer.isActive()
    finally:
        monitor.stop()


def _wheel(at: QPoint) -> QWheelEvent:
    return QWheelEvent(QPointF(at), QPointF(at), QPoint(0, 0), QPoint(0, -120),
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                       Qt.ScrollPhase.NoScrollPhase, False)


def test_the_idle_lock_falls_on_time_while_the_mouse_moves_over_the_curtain(
        qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    monitor = _monitor(curtain_after_ms=50, lock_after_ms=400)
    monitor.curtain_due.connect(screen.cover)
    handle = _handle(window)
    positions = iter(range(10, 10_000, 7))

    def jiggle() -> None:  # what a mouse nudged on a desk does, every 20 ms
        x = next(positions) % 300 + 10
        QTest.mouseMove(handle, QPoint(x, 100))

    mover = QTimer()
    mover.setInterval(20)
    mover.timeout.connect(jiggle)
    try:
        with qtbot.waitSignal(monitor.lock_requested, timeout=3000):
            monitor.start()
            qtbot.waitUntil(lambda: screen.covered, timeout=2000)
            mover.start()
        assert screen.covered
    finally:
        mover.stop()
        monitor.stop()


# -- (b) only a deliberate key press or click lifts it ---------------------------------------


def test_only_a_deliberate_click_lifts_the_curtain(qtbot: QtBot) -> None:
    window, screen, label, _ = _screen(qtbot)
    screen.cover()
    centre = screen.curtain.rect().center()
    QTest.mouseMove(_handle(window), screen.curtain.mapTo(window, centre))
    assert screen.covered  # movement never lifts it
    QTest.mouseRelease(screen.curtain, Qt.MouseButton.LeftButton, pos=centre)
    assert screen.covered  # a release of a press made before the curtain fell
    QTest.mousePress(screen.curtain, Qt.MouseButton.LeftButton, pos=centre)
    assert screen.covered  # pressed, not yet clicked
    QTest.mouseRelease(screen.curtain, Qt.MouseButton.LeftButton, pos=centre)
    assert not screen.covered
    assert label.isVisible()

    # A press dragged off the curtain before the release is not a click.
    screen.cover()
    QTest.mousePress(screen.curtain, Qt.MouseButton.LeftButton, pos=centre)
    QTest.mouseRelease(screen.curtain, Qt.MouseButton.LeftButton,
                       pos=QPoint(-5, -5))
    assert screen.covered


def test_a_held_keys_auto_repeat_does_not_lift_the_curtain_a_key_press_does(
        qtbot: QtBot) -> None:
    _, screen, _, _ = _screen(qtbot)
    screen.cover()
    repeat = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier,
                       "a", True)
    QApplication.sendEvent(screen.curtain, repeat)
    assert screen.covered
    qtbot.keyClick(screen.curtain, Qt.Key.Key_A)
    assert not screen.covered


# -- (c) nothing under the curtain is in the accessibility tree -----------------------------


def test_nothing_under_the_curtain_is_in_the_accessibility_tree(qtbot: QtBot) -> None:
    window, screen, label, edit = _screen(qtbot)
    # Values no other test's (closed, maybe not yet deleted) window holds: the application's
    # tree lists hidden top-level windows too.
    secret, typed = f"{SECRET}-{uuid.uuid4()}", f"{TYPED}-{uuid.uuid4()}"
    label.setText(secret)
    label.setAccessibleName(secret)
    edit.setText(typed)
    app = QApplication.instance()
    assert app is not None
    assert secret in _accessible_texts(window)
    assert typed in _accessible_texts(window)

    screen.cover()
    for root in (window, app):  # the window's tree, and the application's (every window)
        texts = _accessible_texts(root)
        assert not any(secret in text or typed in text for text in texts), root
        objects = _accessible_objects(root)
        assert screen.content not in objects and label not in objects and edit not in objects
    assert "Screen hidden for privacy" in _accessible_texts(window)
    # Still reachable for the code that owns it, and still holding its state.
    assert window.findChild(QLineEdit, "typedEdit") is edit
    assert edit.text() == typed

    screen.uncover()
    assert secret in _accessible_texts(window)
    assert label.isVisible() and screen.content.parentWidget() is screen


def test_lifting_gives_the_focus_back_to_where_it_was(qtbot: QtBot) -> None:
    window, screen, _, edit = _screen(qtbot)
    with qtbot.waitActive(window):
        window.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    screen.cover()
    assert screen.curtain.hasFocus()
    qtbot.keyClick(screen.curtain, Qt.Key.Key_Space)
    assert not screen.covered
    assert edit.hasFocus()
    assert edit.text() == TYPED


def test_a_deleted_window_leaves_no_curtain_up(qtbot: QtBot) -> None:
    window = QWidget()  # not handed to qtbot: deleted here
    screen = PrivacyScreen(QLabel(SECRET))
    QVBoxLayout(window).addWidget(screen)
    window.show()
    qtbot.waitExposed(window)
    screen.cover()
    assert curtain_is_up()
    window.deleteLater()
    qtbot.waitUntil(lambda: not curtain_is_up(), timeout=2000)


# -- minimising locks (finding 4) ----------------------------------------------------------


def test_minimising_covers_and_asks_for_the_lock_by_default(qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    assert screen.lock_on_minimise
    with qtbot.waitSignal(screen.lock_requested, timeout=3000):
        window.showMinimized()
    assert screen.covered


def test_minimising_only_covers_when_policy_turns_the_lock_off(qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    screen.lock_on_minimise = False
    with qtbot.assertNotEmitted(screen.lock_requested, wait=300):
        window.showMinimized()
        qtbot.waitUntil(lambda: screen.covered, timeout=3000)


def test_minimising_with_no_session_open_asks_for_no_lock(qtbot: QtBot) -> None:
    window, screen, _, _ = _screen(qtbot)
    screen.lift_allowed = False  # signed out or already locked: nothing to lock
    with qtbot.assertNotEmitted(screen.lock_requested, wait=300):
        window.showMinimized()
        qtbot.waitUntil(lambda: screen.covered, timeout=3000)
