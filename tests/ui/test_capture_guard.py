"""Screen-capture exclusion on every top-level window (issue 14, finding 4).

The platform calls (``SetWindowDisplayAffinity``, ``NSWindow.sharingType``) cannot run here,
so a fake protection records which windows it is asked to protect, with which native handle,
and whether the window was already on screen: the decision logic is what is tested."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cpdesk.ui.shell.privacy_screen import (
    UNAVAILABLE_NOTE,
    CaptureGuard,
    NoCaptureProtection,
    protect_every_window,
)

NOTE = "fake: protected"


@dataclass
class Call:
    widget: QWidget
    handle: int
    exposed: bool


@dataclass
class FakeProtection:
    calls: list[Call] = field(default_factory=list)

    def protect(self, window: QWidget) -> str | None:
        handle = window.windowHandle()
        self.calls.append(Call(window, int(window.winId()),
                               handle is not None and handle.isExposed()))
        return NOTE

    def widgets(self) -> list[QWidget]:
        return [call.widget for call in self.calls]

    def first(self, widget: QWidget) -> Call:
        return next(call for call in self.calls if call.widget is widget)


@pytest.fixture
def app() -> QApplication:
    instance = QApplication.instance()
    assert isinstance(instance, QApplication)
    return instance


@pytest.fixture
def guarded(qtbot: QtBot, app: QApplication) -> Iterator[tuple[QWidget, QLineEdit, QComboBox,
                                                               FakeProtection]]:
    window = QWidget()
    qtbot.addWidget(window)
    box = QVBoxLayout(window)
    nested = QLineEdit()
    combo = QComboBox()
    combo.addItems(["one", "two"])
    box.addWidget(nested)
    box.addWidget(combo)
    fake = FakeProtection()
    guard = CaptureGuard(fake, app, parent=window)
    assert guard.protect(window) == NOTE  # the main window's note, for the status bar
    window.show()
    qtbot.waitExposed(window)
    yield window, nested, combo, fake
    guard.stop()


def test_the_main_window_is_protected_and_again_on_show(
        guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    window, nested, combo, fake = guarded
    assert fake.widgets()[0] is window
    assert fake.widgets().count(window) >= 2  # at protect() and when shown
    assert nested not in fake.widgets() and combo not in fake.widgets()  # not windows


def test_a_modal_dialog_is_protected_before_it_is_on_screen(
        qtbot: QtBot, guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    _, nested, _, fake = guarded
    # Parented to a widget deep inside the window: found because it blocks the window.
    dialog = QDialog(nested)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog in fake.widgets()
    assert not fake.first(dialog).exposed
    dialog.reject()


def test_a_dialog_of_the_window_is_protected_when_first_shown(
        qtbot: QtBot, guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    window, _, _, fake = guarded
    dialog = QDialog(window)  # not modal: found as the window's child, at its polish
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog in fake.widgets()
    assert not fake.first(dialog).exposed
    dialog.hide()
    before = fake.widgets().count(dialog)
    dialog.show()
    assert fake.widgets().count(dialog) == before + 1  # shown again: protected again
    dialog.close()


def test_a_message_box_is_protected(
        qtbot: QtBot, guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    _, nested, _, fake = guarded
    seen: list[QWidget] = []

    def close_it() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, close_it)
            return
        seen.append(box)
        box.close()

    QTimer.singleShot(0, close_it)
    QMessageBox.warning(nested, "cpdesk", "a warning")
    assert seen and isinstance(seen[0], QMessageBox)
    assert seen[0] in fake.widgets()
    assert not fake.first(seen[0]).exposed


def test_a_pop_up_and_a_parentless_window_are_protected(
        qtbot: QtBot, guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    window, _, combo, fake = guarded
    with qtbot.waitActive(window):
        window.activateWindow()
    combo.showPopup()
    popup = combo.view().window()  # the drop-down list's own top-level window
    assert popup is not window and popup.isVisible()
    qtbot.waitUntil(lambda: popup in fake.widgets(), timeout=3000)
    combo.hidePopup()

    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    with qtbot.waitActive(other):
        other.activateWindow()
    assert other in fake.widgets()


def test_a_new_native_handle_is_protected_again(
        qtbot: QtBot, guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    window, _, _, fake = guarded
    dialog = QDialog(window)
    dialog.show()
    qtbot.waitExposed(dialog)
    first = fake.first(dialog).handle
    # Qt replaces the native window (as it does for some flag changes or a new screen).
    dialog.destroy()
    count = fake.widgets().count(dialog)
    dialog.create()
    assert fake.widgets().count(dialog) == count + 1
    assert fake.calls[-1].widget is dialog and fake.calls[-1].handle != first
    assert dialog.internalWinId() == fake.calls[-1].handle

    before = fake.widgets().count(window)
    window.destroy()  # the main window too
    window.create()
    assert fake.widgets().count(window) == before + 1
    dialog.close()


def test_a_destroyed_handle_is_not_re_created_to_be_protected(
        qtbot: QtBot, guarded: tuple[QWidget, QLineEdit, QComboBox, FakeProtection]) -> None:
    window, _, _, fake = guarded
    before = len(fake.calls)
    window.destroy()  # WinIdChange to no handle: nothing to protect, and no winId() call
    assert len(fake.calls) == before
    assert not window.internalWinId()


def test_no_guard_where_the_platform_has_no_protection(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    assert protect_every_window(NoCaptureProtection(), window) == UNAVAILABLE_NOTE
    assert not window.findChildren(CaptureGuard)


def test_protect_every_window_keeps_a_guard_for_the_windows_life(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    fake = FakeProtection()
    assert protect_every_window(fake, window) == NOTE
    assert len(window.findChildren(CaptureGuard)) == 1
    window.show()
    qtbot.waitExposed(window)
    dialog = QDialog(window)
    dialog.open()
    qtbot.waitExposed(dialog)
    assert dialog in fake.widgets()
    dialog.reject()
