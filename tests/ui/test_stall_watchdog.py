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


def test_the_longest_stall_says_how_much_of_it_was_the_threads_own_work(qtbot: QtBot) -> None:
    """A stall spent computing is the GUI thread's CPU time; one spent waiting (here asleep,
    in a benchmark for the interpreter lock or a core) is not."""
    watchdog = StallWatchdog(interval_ms=5)
    watchdog.start()
    done: list[str] = []

    def compute() -> None:
        end = time.thread_time() + 0.08
        while time.thread_time() < end:
            pass
        done.append("computed")

    def wait() -> None:
        time.sleep(0.08)
        done.append("waited")

    measured: dict[str, tuple[float, float]] = {}
    for count, work in enumerate((compute, wait), start=1):
        qtbot.wait(20)
        watchdog.mark()
        QTimer.singleShot(0, work)
        qtbot.waitUntil(lambda count=count: len(done) == count)
        qtbot.wait(20)
        measured[done[-1]] = (watchdog.mark(), watchdog.last_mark_cpu_ms)
    watchdog.stop()
    stall, cpu = measured["computed"]
    assert stall >= 70 and cpu >= 70
    stall, cpu = measured["waited"]
    assert stall >= 70 and cpu < 20


def test_off_unless_the_environment_asks() -> None:
    app = QApplication.instance()
    assert app is not None
    assert install_from_env(app, {}) is None
    assert install_from_env(app, {"CPDESK_STALL_WATCHDOG": "0"}) is None
    watchdog = install_from_env(app, {"CPDESK_STALL_WATCHDOG": "1"})
    assert watchdog is not None and watchdog.running
    watchdog.stop()
    watchdog.setParent(None)
