"""Cold-start probe: runs ``cpdesk.app.main`` as a fresh process would, and prints ``READY``
as soon as the sign-in window is shown with its user-name field enabled and the event loop
is idle (a 0 ms timer only runs once the start-up work is done), then quits.

    python benchmarks/cold_start_probe.py --server URL [cpdesk options]

Started by ``client_gui.py``; the time is taken by the parent, from before the process is
spawned to reading ``READY`` (interpreter start-up and imports included).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLineEdit


def main() -> int:
    app = QApplication([sys.argv[0]])
    timer = QTimer()
    timer.setInterval(0)

    def check() -> None:
        for top in app.topLevelWidgets():
            user = top.findChild(QLineEdit, "signinUsername")
            if top.isVisible() and user is not None and user.isVisible() and user.isEnabled():
                timer.stop()
                print("READY", flush=True)
                app.quit()
                return

    timer.timeout.connect(check)
    timer.start()
    from cpdesk.app import main as cpdesk_main

    return cpdesk_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
