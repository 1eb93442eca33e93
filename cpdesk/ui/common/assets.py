"""The one locator for files under ``resources/`` (stylesheets, icons) and ``translations/``.

Installed from the wheel, both folders are inside the package (``cpdesk/resources``,
``cpdesk/translations``: pyproject maps them in). In a source checkout — and in the
PyInstaller bundle, which collects them beside the package — they are the repository's
top-level folders. A missing file is an error that names it.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

# The package folder as the import system found it (not counted up from this file, so the
# locator survives being moved): site-packages/cpdesk, the checkout's cpdesk/, or the
# bundle's _internal/cpdesk.
_PACKAGE = Path(str(importlib.resources.files("cpdesk")))
_BESIDE = _PACKAGE.parent  # the checkout, or the bundle's _internal/


def _folder(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _BESIDE / name


RESOURCES = _folder("resources")
TRANSLATIONS = _folder("translations")
STYLESHEETS = ("cpdesk.qss", "cpdesk-dark.qss")
ICON = "cpdesk.svg"  # the application and window icon (the bundle's .ico is drawn from it)
CATALOGUE = "cpdesk_en_GB.qm"


def resource(name: str) -> Path:
    path = RESOURCES / name
    if not path.exists():
        raise FileNotFoundError(f"missing resource: {path}")
    return path


def stylesheet() -> str:
    return resource("cpdesk.qss").read_text(encoding="utf-8")


def app_icon() -> QIcon:
    """The application icon, drawn from the SVG at whatever size the desktop asks for."""
    from PySide6.QtGui import QIcon

    return QIcon(str(resource(ICON)))


def missing_files() -> list[str]:
    """The stylesheets, icon and compiled catalogue the client needs and cannot find."""
    wanted = [RESOURCES / name for name in (*STYLESHEETS, ICON)] + [TRANSLATIONS / CATALOGUE]
    return [str(path) for path in wanted if not path.is_file()]
