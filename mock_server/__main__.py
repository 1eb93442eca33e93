"""`cpdesk-mock` command line: serve, demo-tokens (and later enrol, trainees, reset, ...)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Literal

import platformdirs

from mock_server import __version__

MOCK_EXTRAS = ("cpdesk-mock needs the mock server's packages, which a workstation install "
               "leaves out. Install them with: pip install 'cpdesk[mock]'")
try:  # the mock's own dependencies (FastAPI, uvicorn, Faker...) come with the [mock] extra
    from mock_server.app import DEFAULT_CHILDREN, DEFAULT_SEED, ServerConfig, create_app
except ModuleNotFoundError as missing:  # pragma: no cover - proven in a subprocess
    print(f"{MOCK_EXTRAS} (missing: {missing.name}).", file=sys.stderr)
    raise SystemExit(1) from None


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("cpdesk-mock", appauthor=False))


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print("cpdesk-mock serves on loopback only.", file=sys.stderr)
        return 2
    db = _db_path(args)
    if not db.exists():
        print(f"Building a population of {args.children:,} children (seed {args.seed})...",
              file=sys.stderr)
    from mock_server.faults import FaultSpecError, parse_spec

    environment: Literal["live", "training", "test"] = (
        "training" if args.training else args.environment)
    try:
        faults = parse_spec(args.faults) if args.faults else None
        if faults is not None and environment == "live":
            raise FaultSpecError("faults are for test and training servers only, never live")
    except FaultSpecError as exc:
        print(f"--faults: {exc}.", file=sys.stderr)
        return 2
    app = create_app(ServerConfig(environment=environment, db_path=db, children=args.children,
                                  seed=args.seed, faults=faults))
    url = f"http://{'[::1]' if args.host == '::1' else args.host}:{args.port}"

    class AnnouncingServer(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets)
            if self.started:
                print(f"Serving the mock directory ({environment}, {db}) on {url}"
                      " — Ctrl+C to stop.", flush=True)

    AnnouncingServer(uvicorn.Config(app, host=args.host, port=args.port, log_level="warning",
                                    access_log=False)).run()
    return 0


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError("give a port number from 1 to 65535")
    return port


def _db_file(value: str) -> str:
    """A database path that is a SQLite file, or may become one (its folder exists)."""
    path = Path(value)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a folder; give the database file in it")
    if path.exists():
        with path.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise argparse.ArgumentTypeError(f"{value} is not a SQLite database")
    elif not path.parent.is_dir():
        raise argparse.ArgumentTypeError(f"the folder {path.parent} does not exist")
    return value


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db else default_data_dir() / "directory.sqlite3"


def _cmd_reset(args: argparse.Namespace) -> int:
    from mock_server.reset import reset

    db = _db_path(args)
    if args.in_place:
        from mock_server.training import reset_in_place

        if not db.exists():
            print(f"No database at {db}.", file=sys.stderr)
            return 2
        done = reset_in_place(db)
        print(f"Reset {db} in place: {done.children:,} children back to the starting state;"
              " accounts and the audit trail kept. Signed-in users stay signed in until"
              " their sessions end (the trainer's Reset sandbox button also signs trainees"
              " out).")
        return 0
    stats = reset(db, children=args.children, seed=args.seed)
    print(f"Reset {db}: {stats.children:,} children, empty audit trail"
          f" ({stats.seconds:.1f} s).")
    return 0


def _cmd_verify_audit(args: argparse.Namespace) -> int:
    from mock_server.checkpoints import verify_trail

    db = _db_path(args)
    if not db.exists():
        print(f"No database at {db}.", file=sys.stderr)
        return 2
    result = verify_trail(db)  # the hash chain, then the signed checkpoints beside the file
    if not result.ok:
        print(f"Audit trail BROKEN: {result.problem}.", file=sys.stderr)
        return 1
    print(f"Audit trail intact: {result.summary}.")
    return 0


def _cmd_demo_tokens(args: argparse.Namespace) -> int:
    from mock_server.demo_users import DEMO_USERS
    from mock_server.devtokens import ensure_demo_tokens
    from mock_server.softhsm import SoftHsmMissing, TokenDir, find_module

    try:
        module = args.module or find_module()
    except SoftHsmMissing as exc:
        print(exc, file=sys.stderr)
        return 1
    token_dir = TokenDir(Path(args.dir) if args.dir else default_data_dir() / "softhsm")
    prepared = ensure_demo_tokens(module, token_dir)
    if args.db:
        from mock_server.enrol import enrol_demo_tokens

        if not Path(args.db).exists():
            print(f"No database at {args.db}. Start `cpdesk-mock serve --db {args.db}` first"
                  " (it creates the database), then run this again.", file=sys.stderr)
            return 1
        for enrolled in enrol_demo_tokens(args.db, module, token_dir):
            print(f"  {enrolled.username:<14} enrolled: certificate on token"
                  f" {enrolled.token_label}, expires {enrolled.not_after}")
    print(f"SOFTHSM2_CONF={token_dir.conf}")
    print(f"PKCS#11 module: {module}")
    users = {u.username: u for u in DEMO_USERS}
    for token in prepared:
        user = users[token.username]
        state = "created" if token.created else "ready"
        print(f"  {user.username:<14} password {user.password:<18} token {token.token_label:<15}"
              f" PIN {user.pin}  ({state}, serial {token.serial})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cpdesk-mock",
                                     description="Mock child directory server (synthetic data)")
    parser.add_argument("--version", action="version", version=f"cpdesk-mock {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the server on loopback")
    serve.add_argument("--host", default="127.0.0.1",
                       help="loopback address to listen on (127.0.0.1, localhost or ::1)")
    serve.add_argument("--port", type=_port, default=8765, help="TCP port (default 8765)")
    serve.add_argument("--db", type=_db_file, default=None,
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
    serve.set_defaults(func=_cmd_serve)

    reset = sub.add_parser("reset", help="rebuild the directory and empty the audit trail"
                                         " (user accounts are kept)")
    reset.add_argument("--db", type=_db_file, default=None,
                       help="SQLite file (default: user data dir)")
    reset.add_argument("--children", type=int, default=None,
                       help="population size (default: as the database was built)")
    reset.add_argument("--seed", type=int, default=None,
                       help="population seed (default: as the database was built)")
    reset.add_argument("--in-place", action="store_true",
                       help="training: restore the starting state while the server runs,"
                            " keeping accounts and the audit trail")
    reset.set_defaults(func=_cmd_reset)

    verify = sub.add_parser("verify-audit", help="check the audit trail's hash chain and its"
                                                 " signed checkpoints")
    verify.add_argument("--db", type=_db_file, default=None,
                        help="SQLite file (default: user data dir)")
    verify.set_defaults(func=_cmd_verify_audit)

    tokens = sub.add_parser("demo-tokens",
                            help="create (idempotently) the demo users' SoftHSM2 tokens")
    tokens.add_argument("--dir", default=None, help="token directory (default: user data dir)")
    tokens.add_argument("--module", default=None, help="PKCS#11 module (default: SoftHSM2)")
    tokens.add_argument("--db", default=None,
                        help="also register the demo users in this (existing) database and"
                             " enrol their tokens: certificate from its CA onto each token")
    tokens.set_defaults(func=_cmd_demo_tokens)

    from mock_server.enrol import add_commands

    add_commands(sub, lambda: default_data_dir() / "directory.sqlite3")
    from mock_server.trainees import add_command as add_trainees
    from mock_server.trainees import cmd_trainees

    add_trainees(sub).set_defaults(func=lambda args: cmd_trainees(
        args, _db_path(args), default_data_dir() / "softhsm"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
