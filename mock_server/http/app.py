"""FastAPI app factory for the mock directory server; routes stay thin.

``create_app(config)`` opens (building it first when missing) the SQLite directory at
``config.db_path`` and makes one :class:`~mock_server.http.context.AppContext` — config,
database path, store (reads), audit (hash-chained trail), sessions, sign-in, the action store,
fault state and the search and view limiters — which becomes ``app.state``. Routes reach it
through ``ContextDep``. With no ``db_path`` the app gets a private copy of a population built
once per process in a temporary folder (fast for tests), removed when the app shuts down.

Wiring is in one place: the routers are in ``ROUTERS`` (included in that order), error shapes
in ``EXCEPTION_HANDLERS``, and two middlewares (faults inside, the request guard outermost).
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from fastapi import APIRouter, FastAPI

from mock_server import __version__
from mock_server.data import audit_review, duplicates, planted_children, shields, together
from mock_server.data.alerts import AlertStore
from mock_server.data.audit import AuditLog
from mock_server.data.checkpoints import CheckpointSigner
from mock_server.data.database import open_database
from mock_server.data.involvements import ActionStore
from mock_server.data.population import DEFAULT_CHILDREN, DEFAULT_SEED
from mock_server.data.store import Store
from mock_server.data.users import UserStore
from mock_server.http import (
    faults,
    routes_alerts,
    routes_directory,
    routes_involvements,
    routes_manager,
    routes_meta,
    routes_review,
    routes_signin,
    routes_together,
    routes_training,
)
from mock_server.http.context import AppContext, ServerConfig
from mock_server.http.errors import EXCEPTION_HANDLERS
from mock_server.http.guard import RequestGuard
from mock_server.rules.faults import initial_state
from mock_server.rules.search import SearchRateLimiter
from mock_server.rules.sessions import SessionStore
from mock_server.rules.signin import SignInService
from mock_server.tokens.demo_users import ensure_demo_users

__all__ = ["DEFAULT_CHILDREN", "DEFAULT_SEED", "ROUTERS", "ServerConfig", "create_app"]

ROUTERS: tuple[APIRouter, ...] = (
    routes_signin.router, routes_meta.router, routes_directory.router, routes_training.router,
    faults.router, routes_involvements.router, routes_manager.router, routes_alerts.router,
    routes_together.router, routes_review.router)


def _context(config: ServerConfig) -> tuple[AppContext, Path | None]:
    db_path, temporary = open_database(config.db_path, config.children, config.seed)
    store = Store(db_path)
    store.archive_due(date.today())  # retention (product.md §2), before anyone searches
    # Signed checkpoints of the chain head, key and log beside the database (checkpoints.py);
    # AuditLog signs on opening, every 100 entries and in close() at shutdown.
    audit = AuditLog(db_path, checkpoints=CheckpointSigner.beside(db_path))
    sessions = SessionStore()
    users = UserStore(db_path)
    if config.environment != "live" and users.count() == 0:
        ensure_demo_users(users)  # a new test or training database gets the demo users
    _prepare_together(db_path, demo=config.environment != "live")
    context = AppContext(
        config=config, db_path=db_path, store=store, audit=audit, sessions=sessions,
        signin=SignInService(users, sessions, config.server_id),
        faults=initial_state(config.faults, config.environment),
        actions=ActionStore(db_path), search_limiter=SearchRateLimiter(),
        view_limiter=SearchRateLimiter(limit=routes_directory.VIEWS_PER_10_MINUTES),
        alerts=AlertStore(db_path))  # after the action store: it reads its involvements
    return context, temporary


def _prepare_together(db_path: Path, *, demo: bool) -> None:
    """Issue 17's tables; a database built before it is scanned for duplicates once; a test
    or training server gets the demo shielder and the planted watch list and staff home."""
    together.prepare(db_path)
    duplicates.prepare(db_path)
    shields.prepare(db_path, shields.DEMO_SHIELDERS if demo else ())
    audit_review.prepare(db_path, planted_children.WELL_KNOWN_IDS if demo else (),
                         planted_children.STAFF_HOMES if demo else ())


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig()
    context, temporary = _context(config)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        context.close()
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)

    app = FastAPI(title="cpdesk mock directory server", version=__version__, lifespan=lifespan,
                  exception_handlers=EXCEPTION_HANDLERS)
    app.state = context
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(faults.FaultMiddleware, context=context)
    app.add_middleware(RequestGuard, context=context)  # outermost: body cap, Unicode, 500s
    return app
