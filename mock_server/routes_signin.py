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

from fastapi import APIRouter, Body, FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from mock_server.audit import AuditLog, AuditUnavailable
from mock_server.errors import ApiError
from mock_server.routes_directory import SESSION_LOCKED
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


def _audit(request: Request, username: str | None, action: str, outcome: str,
           role: str | None = None) -> None:
    """Authentication events go into the audit trail too: who (a real user's name only),
    what, the outcome — never a password, PIN, signature or certificate. Fail closed."""
    log: AuditLog | None = getattr(request.app.state, "audit", None)
    if log is None:
        return
    service = _service(request)
    known = username if username is not None and service.known(username) else None
    try:
        log.append(username=known, role=role, action=action, outcome=outcome,
                   detail={} if known is not None or username is None
                   else {"user_name_known": False})
    except AuditUnavailable:
        raise ApiError(503, "audit_unavailable", "The service cannot record sign-ins just "
                       "now. Try again shortly.") from None


@router.post("/challenge", response_model=None)
def post_challenge(body: ChallengeRequest, request: Request) -> JSONResponse | dict[str, Any]:
    try:
        issued = _service(request).challenge(body.username, body.password)
    except SignInRefused as exc:
        _audit(request, body.username, "signin-challenge", f"refused:{exc.code}")
        return _refused(exc)
    _audit(request, body.username, "signin-challenge", "issued")
    return issued.to_json()


@router.post("/session", response_model=None)
def post_session(body: SessionRequest, request: Request) -> JSONResponse | dict[str, Any]:
    service = _service(request)
    try:
        session = service.create_session(body.challenge_id, body.algorithm, body.signature,
                                         body.certificate)
    except SignInRefused as exc:
        _audit(request, exc.username, "signin", f"refused:{exc.code}")
        return _refused(exc)
    try:
        _audit(request, session.username, "signin", "ok")
    except ApiError:
        service.sessions.end(session.token)  # no unaudited session
        raise
    return service.session_json(session)


def _locked() -> JSONResponse:
    return error_response(401, "session_locked", SESSION_LOCKED)


@router.get("/session", response_model=None)
def get_session(request: Request, authorization: Annotated[str | None, Header()] = None,
                ) -> JSONResponse | dict[str, Any]:
    session = _session(request, authorization)
    if session is None:
        return _expired()
    if session.locked:
        return _locked()
    return _service(request).session_json(session)


@router.post("/lock", status_code=204, response_model=None)
def post_lock(request: Request, authorization: Annotated[str | None, Header()] = None,
              ) -> Response:
    """The client locked: suspend the session until the same card unlocks it."""
    session = _session(request, authorization)
    if session is None:
        return _expired()
    _service(request).sessions.set_locked(session.token, True)
    active = session.active_role
    _audit(request, session.username, "lock", "ok", role=active.role if active else None)
    return Response(status_code=204)


@router.post("/unlock/challenge", response_model=None)
def post_unlock_challenge(request: Request,
                          authorization: Annotated[str | None, Header()] = None,
                          ) -> JSONResponse | dict[str, Any]:
    session = _session(request, authorization)
    if session is None:
        return _expired()
    try:
        return _service(request).unlock_challenge(session).to_json()
    except SignInRefused as exc:
        _audit(request, session.username, "unlock", f"refused:{exc.code}")
        return _refused(exc)


@router.post("/unlock", response_model=None)
def post_unlock(request: Request, raw: Annotated[dict[str, Any] | None, Body()] = None,
                authorization: Annotated[str | None, Header()] = None,
                ) -> JSONResponse | dict[str, Any]:
    """The card that signed in signs the unlock challenge: the session goes on (no password:
    the user proves the card and its PIN again)."""
    service = _service(request)
    session = _session(request, authorization)
    if session is None:
        return _expired()
    try:  # the session is checked first: no session, 401 whatever the body
        body = SessionRequest.model_validate(raw or {})
    except ValidationError:
        return error_response(422, "invalid_request", "The request body is malformed.")
    active = session.active_role
    role = active.role if active else None
    try:
        unlocked = service.unlock(session, body.challenge_id, body.algorithm, body.signature,
                                  body.certificate)
    except SignInRefused as exc:
        _audit(request, session.username, "unlock", f"refused:{exc.code}", role=role)
        return _refused(exc)
    _audit(request, session.username, "unlock", "ok", role=role)
    return service.session_json(unlocked)


@router.post("/role", response_model=None)
def post_role(body: RoleRequest, request: Request,
              authorization: Annotated[str | None, Header()] = None,
              ) -> JSONResponse | dict[str, Any]:
    service = _service(request)
    session = _session(request, authorization)
    if session is None:
        return _expired()
    if session.locked:
        return _locked()
    chosen = service.sessions.select_role(session.token, body.role_id)
    if chosen is None:
        _audit(request, session.username, "role", "refused:forbidden")
        return error_response(403, "forbidden", "That role is not one of yours.")
    active = chosen.active_role
    _audit(request, session.username, "role", "ok", role=active.role if active else None)
    return service.session_json(chosen)


@router.post("/logout", status_code=204, response_model=None)
def post_logout(request: Request, authorization: Annotated[str | None, Header()] = None,
                ) -> Response:
    session = _session(request, authorization)
    if session is None:
        return _expired()
    _service(request).sessions.end(session.token)
    active = session.active_role
    _audit(request, session.username, "signout", "ok", role=active.role if active else None)
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
