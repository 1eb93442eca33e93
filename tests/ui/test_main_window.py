"""The main window shows the real server's environment and version."""

from __future__ import annotations

import socket

from pytestqt.qtbot import QtBot

from cpdesk import __version__
from cpdesk.app import build_window
from cpdesk.config import Settings


def test_window_shows_environment_and_version_from_real_server(qtbot: QtBot,
                                                               meta_server: str) -> None:
    window, client = build_window(Settings(server_url=meta_server))
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: window.server_panel.environment.text() == "Test", timeout=5000)
    assert window.server_panel.server_id.text() == "bolton-mock-01"
    assert window.server_panel.api_version.text() == "1"
    assert __version__ in window.status_text.text()
    assert window.environment_badge.text() == "TEST"
    assert window.windowTitle() == "cpdesk [TEST]"
    client.close()


def test_window_explains_an_unreachable_server(qtbot: QtBot) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    window, client = build_window(Settings(server_url=f"http://127.0.0.1:{port}"))
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    qtbot.waitUntil(lambda: window.message.isVisible(), timeout=10000)
    assert "cannot be reached" in window.message.text()
    assert window.retry_button.isVisible()
    client.close()
