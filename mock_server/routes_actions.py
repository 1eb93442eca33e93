"""Routes for practitioner actions, my activity and the manager's queue (api.md).

Thin: authenticate (``current_caller``), validate, ask ``actions.ActionStore``, and commit the
audit entry before answering. A write whose audit entry cannot be committed is undone and the
call fails with 503 (fail closed). Every refusal of an authenticated caller is audited.

Threading: plain ``def`` routes (FastAPI's thread pool); the stores lock their connections.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from mock_server.actions import (
    SECTIONS,
    ActionStore,
    NewInvolvement,
    Profile,
    day_field,
    text_field,
)
from mock_server.audit import AuditLog, AuditUnavailable
from mock_server.errors import ApiError
from mock_server.ids import is_valid_directory_id
from mock_server.review import OUT_OF_AREA_VIEWS, VOLUME_VIEWS, WINDOW_HOURS, AccessReview
from mock_server.routes_directory import OTHER_AREA, Caller, CallerDep, Name, Short, Text
from mock_server.services import service
from mock_server.store import ChildRow, Store
from mock_server.users import UserStore

router = APIRouter(prefix="/api/v1")

NOT_FOUND = "No child with that directory ID."
MANAGERS_ONLY = "Only a ContactPoint manager can do this."


class InvolvementBody(BaseModel):
    service: Short = None  # a code from GET /services
    job_title: Name = None
    since: Short = None
    lead_professional: bool = False
    caf_holder: bool = False
    replace_lead: bool = False  # confirmed: the new lead takes over from the current one


class EndBody(BaseModel):
    ended: Short = None


class InaccuracyBody(BaseModel):
    section: Short = None
    description: Text = None


class ContactBody(BaseModel):
    message: Text = None


class ResolveBody(BaseModel):
    note: Text = None


def install_actions(app: FastAPI) -> None:
    """Open the action tables beside the directory and include the routes."""
    app.state.actions = ActionStore(app.state.db_path)
    app.include_router(router)


def _actions(request: Request) -> ActionStore:
    store: ActionStore = request.app.state.actions
    return store


def _audit(request: Request, caller: Caller, action: str, outcome: str, **fields: Any) -> None:
    log: AuditLog = request.app.state.audit
    try:
        log.append(username=caller.session.username, role=caller.role.role, action=action,
                   outcome=outcome, **fields)
    except AuditUnavailable:
        raise ApiError(503, "audit_unavailable", "The service cannot record this just now."
                       " Nothing was changed. Try again shortly.") from None


def _refuse(request: Request, caller: Caller, action: str, error: ApiError,
            **fields: Any) -> ApiError:
    _audit(request, caller, action, f"refused:{error.code}", **fields)
    return error


def _profile(request: Request, caller: Caller) -> Profile:
    users: UserStore | None = getattr(getattr(request.app.state, "signin", None), "users", None)
    user = users.get(caller.session.username) if users is not None else None
    role = caller.role
    return Profile(username=caller.session.username,
                   display_name=user.display_name if user else caller.session.username,
                   job_title=user.job_title if user else "",
                   organisation=role.organisation, phone=user.phone if user else "",
                   email=user.email if user else "", role=role.role,
                   local_authority=role.local_authority)


def _child(request: Request, caller: Caller, action: str, directory_id: str) -> ChildRow:
    """The child (404 when unknown, or archived for a non-manager)."""
    store: Store = request.app.state.store
    child = store.by_directory_id(directory_id) if is_valid_directory_id(directory_id) else None
    if child is None or child.archived:  # archived: no one, managers included
        raise _refuse(request, caller, action, ApiError(404, "not_found", NOT_FOUND),
                      directory_id=directory_id if child is not None else None)
    return child


def _checked(request: Request, caller: Caller, action: str, fn: Any, *args: Any,
             directory_id: str | None = None) -> Any:
    try:
        return fn(*args)
    except ApiError as exc:
        raise _refuse(request, caller, action, exc, directory_id=directory_id) from None


# -- practitioner actions ------------------------------------------------------------------


@router.post("/children/{directory_id}/involvements")
def record_involvement(request: Request, caller: CallerDep, directory_id: str,
                       body: Annotated[InvolvementBody | None, Body()] = None) -> JSONResponse:
    action = "involvement"
    child = _child(request, caller, action, directory_id)
    who = _profile(request, caller)
    if child.shielded and not who.manager:
        raise _refuse(request, caller, action, ApiError(
            403, "forbidden", "This record is shielded. Involvement with a shielded child is"
            " recorded through the ContactPoint team."), directory_id=directory_id)
    if child.shielded and who.local_authority != child.local_authority:
        raise _refuse(request, caller, action, ApiError(403, "forbidden", OTHER_AREA),
                      directory_id=directory_id)
    body = body or InvolvementBody()

    def validate() -> NewInvolvement:
        chosen = service(body.service)
        if chosen is None:
            raise ApiError(400, "invalid_request", "Choose the service from the list.")
        since = day_field(body.since, "start date")
        if since > date.today():
            raise ApiError(400, "invalid_request", "The start date cannot be in the future.")
        if chosen.sensitive and (body.lead_professional or body.caf_holder):
            raise ApiError(400, "invalid_request", "An involvement in a sensitive service is"
                           " not shown to other practitioners, so it cannot be recorded as the"
                           " lead professional or as holding the CAF.")
        if body.lead_professional and not body.replace_lead:
            current = store.current_lead(directory_id)
            if current is not None:
                raise ApiError(409, "lead_exists", f"{current} is this child's lead"
                               " professional. Confirm that you are taking over as lead.")
        return NewInvolvement(service=chosen.name,
                              job_title=text_field(body.job_title or who.job_title,
                                                   "job title", 2, 100),
                              since=since, lead_professional=body.lead_professional,
                              caf_holder=body.caf_holder, sensitive=chosen.sensitive)

    store = _actions(request)
    new = _checked(request, caller, action, validate, directory_id=directory_id)
    made = store.add_involvement(directory_id, who, new)
    try:
        _audit(request, caller, action, "ok", directory_id=directory_id,
               detail={"involvement_id": made["involvement_id"], "service": new.service,
                       "since": new.since.isoformat(),
                       "lead_professional": new.lead_professional,
                       "caf_holder": new.caf_holder, "sensitive": new.sensitive})
    except ApiError:
        store.remove_involvement(made["involvement_id"])
        raise
    if new.lead_professional:  # one lead professional per child at a time
        store.replace_lead(directory_id, keep=made["involvement_id"])
    if new.caf_holder:
        store.set_caf(directory_id)  # holding the CAF means a CAF exists
    return JSONResponse(made, status_code=201)


@router.post("/involvements/{involvement_id}/end")
def end_involvement(request: Request, caller: CallerDep, involvement_id: str,
                    body: Annotated[EndBody | None, Body()] = None) -> JSONResponse:
    action = "involvement-end"
    store = _actions(request)
    found = store.find_involvement(involvement_id)
    if found is None:
        raise _refuse(request, caller, action, ApiError(
            404, "not_found", "No such involvement."), detail={"involvement_id": None})
    child = _child(request, caller, action, found.directory_id)
    who = _profile(request, caller)
    audit = {"directory_id": found.directory_id, "detail": {"involvement_id": involvement_id}}
    owner = found.owner is not None and found.owner == who.username
    local_manager = who.manager and who.local_authority == child.local_authority
    if not (owner or local_manager):
        raise _refuse(request, caller, action, ApiError(
            403, "forbidden", "Only the practitioner who recorded this involvement, or a"
            " ContactPoint manager for the child's local authority, can end it."), **audit)
    if found.ended is not None:
        raise _refuse(request, caller, action, ApiError(
            409, "already_ended", "This involvement has already ended."), **audit)

    def validate() -> date:
        ended = day_field((body or EndBody()).ended, "end date")
        if ended > date.today():
            raise ApiError(400, "invalid_request", "The end date cannot be in the future.")
        return ended

    ended = _checked(request, caller, action, validate, directory_id=found.directory_id)
    store.set_ended(involvement_id, ended.isoformat())
    try:
        _audit(request, caller, action, "ok", directory_id=found.directory_id,
               detail={"involvement_id": involvement_id, "ended": ended.isoformat(),
                       "as": "owner" if owner else "manager"})
    except ApiError:
        store.set_ended(involvement_id, None)
        raise
    return JSONResponse({"involvement_id": involvement_id, "ended": ended.isoformat()})


def _raise(request: Request, caller: Caller, kind: str, directory_id: str, text: str,
           section: str | None) -> JSONResponse:
    child = _child(request, caller, kind, directory_id)
    store = _actions(request)
    reference = store.raise_item(kind, directory_id, child.local_authority,
                                 _profile(request, caller), text, section)
    try:
        _audit(request, caller, kind, "ok", directory_id=directory_id,
               detail={"reference": reference, "section": section,
                       "local_authority": child.local_authority})
    except ApiError:
        store.withdraw(reference)
        raise
    return JSONResponse({"reference": reference}, status_code=201)


@router.post("/children/{directory_id}/inaccuracies")
def report_inaccuracy(request: Request, caller: CallerDep, directory_id: str,
                      body: Annotated[InaccuracyBody | None, Body()] = None) -> JSONResponse:
    body = body or InaccuracyBody()
    _child(request, caller, "inaccuracy", directory_id)

    def validate() -> str:
        if body.section not in SECTIONS:
            raise ApiError(400, "invalid_request",
                           f"Choose the section: one of {', '.join(SECTIONS)}.")
        return text_field(body.description, "description", 10, 2000)

    text = _checked(request, caller, "inaccuracy", validate, directory_id=directory_id)
    return _raise(request, caller, "inaccuracy", directory_id, text, body.section)


@router.post("/children/{directory_id}/sensitive-contact-requests")
def request_contact(request: Request, caller: CallerDep, directory_id: str,
                    body: Annotated[ContactBody | None, Body()] = None) -> JSONResponse:
    _child(request, caller, "contact-request", directory_id)
    text = _checked(request, caller, "contact-request", text_field,
                    (body or ContactBody()).message, "message", 10, 2000,
                    directory_id=directory_id)
    return _raise(request, caller, "contact-request", directory_id, text, None)


@router.get("/me/activity")
def my_activity(request: Request, caller: CallerDep,
                limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JSONResponse:
    return JSONResponse({"items": _actions(request).activity(caller.session.username, limit)})


# -- manager -------------------------------------------------------------------------------


def _manager(request: Request, caller: Caller, action: str) -> Profile:
    who = _profile(request, caller)
    if not who.manager:
        raise _refuse(request, caller, action, ApiError(403, "forbidden", MANAGERS_ONLY))
    return who


@router.get("/review")
def access_review(request: Request, caller: CallerDep) -> JSONResponse:
    """Users of the manager's own area whose record views stand out (``review.py``)."""
    who = _manager(request, caller, "review")
    review = AccessReview(request.app.state.db_path)
    try:
        rows = review.stand_out(who.local_authority)
    finally:
        review.close()
    _audit(request, caller, "review", "ok", detail={"listed": len(rows)})
    return JSONResponse({"window_hours": WINDOW_HOURS, "volume_views": VOLUME_VIEWS,
                         "out_of_area_views": OUT_OF_AREA_VIEWS,
                         "users": [row.as_json() for row in rows]})


@router.get("/queue")
def queue(request: Request, caller: CallerDep) -> JSONResponse:
    who = _manager(request, caller, "queue")
    items = _actions(request).queue(who.local_authority)
    _audit(request, caller, "queue", "ok",
           detail={"local_authority": who.local_authority, "items": len(items)})
    return JSONResponse({"items": [item.as_json() for item in items]})


@router.post("/queue/{reference}/resolve")
def resolve(request: Request, caller: CallerDep, reference: str,
            body: Annotated[ResolveBody | None, Body()] = None) -> JSONResponse:
    action = "resolve"
    who = _manager(request, caller, action)
    store = _actions(request)
    item = store.item(reference)
    if item is None or item.local_authority != who.local_authority:
        raise _refuse(request, caller, action, ApiError(
            404, "not_found", "No such item in your local authority's queue."),
            detail={"reference": None})
    audit = {"directory_id": item.directory_id, "detail": {"reference": reference}}
    if item.status == "resolved":
        raise _refuse(request, caller, action, ApiError(
            409, "already_resolved", "This item has already been resolved."), **audit)
    note = _checked(request, caller, action, text_field, (body or ResolveBody()).note,
                    "note", 3, 2000, directory_id=item.directory_id)
    store.resolve(reference, who, note)
    try:
        _audit(request, caller, action, "ok", **audit)
    except ApiError:
        store.resolve(reference, who, None)
        raise
    resolved = store.item(reference)
    assert resolved is not None
    return JSONResponse(resolved.as_json())
