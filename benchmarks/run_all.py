"""Run every benchmark and print one table against product.md §11 (scripts/bench calls this).

    .venv/bin/python benchmarks/run_all.py [--quick | --national [N]]

1. ``server_search.py`` — builds 1,000,000 children from scratch (the generation measure) and
   times server-side search and view in-process (its own table is printed too);
2. ``server_load.py`` — mixed throughput against the server in its own process;
3. ``client_gui.py`` — cold start, search and record in the real window, GUI-thread stalls,
   memory over record views;
4. ``journey.py`` — the A&E journey (issue 16): card in → the lead professional's phone on
   screen, presses and clicks beyond typed characters and the machine's time, under Xvfb at
   1366×768.

The cached database in ``.bench/`` is built on first use and reused. ``--quick`` runs fewer
samples (a smoke run; figures for docs/performance.md come from a full run). Exit status 0
whatever the figures: misses are reported, not failed.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import ROOT, Measure, machine

HERE = ROOT / "benchmarks"


def _run(script: str, *args: str, timeout: int = 1800) -> str:
    print(f"==> {script} {' '.join(args)}", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, str(HERE / script), *args], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=timeout)
    sys.stderr.write(done.stderr[-3000:] if done.returncode else "")
    if done.returncode:
        raise RuntimeError(f"{script} failed ({done.returncode})")
    return done.stdout


def _measures(output: str) -> list[Measure]:
    return [Measure(**json.loads(line.removeprefix("MEASURE ")))
            for line in output.splitlines() if line.startswith("MEASURE ")]


def _server_search(output: str) -> list[Measure]:
    """Read server_search.py's Markdown rows (build time; in-process search p50/p95)."""
    print(output, file=sys.stderr)
    out: list[Measure] = []
    size = "1,000,000 children"
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2:
            continue
        label, value = cells
        if label.startswith("build "):
            size = label.removeprefix("build ")
            seconds = float(re.match(r"([\d.]+) s", value).group(1))  # type: ignore[union-attr]
            out.append(Measure(f"generating {label.removeprefix('build ')}", "≤ 90 s", seconds,
                               None, "s", seconds <= 90, value))
        elif label == "search name+DOB, in-process":
            found = re.search(r"p50 ([\d.]+) ms · p95 ([\d.]+) ms", value)
            assert found is not None
            p50, p95 = float(found.group(1)), float(found.group(2))
            out.append(Measure(f"mock server name+DOB search, server side, {size}",
                               "≤ 20 ms p95", p50, p95, "ms", p95 <= 20,
                               "in-process: parse, indexed query, disclosure, audit commit"))
        elif label.startswith("mixed search/view, HTTP, ") and "concurrent" in label:
            rate = float(value.split()[0])
            out.append(Measure("mock server throughput, mixed, load generator in-process",
                               "≥ 300 requests/s", rate, None, "requests/s", rate >= 300, label))
    return out


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "presses":
        return f"{value:.0f}"
    if unit == "requests/s":
        return f"{value:.0f} requests/s"
    return f"{value:.1f} {unit}"


def table(measures: list[Measure]) -> str:
    lines = ["| measure | goal | median | p95 / max | result | notes |",
             "|---|---|---|---|---|---|"]
    for m in measures:
        verdict = "—" if m.passed is None else ("**pass**" if m.passed else "**MISS**")
        lines.append(f"| {m.name} | {m.goal} | {_fmt(m.median, m.unit)} |"
                     f" {_fmt(m.p95, m.unit)} | {verdict} | {m.note} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer samples (smoke run)")
    parser.add_argument("--national", type=int, nargs="?", const=12_000_000, default=None,
                        metavar="N", help="national scale instead (benchmarks/national.py):"
                        " build N children (default 12,000,000) once into .bench/, search it"
                        " against a bare SQLite lookup, cold start beside a bare window")
    args = parser.parse_args()
    if args.national:
        print(_run("national.py", "--children", str(args.national), timeout=4 * 3600))
        return 0
    before = machine()
    if args.quick:
        search = _run("server_search.py", "--children", "20000", "--samples", "300")
        load = _run("server_load.py", "--seconds", "5")
        client = _run("client_gui.py", "--searches", "30", "--views", "200", "--cold", "3")
    else:
        search = _run("server_search.py")
        load = _run("server_load.py")
        client = _run("client_gui.py")
    journey = _run("journey.py")
    measures = [*_measures(client), *_measures(journey), *_server_search(search),
                *_measures(load)]
    print(f"Machine: {before}")
    print(f"After:   {machine()}")
    print()
    print(table(measures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
