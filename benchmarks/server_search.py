"""Mock server speed: population build, name+DOB search and record view (product.md §11).

    .venv/bin/python benchmarks/server_search.py [--children 1000000] [--samples 2000]

Builds the population once (timed) in a temporary folder, then measures server-side work
in-process — criteria parsing, the indexed search, disclosure and the audit commit, exactly
what a request does minus HTTP — and then the same calls through HTTP (uvicorn on loopback,
one client). The rate limit is lifted for the HTTP part (one user would hit 60/10 min).
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import partial
from pathlib import Path

import httpx

from mock_server.data.audit import AuditLog
from mock_server.data.population import build
from mock_server.data.store import Store
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules import disclosure
from mock_server.rules.search import Criteria, SearchRateLimiter, parse_criteria, run_search
from mock_server.rules.sessions import SessionRole


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _time(calls: list[Callable[[], object]]) -> list[float]:
    out = []
    for call in calls:
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--children", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="cpdesk-bench-"))
    try:
        db = folder / "directory.sqlite3"
        stats = build(db, args.children, args.seed)
        size_mb = db.stat().st_size / 1e6
        rows: list[tuple[str, str]] = []
        rows.append((f"build {stats.children:,} children", f"{stats.seconds:.1f} s"
                     f" ({size_mb:.0f} MB)"))

        store, audit = Store(db), AuditLog(db)
        rng = random.Random(1)
        count = store.child_count()
        picks: list[tuple[str, str, str, str]] = []
        conn = store.reader()
        while len(picks) < args.samples:
            row = conn.execute("SELECT family_name, given_names, dob, directory_id FROM children"
                               " WHERE child_id = ? AND archived = 0",
                               (rng.randrange(1, count + 1),)).fetchone()
            if row is not None:
                picks.append(row)
        today = date.today()

        def search(family: str, dob: str, mode: str = "exact") -> Callable[[], object]:
            def call() -> object:
                c = parse_criteria(Criteria(family_name=family, dob=dob, mode=mode))
                outcome = run_search(store, c, include_archived=False)
                audit.append(username="bench", role="practitioner", action="search",
                             outcome="ok", detail={"criteria": c.as_audit(), "returned": [
                                 h.child.directory_id for h in outcome.hits]})
                return [disclosure.summary(h) for h in outcome.hits]
            return call

        def view(did: str) -> Callable[[], object]:
            def call() -> object:
                rec = store.record(did)
                assert rec is not None
                data = disclosure.record(rec, disclosure.Viewer("practitioner", "Bolton", ""),
                                         today=today)
                audit.append(username="bench", role="practitioner", action="view",
                             outcome="ok", directory_id=did, reason_code="unscheduled-care")
                return data
            return call

        for label, calls in (
            ("search name+DOB, in-process", [search(f, d) for f, _g, d, _i in picks]),
            ("search widened, in-process", [search(f, d, "widened") for f, _g, d, _i in picks]),
            ("record view, in-process", [view(i) for _f, _g, _d, i in picks]),
        ):
            p50, p95 = _percentiles(_time(calls))
            rows.append((label, f"p50 {p50:.2f} ms · p95 {p95:.2f} ms"))
        store.close()
        audit.close()

        app = create_app(ServerConfig(db_path=db))
        app.state.search_limiter = SearchRateLimiter(limit=10**9)
        session = app.state.sessions.create(
            "bench", (SessionRole("r1", "practitioner", "Bench", "Bolton"),))
        headers = {"Authorization": f"Bearer {session.token}"}
        server = ServerThread(app)
        # runner.ServerThread's socket has proto 0, so asyncio does not set TCP_NODELAY on
        # accepted connections and every keep-alive response waits ~40 ms for a delayed ACK.
        server._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with server, httpx.Client(base_url=server.url, headers=headers) as client:
            http_search: list[Callable[[], object]] = [
                partial(client.post, "/api/v1/search", json={"family_name": f, "dob": d})
                for f, _g, d, _i in picks[:1000]]
            http_view: list[Callable[[], object]] = [
                partial(client.post, f"/api/v1/children/{i}/view",
                        json={"reason": {"code": "unscheduled-care"}})
                for _f, _g, _d, i in picks[:1000]]
            for label, calls in (("search name+DOB, HTTP", http_search),
                                 ("record view, HTTP", http_view)):
                p50, p95 = _percentiles(_time(calls))
                rows.append((label, f"p50 {p50:.2f} ms · p95 {p95:.2f} ms"))
            mixed = [c for pair in zip(http_search, http_view, strict=True) for c in pair]
            start = time.perf_counter()
            for call in mixed:
                call()
            rows.append(("mixed search/view, HTTP, one client",
                         f"{len(mixed) / (time.perf_counter() - start):.0f} requests/s"))

            def worker(part: list[tuple[str, str, str, str]]) -> None:
                with httpx.Client(base_url=server.url, headers=headers) as own:
                    for family, _g, dob, did in part:
                        own.post("/api/v1/search", json={"family_name": family, "dob": dob})
                        own.post(f"/api/v1/children/{did}/view",
                                 json={"reason": {"code": "unscheduled-care"}})

            threads = 8
            parts = [picks[i::threads] for i in range(threads)]
            start = time.perf_counter()
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(worker, parts))
            total = 2 * sum(len(p) for p in parts)
            rows.append((f"mixed search/view, HTTP, {threads} concurrent clients",
                         f"{total / (time.perf_counter() - start):.0f} requests/s"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    print("| measure | result |")
    print("|---|---|")
    for label, value in rows:
        print(f"| {label} | {value} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
