"""Small widget helpers every screen shares: a plain-text label, a named button, a wipe.

A label never interprets server text as HTML (``PlainText``); ``wipe`` is how a field that held
a secret or a person's details is emptied (lock, sign-out, a dialog finishing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QToolButton

_B = TypeVar("_B", QPushButton, QToolButton)

SELECTABLE = (Qt.TextInteractionFlag.TextSelectableByMouse
              | Qt.TextInteractionFlag.TextSelectableByKeyboard)


def label(text: str, name: str, *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A named plain-text label (word-wrapped unless ``wrap=False``)."""
    made = QLabel(text)
    made.setObjectName(name)
    made.setWordWrap(wrap)
    made.setTextFormat(Qt.TextFormat.PlainText)  # server text is never interpreted as HTML
    if selectable:
        made.setTextInteractionFlags(SELECTABLE)
    return made


def button(cls: type[_B], text: str, name: str, accessible: str,
           slot: Callable[[], None]) -> _B:
    made = cls()
    made.setText(text)
    made.setObjectName(name)
    made.setAccessibleName(accessible)
    made.clicked.connect(slot)
    return made


def wipe(field: QLineEdit | QPlainTextEdit) -> None:
    """Overwrite the field's text, then empty it *and its undo history* (``clear()`` is
    undoable: Ctrl+Z would bring the last person's search or a password back)."""
    if isinstance(field, QLineEdit):
        field.setText("\0" * max(len(field.text()), 16))
        field.setText("")  # setText clears the undo/redo history
    else:
        field.setPlainText("\0" * max(len(field.toPlainText()), 16))
        field.setPlainText("")  # so does setPlainText
