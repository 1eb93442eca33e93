"""Small widget helpers every screen shares: a plain-text label, a value label with its
caption, a named button, a wipe.

A label never interprets server text as HTML (``PlainText``); ``wipe`` is how a field that held
a secret or a person's details is emptied (lock, sign-out, a dialog finishing).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QWidget,
)

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


def restyle(widget: QWidget) -> None:
    """The stylesheet's rules again, after a dynamic property or the object name changed:
    unpolish and polish give the new look, the StyleChange event the new size (without it a
    label kept the size of its old rules: the environment badge lost its padding)."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    QApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" where the space is too short for its text, instead of
    stopping mid-word ("Royal I" for Royal Bolton Hospital). Only the painting is cut: its
    text, and so what a screen reader says, stay whole."""

    def paintEvent(self, _event: QPaintEvent) -> None:
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                              room.width())
        painter = QPainter(self)
        self.style().drawItemText(painter, room, int(self.alignment()), self.palette(),
                                  self.isEnabled(), shown, self.foregroundRole())


def value_label(caption: QLabel, text: str, name: str, *, wrap: bool = True,
                selectable: bool = True, description: str | None = None) -> QLabel:
    """The label that shows a value, tied to the label that says what it is.

    With Qt a label offers a screen reader only its accessible *name* (no Text interface), so
    a value label keeps no accessible name of its own: its name is its text, the value itself.
    Its accessible *description* is the caption, and the caption is its buddy, which Qt
    exposes as the labelled-by relation (AT-SPI ``LABELLED_BY``, UI Automation
    ``LabeledBy``). A screen reader says "07700 900123, Phone"; the value is never hidden
    behind its caption.

    *description* replaces the caption's text as the description where the caption alone
    does not say what the value is (a phone beside a person's name: "Phone of Paul Ward,
    Health visitor"). The text may be set later (``setText``): the name follows it.
    """
    made = label(text, name, wrap=wrap, selectable=selectable)
    made.setAccessibleDescription(description if description is not None
                                  else caption.text().replace("&", ""))
    caption.setBuddy(made)
    return made


def form_value(form: QFormLayout, caption: str, name: str) -> QLabel:
    """A form row of a detail panel: the caption and its (empty, filled later) value label."""
    caption_label = QLabel(caption)
    value = value_label(caption_label, "", name)
    form.addRow(caption_label, value)
    return value


def button(cls: type[_B], text: str, name: str, accessible: str,
           slot: Callable[[], None]) -> _B:
    made = cls()
    made.setText(text)
    made.setObjectName(name)
    made.setAccessibleName(accessible)
    made.clicked.connect(slot)
    return made


class _DefaultKeeper(QObject):
    def __init__(self, dialog: QDialog, default: QPushButton) -> None:
        super().__init__(dialog)  # the connection ends with the dialog
        self._dialog, self._default = dialog, default
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._moved)

    def _moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        # A push button takes the default while it has focus (Qt's auto-default); anything
        # else — a field, a tick box, a radio button — gives it back.
        if (new is not None and not (isinstance(new, QPushButton) and new.autoDefault())
                and self._dialog.isAncestorOf(new) and shiboken6.isValid(self._default)
                and self._default.isVisible()):
            self._default.setDefault(True)


def keep_default(dialog: QDialog, default: QPushButton) -> None:
    """Enter in a field of ``dialog`` presses ``default``, always. Qt gives the default to
    an auto-default button while it has focus (Enter on a focused Cancel cancels, as it
    should) but leaves it there when Tab moves on to a field, so Enter in the field then
    cancelled without a sound. The default comes back as soon as anything but a push button
    has focus: a field, or a tick box or radio button (they ignore Enter, so the default
    answers it). Only while ``default`` is shown: a dialog that hides it after sending makes
    Close the default and keeps it."""
    default.setDefault(True)
    _DefaultKeeper(dialog, default)


def return_keyboard(dialog: QDialog) -> None:
    """A closed dialog gives the keyboard back to the window it came from. Window managers
    do this themselves; without one (a kiosk session, a virtual display) the window stayed
    inactive and a screen reader user's next key went nowhere."""
    parent = dialog.parentWidget()
    if parent is not None and parent.isVisible():
        parent.window().activateWindow()


def name_clear_button(edit: QLineEdit, field: str) -> None:
    """Qt's clear button inside a line edit (``setClearButtonEnabled``) has no name of its
    own: a screen reader said "button". Call after enabling it."""
    for made in edit.findChildren(QToolButton):
        made.setAccessibleName(QApplication.translate("LineEdit", "Clear {field}").format(
            field=field))


def wipe(field: QLineEdit | QPlainTextEdit) -> None:
    """Overwrite the field's text, then empty it *and its undo history* (``clear()`` is
    undoable: Ctrl+Z would bring the last person's search or a password back)."""
    if isinstance(field, QLineEdit):
        field.setText("\0" * max(len(field.text()), 16))
        field.setText("")  # setText clears the undo/redo history
    else:
        field.setPlainText("\0" * max(len(field.toPlainText()), 16))
        field.setPlainText("")  # so does setPlainText
