"""Loads the user-interface catalogue (``translations/cpdesk_<locale>.qm``) into Qt.

The catalogue is built from the ``self.tr()`` strings with pyside6-lupdate / pyside6-lrelease
(see ``translations/README.md``). A missing catalogue leaves the English source strings.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from cpdesk.ui.common.assets import TRANSLATIONS


def install_translator(app: QCoreApplication, locale: QLocale | None = None,
                       directory: Path = TRANSLATIONS) -> QTranslator | None:
    translator = QTranslator(app)
    if not translator.load(locale or QLocale("en_GB"), "cpdesk", "_", str(directory)):
        return None
    app.installTranslator(translator)
    return translator
