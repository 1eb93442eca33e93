"""A small window under a privacy curtain: a label holding a secret and a field, for the
curtain tests (tests/ui/test_privacy_screen.py, tests/ui/test_curtain_hardening.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.ui.shell.privacy_screen import PrivacyScreen


def curtained_window(qtbot: QtBot, secret: str, typed: str = ""
                     ) -> tuple[QWidget, PrivacyScreen, QLabel, QLineEdit]:
    """Shown and exposed: (window, its privacy screen, the secret label, the field)."""
    window = QWidget()
    qtbot.addWidget(window)
    content = QWidget()
    box = QVBoxLayout(content)
    label = QLabel(secret)
    label.setObjectName("secretLabel")
    label.setAccessibleName(secret)
    edit = QLineEdit(typed)
    edit.setObjectName("typedEdit")
    box.addWidget(label)
    box.addWidget(edit)
    screen = PrivacyScreen(content)
    QVBoxLayout(window).addWidget(screen)
    screen.watch_window(window)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, screen, label, edit
