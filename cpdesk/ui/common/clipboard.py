"""The clipboard guard: the one way child-linked text leaves through the clipboard.

``ClipboardGuard`` copies only whitelisted kinds, marks the copy to be kept out of clipboard
history, clears it after :data:`CLIPBOARD_CLEAR_MS` if it still holds our value, and
``clear_now()`` on lock and quit. It keeps only a hash of what it copied, never the value.
:func:`copied_message` is what a screen says after a copy (derived from the same interval).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QByteArray,
    QCoreApplication,
    QMimeData,
    QObject,
    QTimer,
    Signal,
)
from PySide6.QtGui import QClipboard

CLIPBOARD_CLEAR_MS = 20_000  # how long a copy stays on the clipboard

# Kinds of value a user may copy (product.md §5): phone numbers, email addresses, directory
# IDs and organisation names; plus the INA-/SCR- references the directory gives for a report
# or request (no personal data). Names match ``privacy`` copy kinds.
COPYABLE_KINDS = frozenset({"phone", "email", "directory_id", "organisation", "reference",
                            "contact_list"})  # contact_list: a convene message (issue 17)


def copied_message(clear_after_ms: int = CLIPBOARD_CLEAR_MS) -> str:
    """"Copied. The clipboard is cleared in 20 seconds." (from the interval, not by hand)."""
    return QCoreApplication.translate(
        "ClipboardGuard", "Copied. The clipboard is cleared in {s} seconds.").format(
            s=round(clear_after_ms / 1000))


_COPY_WHAT = {
    "phone": QT_TRANSLATE_NOOP("ClipboardGuard", "phone number"),
    "email": QT_TRANSLATE_NOOP("ClipboardGuard", "email address"),
    "directory_id": QT_TRANSLATE_NOOP("ClipboardGuard", "directory ID"),
    "organisation": QT_TRANSLATE_NOOP("ClipboardGuard", "organisation name"),
    "reference": QT_TRANSLATE_NOOP("ClipboardGuard", "reference"),
}


def copy_name(kind: str, owner: str | None = None) -> str:
    """The accessible name of a Copy button: what it copies, and whose ("Copy Paul Ward's
    phone number"); a screen reader user meets many Copy buttons on one record."""
    what = QCoreApplication.translate("ClipboardGuard", str(_COPY_WHAT.get(kind, kind)))
    if owner:
        return QCoreApplication.translate("ClipboardGuard", "Copy {owner}'s {what}").format(
            owner=owner, what=what)
    return QCoreApplication.translate("ClipboardGuard", "Copy {what}").format(what=what)


def cleared_message() -> str:
    return QCoreApplication.translate("ClipboardGuard", "The clipboard is cleared.")


class ClipboardGuard(QObject):
    """Copies whitelisted values only, kept out of history, cleared after a while.

    It is also the one gate for every other way text could leave through the clipboard:
    Ctrl+C in a results table, a selectable label's context menu, a line edit, or X11's
    primary selection. Anything this application puts on the clipboard (or selection)
    that did not come through :meth:`copy` is wiped at once.
    """

    cleared = Signal()  # our copy was taken off the clipboard (for the screen to say so)

    def __init__(self, clipboard: QClipboard, clear_after_ms: int = CLIPBOARD_CLEAR_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self._digest: bytes | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear_now)
        clipboard.dataChanged.connect(self._on_clipboard_changed)
        clipboard.selectionChanged.connect(self._on_selection_changed)

    def _on_clipboard_changed(self) -> None:
        if not self._clipboard.ownsClipboard():
            return  # another program's copy: not ours to judge
        mime = self._clipboard.mimeData()
        if mime is None or not mime.hasFormat(GUARDED_FORMAT):
            self._clipboard.clear(QClipboard.Mode.Clipboard)

    def _on_selection_changed(self) -> None:
        if self._clipboard.supportsSelection() and self._clipboard.ownsSelection():
            self._clipboard.clear(QClipboard.Mode.Selection)

    def copy(self, kind: str | None, text: str) -> bool:
        """Put ``text`` on the clipboard if ``kind`` may be copied; True when it was."""
        if kind not in COPYABLE_KINDS or not text:
            return False
        self._digest = _digest(text)  # first: setMimeData signals dataChanged at once
        self._clipboard.setMimeData(_secret_mime(text))
        self._timer.start()
        return True

    def holds_our_value(self) -> bool:
        return self._digest is not None and _digest(self._clipboard.text()) == self._digest

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds what we put there (for lock and quit)."""
        self._timer.stop()
        ours = self.holds_our_value()
        if ours:
            self._clipboard.clear()
        self._digest = None
        if ours:
            self.cleared.emit()


def _digest(text: str) -> bytes:
    import hashlib  # on the first copy, not at start (issue 18: cold start; ~2 ms)

    return hashlib.sha256(text.encode("utf-8")).digest()


GUARDED_FORMAT = "application/x-cpdesk-guarded"


def _secret_mime(text: str) -> QMimeData:
    mime = QMimeData()
    mime.setText(text)
    mime.setData(GUARDED_FORMAT, QByteArray(b"1"))  # came through the whitelist
    # KDE Klipper and other Linux clipboard managers skip entries with this hint.
    mime.setData("x-kde-passwordManagerHint", QByteArray(b"secret"))
    # Windows clipboard history and cloud clipboard honour these registered formats.
    no = QByteArray(b"\x00\x00\x00\x00")
    for name, value in (("ExcludeClipboardContentFromMonitorProcessing", QByteArray(b"1")),
                        ("CanIncludeInClipboardHistory", no),
                        ("CanUploadToCloudClipboard", no)):
        mime.setData(f'application/x-qt-windows-mime;value="{name}"', value)
        mime.setData(name, value)
    return mime
