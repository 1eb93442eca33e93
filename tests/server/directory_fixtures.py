"""Helpers for the directory server tests: a small real population served by uvicorn.

A population is built once per test session (real SQLite file); each server gets its own copy,
so audit trails do not mix between modules. Sessions are made with
``app.state.sessions.create`` — the test-only way in; the served app has no such route.
"""

from __future__ import annotations

import shutil
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.sessions import SessionRole

SMALL_POPULATION = 2000


@dataclass
class Directory:
    app: FastAPI
    url: str
    db_path: Path

    def client(self, role: str = "practitioner", username: str | None = None,
               local_authority: str = "Bolton") -> httpx.Client:
        """A client signed in (test-only) as a fresh user in one active role."""
        name = username or f"{role}-{uuid.uuid4().hex[:8]}"
        session = self.app.state.sessions.create(
            name, (SessionRole("r1", role, "Test organisation", local_authority),))
        return httpx.Client(base_url=self.url,
                            headers={"Authorization": f"Bearer {session.token}"}, timeout=30)

    def audit(self, after_seq: int = 0) -> list[dict[str, Any]]:
        body = httpx.get(f"{self.url}/api/v1/test/audit", params={"after_seq": after_seq}).json()
        entries: list[dict[str, Any]] = body["entries"]
        return entries

    def last_seq(self) -> int:
        entries = self.audit()
        return int(entries[-1]["seq"]) if entries else 0


@contextmanager
def serve_directory(template: Path, folder: Path,
                    environment: str = "test") -> Iterator[Directory]:
    db = folder / "directory.sqlite3"
    shutil.copyfile(template, db)
    app = create_app(ServerConfig(environment=environment, db_path=db))  # type: ignore[arg-type]
    server = ServerThread(app)
    # ServerThread's socket has proto 0, so asyncio leaves Nagle on: ~40 ms per keep-alive
    # response. Setting it on the listening socket is inherited by accepted connections.
    server._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    with server:
        yield Directory(app, server.url, db)


def consent() -> dict[str, Any]:
    """Consent given by the child today (issue 17: involvements, contact requests and
    convening carry it)."""
    return {"basis": "child", "given_on": date.today().isoformat()}


def reason(code: str = "unscheduled-care", text: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code}
    if text is not None:
        body["text"] = text
    return {"reason": body}
