"""Directory routes: search, record view, shield override, and the test-only audit reader.

Routes stay thin: authenticate, validate, ask ``search``/``store``, let ``disclosure`` shape the
answer, and commit the audit entry *before* returning anything (fail closed: 503, no data).
Every refusal of an authenticated caller is audited too.

Threading: these routes are ``async`` and do their SQLite work inline on the event loop. Each
call is an indexed read plus one small commit (well under a millisecond at 1,000,000
children); skipping the thread-pool hop took mixed throughput from ~240 to ~400 requests/s.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from mock_server import disclosure
from mock_server.audit import AuditLog, AuditUnavailable
from mock_server.errors import ApiError
from mock_server.ids import is_valid_directory_id
from mock_server.search import Criteria, SearchRateLimiter, parse_criteria, run_search
from mock_server.services import VOCABULARY
from mock_server.sessions import ServerSession, SessionRole, SessionStore, bearer_token
from mock_server.store import Store

REASON_CODES = ("unscheduled-care", "safeguarding", "education-welfare", "coordinating-support",
                "assessment", "other")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

router = APIRouter(prefix="/api/v1")


SESSION_LOCKED = "Your session is locked. Unlock it with your card to go on."
OTHER_AREA = ("This record is held by another local authority. Managers act only for their "
              "own area: ask that area's ContactPoint team.")


@dataclass(frozen=True, slots=True)
class Caller:
    session: ServerSession
    role: SessionRole


def viewer(request: Request, caller: Caller) -> disclosure.Viewer:
    store: Store = request.app.state.store
    authority = caller.role.local_authority
    return disclosure.Viewer(caller.role.role, authority, store.team_phone(authority))


async def current_caller(request: Request,
                   authorization: Annotated[str | None, Header()] = None) -> Caller:
    """The caller in an active role, else 401 ``session_expired`` / 403 ``role_required``."""
    sessions: SessionStore = request.app.state.sessions
    token = bearer_token(authorization)
    session = sessions.get(token) if token else None
    if session is None:
        raise ApiError(401, "session_expired", "Your session has ended. Sign in again.")
    if session.locked:
        raise ApiError(401, "session_locked", SESSION_LOCKED)
    role = session.active_role
    if role is None:
        raise ApiError(403, "role_required", "Choose a role before continuing.")
    return Caller(session, role)


CallerDep = Annotated[Caller, Depends(current_caller)]


# Per-field limits, checked before anything is stored or audited (a 10 MB family name once
# went into the append-only audit trail). Generous for real values, tiny next to the body cap.
Short = Annotated[str | None, Field(max_length=32)]
Name = Annotated[str | None, Field(max_length=100)]
Text = Annotated[str | None, Field(max_length=2000)]


class SearchBody(BaseModel):
    family_name: Name = None
    given_name: Name = None
    dob: Short = None
    dob_from: Short = None
    dob_to: Short = None
    gender: Short = None
    postcode: Short = None
    directory_id: Short = None
    mode: Short = None


class ReasonBody(BaseModel):
    code: Short = None
    text: Text = None


class ViewBody(BaseModel):
    reason: ReasonBody | None = None


class OverrideBody(BaseModel):
    reason: ReasonBody | None = None
    justification: Text = None


def _audit(request: Request, caller: Caller | None, action: str, outcome: str,
           **fields: Any) -> None:
    log: AuditLog = request.app.state.audit
    try:
        log.append(username=caller.session.username if caller else None,
                   role=caller.role.role if caller else None, action=action, outcome=outcome,
                   **fields)
    except AuditUnavailable:
        raise ApiError(503, "audit_unavailable", "The service cannot record access just now,"
                       " so it cannot show data. Try again shortly.") from None


def _refuse(request: Request, caller: Caller, action: str, error: ApiError,
            **fields: Any) -> ApiError:
    _audit(request, caller, action, f"refused:{error.code}", **fields)
    return error


@router.post("/search")
async def search(request: Request, caller: CallerDep, body: SearchBody) -> JSONResponse:
    limiter: SearchRateLimiter = request.app.state.search_limiter
    raw = Criteria(**{k: v for k, v in body.model_dump().items() if v is not None})
    wait = limiter.check(caller.session.username)
    if wait is not None:
        raise _refuse(request, caller, "search", ApiError(
            429, "rate_limited", "Too many searches. Wait before searching again.", wait),
            detail={"criteria": raw.as_audit()})
    try:
        criteria = parse_criteria(raw)
    except ApiError as exc:
        raise _refuse(request, caller, "search", exc, detail={"criteria": raw.as_audit()}) from None
    outcome = run_search(request.app.state.store, criteria, include_archived=False)
    ids = [hit.child.directory_id for hit in outcome.hits]
    _audit(request, caller, "search", "too_many" if outcome.too_many else "ok",
           detail={"criteria": criteria.as_audit(), "returned": ids})
    if outcome.too_many:
        return JSONResponse({"too_many": True, "count": None, "results": []})
    return JSONResponse({"too_many": False, "count": len(ids),
                         "results": [disclosure.summary(hit) for hit in outcome.hits]})


def _reason(request: Request, caller: Caller, action: str, directory_id: str,
            reason: ReasonBody | None) -> tuple[str, str | None]:
    code = reason.code if reason else None
    text = (reason.text or "").strip() if reason else ""
    problem = None
    if code not in REASON_CODES:
        problem = "Give a reason for access."
    elif code == "other" and len(text) < 10:
        problem = "Describe the other reason in at least 10 characters."
    if problem is not None:
        raise _refuse(request, caller, action, ApiError(400, "reason_required", problem),
                      directory_id=directory_id if is_valid_directory_id(directory_id) else None)
    assert code is not None
    return code, text or None


def _load(request: Request, caller: Caller, action: str, directory_id: str,
          reason_code: str) -> Any:
    store: Store = request.app.state.store
    rec = store.record(directory_id) if is_valid_directory_id(directory_id) else None
    if rec is None or rec.child.archived:  # archived: no one, managers included
        raise _refuse(request, caller, action,
                      ApiError(404, "not_found", "No child with that directory ID."),
                      directory_id=directory_id if rec is not None else None,
                      reason_code=reason_code)
    return rec


VIEWS_PER_10_MINUTES = 100


def _limit_views(request: Request, caller: Caller, action: str, directory_id: str,
                 reason_code: str) -> None:
    """At most ``VIEWS_PER_10_MINUTES`` records opened per user (issue 14: 1,000 views of
    random IDs in 4 s went through): 429 in the search limit's shape, audited."""
    wait = request.app.state.view_limiter.check(caller.session.username)
    if wait is not None:
        raise _refuse(request, caller, action, ApiError(
            429, "rate_limited", "Too many records opened. Wait before opening another.", wait),
            directory_id=directory_id if is_valid_directory_id(directory_id) else None,
            reason_code=reason_code)


def _local_manager(caller: Caller, rec: Any) -> bool:
    """A manager of the child's own local authority (who may see sensitive details)."""
    return (caller.role.role == disclosure.MANAGER
            and caller.role.local_authority == rec.child.local_authority)


@router.get("/services")
async def services(caller: CallerDep) -> dict[str, Any]:
    """The service vocabulary an involvement may name; sensitive ones are marked."""
    return {"services": [s.as_json() for s in VOCABULARY]}


@router.post("/children/{directory_id}/view")
async def view(request: Request, caller: CallerDep, directory_id: str,
         body: Annotated[ViewBody | None, Body()] = None) -> JSONResponse:
    code, text = _reason(request, caller, "view", directory_id, body.reason if body else None)
    _limit_views(request, caller, "view", directory_id, code)
    rec = _load(request, caller, "view", directory_id, code)
    data = disclosure.record(rec, viewer(request, caller), today=date.today())
    data = request.app.state.actions.decorate(data, caller.session.username, date.today(),
                                              details=_local_manager(caller, rec))
    _audit(request, caller, "view", "ok", directory_id=directory_id, reason_code=code,
           detail={"reason_text": text, "withheld": data["withheld"]})
    return JSONResponse(data)


@router.post("/children/{directory_id}/shield-override")
async def shield_override(request: Request, caller: CallerDep, directory_id: str,
                    body: Annotated[OverrideBody | None, Body()] = None) -> JSONResponse:
    if caller.role.role != disclosure.MANAGER:
        raise _refuse(request, caller, "override",
                      ApiError(403, "forbidden", "Only a ContactPoint manager can do this."),
                      directory_id=directory_id if is_valid_directory_id(directory_id) else None)
    code, text = _reason(request, caller, "override", directory_id,
                         body.reason if body else None)
    justification = ((body.justification if body else None) or "").strip()
    if len(justification) < 20:
        raise _refuse(request, caller, "override", ApiError(
            400, "justification_required", "Justify the override in at least 20 characters."),
            directory_id=directory_id, reason_code=code)
    rec = _load(request, caller, "override", directory_id, code)
    if rec.child.local_authority != caller.role.local_authority:
        raise _refuse(request, caller, "override", ApiError(403, "forbidden", OTHER_AREA),
                      directory_id=directory_id, reason_code=code)
    data = disclosure.record(rec, viewer(request, caller), today=date.today(), override=True)
    data = request.app.state.actions.decorate(data, caller.session.username, date.today(),
                                              details=_local_manager(caller, rec))
    _audit(request, caller, "override", "ok", directory_id=directory_id, reason_code=code,
           detail={"reason_text": text, "justification": justification})
    return JSONResponse(data)


@router.get("/test/audit")
def test_audit(request: Request,
               after_seq: Annotated[int, Query(ge=0, le=2**63 - 1)] = 0) -> dict[str, Any]:
    """Test and training servers only, loopback callers only; 404 otherwise."""
    client = request.client.host if request.client else None
    if request.app.state.config.environment == "live" or client not in LOOPBACK:
        raise ApiError(404, "not_found", "Not found.")
    log: AuditLog = request.app.state.audit
    return {"entries": [e.as_json() for e in log.entries(after_seq)], "head": log.head()}
