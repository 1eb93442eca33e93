"""Issue 18 (cold start): the sign-in window is built top-down. Moving a finished widget tree
under another parent makes Qt resolve the application's stylesheet again for every widget in
it. The sign-in view, its pages, its card picker and the status bar were built apart and moved
in: with the settings dialog's module left for later, 3-6 ms of the start (60 alternated cold
starts: p10 186 -> 180 ms, median 191 -> 188 ms)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.app import build
from cpdesk.config import Settings
from cpdesk.ui.shell.color_scheme import SchemeFollower


class _TreeMoves(QObject):
    """Widgets that already had child widgets when their parent changed."""

    def __init__(self) -> None:
        super().__init__()
        self.moved: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ParentChange and isinstance(watched, QWidget)
                and watched.findChildren(QWidget)):
            parent = watched.parent()
            self.moved.append(f"{watched.objectName() or type(watched).__name__} under "
                              f"{parent.objectName() or type(parent).__name__}")
        return False


def test_the_sign_in_window_moves_no_finished_tree_under_a_new_parent(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    follower = SchemeFollower(app)  # the stylesheet, as main sets it before building
    moves = _TreeMoves()
    app.installEventFilter(moves)
    try:
        client = build(Settings(server_url="http://127.0.0.1:9", profile="test"), app,
                       start_background=False)
    finally:
        app.removeEventFilter(moves)
    qtbot.addWidget(client.window)
    try:
        assert client.window.signin_view.isAncestorOf(client.window.signin_view.username)
        assert moves.moved == []
    finally:
        client.close()
        shiboken6.delete(follower)  # a child of the application: gone now, not at its end
        app.setStyleSheet("")
