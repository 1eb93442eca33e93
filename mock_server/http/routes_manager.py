"""The manager's routes: the access review, the local authority's queue, resolving an item.

Thin like the practitioner routes (``routes_involvements.py``, whose caller profile and
audit wording they share): only a manager, only their own local authority's queue.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from mock_server.data import duplicates, together
from mock_server.data.involvements import Profile
from mock_server.http.callers import Caller, CallerDep, Short, Text
from mock_server.http.context import AppContext, ContextDep
from mock_server.http.routes_involvements import checked, profile, trail
from mock_server.rules import review
from mock_server.rules.errors import ApiError
from mock_server.rules.involvements import text_field

router = APIRouter(prefix="/api/v1")

MANAGERS_ONLY = "Only a ContactPoint manager can do this."


# What became of a brokered contact request (issue 17): the requester sees it.
OUTCOMES = ("service-will-contact", "young-person-declined", "no-longer-involved")


class ResolveBody(BaseModel):
    note: Text = None
    outcome: Short = None  # contact requests: one of OUTCOMES
    resolution: Short = None  # possible duplicates: not_duplicate | same_child


def _manager(ctx: AppContext, caller: Caller, action: str) -> Profile:
    who = profile(ctx, caller)
    if not who.manager:
        raise trail.refuse(ctx, caller, action, ApiError(403, "forbidden", MANAGERS_ONLY))
    return who


@router.get("/review")
def access_review(ctx: ContextDep, caller: CallerDep) -> JSONResponse:
    """Users of the manager's own area whose record views stand out (``rules/review.py``)."""
    who = _manager(ctx, caller, "review")
    rows = review.stand_out(ctx.db_path, who.local_authority)
    trail(ctx, caller, "review", "ok", detail={"listed": len(rows)})
    return JSONResponse({"window_hours": review.WINDOW_HOURS, "volume_views": review.VOLUME_VIEWS,
                         "out_of_area_views": review.OUT_OF_AREA_VIEWS,
                         "users": [row.as_json() for row in rows]})


@router.get("/queue")
def queue(ctx: ContextDep, caller: CallerDep) -> JSONResponse:
    who = _manager(ctx, caller, "queue")
    items = ctx.actions.queue(who.local_authority)
    pairs = duplicates.area_pairs(ctx.db_path, who.local_authority)
    trail(ctx, caller, "queue", "ok",
           detail={"local_authority": who.local_authority, "items": len(items) + len(pairs)})
    known = together.outcomes(ctx.db_path, [i.reference for i in items
                                            if i.kind == "contact-request"])
    return JSONResponse({"items": [{**item.as_json(), **known.get(item.reference, {})}
                                   for item in items]
                         + [pair.as_queue_item() for pair in pairs]})


@router.post("/queue/{reference}/resolve")
def resolve(ctx: ContextDep, caller: CallerDep, reference: str,
            body: Annotated[ResolveBody | None, Body()] = None) -> JSONResponse:
    action = "resolve"
    who = _manager(ctx, caller, action)
    if reference.startswith("DUP-"):
        return _resolve_pair(ctx, caller, who, reference, body or ResolveBody())
    store = ctx.actions
    item = store.item(reference)
    if item is None or item.local_authority != who.local_authority:
        raise trail.refuse(ctx, caller, action, ApiError(
            404, "not_found", "No such item in your local authority's queue."),
            detail={"reference": None})
    audit = {"directory_id": item.directory_id, "detail": {"reference": reference}}
    if item.status == "resolved":
        raise trail.refuse(ctx, caller, action, ApiError(
            409, "already_resolved", "This item has already been resolved."), **audit)
    body = body or ResolveBody()
    note = checked(ctx, caller, action, text_field, body.note,
                    "note", 3, 2000, directory_id=item.directory_id)
    if body.outcome is not None and (item.kind != "contact-request"
                                     or body.outcome not in OUTCOMES):
        raise trail.refuse(ctx, caller, action, ApiError(
            400, "invalid_request", "The outcome of a contact request is one of: "
            + ", ".join(OUTCOMES) + "."), **audit)
    store.resolve(reference, who, note)
    together.record_outcome(ctx.db_path, reference, body.outcome, who)
    try:
        trail(ctx, caller, action, "ok", directory_id=item.directory_id,
              detail={"reference": reference, "outcome": body.outcome})
    except ApiError:
        store.resolve(reference, who, None)
        together.record_outcome(ctx.db_path, reference, None, who)
        raise
    resolved = store.item(reference)
    assert resolved is not None
    return JSONResponse({**resolved.as_json(),
                         **together.outcomes(ctx.db_path, [reference]).get(reference, {})})


def _resolve_pair(ctx: AppContext, caller: Caller, who: Profile, reference: str,
                  body: ResolveBody) -> JSONResponse:
    """A possible duplicate (issue 17): not a duplicate, or the same child (the copy is
    archived). Only the area the pair was routed to."""
    action = "resolve"
    found = duplicates.pair(ctx.db_path, reference)
    if found is None or found.local_authority != who.local_authority:
        raise trail.refuse(ctx, caller, action, ApiError(
            404, "not_found", "No such item in your local authority's queue."),
            detail={"reference": None})
    audit = {"directory_id": found.first, "detail": {"reference": reference}}
    if found.status != "open":
        raise trail.refuse(ctx, caller, action, ApiError(
            409, "already_resolved", "This item has already been resolved."), **audit)
    if body.resolution not in duplicates.RESOLUTIONS:
        raise trail.refuse(ctx, caller, action, ApiError(
            400, "invalid_request", "Say whether the records are the same child"
            " (same_child) or not (not_duplicate)."), **audit)
    note = checked(ctx, caller, action, text_field, body.note, "note", 3, 2000,
                   directory_id=found.first)
    duplicates.resolve(ctx.db_path, found, body.resolution, together.who(who), note)
    try:
        trail(ctx, caller, action, "ok", directory_id=found.first,
              detail={"reference": reference, "resolution": body.resolution,
                      "other_directory_id": found.second,
                      "archived": duplicates.copy_of(found)
                      if body.resolution == "same_child" else None})
    except ApiError:
        duplicates.resolve(ctx.db_path, found, None, "", "", undo=body.resolution)
        raise
    done = duplicates.pair(ctx.db_path, reference)
    assert done is not None
    return JSONResponse(done.as_queue_item())
