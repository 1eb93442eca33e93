"""The Qt side of the last-resort handlers: Qt's message handler, and lock + plain message.

Threading: :meth:`CrashBridge.crashed` may be called from any thread (it is a crash
callback); the signal is queued so the lock and the message box run on the GUI thread.
Privacy: Qt's own messages go to the log as a category and level only — their text can quote
widget contents.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QMessageBox, QWidget

from cpdesk.logging_setup import Safe

_log = logging.getLogger("cpdesk.qt")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, _message: str) -> None:
    category = context.category or "default"
    _log.log(_LEVELS.get(kind, logging.WARNING), "Qt message in category %s (text withheld)",
             Safe(category))


def install_qt_message_handler() -> None:
    qInstallMessageHandler(qt_message_handler)


class CrashBridge(QObject):
    _crash = Signal()

    def __init__(self, lock: Callable[[], None], parent_window: QWidget | None,
                 show_message: bool = True) -> None:
        super().__init__(parent_window)
        self._lock = lock
        self._window = parent_window
        self._show_message = show_message
        self._showing = False
        self._crash.connect(self._on_crash, Qt.ConnectionType.QueuedConnection)

    def crashed(self) -> None:
        self._crash.emit()

    def _on_crash(self) -> None:
        try:
            self._lock()
        finally:
            if self._show_message and not self._showing:
                self._showing = True
                try:
                    QMessageBox.critical(self._window, self.tr("cpdesk"), self.tr(
                        "Something went wrong inside cpdesk. The screen has been locked to "
                        "keep records safe. If it happens again, tell your IT service desk "
                        "the time."))
                finally:
                    self._showing = False
