"""Token presence: polled on the token thread at least every 500 ms.

:class:`PresencePoller` lives on the token thread (created there by the token worker) and
asks the module whether the watched serial is present. A removed token (with SoftHSM: its
folder moved out of ``tokendir``, so ``slot.get_token()`` errors) gives ``token_removed`` on
the next poll; while it is absent the module is refreshed each poll, so a re-inserted token
with the same serial gives ``token_inserted``.

:class:`TokenWatcher` is the GUI-side face: ``watch(serial)`` after sign-in, ``stop()`` on
sign-out; the signals arrive queued on the GUI thread. Locking on removal (or signing out,
by policy) is the receiver's decision.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from cpdesk.ui.token_thread import TokenThread

POLL_INTERVAL_MS = 250  # ≤ 500 ms, so a removal is noticed well within 1 s


class PresencePoller(QObject):
    """Threading: token thread only (its timer and callbacks run there)."""

    token_removed = Signal(str)
    token_inserted = Signal(str)

    def __init__(self, is_present: Callable[[str], bool], refresh: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_present = is_present
        self._refresh = refresh
        self._serial: str | None = None
        self._present = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)

    @property
    def watching(self) -> str | None:
        return self._serial

    def watch(self, serial: str, interval_ms: int = POLL_INTERVAL_MS) -> None:
        self._serial, self._present = serial, True
        self._timer.start(min(interval_ms, 500))

    def stop(self) -> None:
        self._serial = None
        self._timer.stop()

    def poll(self) -> None:
        serial = self._serial
        if serial is None:
            return
        present = self._is_present(serial)
        if not present and not self._present:
            # SoftHSM only sees a re-inserted token after re-initialising the module; no
            # session is open between operations on the token thread, so this is safe.
            try:
                self._refresh()
            except Exception:  # a failed refresh just means "still absent"
                return
            present = self._is_present(serial)
        if present == self._present:
            return
        self._present = present
        (self.token_inserted if present else self.token_removed).emit(serial)


class TokenWatcher(QObject):
    """Watches the signed-in token from the GUI thread's side."""

    token_removed = Signal(str)
    token_inserted = Signal(str)

    def __init__(self, token_thread: TokenThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token_thread = token_thread
        self._serial: str | None = None
        token_thread.token_removed.connect(self._on_removed)
        token_thread.token_inserted.connect(self._on_inserted)

    @property
    def serial(self) -> str | None:
        return self._serial

    def watch(self, serial: str, interval_ms: int = POLL_INTERVAL_MS) -> None:
        self._serial = serial
        self._token_thread.watch(serial, interval_ms)

    def stop(self) -> None:
        self._serial = None
        self._token_thread.unwatch()

    def _on_removed(self, serial: str) -> None:
        if serial == self._serial:
            self.token_removed.emit(serial)

    def _on_inserted(self, serial: str) -> None:
        if serial == self._serial:
            self.token_inserted.emit(serial)
