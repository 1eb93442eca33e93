"""FastAPI app factory for the mock directory server; routes stay thin.

``create_app(config)`` opens (building it first when missing) the SQLite directory at
``config.db_path`` and puts on ``app.state``: ``config``, ``db_path``, ``store`` (reads),
``audit`` (hash-chained trail), ``sessions`` (``SessionStore``; only sign-in creates sessions)
and ``search_limiter``. With no ``db_path`` the app gets a private copy of a population built
once per process in a temporary folder (fast for tests), removed when the app shuts down.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel

from mock_server import __version__, errors
from mock_server.audit import AuditLog
from mock_server.checkpoints import CheckpointSigner
from mock_server.faults import FaultSettings, install_faults
from mock_server.population import build
from mock_server.request_guard import RequestGuard
from mock_server.routes_actions import install_actions
from mock_server.routes_directory import VIEWS_PER_10_MINUTES
from mock_server.routes_directory import router as directory_router
from mock_server.routes_signin import install_signin
from mock_server.search import SearchRateLimiter
from mock_server.sessions import SessionStore
from mock_server.store import Store

API = "/api/v1"
DEFAULT_CHILDREN = 10_000
DEFAULT_SEED = 2026


@dataclass(frozen=True, slots=True)
class ServerConfig:
    environment: Literal["live", "training", "test"] = "test"
    server_id: str = "bolton-mock-01"
    min_client_version: str = "0.1.0"
    db_path: Path | None = None
    children: int = DEFAULT_CHILDREN
    seed: int = DEFAULT_SEED
    faults: FaultSettings | None = None  # test and training servers only


class Meta(BaseModel):
    service: Literal["child-directory"] = "child-directory"
    api_version: Literal["1"] = "1"
    environment: Literal["live", "training", "test"]
    server_id: str
    min_client_version: str


_TEMPLATES: dict[tuple[int, int], Path] = {}
_TEMPLATE_LOCK = threading.Lock()


def _template(children: int, seed: int) -> Path:
    with _TEMPLATE_LOCK:
        path = _TEMPLATES.get((children, seed))
        if path is None:
            folder = Path(tempfile.mkdtemp(prefix="cpdesk-mock-template-"))
            atexit.register(shutil.rmtree, folder, True)
            path = folder / "directory.sqlite3"
            build(path, children, seed)
            _TEMPLATES[(children, seed)] = path
        return path


def open_database(config: ServerConfig) -> tuple[Path, Path | None]:
    """The database file to serve (built when missing) and a temporary folder to remove."""
    if config.db_path is not None:
        if not config.db_path.exists():
            build(config.db_path, config.children, config.seed)
        return config.db_path, None
    folder = Path(tempfile.mkdtemp(prefix="cpdesk-mock-"))
    path = folder / "directory.sqlite3"
    shutil.copyfile(_template(config.children, config.seed), path)
    return path, folder


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig()
    db_path, temporary = open_database(config)
    store = Store(db_path)
    store.archive_due(date.today())  # retention (product.md §2), before anyone searches
    # Signed checkpoints of the chain head, key and log beside the database (checkpoints.py);
    # AuditLog signs on opening, every 100 entries and in close() at shutdown.
    audit = AuditLog(db_path, checkpoints=CheckpointSigner.beside(db_path))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        _app.state.actions.close()
        store.close()
        audit.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)

    app = FastAPI(title="cpdesk mock directory server", version=__version__, lifespan=lifespan)
    app.state.config = config
    app.state.db_path = db_path
    app.state.store = store
    app.state.audit = audit
    app.state.sessions = SessionStore()
    app.state.search_limiter = SearchRateLimiter()
    app.state.view_limiter = SearchRateLimiter(limit=VIEWS_PER_10_MINUTES)
    install_signin(app, db_path, config.server_id, demo_users=config.environment != "live")
    errors.install(app)

    @app.get(f"{API}/meta", response_model=Meta)
    def meta() -> Meta:
        return Meta(environment=config.environment, server_id=config.server_id,
                    min_client_version=config.min_client_version)

    app.include_router(directory_router)
    from mock_server.training import router as training_router

    app.include_router(training_router)
    install_faults(app, config.faults, config.environment)
    install_actions(app)
    app.add_middleware(RequestGuard, state=app.state)  # outermost: body cap, Unicode, 500s
    return app
