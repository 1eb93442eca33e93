"""``cpdesk-mock serve``: the mock directory on a loopback port."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mock_server.cli.common import Subparsers, db_file, db_path, port
from mock_server.cli.progress import build_with_bar
from mock_server.data.population import DEFAULT_CHILDREN, DEFAULT_SEED
from mock_server.http.app import create_app
from mock_server.http.context import Environment, ServerConfig
from mock_server.rules.faults import FaultSpecError, parse_spec

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def run(args: argparse.Namespace) -> int:
    from mock_server.http.runner import serve

    if args.host not in LOOPBACK_HOSTS:
        print("cpdesk-mock serves on loopback only.", file=sys.stderr)
        return 2
    db: Path = db_path(args)
    environment: Environment = "training" if args.training else args.environment
    try:
        faults = parse_spec(args.faults) if args.faults else None
        if faults is not None and environment == "live":
            raise FaultSpecError("faults are for test and training servers only, never live")
    except FaultSpecError as exc:
        print(f"--faults: {exc}.", file=sys.stderr)
        return 2
    if not db.exists():  # built here, with a progress bar, rather than silently by the app
        db.parent.mkdir(parents=True, exist_ok=True)
        build_with_bar(db, args.children, args.seed)
    app = create_app(ServerConfig(environment=environment, db_path=db, children=args.children,
                                  seed=args.seed, faults=faults))
    url = f"http://{'[::1]' if args.host == '::1' else args.host}:{args.port}"
    serve(app, args.host, args.port,
          f"Serving the mock directory ({environment}, {db}) on {url} — Ctrl+C to stop.")
    return 0


def register(sub: Subparsers) -> None:
    serve = sub.add_parser("serve", help="start the server on loopback")
    serve.add_argument("--host", default="127.0.0.1",
                       help="loopback address to listen on (127.0.0.1, localhost or ::1)")
    serve.add_argument("--port", type=port, default=8765, help="TCP port (default 8765)")
    serve.add_argument("--db", type=db_file, default=None,
                       help="SQLite file (default: user data dir); made when missing")
    serve.add_argument("--training", action="store_true", help="training sandbox mode")
    serve.add_argument("--environment", choices=("test", "training", "live"), default="test",
                       help="what /meta says the server is (default test)")
    serve.add_argument("--children", type=int, default=DEFAULT_CHILDREN,
                       help="population size when the database is created")
    serve.add_argument("--seed", type=int, default=DEFAULT_SEED, help="population seed")
    serve.add_argument("--faults", default=None, metavar="SPEC",
                       help="test/training only: e.g. latency_ms=500,error_rate=0.1,"
                            "drop_rate=0.05,malformed_rate=0.1,leak_shielded=1,expire_sessions=1")
    serve.set_defaults(func=run)
