"""Follow the system light/dark scheme: the stylesheet plus dark overrides when the palette
is dark, re-applied when the system scheme changes while cpdesk runs."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from cpdesk.ui.common.assets import resource, stylesheet


def is_dark(app: QGuiApplication) -> bool:
    scheme = app.styleHints().colorScheme()
    if scheme is Qt.ColorScheme.Dark:
        return True
    if scheme is Qt.ColorScheme.Light:
        return False
    window = app.palette().color(QPalette.ColorRole.Window)
    return window.lightness() < 128


def scheme_stylesheet(dark: bool) -> str:
    base = stylesheet()
    if dark:
        base += "\n" + resource("cpdesk-dark.qss").read_text(encoding="utf-8")
    return base


class SchemeFollower(QObject):
    """Applies the stylesheet now and whenever the system colour scheme changes."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        app.styleHints().colorSchemeChanged.connect(self.apply)
        self.apply()

    def apply(self, *_args: object) -> None:
        self._app.setStyleSheet(scheme_stylesheet(is_dark(self._app)))
