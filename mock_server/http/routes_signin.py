"""HTTP routes for ``/api/v1/auth/*`` over :class:`mock_server.rules.signin.SignInService`
(``AppContext.signin``, which shares ``AppContext.sessions``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from mock_server.data.audit import AuditUnavailable
from mock_server.http.callers import SESSION_LOCKED
from mock_server.http.context import AppContext, ContextDep
from mock_server.http.errors import error_response
from mock_server.rules.errors import ApiError
from mock_server.rules.sessions import ServerSession, bearer_token
from mock_server.rules.signin import SignInRefused

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


def _refused(exc: SignInRefused) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, exc.retry_after)


def _expired() -> JSONResponse:
    return error_response(401, "session_expired", "Your session has ended. Sign in again.")


def _session(ctx: AppContext, authorization: str | None) -> ServerSession | None:
    token = bearer_token(authorization)
    return ctx.signin.sessions.get(token) if token else None


def _audit(ctx: AppContext, username: str | None, action: str, outcome: str,
           role: str | None = None) -> None:
    """Authentication events go into the audit trail too: who (a real user's name only),
    what, the outcome — never a password, PIN, signature or certificate. Fail closed."""
    known = username if username is not None and ctx.signin.known(username) else None
    try:
        ctx.audit.append(username=known, role=role, action=action, outcome=outcome,
                         detail={} if known is not None or username is None
                         else {"user_name_known": False})
    except AuditUnavailable:
        raise ApiError(503, "audit_unavailable", "The service cannot record sign-ins just "
                       "now. Try again shortly.") from None


@router.post("/challenge", response_model=None)
def post_challenge(body: ChallengeRequest, ctx: ContextDep) -> JSONResponse | dict[str, Any]:
    try:
        issued = ctx.signin.challenge(body.username, body.password)
    except SignInRefused as exc:
        _audit(ctx, body.username, "signin-challenge", f"refused:{exc.code}")
        return _refused(exc)
    _audit(ctx, body.username, "signin-challenge", "issued")
    return issued.to_json()


@router.post("/session", response_model=None)
def post_session(body: SessionRequest, ctx: ContextDep) -> JSONResponse | dict[str, Any]:
    service = ctx.signin
    try:
        session = service.create_session(body.challenge_id, body.algorithm, body.signature,
                                         body.certificate)
    except SignInRefused as exc:
        _audit(ctx, exc.username, "signin", f"refused:{exc.code}")
        return _refused(exc)
    try:
        _audit(ctx, session.username, "signin", "ok")
    except ApiError:
        service.sessions.end(session.token)  # no unaudited session
        raise
    return service.session_json(session)


def _locked() -> JSONResponse:
    return error_response(401, "session_locked", SESSION_LOCKED)


@router.get("/session", response_model=None)
def get_session(ctx: ContextDep, authorization: Annotated[str | None, Header()] = None,
                ) -> JSONResponse | dict[str, Any]:
    session = _session(ctx, authorization)
    if session is None:
        return _expired()
    if session.locked:
        return _locked()
    return ctx.signin.session_json(session)


@router.post("/lock", status_code=204, response_model=None)
def post_lock(ctx: ContextDep, authorization: Annotated[str | None, Header()] = None,
              ) -> Response:
    """The client locked: suspend the session until the same card unlocks it."""
    session = _session(ctx, authorization)
    if session is None:
        return _expired()
    ctx.signin.sessions.set_locked(session.token, True)
    active = session.active_role
    _audit(ctx, session.username, "lock", "ok", role=active.role if active else None)
    return Response(status_code=204)


@router.post("/unlock/challenge", response_model=None)
def post_unlock_challenge(ctx: ContextDep,
                          authorization: Annotated[str | None, Header()] = None,
                          ) -> JSONResponse | dict[str, Any]:
    session = _session(ctx, authorization)
    if session is None:
        return _expired()
    try:
        return ctx.signin.unlock_challenge(session).to_json()
    except SignInRefused as exc:
        _audit(ctx, session.username, "unlock", f"refused:{exc.code}")
        return _refused(exc)


@router.post("/unlock", response_model=None)
def post_unlock(ctx: ContextDep, raw: Annotated[dict[str, Any] | None, Body()] = None,
                authorization: Annotated[str | None, Header()] = None,
                ) -> JSONResponse | dict[str, Any]:
    """The card that signed in signs the unlock challenge: the session goes on (no password:
    the user proves the card and its PIN again)."""
    service = ctx.signin
    session = _session(ctx, authorization)
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
        _audit(ctx, session.username, "unlock", f"refused:{exc.code}", role=role)
        return _refused(exc)
    _audit(ctx, session.username, "unlock", "ok", role=role)
    return service.session_json(unlocked)


@router.post("/role", response_model=None)
def post_role(body: RoleRequest, ctx: ContextDep,
              authorization: Annotated[str | None, Header()] = None,
              ) -> JSONResponse | dict[str, Any]:
    service = ctx.signin
    session = _session(ctx, authorization)
    if session is None:
        return _expired()
    if session.locked:
        return _locked()
    chosen = service.sessions.select_role(session.token, body.role_id)
    if chosen is None:
        _audit(ctx, session.username, "role", "refused:forbidden")
        return error_response(403, "forbidden", "That role is not one of yours.")
    active = chosen.active_role
    _audit(ctx, session.username, "role", "ok", role=active.role if active else None)
    return service.session_json(chosen)


@router.post("/logout", status_code=204, response_model=None)
def post_logout(ctx: ContextDep, authorization: Annotated[str | None, Header()] = None,
                ) -> Response:
    session = _session(ctx, authorization)
    if session is None:
        return _expired()
    ctx.signin.sessions.end(session.token)
    active = session.active_role
    _audit(ctx, session.username, "signout", "ok", role=active.role if active else None)
    return Response(status_code=204)

