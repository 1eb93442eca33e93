"""A real mock server with sign-in, demo users enrolled on the real SoftHSM demo tokens.

The clock is injectable so challenge expiry is tested without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mock_server.data.users import UserStore
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.sessions import SessionStore
from mock_server.rules.signin import SignInService
from mock_server.tokens.demo_users import DEMO_USERS
from mock_server.tokens.enrol import enrol_demo_tokens
from mock_server.tokens.softhsm import TokenDir


class Clock:
    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class LiveServer:
    url: str
    clock: Clock
    serials: dict[str, str]  # username -> token serial


def enrolled_db(root: Path, module_path: str, token_dir: TokenDir) -> tuple[Path, dict[str, str]]:
    db = root / "directory.sqlite3"
    enrolments = enrol_demo_tokens(db, module_path, token_dir, DEMO_USERS)
    return db, {e.username: e.serial for e in enrolments}


@contextmanager
def live_server(db: Path, serials: dict[str, str]) -> Iterator[LiveServer]:
    clock = Clock()
    app = create_app(ServerConfig())
    server_id = app.state.config.server_id
    app.state.sessions = SessionStore(clock=clock)
    app.state.signin = SignInService(UserStore(db), app.state.sessions, server_id, clock=clock)
    with ServerThread(app) as thread:
        yield LiveServer(thread.url, clock, serials)
