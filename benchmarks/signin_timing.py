"""Does the password step's answer time tell an attacker whether a user name exists?

product.md §3: the same response time and message whichever factor failed. This measures
``POST /api/v1/auth/challenge`` on the real app over loopback HTTP for three cases — an
unknown user name, a known user with a wrong password, and the right password — and prints
medians and p95s. Each known user gets at most 4 wrong passwords (the 5th would lock it).

    .venv/bin/python benchmarks/signin_timing.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.tokens.demo_users import DEMO_USERS

ROUNDS = 4  # wrong passwords per known user: one fewer than the lockout threshold


def _time(client: httpx.Client, username: str, password: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    response = client.post("/api/v1/auth/challenge",
                           json={"username": username, "password": password})
    elapsed = (time.perf_counter() - start) * 1000
    code = response.json().get("error", {}).get("code", "ok") if response.status_code != 200 \
        else "ok"
    return elapsed, response.status_code, code


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return f"{statistics.median(ordered):7.1f} ms | {p95:7.1f} ms"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(ServerConfig(db_path=Path(tmp) / "d.sqlite3", children=200, seed=3))
        with ServerThread(app) as server, httpx.Client(base_url=server.url) as client:
            cases: dict[str, list[float]] = {"unknown user name": [], "wrong password": [],
                                             "right password": []}
            answers: dict[str, set[tuple[int, str]]] = {k: set() for k in cases}
            for _ in range(ROUNDS):
                for user in DEMO_USERS:
                    for case, name, password in (
                            ("unknown user name", f"nobody-{uuid.uuid4().hex[:8]}", "x" * 12),
                            ("wrong password", user.username, "Wrong-pass-2026"),
                            ("right password", user.username, user.password)):
                        ms, status, code = _time(client, name, password)
                        cases[case].append(ms)
                        answers[case].add((status, code))
    print("| case | median | p95 | answers |")
    print("|---|---|---|---|")
    for case, samples in cases.items():
        shown = ", ".join(f"{s} {c}" for s, c in sorted(answers[case]))
        print(f"| {case} | {_summary(samples)} | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
