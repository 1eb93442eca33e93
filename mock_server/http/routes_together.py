"""Routes for working together as the seeds describe it (issue 17): convening the team,
the household view, shield requests and the shielders' work (what a record shows of them is
``record_together.py``).

Thin like the other route modules: authenticate, validate (``rules/consent.py``), ask
``data/`` (``together.py``, ``shields.py``, ``household.py``, ``duplicates.py``) and commit
the audit entry before answering; a write whose audit entry fails is undone (503).

Shield requests never say whether a shield exists: every well-formed request of a live child
is answered 201 with a reference and the same words, whatever the child's state.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from mock_server.data import household, shields, together
from mock_server.data.involvements import Profile
from mock_server.http.callers import Caller, CallerDep, Short, Text
from mock_server.http.context import AppContext, ContextDep
from mock_server.http.routes_directory import ReasonBody, _limit_views, _reason, viewer
from mock_server.http.routes_involvements import (
    ConsentBody,
    _child,
    checked,
    consent_of,
    profile,
    trail,
)
from mock_server.rules import disclosure
from mock_server.rules.errors import ApiError
from mock_server.rules.involvements import day_field, text_field

router = APIRouter(prefix="/api/v1")

SHIELDED = ("This record is shielded. Ask your ContactPoint team: they arrange contact with"
            " the people working with this child.")
SHIELDERS_ONLY = ("Only your area's trained shielders can do this. Ask your ContactPoint team"
                  " who they are.")
SHIELD_REQUEST_SENT = ("Your request has gone to the trained shielders of the child's area."
                       " They decide; you will not be told whether a shield is in place.")
MAX_REVIEW_DAYS = 366


def _visible_record(ctx: AppContext, caller: Caller, action: str,
                    directory_id: str) -> dict[str, Any]:
    """The record as the caller may see it (403 when shielded for them)."""
    _child(ctx, caller, action, directory_id)
    rec = ctx.store.record(directory_id)
    assert rec is not None
    data = disclosure.record(rec, viewer(ctx, caller), today=date.today())
    if data.get("shielded"):
        raise trail.refuse(ctx, caller, action, ApiError(403, "forbidden", SHIELDED),
                           directory_id=directory_id)
    data = ctx.actions.decorate(data, caller.session.username, date.today())
    return data


# -- convene the team ------------------------------------------------------------------------


class ConveneBody(BaseModel):
    involvement_ids: list[Annotated[str, Field(max_length=32)]] = Field(
        default_factory=list, max_length=30)
    consent: ConsentBody | None = None


@router.post("/children/{directory_id}/convene")
def convene(ctx: ContextDep, caller: CallerDep, directory_id: str,
            body: Annotated[ConveneBody | None, Body()] = None) -> JSONResponse:
    """Bring the practitioners together: everyone's contact details in one answer."""
    action = "convene"
    body = body or ConveneBody()
    record = _visible_record(ctx, caller, action, directory_id)
    visible = {i["involvement_id"]: i for i in record.get("involvements", [])}
    chosen = list(dict.fromkeys(body.involvement_ids))
    if not chosen or any(i not in visible for i in chosen):
        raise trail.refuse(ctx, caller, action, ApiError(
            400, "invalid_request", "Choose the practitioners to invite from the record."),
            directory_id=directory_id)
    consent = consent_of(ctx, caller, action, body.consent, directory_id)
    who = profile(ctx, caller)
    participants = [{k: visible[i].get(k) for k in (
        "involvement_id", "practitioner", "job_title", "organisation", "service", "phone",
        "email", "ended")} for i in chosen]
    reference = together.record_convening(ctx.db_path, directory_id, who, participants)
    together.record_consent(ctx.db_path, directory_id, action, reference, consent, who)
    try:
        trail(ctx, caller, action, "ok", directory_id=directory_id,
              detail={"reference": reference, "involvement_ids": chosen,
                      "consent": consent.as_json()})
    except ApiError:
        together.withdraw(ctx.db_path, reference)
        raise
    return JSONResponse({"reference": reference, "participants": participants,
                         "convener": {"practitioner": who.display_name,
                                      "job_title": who.job_title,
                                      "organisation": who.organisation,
                                      "phone": who.phone or None, "email": who.email or None},
                         "consent": consent.as_json()}, status_code=201)


# -- household -------------------------------------------------------------------------------


class HouseholdBody(BaseModel):
    reason: ReasonBody | None = None


@router.post("/children/{directory_id}/household")
def household_view(ctx: ContextDep, caller: CallerDep, directory_id: str,
                   body: Annotated[HouseholdBody | None, Body()] = None) -> JSONResponse:
    """The child's siblings where neither is shielded, asked with a reason of its own."""
    action = "household"
    code, text = _reason(ctx, caller, action, directory_id, body.reason if body else None)
    _limit_views(ctx, caller, action, directory_id, code)
    _visible_record(ctx, caller, action, directory_id)
    found = household.siblings(ctx.db_path, directory_id)
    trail(ctx, caller, action, "ok", directory_id=directory_id, reason_code=code,
          detail={"reason_text": text, "returned": [s.directory_id for s in found]})
    return JSONResponse({"siblings": [s.as_json() for s in found]})


# -- shield requests -------------------------------------------------------------------------


class ShieldRequestBody(BaseModel):
    subject: Short = None  # child | parent
    parent: int | None = Field(default=None, ge=0, le=50)  # index in parents_carers
    reason: Text = None


@router.post("/children/{directory_id}/shield-requests")
def request_shield(ctx: ContextDep, caller: CallerDep, directory_id: str,
                   body: Annotated[ShieldRequestBody | None, Body()] = None) -> JSONResponse:
    action = "shield-request"
    body = body or ShieldRequestBody()
    child = _child(ctx, caller, action, directory_id)

    def validate() -> tuple[str, int | None, str]:
        if body.subject not in ("child", "parent"):
            raise ApiError(400, "invalid_request",
                           "Say whom the shield is for: the child or a parent or carer.")
        rowid = None
        if body.subject == "parent":
            rowid = shields.parent_rowid(ctx.db_path, directory_id, body.parent or 0) \
                if body.parent is not None else None
            if rowid is None:
                raise ApiError(400, "invalid_request",
                               "Choose the parent or carer from the record.")
        return body.subject, rowid, text_field(body.reason, "reason", 20, 2000)

    subject, rowid, reason = checked(ctx, caller, action, validate, directory_id=directory_id)
    who = profile(ctx, caller)
    reference = together.raise_shield_request(ctx.db_path, directory_id,
                                              child.local_authority, subject, rowid, reason,
                                              who)
    try:  # the entry records the request, not the child's shield state
        trail(ctx, caller, action, "ok", directory_id=directory_id,
              detail={"reference": reference, "subject": subject})
    except ApiError:
        together.withdraw(ctx.db_path, reference)
        raise
    return JSONResponse({"reference": reference, "message": SHIELD_REQUEST_SENT},
                        status_code=201)


# -- the shielders ---------------------------------------------------------------------------


def _shielder(ctx: AppContext, caller: Caller, action: str) -> Profile:
    who = profile(ctx, caller)
    if not (who.manager and shields.is_shielder(ctx.db_path, who.username,
                                                 who.local_authority)):
        raise trail.refuse(ctx, caller, action, ApiError(403, "forbidden", SHIELDERS_ONLY))
    return who


@router.get("/shields")
def shield_work(ctx: ContextDep, caller: CallerDep) -> JSONResponse:
    """The area's shield requests and the shields in force with their review dates."""
    who = _shielder(ctx, caller, "shields")
    requests = together.shield_requests(ctx.db_path, who.local_authority)
    in_force = shields.area_shields(ctx.db_path, who.local_authority)
    trail(ctx, caller, "shields", "ok", detail={"requests": len(requests),
                                                "shields": len(in_force)})
    return JSONResponse({
        "requests": [r.as_json(shields.parent_name(ctx.db_path, r.parent_rowid))
                     for r in requests],
        "shields": [{**{k: v for k, v in s.items() if k != "parent_rowid"},
                     **({"parent_ref": f"par-{s['parent_rowid']}"} if "parent_rowid" in s
                        else {})} for s in in_force]})


class ShieldActionBody(BaseModel):
    action: Short = None  # apply | review | remove | decline
    subject: Short = None  # child | parent (not with a request)
    parent: int | None = Field(default=None, ge=0, le=50)
    parent_ref: Short = None  # par-N from GET /shields
    request: Short = None  # SHR-… this decides
    review_on: Short = None
    note: Text = None


@router.post("/children/{directory_id}/shield")
def set_shield(ctx: ContextDep, caller: CallerDep, directory_id: str,
               body: Annotated[ShieldActionBody | None, Body()] = None) -> JSONResponse:
    """A shielder applies, reviews or removes a shield (or declines a request)."""
    action = "shield"
    body = body or ShieldActionBody()
    who = _shielder(ctx, caller, action)
    child = _child(ctx, caller, action, directory_id)
    if child.local_authority != who.local_authority:
        raise trail.refuse(ctx, caller, action, ApiError(
            403, "forbidden", "This child is held by another local authority: its own"
            " shielders decide."), directory_id=directory_id)

    def validate() -> tuple[str, shields.Target, str | None, str]:
        if body.action not in ("apply", "review", "remove", "decline"):
            raise ApiError(400, "invalid_request",
                           "Say what to do: apply, review, remove or decline.")
        request = together.shield_request(ctx.db_path, body.request) if body.request else None
        if body.request and (request is None or request.directory_id != directory_id
                             or request.status != "open"):
            raise ApiError(400, "invalid_request", "No such open request for this child.")
        if request is not None:
            target = shields.Target(directory_id, request.subject, request.parent_rowid)
        elif body.subject == "child":
            target = shields.Target(directory_id, "child")
        elif body.subject == "parent":
            rowid = (int(body.parent_ref[4:]) if body.parent_ref and
                     body.parent_ref.startswith("par-") and body.parent_ref[4:].isdigit()
                     else shields.parent_rowid(ctx.db_path, directory_id, body.parent)
                     if body.parent is not None else None)
            if rowid is None or not _parent_of(ctx, directory_id, rowid):
                raise ApiError(400, "invalid_request",
                               "Choose the parent or carer from the record.")
            target = shields.Target(directory_id, "parent", rowid)
        else:
            raise ApiError(400, "invalid_request", "Say whom: the child or a parent or carer.")
        if body.action == "decline" and request is None:
            raise ApiError(400, "invalid_request", "Only a request can be declined.")
        review_on = None
        if body.action in ("apply", "review"):
            review_on = day_field(body.review_on, "review date")
            if not date.today() < review_on <= date.today() + timedelta(days=MAX_REVIEW_DAYS):
                raise ApiError(400, "invalid_request",
                               "The review date must be within the next year.")
        if body.action in ("review", "remove") and not shields.is_shielded(ctx.db_path,
                                                                           target):
            raise ApiError(409, "not_shielded", "There is no shield to review or remove.")
        note = text_field(body.note, "note", 10, 2000)
        return body.action, target, None if review_on is None else review_on.isoformat(), note

    verb, target, review_on, note = checked(ctx, caller, action, validate,
                                            directory_id=directory_id)
    before = None
    if verb != "decline":
        before = shields.set_shield(ctx.db_path, target, verb != "remove", review_on,
                                    together.who(who))
    if body.request:
        together.decide_shield_request(ctx.db_path, body.request,
                                       "declined" if verb == "decline" else "applied"
                                       if verb == "apply" else "decided", who, note)
    try:
        trail(ctx, caller, action, "ok", directory_id=directory_id,
              detail={"action": verb, "subject": target.subject, "review_on": review_on,
                      "request": body.request, "note": note})
    except ApiError:
        if before is not None:
            shields.restore(ctx.db_path, target, before)
        if body.request:
            together.decide_shield_request(ctx.db_path, body.request, "open", None, None)
        raise
    return JSONResponse({"directory_id": directory_id, "action": verb,
                         "subject": target.subject, "review_on": review_on})


def _parent_of(ctx: AppContext, directory_id: str, rowid: int) -> bool:
    index = 0
    while (found := shields.parent_rowid(ctx.db_path, directory_id, index)) is not None:
        if found == rowid:
            return True
        index += 1
    return False
