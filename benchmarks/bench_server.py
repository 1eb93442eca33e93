"""The mock server for the client and load benchmarks, run as its own process.

    python benchmarks/bench_server.py --db .bench/directory-1000000.sqlite3

Uvicorn on a loopback port the OS picks; prints the base URL on stdout once it accepts
connections. The 60-searches-per-10-minutes limit is lifted (one benchmark user would hit it);
everything else — sign-in, disclosure, the committed audit entry — is as served.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.search import SearchRateLimiter


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    app = create_app(ServerConfig(db_path=Path(args.db)))
    app.state.search_limiter = SearchRateLimiter(limit=10**9)
    app.state.view_limiter = SearchRateLimiter(limit=10**9)  # load, not a user
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with ServerThread(app) as server:
        print(server.url, flush=True)
        done.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
