"""Work that waits for a window's first paint (issue 18: cold start).

What the sign-in form does not need to be shown and typed into — the token thread's first card
scan (python-pkcs11 and asn1crypto imported, the PKCS#11 module loaded), the OS-lock watcher's
D-Bus connection, the server's meta request, the keyring — is started once the window has been
painted, not beside its construction: each of them holds the interpreter (the GIL) for tens of
milliseconds, which the main thread would otherwise wait for while it builds, polishes and
paints the window. A window that is never painted (started minimised, on a screen that sends
no expose) still gets its work after ``fallback_ms``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

# Long after a first paint on any screen seen (tens of milliseconds after show), short enough
# that a window that is never painted still looks for cards and the server almost at once.
FALLBACK_MS = 1000


class AfterFirstPaint(QObject):
    """Runs callbacks, in the order given, from the event-loop turn after *window*'s first
    paint event (the whole window is drawn in that event's turn), or after *fallback_ms*,
    whichever comes first; once each, one callback per turn, so that what she types and what
    is painted in between is handled between them rather than after all of them. A callback
    given once they have all run runs at once. A child of *window*: nothing runs after the
    window is deleted."""

    def __init__(self, window: QObject, fallback_ms: int = FALLBACK_MS) -> None:
        super().__init__(window)
        self._window = window
        self._fired = False
        self._waiting: list[Callable[[], None]] = []
        window.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)

    @property
    def done(self) -> bool:
        """The paint (or the fallback) came and every callback has run."""
        return self._fired and not self._waiting

    def then(self, callback: Callable[[], None]) -> None:
        if self.done:
            callback()
        else:
            self._waiting.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            # After this turn: the rest of the window is painted and flushed in it.
            QTimer.singleShot(0, self, self._fire)
        return False

    def _fire(self) -> None:
        if not self._fired:
            self._fired = True
            self._window.removeEventFilter(self)
            self._next()

    def _next(self) -> None:
        if not self._waiting:
            return
        callback = self._waiting.pop(0)
        try:
            callback()
        finally:  # the next one in a later turn, behind what this one queued (and input)
            if self._waiting:
                QTimer.singleShot(0, self, self._next)
