"""``cpdesk-mock reset`` (rebuild offline, or restore a training sandbox in place) and
``cpdesk-mock verify-audit``."""

from __future__ import annotations

import argparse
import sys

from mock_server.cli.common import Subparsers, db_file, db_path, existing_db


def run_reset(args: argparse.Namespace) -> int:
    db = db_path(args)
    if args.in_place:
        from mock_server.data.sandbox import restore_in_place

        if existing_db(db, "") is None:
            return 2
        done = restore_in_place(db)
        print(f"Reset {db} in place: {done.children:,} children back to the starting state;"
              " accounts and the audit trail kept. Signed-in users stay signed in until"
              " their sessions end (the trainer's Reset sandbox button also signs trainees"
              " out).")
        return 0
    from mock_server.data.rebuild import rebuild

    stats = rebuild(db, children=args.children, seed=args.seed)
    print(f"Reset {db}: {stats.children:,} children, empty audit trail"
          f" ({stats.seconds:.1f} s).")
    return 0


def run_verify_audit(args: argparse.Namespace) -> int:
    from mock_server.data.checkpoints import verify_trail

    db = existing_db(db_path(args), "")
    if db is None:
        return 2
    result = verify_trail(db)  # the hash chain, then the signed checkpoints beside the file
    if not result.ok:
        print(f"Audit trail BROKEN: {result.problem}.", file=sys.stderr)
        return 1
    print(f"Audit trail intact: {result.summary}.")
    return 0


def register(sub: Subparsers) -> None:
    reset = sub.add_parser("reset", help="rebuild the directory and empty the audit trail"
                                         " (user accounts are kept)")
    reset.add_argument("--db", type=db_file, default=None,
                       help="SQLite file (default: user data dir)")
    reset.add_argument("--children", type=int, default=None,
                       help="population size (default: as the database was built)")
    reset.add_argument("--seed", type=int, default=None,
                       help="population seed (default: as the database was built)")
    reset.add_argument("--in-place", action="store_true",
                       help="training: restore the starting state while the server runs,"
                            " keeping accounts and the audit trail")
    reset.set_defaults(func=run_reset)

    verify = sub.add_parser("verify-audit", help="check the audit trail's hash chain and its"
                                                 " signed checkpoints")
    verify.add_argument("--db", type=db_file, default=None,
                        help="SQLite file (default: user data dir)")
    verify.set_defaults(func=run_verify_audit)
