"""The ``cpdesk-mock`` command line: one parser, its sub-commands registered one way.

Each module in :data:`COMMANDS` has ``register(sub)``, which adds its sub-command parser(s)
and sets ``func`` to a function of the parsed arguments returning the exit status.
"""

from __future__ import annotations

import argparse

from mock_server import __version__
from mock_server.cli import database, serve, tokens

COMMANDS = (serve, database, tokens)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cpdesk-mock",
                                     description="Mock child directory server (synthetic data)")
    parser.add_argument("--version", action="version", version=f"cpdesk-mock {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
