"""The secret field (issue 19): Qt holds bullets only; Python callers get the secret; the
accessible interface, the text-changed signal and an assistive tool's write never see it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cpdesk.ui.common.secret_field import MASK, SecretField
from cpdesk.ui.common.widgets import wipe

SECRET = "Nurse-demo-2026"


def _field(qtbot: QtBot) -> tuple[SecretField, list[str]]:
    field = SecretField()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    seen: list[str] = []
    field.textChanged.connect(seen.append)  # what Qt itself holds, change by change
    return field, seen


def test_typing_keeps_the_secret_in_python_and_bullets_in_qt(qtbot: QtBot) -> None:
    field, seen = _field(qtbot)
    qtbot.keyClicks(field, "24681")
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClicks(field, "0")
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, "2")
    assert field.text() == "24680"
    assert QLineEdit.text(field) == MASK * 5
    assert seen and all(set(text) <= {MASK} for text in seen)
    iface = QAccessible.queryAccessibleInterface(field)
    assert iface is not None
    assert set(iface.text(QAccessible.Text.Value)) <= {MASK, "•", "*"}
    assert field.secret_bytes() == bytearray(b"24680")


def test_paste_and_an_assistive_write_never_set_the_plain_text(qtbot: QtBot) -> None:
    field, seen = _field(qtbot)
    QGuiApplication.clipboard().setText(SECRET)
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == SECRET
    assert QLineEdit.text(field) == MASK * len(SECRET)
    QGuiApplication.clipboard().clear()
    iface = QAccessible.queryAccessibleInterface(field)
    assert iface is not None
    editable = iface.editableTextInterface()
    assert editable is not None
    editable.insertText(len(SECRET), "!")
    assert field.text() == SECRET + "!"
    assert QLineEdit.text(field) == MASK * (len(SECRET) + 1)
    assert all(set(text) <= {MASK} for text in seen)
    # Copy, cut and undo do nothing: no way back to the secret through Qt.
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == SECRET + "!"


def test_wipe_empties_the_secret(qtbot: QtBot) -> None:
    field, _ = _field(qtbot)
    field.setText(SECRET)
    assert QLineEdit.text(field) == MASK * len(SECRET)
    wipe(field)
    assert field.text() == "" and QLineEdit.text(field) == "" and len(field) == 0
