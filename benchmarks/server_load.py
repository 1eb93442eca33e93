"""Mixed search/view load against the 1,000,000-child mock server in its own process.

    .venv/bin/python benchmarks/server_load.py [--seconds 15] [--clients 8]

The server (``bench_server.py``) runs as a separate process; this process is the load
generator: ``--clients`` threads, each with its own keep-alive httpx connection, alternate a
name+DOB search and a record view (with a reason) for random children, for a fixed time. The
session is a real sign-in with the nurse's SoftHSM token (``.bench/softhsm``). On a 2-core
machine the server and the generator share the two cores, so this is a floor, not a ceiling.
Prints ``MEASURE {json}`` lines for run_all.py.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx
from bench_common import (
    CACHE,
    Measure,
    ServerProcess,
    cached_database,
    percentiles,
    sample_children,
)

from mock_server.tokens.softhsm import TokenDir, find_module

TOKENS = TokenDir(CACHE / "softhsm").ensure()
TOKENS.activate()  # before the first pkcs11.lib() load in this process


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: sign-in steps
    from cpdesk.api.client import DirectoryClient
    from cpdesk.auth.signin import TokenSigner
    from cpdesk.auth.token import Pkcs11Module
    from mock_server.tokens.demo_users import demo_user
    from mock_server.tokens.enrol import enrol_demo_tokens
    from tests.signin_steps import sign_in

    nurse = demo_user("nurse.demo")
    module = find_module()
    db, _built = cached_database()
    (enrolment,) = enrol_demo_tokens(db, module, TOKENS, (nurse,))
    picks = sample_children(db, 4000, seed=3)

    with ServerProcess(db) as server:
        api = DirectoryClient(server.url)
        sign_in(api, TokenSigner(Pkcs11Module(module)), nurse.username, nurse.password,
                bytearray(nurse.pin.encode()), serial=enrolment.serial)
        assert api.session is not None
        headers = {"Authorization": f"Bearer {api.session.session_token}"}
        latencies: dict[str, list[float]] = {"search": [], "view": []}
        errors = 0
        lock = threading.Lock()
        stop_at = time.perf_counter() + args.seconds

        def worker(offset: int) -> None:
            nonlocal errors
            mine: dict[str, list[float]] = {"search": [], "view": []}
            bad = 0
            with httpx.Client(base_url=server.url, headers=headers, timeout=10) as http:
                n = offset
                while time.perf_counter() < stop_at:
                    family, dob, did = picks[n % len(picks)]
                    n += args.clients
                    for kind, path, body in (
                        ("search", "/api/v1/search", {"family_name": family, "dob": dob}),
                        ("view", f"/api/v1/children/{did}/view",
                         {"reason": {"code": "unscheduled-care"}}),
                    ):
                        start = time.perf_counter()
                        response = http.post(path, json=body)
                        mine[kind].append(time.perf_counter() - start)
                        bad += response.status_code != 200
            with lock:
                for kind, values in mine.items():
                    latencies[kind] += values
                errors += bad

        started = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        api.close()

    total = sum(len(v) for v in latencies.values())
    rate = total / elapsed
    s_med, s_p95 = percentiles([t * 1000 for t in latencies["search"]])
    v_med, v_p95 = percentiles([t * 1000 for t in latencies["view"]])
    note = (f"{args.clients} clients for {elapsed:.0f} s, {total:,} requests, {errors} not 200;"
            f" under load: search p50 {s_med:.1f} / p95 {s_p95:.1f} ms,"
            f" view p50 {v_med:.1f} / p95 {v_p95:.1f} ms")
    Measure("mock server throughput, mixed search/view, server in its own process",
            "≥ 300 requests/s", rate, None, "requests/s", rate >= 300 and errors == 0,
            note).emit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
