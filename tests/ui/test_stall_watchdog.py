"""The GUI-thread stall watchdog: sees a blocked event loop, attributes it to the phase, and is
off unless CPDESK_STALL_WATCHDOG=1."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cpdesk.ui.shell.stall_watchdog import StallWatchdog, install_from_env


def test_a_blocked_event_loop_is_measured_and_attributed_to_its_phase(qtbot: QtBot) -> None:
    watchdog = StallWatchdog(interval_ms=5)
    watchdog.start()
    watchdog.phase("quiet")
    qtbot.wait(50)
    quiet = watchdog.mark()
    watchdog.phase("busy")
    blocked: list[bool] = []

    def block() -> None:
        time.sleep(0.15)  # the GUI thread doing one long piece of work
        blocked.append(True)

    QTimer.singleShot(0, block)
    qtbot.waitUntil(lambda: bool(blocked))
    qtbot.wait(20)  # let the watchdog tick once after the block
    busy = watchdog.mark()
    report = watchdog.report()
    watchdog.stop()
    assert busy >= 140  # the stall is at least the time the loop was blocked
    assert quiet < busy
    phases = dict(report.by_phase)
    assert phases["busy"] >= 140
    assert report.longest_ms == max(phases.values())
    assert "busy" in report.text() and report.ticks > 0


def test_off_unless_the_environment_asks() -> None:
    app = QApplication.instance()
    assert app is not None
    assert install_from_env(app, {}) is None
    assert install_from_env(app, {"CPDESK_STALL_WATCHDOG": "0"}) is None
    watchdog = install_from_env(app, {"CPDESK_STALL_WATCHDOG": "1"})
    assert watchdog is not None and watchdog.running
    watchdog.stop()
    watchdog.setParent(None)
