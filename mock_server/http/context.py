"""What the routes need, in one typed object: the server's configuration and its services.

``create_app`` builds one :class:`AppContext` and makes it the app's ``state`` (it *is* a
Starlette ``State``, so ``app.state.sessions`` and the like stay valid: tests replace a service
there, e.g. a session store with a movable clock). Routes ask for it with one dependency,
:data:`ContextDep`; middleware is handed it when the app is built. Nothing else is kept on the
app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, Request
from starlette.datastructures import State

from mock_server.data.alerts import AlertStore
from mock_server.data.audit import AuditLog
from mock_server.data.involvements import ActionStore
from mock_server.data.population import DEFAULT_CHILDREN, DEFAULT_SEED
from mock_server.data.store import Store
from mock_server.rules.faults import FaultSettings, FaultState
from mock_server.rules.search import SearchRateLimiter
from mock_server.rules.sessions import SessionStore
from mock_server.rules.signin import SignInService

Environment = Literal["live", "training", "test"]


@dataclass(frozen=True, slots=True)
class ServerConfig:
    environment: Environment = "test"
    server_id: str = "bolton-mock-01"
    min_client_version: str = "0.1.0"
    db_path: Path | None = None
    children: int = DEFAULT_CHILDREN
    seed: int = DEFAULT_SEED
    faults: FaultSettings | None = None  # test and training servers only


class AppContext(State):
    """The app's state, typed. Threading: each service guards itself (see its module)."""

    config: ServerConfig
    db_path: Path
    store: Store  # directory reads
    audit: AuditLog  # the hash-chained trail
    sessions: SessionStore  # only sign-in creates sessions
    signin: SignInService
    actions: ActionStore  # involvements recorded by users, the managers' queue
    alerts: AlertStore  # child-is-here alerts (issue 16)
    faults: FaultState
    search_limiter: SearchRateLimiter
    view_limiter: SearchRateLimiter

    def __init__(self, *, config: ServerConfig, db_path: Path, store: Store, audit: AuditLog,
                 sessions: SessionStore, signin: SignInService, actions: ActionStore,
                 faults: FaultState, search_limiter: SearchRateLimiter,
                 view_limiter: SearchRateLimiter, alerts: AlertStore) -> None:
        super().__init__()
        self.config = config
        self.db_path = db_path
        self.store = store
        self.audit = audit
        self.sessions = sessions
        self.signin = signin
        self.actions = actions
        self.faults = faults
        self.search_limiter = search_limiter
        self.view_limiter = view_limiter
        self.alerts = alerts

    def close(self) -> None:
        self.alerts.close()
        self.actions.close()
        self.store.close()
        self.audit.close()


async def app_context(request: Request) -> AppContext:
    """The one way a route reaches the server's services (``async``: no thread-pool hop)."""
    context = request.app.state
    if not isinstance(context, AppContext):
        raise TypeError("the app was not made by mock_server.http.app.create_app")
    return context


ContextDep = Annotated[AppContext, Depends(app_context)]
