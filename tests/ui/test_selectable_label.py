"""A selectable label (``widgets.label(selectable=True)``, every value on the record) is a Tab
stop whose text can be selected with the keyboard or the mouse and copied, as Qt's selectable
QLabel is; it only makes the text document behind the selection when first reached (issue 18:
the documents were half the layout and paint of a record opening)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.ui.common.widgets import SELECTABLE, label

TEXT = "07700 900141"


def _window(qtbot: QtBot) -> tuple[QWidget, QLineEdit, QWidget]:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    before = QLineEdit()
    value = label(TEXT, "rowValue", selectable=True)
    layout.addWidget(before)
    layout.addWidget(value)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    before.setFocus()
    qtbot.waitUntil(before.hasFocus, timeout=5000)
    return window, before, value


def test_plain_until_reached_but_already_a_tab_stop_with_the_text_pointer(
        qtbot: QtBot) -> None:
    _win, _before, value = _window(qtbot)
    assert not value.textInteractionFlags() & SELECTABLE
    assert value.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert value.cursor().shape() == Qt.CursorShape.IBeamCursor


def test_reached_by_tab_its_text_is_selected_with_the_keyboard(qtbot: QtBot) -> None:
    _win, before, value = _window(qtbot)
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    qtbot.waitUntil(value.hasFocus, timeout=5000)
    assert value.textInteractionFlags() == SELECTABLE
    qtbot.keyClick(value, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert value.selectedText() == TEXT


def test_its_text_is_selected_with_the_mouse_from_the_first_press(qtbot: QtBot) -> None:
    _win, _before, value = _window(qtbot)
    start = QPoint(1, value.height() // 2)
    end = QPoint(value.width() - 1, value.height() // 2)
    qtbot.mousePress(value, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(value, end)
    qtbot.mouseRelease(value, Qt.MouseButton.LeftButton, pos=end)
    assert value.textInteractionFlags() == SELECTABLE
    assert value.selectedText() == TEXT
