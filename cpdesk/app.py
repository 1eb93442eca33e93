"""Composition root: settings, http client, workers, windows. No global application object."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cpdesk.config import Settings, load_settings

if TYPE_CHECKING:
    from cpdesk.api.client import DirectoryClient
    from cpdesk.ui.main_window import MainWindow


def build_window(settings: Settings) -> tuple[MainWindow, DirectoryClient]:
    """Build the object graph for these settings; returns (window, client)."""
    from cpdesk.api.client import DirectoryClient
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.workers import DirectoryWorker

    client = DirectoryClient(settings.server_url)
    worker = DirectoryWorker(client)
    window = MainWindow(worker, settings.server_url, settings.demo_username)
    worker.setParent(window)
    return window, client


def main(argv: Sequence[str] | None = None) -> int:
    settings = load_settings(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    from cpdesk.ui.assets import stylesheet

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("cpdesk")
    app.setStyleSheet(stylesheet())
    window, client = build_window(settings)
    window.show()
    window.refresh()
    try:
        return app.exec()
    finally:
        client.close()
