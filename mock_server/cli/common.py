"""What the sub-commands share: the default data folder, the ``--db`` argument, argument types.

Every sub-command module has one ``register(sub)`` that adds its parser(s) and sets ``func``
(``args -> exit status``); ``mock_server.cli.COMMANDS`` lists the modules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TypeAlias

import platformdirs

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("cpdesk-mock", appauthor=False))


def default_db() -> Path:
    return default_data_dir() / "directory.sqlite3"


def db_path(args: argparse.Namespace) -> Path:
    """``--db``, else the database in the user data folder."""
    return Path(args.db) if args.db else default_db()


def db_file(value: str) -> str:
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


def port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError("give a port number from 1 to 65535")
    return number


def existing_db(path: Path, hint: str) -> Path | None:
    """``path`` when the database exists; else None, having said so (with ``hint``)."""
    if path.exists():
        return path
    print(f"No database at {path}.{hint}", file=sys.stderr)
    return None
