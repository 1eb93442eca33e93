"""Fixtures the window tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from cpdesk.ui.common.assets import stylesheet


@pytest.fixture
def styled() -> Iterator[None]:
    """The client's stylesheet for the test, as ``main`` sets it: its type, padding and margins
    are what must fit (without it Qt's default look is narrower)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet())
    try:
        yield
    finally:
        app.setStyleSheet("")
