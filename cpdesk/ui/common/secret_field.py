"""The one field for a password or a PIN: its secret never reaches the accessibility bus.

Qt's ``QLineEdit`` in ``Password`` echo mode shows bullets and answers a screen reader's
"what is the text?" with bullets, but its text-changed *events* (``QAccessibleTextInsertEvent``
and friends, which AT-SPI turns into ``object:text-changed:insert``) carry the plain text: a
screen reader speaks each typed PIN digit and a pasted password. So :class:`SecretField` keeps
the secret in Python (a ``bytearray`` it overwrites when emptied) and lets the ``QLineEdit``
underneath hold only :data:`MASK` characters, one per character of the secret. Everything Qt
knows — display, undo history, accessible text, events — is bullets.

Python callers use it as a ``QLineEdit``: ``text()`` and ``setText()`` are the secret (as
``wipe`` and the sign-in code expect). Typing, Backspace/Delete, paste (Ctrl+V, Shift+Insert)
and an input method's commit are turned into edits of the secret; copy, cut, undo and redo
do nothing; drag and drop and the context menu are off. An assistive technology that sets the
text (AT-SPI ``EditableText.SetTextContents``, ``InsertText``) goes through Qt's validator
check first: the validator takes the text as the new secret and refuses it, so the plain text
is never set on the widget (and so never sent in an event).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import QLineEdit, QWidget

MASK = "\u25cf"  # BLACK CIRCLE: what Qt holds for each character of the secret
_WIDTH = 4  # bytes per character in the buffer (UTF-32)
_CODEC = "utf-32-le"
_BLOCKED = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut,
            QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)


class _AssistiveInput(QValidator):
    """Sees any text an assistive technology tries to set; keeps it as the secret, refuses it."""

    def __init__(self, field: SecretField) -> None:
        super().__init__(field)
        self._field = field

    def validate(self, text: str, pos: int) -> object:
        if all(ch == MASK for ch in text):
            return QValidator.State.Acceptable, text, pos
        self._field._from_assistive(text)
        return QValidator.State.Invalid, MASK * len(self._field), pos


class SecretField(QLineEdit):
    """A password or PIN field whose characters stay in Python; Qt holds only bullets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._secret = bytearray()
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAcceptDrops(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setValidator(_AssistiveInput(self))

    def __len__(self) -> int:
        return len(self._secret) // _WIDTH

    # -- the secret, for Python callers ---------------------------------------------------

    def text(self) -> str:
        """The secret itself (Qt's own ``text()`` would be bullets)."""
        return bytes(self._secret).decode(_CODEC)

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._forget()
        self._secret.extend(text.encode(_CODEC))
        super().setText(MASK * len(text))

    def clear(self) -> None:
        self.setText("")

    def secret_bytes(self) -> bytearray:
        """The secret as UTF-8 in a fresh ``bytearray`` (the caller zeroes it)."""
        return bytearray(self.text().encode("utf-8"))

    def _forget(self) -> None:
        self._secret[:] = b"\0" * len(self._secret)
        del self._secret[:]

    # -- edits ----------------------------------------------------------------------------

    def _span(self) -> tuple[int, int]:
        if self.hasSelectedText():
            start = self.selectionStart()
            return start, start + len(self.selectedText())
        return self.cursorPosition(), self.cursorPosition()

    def _replace(self, start: int, end: int, text: str) -> None:
        """Replace characters ``start:end`` of the secret with ``text``; Qt gets bullets."""
        if self.isReadOnly():
            return
        max_chars = self.maxLength() - (len(self) - (end - start))
        text = text[:max(max_chars, 0)]
        self._secret[start * _WIDTH:end * _WIDTH] = text.encode(_CODEC)
        QLineEdit.setSelection(self, start, end - start)
        QLineEdit.insert(self, MASK * len(text))  # an event with bullets only

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste):
            clipboard = QGuiApplication.clipboard()
            pasted = clipboard.text().replace("\r", "").replace("\n", "")
            self._replace(*self._span(), pasted)
            event.accept()
            return
        if any(event.matches(key) for key in _BLOCKED):
            event.accept()
            return
        start, end = self._span()
        key = event.key()
        if key == Qt.Key.Key_Backspace:
            if start == end and start > 0:
                start -= 1
            if start != end:
                self._replace(start, end, "")
            event.accept()
            return
        if key == Qt.Key.Key_Delete:
            if start == end and end < len(self):
                end += 1
            if start != end:
                self._replace(start, end, "")
            event.accept()
            return
        typed = event.text()
        mods = event.modifiers()
        shortcut = (bool(mods & Qt.KeyboardModifier.MetaModifier)
                    or (bool(mods & Qt.KeyboardModifier.ControlModifier)
                        and not mods & Qt.KeyboardModifier.AltModifier))  # not AltGr
        if typed and typed.isprintable() and not shortcut:
            self._replace(start, end, typed)
            event.accept()
            return
        super().keyPressEvent(event)  # moving, selecting, Enter, Tab, Escape

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        committed = event.commitString()
        if committed:
            self._replace(*self._span(), committed)
        event.accept()

    def _from_assistive(self, text: str) -> None:
        """Text an assistive technology set: bullets it kept stand for the old characters."""
        old = self.text()
        lead = len(text) - len(text.lstrip(MASK))
        tail = len(text) - len(text.rstrip(MASK))
        middle = text[lead:len(text) - tail]
        secret = old[:lead] + middle + (old[len(old) - tail:] if tail else "")
        self._forget()
        self._secret.extend(secret.encode(_CODEC))
        QLineEdit.setText(self, MASK * len(secret))  # bullets only; the plain text never is
