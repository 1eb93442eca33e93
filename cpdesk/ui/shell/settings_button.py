"""The Settings button in the status bar. The dialog's module (a dozen widget classes and their
enums, about 4 ms) is loaded when the button is first pressed, or by the warm-up after the
first paint, not with the sign-in window (issue 18: cold start)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMainWindow, QPushButton

from cpdesk.config import Settings, Source, with_values

if TYPE_CHECKING:
    from cpdesk.ui.shell.privacy_screen import IdleMonitor


def add_settings_button(window: QMainWindow, settings: Settings, idle: IdleMonitor | None = None,
                        user_file: Path | None = None) -> QPushButton:
    """A Settings button in the status bar (reachable signed out, signed in and locked);
    a saved idle lock applies to *idle* at once."""
    button = QPushButton(window.tr("Settings…"))
    button.setObjectName("settingsButton")
    button.setAccessibleName(window.tr("Settings"))

    current = [settings]

    def apply_now(values: object) -> None:
        if not isinstance(values, dict):
            return
        current[0] = with_values(current[0], **{k: v for k, v in values.items()
                                                if current[0].source(k) is not Source.POLICY
                                                or k == "idle_lock_minutes"})
        minutes = values.get("idle_lock_minutes")
        if idle is not None and isinstance(minutes, int):
            idle.set_lock_after_ms(minutes * 60_000)

    def open_dialog() -> None:
        from cpdesk.ui.shell.settings_dialog import SettingsDialog

        dialog = SettingsDialog(current[0], user_file, window)
        dialog.saved.connect(apply_now)
        dialog.open()

    button.clicked.connect(open_dialog)
    window.statusBar().addPermanentWidget(button)
    return button
