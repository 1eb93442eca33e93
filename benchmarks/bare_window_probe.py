"""The floor for cold start: a bare PySide6 window (QApplication and one QLabel shown, the same
platform plugin), ``READY`` once it is shown and the event loop idle — the same moment
``cold_start_probe.py`` reports for cpdesk. ``national.py`` times both side by side."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel


def main() -> int:
    app = QApplication([sys.argv[0]])
    label = QLabel("cpdesk")
    label.show()

    def ready() -> None:
        print("READY", flush=True)
        app.quit()

    QTimer.singleShot(0, ready)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
