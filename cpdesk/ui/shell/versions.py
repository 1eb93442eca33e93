"""Qt and PySide6 versions for the self-test (QtCore only: works without a display)."""

from __future__ import annotations

import PySide6
from PySide6 import QtCore


def qt_versions() -> list[tuple[str, str]]:
    return [("PySide6", PySide6.__version__), ("Qt", QtCore.qVersion())]
