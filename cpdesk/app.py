"""Composition root: settings, http client, token thread, session, windows.

No global application object: everything is built here and handed in through constructors;
tests build their own graph with :func:`build`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cpdesk.config import Settings, load_settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from cpdesk.api.client import DirectoryClient
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.token_thread import TokenThread


@dataclass
class Client:
    """The built object graph (the parts a test or ``main`` needs to reach)."""

    window: MainWindow
    api: DirectoryClient
    token_thread: TokenThread

    def close(self) -> None:
        self.token_thread.stop()
        self.api.close()


def build(settings: Settings, app: QApplication) -> Client:
    from cpdesk.api.client import DirectoryClient
    from cpdesk.auth.discovery import open_module
    from cpdesk.auth.session import Session
    from cpdesk.ui.main_window import MainWindow
    from cpdesk.ui.privacy_screen import ClipboardGuard, IdleMonitor, capture_protection
    from cpdesk.ui.signin_controller import SignInController
    from cpdesk.ui.signin_view import SignInView
    from cpdesk.ui.token_thread import TokenThread
    from cpdesk.ui.token_watcher import TokenWatcher
    from cpdesk.ui.workers import DirectoryWorker

    api = DirectoryClient(settings.server_url)
    module_setting = settings.pkcs11_module
    token_thread = TokenThread(lambda: open_module(module_setting))
    session = Session()
    watcher = TokenWatcher(token_thread)
    controller = SignInController(api, token_thread, session, watcher=watcher)
    signin_view = SignInView(controller, settings.demo_username)
    worker = DirectoryWorker(api)
    clipboard = ClipboardGuard(app.clipboard())
    idle = IdleMonitor(app)
    protection = capture_protection()
    window = MainWindow(worker, session, controller, signin_view, clipboard, idle,
                        settings.server_url)
    note = protection.protect(window)
    if note:
        window.capture_note.setText(note)
        window.capture_note.show()
    for child in (worker, controller, watcher, clipboard, idle):
        child.setParent(window)
    return Client(window, api, token_thread)


def main(argv: Sequence[str] | None = None) -> int:
    settings = load_settings(sys.argv[1:] if argv is None else argv)

    from PySide6.QtWidgets import QApplication

    from cpdesk.ui.assets import stylesheet

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("cpdesk")
    app.setStyleSheet(stylesheet())
    from cpdesk.ui.stall_watchdog import install_from_env

    install_from_env(app)  # off unless CPDESK_STALL_WATCHDOG=1 (benchmarks)
    client = build(settings, app)
    client.window.show()
    client.window.refresh()
    try:
        return app.exec()
    finally:
        client.close()
