"""Owns the X clipboard for the screen-reader test, as another program would (a password
manager the user copies from): each line written to the FIFO named on the command line
becomes the clipboard's text. Ends when the FIFO's writer side says ``quit``."""

from __future__ import annotations

import sys
import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication


class _Lines(QObject):
    line = Signal(str)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    lines = _Lines()

    def take(text: str) -> None:
        if text == "quit":
            app.quit()
        else:
            QGuiApplication.clipboard().setText(text)

    lines.line.connect(take)

    def read() -> None:
        while True:
            with open(sys.argv[1], encoding="utf-8") as fifo:
                for raw in fifo:
                    lines.line.emit(raw.rstrip("\n"))
                    if raw.strip() == "quit":
                        return

    threading.Thread(target=read, daemon=True).start()
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
