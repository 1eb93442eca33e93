"""GUI-thread stall watchdog: how long did the event loop go without running a timer?

A precise ``QTimer`` ticks every ``interval_ms`` on the GUI thread. Each tick measures the
time since the previous tick; whatever exceeds the interval is a stall (the event loop was
busy in one piece of work). The watchdog keeps the longest stall overall and per named phase
(``phase("search")``), for the benchmarks (product.md §11: ≤ 50 ms during sign-in, search,
record open and lock).

Off by default: :func:`install_from_env` starts one only when ``CPDESK_STALL_WATCHDOG=1``,
and then writes one line with the longest stall to stderr when the application quits (no
personal data: phase names and milliseconds only).

Threading: create, start and read it on the GUI thread only.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer

ENV_VAR = "CPDESK_STALL_WATCHDOG"


@dataclass(frozen=True, slots=True)
class StallReport:
    """Longest stall overall and per phase, in milliseconds; ``ticks`` timer ticks seen."""

    longest_ms: float
    by_phase: tuple[tuple[str, float], ...]
    ticks: int

    def text(self) -> str:
        phases = ", ".join(f"{name} {ms:.1f} ms" for name, ms in self.by_phase)
        return f"longest GUI-thread stall {self.longest_ms:.1f} ms ({phases or 'no phases'})"


class StallWatchdog(QObject):
    def __init__(self, interval_ms: int = 5, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._interval_s = interval_ms / 1000
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last: float | None = None
        self._phase = "idle"
        self._longest = 0.0
        self._by_phase: dict[str, float] = {}
        self._since_mark = 0.0
        # The GUI thread's own CPU time in the longest stall since the mark: what is left of
        # the stall is waiting (for the interpreter lock, or for a core the OS gave another
        # process), not work of this thread.
        self._since_mark_cpu = 0.0
        self.last_mark_cpu_ms = 0.0
        self._last_cpu = 0.0
        self._ticks = 0

    def start(self) -> None:
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        self._last = None

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def phase(self, name: str) -> None:
        """Attribute stalls from now on to ``name`` (a plain label, never data)."""
        self._tick()
        self._phase = name
        self._by_phase.setdefault(name, 0.0)

    def mark(self) -> float:
        """The longest stall (ms) since the previous ``mark()`` (or start); starts a new span.
        ``last_mark_cpu_ms``: the GUI thread's CPU time in that stall."""
        self._tick()
        longest, self._since_mark = self._since_mark, 0.0
        self.last_mark_cpu_ms, self._since_mark_cpu = self._since_mark_cpu * 1000, 0.0
        return longest * 1000

    def reset(self) -> None:
        self._longest = 0.0
        self._by_phase.clear()
        self._ticks = 0
        self._last = time.perf_counter() if self.running else None

    def report(self) -> StallReport:
        self._tick()
        return StallReport(self._longest * 1000,
                           tuple((k, v * 1000) for k, v in self._by_phase.items()), self._ticks)

    def _tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        if self._last is not None:
            stall = max(0.0, now - self._last - self._interval_s)
            self._ticks += 1
            self._longest = max(self._longest, stall)
            if stall > self._since_mark:
                self._since_mark, self._since_mark_cpu = stall, cpu - self._last_cpu
            if stall > self._by_phase.get(self._phase, 0.0):
                self._by_phase[self._phase] = stall
        self._last = now if self.running else None
        self._last_cpu = cpu


def install_from_env(app: QCoreApplication,
                     environ: Mapping[str, str] | None = None) -> StallWatchdog | None:
    """Start a watchdog parented to ``app`` when ``CPDESK_STALL_WATCHDOG=1``; else None."""
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR) != "1":
        return None
    watchdog = StallWatchdog(parent=app)
    watchdog.phase("session")
    watchdog.start()

    def report() -> None:
        print(f"cpdesk: {watchdog.report().text()}", file=sys.stderr, flush=True)

    app.aboutToQuit.connect(report)
    return watchdog
