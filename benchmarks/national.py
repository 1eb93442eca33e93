"""National scale (issue 18): build, server-side search against a bare indexed SQLite lookup on
the same file, end-to-end search through HTTP, the real window against it (search click → rows
painted, record open → record shown, the longest GUI-thread stall per record open:
``client_gui.py --children N``), and cpdesk's cold start beside a bare PySide6 window — all
measured in one run and printed as figures and ratios (never asserted).

    .venv/bin/python benchmarks/national.py [--children 12000000] [--samples 2000] [--cold 15]
    scripts/bench --national [N]        # the same, under Xvfb

The database is ``.bench/directory-<N>.sqlite3``, built with a progress bar when missing (its
build time kept in ``.bench/build-<N>.json``) and reused after. Goals (issue 18): build
12,000,000 ≤ 8 min; name+DOB search p95 ≤ 2 ms in-process and ≤ 3× the bare lookup; search end
to end ≤ 50 ms p95; record open → record shown ≤ 50 ms p95 with no GUI-thread stall over 16 ms;
cold start ≤ 1.6× the bare window.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_common import CACHE, ROOT, Measure, machine, percentiles

GOAL_BUILD_S = 8 * 60
GOAL_SEARCH_MS = 2.0
GOAL_RATIO = 3.0
GOAL_E2E_MS = 50.0
GOAL_COLD_RATIO = 1.6


def database(children: int, seed: int) -> tuple[Path, float | None, bool]:
    """(path, build seconds, built in this run)."""
    from mock_server.cli.progress import build_with_bar

    db = CACHE / f"directory-{children}.sqlite3"
    record = CACHE / f"build-{children}.json"
    if db.exists():
        seconds = json.loads(record.read_text())["seconds"] if record.exists() else None
        return db, seconds, False
    CACHE.mkdir(exist_ok=True)
    stats = build_with_bar(db, children, seed)
    record.write_text(json.dumps({"seconds": stats.seconds, "at": time.time()}))
    return db, stats.seconds, True


def picks(db: Path, count: int) -> list[tuple[str, str, str, str]]:
    """Random live children: (family name, family key, DOB, directory ID)."""
    rng = random.Random(1)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        (top,) = conn.execute("SELECT max(child_id) FROM children").fetchone()
        out: list[tuple[str, str, str, str]] = []
        while len(out) < count:
            row = conn.execute("SELECT family_name, family_key, dob, directory_id FROM children"
                               " WHERE child_id = ? AND archived = 0 AND shielded = 0",
                               (rng.randrange(1, top + 1),)).fetchone()
            if row is not None:
                out.append(row)
        return out
    finally:
        conn.close()


def timed(calls: list[Callable[[], object]]) -> tuple[float, float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    p50, p95 = percentiles(samples)
    return p50 * 1000, p95 * 1000


def server_side(db: Path, chosen: list[tuple[str, str, str, str]]) -> list[Measure]:
    from mock_server.data.store import Store
    from mock_server.rules.search import Criteria, parse_criteria, run_search

    # the bare lookup: a raw connection, the same index, the rows a search reads
    bare = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    bare.execute("PRAGMA cache_size = -32000")

    def lookup(key: str, dob: str) -> Callable[[], object]:
        return lambda: bare.execute(
            "SELECT child_id, directory_id, family_name, given_names, known_as, dob, gender,"
            " town, postcodes FROM children WHERE family_key = ? AND dob = ?",
            (key, dob)).fetchall()

    store = Store(db)

    def search(family: str, dob: str) -> Callable[[], object]:
        return lambda: run_search(store, parse_criteria(Criteria(family_name=family, dob=dob)),
                                  include_archived=False)

    # First touch: the search alone over children nothing has read yet in this process (the
    # file's pages may still be on disk) — for information, the goal is for a server at work.
    first = len(chosen) // 4
    f50, f95 = timed([search(f, d) for f, _k, d, _i in chosen[:first]])
    rest = chosen[first:]
    # Then both warmed over every child they will read, and timed in alternate passes, so the
    # page cache and machine noise fall on both alike (bare, search, bare, search).
    bare_calls = [lookup(k, d) for _f, k, d, _i in rest]
    search_calls = [search(f, d) for f, _k, d, _i in rest]
    for call in (*bare_calls, *search_calls):
        call()
    passes = [timed(calls) for calls in (bare_calls, search_calls, bare_calls, search_calls)]
    b50, b95 = (passes[0][0] + passes[2][0]) / 2, (passes[0][1] + passes[2][1]) / 2
    s50, s95 = (passes[1][0] + passes[3][0]) / 2, (passes[1][1] + passes[3][1]) / 2
    store.close()
    bare.close()
    ratio = s95 / b95 if b95 else float("inf")
    return [
        Measure("server search, first touch of each child", "—", f50, f95, "ms", None,
                f"{first} children not read before in this process"),
        Measure("bare indexed SQLite lookup (family_key, dob), same file", "—", b50, b95, "ms",
                None, f"{len(rest)} lookups, raw sqlite3, warmed, two passes alternated"),
        Measure("server name+DOB search, in-process", f"≤ {GOAL_SEARCH_MS:.0f} ms p95", s50,
                s95, "ms", s95 <= GOAL_SEARCH_MS,
                "criteria, indexed query, household shield, ranking (no HTTP, no audit);"
                " warmed, two passes alternated with the bare lookup"),
        Measure("server search ÷ bare lookup (p95)", f"≤ {GOAL_RATIO:.0f}×", s50 / b50 if b50
                else None, ratio, "×", ratio <= GOAL_RATIO, "measured in this run"),
    ]


def end_to_end(db: Path, chosen: list[tuple[str, str, str, str]]) -> list[Measure]:
    """POST /search through HTTP on loopback (uvicorn in a thread, httpx in this process): the
    whole server path, audit commit included. The GUI's part (search click → rows painted)
    is client_side's."""
    import httpx

    from mock_server.http.app import ServerConfig, create_app
    from mock_server.http.runner import ServerThread
    from mock_server.rules.search import SearchRateLimiter
    from mock_server.rules.sessions import SessionRole

    app = create_app(ServerConfig(db_path=db))
    app.state.search_limiter = SearchRateLimiter(limit=10**9)
    session = app.state.sessions.create(
        "bench", (SessionRole("r1", "practitioner", "Bench", "Bolton"),))
    server = ServerThread(app)
    server._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with server, httpx.Client(base_url=server.url, headers={
            "Authorization": f"Bearer {session.token}"}) as client:
        def post(family: str, dob: str) -> Callable[[], object]:
            return lambda: client.post("/api/v1/search",
                                       json={"family_name": family, "dob": dob})

        calls = [post(f, d) for f, _k, d, _i in chosen[:1000]]
        p50, p95 = timed(calls)
    return [Measure("search end to end through HTTP (request → rows parsed)",
                    f"≤ {GOAL_E2E_MS:.0f} ms p95", p50, p95, "ms", p95 <= GOAL_E2E_MS,
                    "1,000 searches, loopback, audit committed")]


def client_side(children: int, searches: int, views: int) -> list[Measure]:
    """The real window against this directory (``client_gui.py --children N`` in its own
    process, the server in another): search click → rows painted, reason confirmed → record
    shown, and the GUI-thread stalls while records open (issue 18: ≤ 50 ms p95, none over
    16 ms)."""
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "client_gui.py"),
                           "--children", str(children), "--national", "--cold", "0",
                           "--searches", str(searches), "--views", str(views)],
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=3600)
    measures = [Measure(**json.loads(line.removeprefix("MEASURE ")))
                for line in done.stdout.splitlines() if line.startswith("MEASURE ")]
    if done.returncode or not measures:  # the other figures of a long run are still printed
        sys.stderr.write(done.stderr[-3000:])
        last = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        measures.append(Measure("the real window against this directory", "—", None, None,
                                "", None, f"client_gui.py failed ({done.returncode}): {last}"))
    return measures


def cold_starts(runs: int) -> list[Measure]:
    """cpdesk to an interactive sign-in beside a bare PySide6 window, alternated; twice.

    With bytecode (the goal's figure): as an installed client starts — pip compiles a wheel's
    modules when it installs it, the bundle carries them, a checkout writes ``__pycache__`` at
    its first start. Both probes get it alike: the dropped warm-up pair writes every module's
    bytecode (the standard library's, PySide6's, cpdesk's) into ``.bench/pycache``
    (``PYTHONPYCACHEPREFIX``: nothing is written into the source tree) and the timed runs read
    it. From source, for information: with ``PYTHONDONTWRITEBYTECODE=1`` (as some sandboxes and
    CI set it) cpdesk's modules are compiled at every start while PySide6's bytecode, in
    site-packages, is read — before 29-Nov-2026 this was the only figure, whenever the
    environment set that variable."""
    compiled = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    compiled["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
    source = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    source.pop("PYTHONPYCACHEPREFIX", None)
    return (_cold_start_pair(runs, compiled, "with bytecode")
            + _cold_start_pair(runs, source, "from source", goal=False))


def _cold_start_pair(runs: int, env: dict[str, str], how: str, *,
                     goal: bool = True) -> list[Measure]:
    probes = {"bare": [sys.executable, str(ROOT / "benchmarks" / "bare_window_probe.py")],
              "cpdesk": [sys.executable, str(ROOT / "benchmarks" / "cold_start_probe.py"),
                         "--server", "http://127.0.0.1:9", "--profile", "test"]}
    samples: dict[str, list[float]] = {"bare": [], "cpdesk": []}
    for _ in range(runs + 1):  # the first pair warms the file cache and is dropped
        for name, argv in probes.items():
            start = time.perf_counter()
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
            assert proc.stdout is not None
            line = proc.stdout.readline()
            samples[name].append(time.perf_counter() - start)
            proc.kill()
            proc.wait(30)
            if line.strip() != "READY":
                raise RuntimeError(f"{name} probe did not report a ready window")
    bare50, bare95 = percentiles(samples["bare"][1:])
    cp50, cp95 = percentiles(samples["cpdesk"][1:])
    ratio = cp50 / bare50
    # Each cpdesk start over the bare one just before it: what a slow minute does to both
    # cancels out (for information beside the goal's ratio of the medians).
    pairs = statistics.median(c / b for b, c in zip(samples["bare"][1:], samples["cpdesk"][1:],
                                                     strict=True))
    return [
        Measure(f"cold start, {how}: bare PySide6 window (QApplication + QLabel)", "—", bare50,
                bare95, "s", None, f"median of {runs}, same platform plugin"),
        Measure(f"cold start, {how}: cpdesk to an interactive sign-in", "—", cp50, cp95, "s",
                None, f"median of {runs}, alternated with the bare window"),
        Measure(f"cold start ÷ bare window (median), {how}",
                f"≤ {GOAL_COLD_RATIO}×" if goal else "(information)", ratio, cp95 / bare95,
                "×", ratio <= GOAL_COLD_RATIO if goal else None,
                f"measured side by side in this run; pair by pair, median {pairs:.2f}×"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, default=12_000_000, help="directory size")
    parser.add_argument("--seed", type=int, default=2026, help="population seed")
    parser.add_argument("--samples", type=int, default=2000, help="searches to time")
    # 15: on this shared 2-core machine the bare window alone swings 120-170 ms from minute to
    # minute; with 7 pairs one busy stretch moved the ratio's median by 0.3.
    parser.add_argument("--cold", type=int, default=15, help="cold starts of each probe")
    parser.add_argument("--gui-searches", type=int, default=200,
                        help="searches through the real window (0: no GUI measures)")
    parser.add_argument("--gui-views", type=int, default=200,
                        help="record opens through the real window")
    args = parser.parse_args()
    before = machine()
    db, seconds, built = database(args.children, args.seed)
    size_gb = db.stat().st_size / 1e9
    measures = [Measure(f"build {args.children:,} children", f"≤ {GOAL_BUILD_S // 60} min",
                        seconds, None, "s", None if seconds is None else
                        seconds <= GOAL_BUILD_S * args.children / 12_000_000,
                        f"{size_gb:.1f} GB; {'built now' if built else 'cached build'};"
                        " goal scaled to the size")]
    chosen = picks(db, args.samples)
    measures += server_side(db, chosen)
    measures += end_to_end(db, chosen)
    if args.gui_searches:
        measures += client_side(args.children, args.gui_searches, args.gui_views)
    measures += cold_starts(args.cold)
    print(f"Machine: {before}")
    print(f"After:   {machine()}")
    print()
    print("| measure | goal | median | p95 / max | result | notes |")
    print("|---|---|---|---|---|---|")
    for m in measures:
        def fmt(v: float | None, unit: str = m.unit) -> str:
            return "—" if v is None else f"{v:.2f} {unit}"

        verdict = "—" if m.passed is None else ("**pass**" if m.passed else "**MISS**")
        print(f"| {m.name} | {m.goal} | {fmt(m.median)} | {fmt(m.p95)} | {verdict} |"
              f" {m.note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
