"""Routes for practitioner actions and my activity (api.md); the manager's are in
``routes_manager.py``.

Thin: authenticate (``CallerDep``), validate (``rules/involvements.py``), ask the action store
(``data/involvements.py``), and commit the audit entry before answering. A write whose audit
entry cannot be committed is undone and the call fails with 503 (fail closed). Every refusal
of an authenticated caller is audited.

Threading: plain ``def`` routes (FastAPI's thread pool); the stores lock their connections.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from mock_server.data import together
from mock_server.data.ids import is_valid_directory_id
from mock_server.data.involvements import NewInvolvement, Profile
from mock_server.data.services import service
from mock_server.data.store import ChildRow
from mock_server.http.callers import OTHER_AREA, Audit, Caller, CallerDep, Name, Short, Text
from mock_server.http.context import AppContext, ContextDep
from mock_server.rules.consent import parse_consent
from mock_server.rules.errors import ApiError
from mock_server.rules.involvements import SECTIONS, day_field, text_field

router = APIRouter(prefix="/api/v1")

NOT_FOUND = "No child with that directory ID."

trail = Audit("The service cannot record this just now. Nothing was changed."
              " Try again shortly.")


class ConsentBody(BaseModel):
    """Consent given (``basis`` child or parent, ``given_on``) or an urgent ``ground`` with a
    ``reason`` (issue 17, ``rules/consent.py``)."""

    basis: Short = None
    given_on: Short = None
    ground: Short = None
    reason: Text = None


class InvolvementBody(BaseModel):
    service: Short = None  # a code from GET /services
    job_title: Name = None
    since: Short = None
    lead_professional: bool = False
    caf_holder: bool = False
    replace_lead: bool = False  # confirmed: the new lead takes over from the current one
    consent: ConsentBody | None = None


class EndBody(BaseModel):
    ended: Short = None


class InaccuracyBody(BaseModel):
    section: Short = None
    description: Text = None


class ContactBody(BaseModel):
    message: Text = None
    consent: ConsentBody | None = None


def profile(ctx: AppContext, caller: Caller) -> Profile:
    """Who is acting: the user's profile and the session's active role."""
    user = ctx.signin.users.get(caller.session.username)
    role = caller.role
    return Profile(username=caller.session.username,
                   display_name=user.display_name if user else caller.session.username,
                   job_title=user.job_title if user else "",
                   organisation=role.organisation, phone=user.phone if user else "",
                   email=user.email if user else "", role=role.role,
                   local_authority=role.local_authority)


def _child(ctx: AppContext, caller: Caller, action: str, directory_id: str) -> ChildRow:
    """The child (404 when unknown, or archived for a non-manager)."""
    child = ctx.store.by_directory_id(directory_id) if is_valid_directory_id(directory_id) else None
    if child is None or child.archived:  # archived: no one, managers included
        raise trail.refuse(ctx, caller, action, ApiError(404, "not_found", NOT_FOUND),
                           directory_id=directory_id if child is not None else None)
    return child


def consent_of(ctx: AppContext, caller: Caller, action: str, body: ConsentBody | None,
               directory_id: str) -> together.Consent:
    """The consent a body carries (400 ``consent_required`` otherwise, audited)."""
    body = body or ConsentBody()
    consent: together.Consent = checked(ctx, caller, action, parse_consent, body.basis,
                                        body.given_on, body.ground, body.reason,
                                        directory_id=directory_id)
    return consent


def checked(ctx: AppContext, caller: Caller, action: str, fn: Any, *args: Any,
             directory_id: str | None = None) -> Any:
    try:
        return fn(*args)
    except ApiError as exc:
        raise trail.refuse(ctx, caller, action, exc, directory_id=directory_id) from None


# -- practitioner actions ------------------------------------------------------------------


@router.post("/children/{directory_id}/involvements")
def record_involvement(ctx: ContextDep, caller: CallerDep, directory_id: str,
                       body: Annotated[InvolvementBody | None, Body()] = None) -> JSONResponse:
    action = "involvement"
    child = _child(ctx, caller, action, directory_id)
    who = profile(ctx, caller)
    if child.shielded and not who.manager:
        raise trail.refuse(ctx, caller, action, ApiError(
            403, "forbidden", "This record is shielded. Involvement with a shielded child is"
            " recorded through the ContactPoint team."), directory_id=directory_id)
    if child.shielded and who.local_authority != child.local_authority:
        raise trail.refuse(ctx, caller, action, ApiError(403, "forbidden", OTHER_AREA),
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

    store = ctx.actions
    new = checked(ctx, caller, action, validate, directory_id=directory_id)
    consent = consent_of(ctx, caller, action, body.consent, directory_id)
    made = store.add_involvement(directory_id, who, new)
    together.record_consent(ctx.db_path, directory_id, action, made["involvement_id"],
                            consent, who)
    try:
        trail(ctx, caller, action, "ok", directory_id=directory_id,
               detail={"involvement_id": made["involvement_id"], "service": new.service,
                       "since": new.since.isoformat(),
                       "lead_professional": new.lead_professional,
                       "caf_holder": new.caf_holder, "sensitive": new.sensitive,
                       "consent": consent.as_json()})
    except ApiError:
        store.remove_involvement(made["involvement_id"])
        together.withdraw(ctx.db_path, made["involvement_id"])
        raise
    if new.lead_professional:  # one lead professional per child at a time
        store.replace_lead(directory_id, keep=made["involvement_id"])
    if new.caf_holder:
        store.set_caf(directory_id)  # holding the CAF means a CAF exists
    return JSONResponse(made, status_code=201)


@router.post("/involvements/{involvement_id}/end")
def end_involvement(ctx: ContextDep, caller: CallerDep, involvement_id: str,
                    body: Annotated[EndBody | None, Body()] = None) -> JSONResponse:
    action = "involvement-end"
    store = ctx.actions
    found = store.find_involvement(involvement_id)
    if found is None:
        raise trail.refuse(ctx, caller, action, ApiError(
            404, "not_found", "No such involvement."), detail={"involvement_id": None})
    child = _child(ctx, caller, action, found.directory_id)
    who = profile(ctx, caller)
    audit = {"directory_id": found.directory_id, "detail": {"involvement_id": involvement_id}}
    owner = found.owner is not None and found.owner == who.username
    local_manager = who.manager and who.local_authority == child.local_authority
    if not (owner or local_manager):
        raise trail.refuse(ctx, caller, action, ApiError(
            403, "forbidden", "Only the practitioner who recorded this involvement, or a"
            " ContactPoint manager for the child's local authority, can end it."), **audit)
    if found.ended is not None:
        raise trail.refuse(ctx, caller, action, ApiError(
            409, "already_ended", "This involvement has already ended."), **audit)

    def validate() -> date:
        ended = day_field((body or EndBody()).ended, "end date")
        if ended > date.today():
            raise ApiError(400, "invalid_request", "The end date cannot be in the future.")
        return ended

    ended = checked(ctx, caller, action, validate, directory_id=found.directory_id)
    store.set_ended(involvement_id, ended.isoformat())
    try:
        trail(ctx, caller, action, "ok", directory_id=found.directory_id,
               detail={"involvement_id": involvement_id, "ended": ended.isoformat(),
                       "as": "owner" if owner else "manager"})
    except ApiError:
        store.set_ended(involvement_id, None)
        raise
    return JSONResponse({"involvement_id": involvement_id, "ended": ended.isoformat()})


def _raise(ctx: AppContext, caller: Caller, kind: str, directory_id: str, text: str,
           section: str | None, consent: together.Consent | None = None) -> JSONResponse:
    child = _child(ctx, caller, kind, directory_id)
    store = ctx.actions
    who = profile(ctx, caller)
    reference = store.raise_item(kind, directory_id, child.local_authority, who, text, section)
    detail: dict[str, Any] = {"reference": reference, "section": section,
                              "local_authority": child.local_authority}
    if consent is not None:
        together.record_consent(ctx.db_path, directory_id, kind, reference, consent, who)
        detail["consent"] = consent.as_json()
    try:
        trail(ctx, caller, kind, "ok", directory_id=directory_id, detail=detail)
    except ApiError:
        store.withdraw(reference)
        together.withdraw(ctx.db_path, reference)
        raise
    return JSONResponse({"reference": reference}, status_code=201)


@router.post("/children/{directory_id}/inaccuracies")
def report_inaccuracy(ctx: ContextDep, caller: CallerDep, directory_id: str,
                      body: Annotated[InaccuracyBody | None, Body()] = None) -> JSONResponse:
    body = body or InaccuracyBody()
    _child(ctx, caller, "inaccuracy", directory_id)

    def validate() -> str:
        if body.section not in SECTIONS:
            raise ApiError(400, "invalid_request",
                           f"Choose the section: one of {', '.join(SECTIONS)}.")
        return text_field(body.description, "description", 10, 2000)

    text = checked(ctx, caller, "inaccuracy", validate, directory_id=directory_id)
    return _raise(ctx, caller, "inaccuracy", directory_id, text, body.section)


@router.post("/children/{directory_id}/sensitive-contact-requests")
def request_contact(ctx: ContextDep, caller: CallerDep, directory_id: str,
                    body: Annotated[ContactBody | None, Body()] = None) -> JSONResponse:
    _child(ctx, caller, "contact-request", directory_id)
    body = body or ContactBody()
    text = checked(ctx, caller, "contact-request", text_field, body.message, "message", 10,
                   2000, directory_id=directory_id)
    consent = consent_of(ctx, caller, "contact-request", body.consent, directory_id)
    return _raise(ctx, caller, "contact-request", directory_id, text, None, consent)


@router.get("/me/activity")
def my_activity(ctx: ContextDep, caller: CallerDep,
                limit: Annotated[int, Query(ge=1, le=500)] = 50) -> JSONResponse:
    items = ctx.actions.activity(caller.session.username, limit)
    # issue 17: what became of the caller's own requests (status, a brokered outcome)
    known = together.outcomes(ctx.db_path, [i["reference"] for i in items
                                            if i.get("action") == "contact-request"
                                            and "reference" in i])
    for item in items:
        item.update(known.get(item.get("reference", ""), {}))
    return JSONResponse({"items": items})
