"""The signed-in pages' warm-up (issue 18): how long is each event-loop turn of
``MainWindow.prepare_pages``, which builds the desktop and the page tabs while the user signs in?

    python benchmarks/warm_up_probe.py [--runs 5] [cpdesk options]

Each run is a fresh process (``--child``): ``cpdesk.app.main`` as a user would start it (no
server needed: ``--server http://127.0.0.1:9``), the sign-in window shown, and from the moment
``main`` calls ``prepare_pages`` until the tabs are built, a 1 ms precise timer on the GUI
thread measures the gaps between its ticks (the longest is the longest turn: a stall of what
the user types) and each warm-up step is timed on its own. The child prints one ``WARMUP
{json}`` line; the parent prints the longest turn per run, its median, and the steps over
16 ms (one frame at 60 Hz). Figures, never asserted. Run from a directory other than the
checkout (cwd) to A/B another tree on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from functools import partial

FRAME_MS = 16.0


def child(argv: list[str]) -> int:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication

    import cpdesk.app as cpdesk_app
    from cpdesk.ui.shell.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    gaps: list[float] = []
    steps: list[tuple[str, float]] = []
    state: dict[str, float] = {}
    ticker = QTimer()
    ticker.setTimerType(Qt.TimerType.PreciseTimer)
    ticker.setInterval(1)
    windows: list[MainWindow] = []

    def tick() -> None:
        now = time.perf_counter()
        gap = (now - state["last"]) * 1000
        gaps.append(gap)
        state["last"] = now
        if gap > state.get("worst", 0.0):  # which step ran in the worst gap, if one did
            state["worst"] = gap
            state["worst_step"] = len(steps) - 1 if state.get("stepped") else -1
        state["stepped"] = 0
        window = windows[0]
        if window._tabs is not None and not window._warm_up:
            ticker.stop()
            total = (now - state["start"]) * 1000
            worst = int(state.get("worst_step", -1))
            print("WARMUP " + json.dumps({
                "gaps": gaps, "steps": steps, "total_ms": total,
                "worst_in": steps[worst][0] if worst >= 0 else "no warm-up step"}), flush=True)
            app.quit()

    original_prepare = MainWindow.prepare_pages
    original_step = MainWindow._warm_up_step

    def prepare(window: MainWindow) -> None:
        windows.append(window)
        state["start"] = state["last"] = time.perf_counter()
        ticker.timeout.connect(tick)
        ticker.start()
        original_prepare(window)

    def step(window: MainWindow) -> None:
        queued = window._warm_up  # trees before 2026-11-29 09:40: a list of calls
        pending = queued[0] if isinstance(queued, list) and queued else None
        start = time.perf_counter()
        original_step(window)
        took = (time.perf_counter() - start) * 1000
        if pending is None:  # a generator of named pieces
            name = getattr(window, "last_warm_up_step", "?")
        elif isinstance(pending, partial):
            name = f"import {pending.args[0]}"
        else:
            name = "a page"
        steps.append((name, took))
        state["stepped"] = 1

    MainWindow.prepare_pages = prepare  # type: ignore[method-assign]
    MainWindow._warm_up_step = step  # type: ignore[method-assign]
    return cpdesk_app.main(argv)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--steps", action="store_true", help="print every step's time")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    cpdesk_args = rest or ["--server", "http://127.0.0.1:9", "--profile", "test"]
    if args.child:
        return child(cpdesk_args)
    longest: list[float] = []
    for run in range(args.runs):
        out = subprocess.run([sys.executable, __file__, "--child", *cpdesk_args],
                             capture_output=True, text=True, timeout=120, check=False,
                             env=os.environ)
        line = next((x for x in out.stdout.splitlines() if x.startswith("WARMUP ")), None)
        if line is None:
            sys.stderr.write(out.stderr[-2000:])
            raise RuntimeError("the warm-up probe reported nothing")
        found = json.loads(line.removeprefix("WARMUP "))
        worst = max(found["gaps"])
        longest.append(worst)
        slow = ", ".join(f"{name} {ms:.0f}" for name, ms in found["steps"] if ms > FRAME_MS)
        print(f"run {run + 1}: longest turn {worst:.1f} ms ({found['worst_in']}),"
              f" {len(found['steps'])} steps,"
              f" {found['total_ms']:.0f} ms in all; steps over {FRAME_MS:.0f} ms:"
              f" {slow or 'none'}", flush=True)
        if args.steps:
            print("    " + ", ".join(f"{name} {ms:.1f}" for name, ms in found["steps"]))
    print(f"longest turn: median {statistics.median(longest):.1f} ms,"
          f" max {max(longest):.1f} ms over {args.runs} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
