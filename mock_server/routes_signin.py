"""HTTP routes for ``/api/v1/auth/*`` over :class:`mock_server.signin.SignInService`.

``install_signin(app, db_path)`` puts the service on ``app.state.signin`` (sharing
``app.state.sessions``, creating a ``SessionStore`` if the app has none), registers the
demo users in a database that has no users yet, and includes the router.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from mock_server.sessions import ServerSession, SessionStore, bearer_token
from mock_server.signin import SignInRefused, SignInService
from mock_server.users import UserStore

API = "/api/v1"

router = APIRouter(prefix=f"{API}/auth")


class ChallengeRequest(BaseModel):
    username: str = Field(min_length=1, max_length=128)
    password: str = Field(min_length=1, max_length=1024, repr=False)


class SessionRequest(BaseModel):
    challenge_id: str = Field(min_length=1, max_length=128)
    algorithm: str = Field(max_length=64)
    signature: str = Field(max_length=4096, repr=False)
    certificate: str = Field(max_length=16384)


class RoleRequest(BaseModel):
    role_id: str = Field(min_length=1, max_length=32)


def error_response(status: int, code: str, message: str,
                   retry_after: int | None = None) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    headers: dict[str, str] = {}
    if retry_after is not None:
        body["retry_after"] = retry_after
        headers["Retry-After"] = str(retry_after)
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def _refused(exc: SignInRefused) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.retry_after)


def _expired() -> JSONResponse:
    return error_response(401, "session_expired", "Your session has ended. Sign in again.")


def _service(request: Request) -> SignInService:
    service: SignInService = request.app.state.signin
    return service


def _session(request: Request, authorization: str | None) -> ServerSession | None:
    token = bearer_token(authorization)
    return _service(request).sessions.get(token) if token else None


@router.post("/challenge", response_model=None)
def post_challenge(body: ChallengeRequest, request: Request) -> JSONResponse | dict[str, Any]:
    try:
        return _service(request).challenge(body.username, body.password).to_json()
    except SignInRefused as exc:
        return _refused(exc)


@router.post("/session", response_model=None)
def post_session(body: SessionRequest, request: Request) -> JSONResponse | dict[str, Any]:
    service = _service(request)
    try:
        session = service.create_session(body.challenge_id, body.algorithm, body.signature,
                                         body.certificate)
    except SignInRefused as exc:
        return _refused(exc)
    return service.session_json(session)


@router.get("/session", response_model=None)
def get_session(request: Request, authorization: Annotated[str | None, Header()] = None,
                ) -> JSONResponse | dict[str, Any]:
    session = _session(request, authorization)
    if session is None:
        return _expired()
    return _service(request).session_json(session)


@router.post("/role", response_model=None)
def post_role(body: RoleRequest, request: Request,
              authorization: Annotated[str | None, Header()] = None,
              ) -> JSONResponse | dict[str, Any]:
    service = _service(request)
    session = _session(request, authorization)
    if session is None:
        return _expired()
    chosen = service.sessions.select_role(session.token, body.role_id)
    if chosen is None:
        return error_response(403, "forbidden", "That role is not one of yours.")
    return service.session_json(chosen)


@router.post("/logout", status_code=204, response_model=None)
def post_logout(request: Request, authorization: Annotated[str | None, Header()] = None,
                ) -> Response:
    session = _session(request, authorization)
    if session is None:
        return _expired()
    _service(request).sessions.end(session.token)
    return Response(status_code=204)


def install_signin(app: FastAPI, db_path: str | Path, server_id: str,
                   clock: Callable[[], float] = time.time,
                   demo_users: bool = True) -> SignInService:
    """Wire sign-in into the app: state, demo users for a new database, routes."""
    from mock_server.enrol import ensure_demo_users

    sessions: SessionStore | None = getattr(app.state, "sessions", None)
    if sessions is None:
        sessions = SessionStore(clock=clock)
        app.state.sessions = sessions
    users = UserStore(db_path)
    if demo_users and users.count() == 0:
        ensure_demo_users(users)
    service = SignInService(users, sessions, server_id, clock=clock)
    app.state.signin = service
    app.include_router(router)
    return service
