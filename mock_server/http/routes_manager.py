"""The manager's routes: the access review, the local authority's queue, resolving an item.

Thin like the practitioner routes (``routes_involvements.py``, whose caller profile and
audit wording they share): only a manager, only their own local authority's queue.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from mock_server.data.involvements import Profile
from mock_server.http.callers import Caller, CallerDep, Text
from mock_server.http.context import AppContext, ContextDep
from mock_server.http.routes_involvements import checked, profile, trail
from mock_server.rules import review
from mock_server.rules.errors import ApiError
from mock_server.rules.involvements import text_field

router = APIRouter(prefix="/api/v1")

MANAGERS_ONLY = "Only a ContactPoint manager can do this."


class ResolveBody(BaseModel):
    note: Text = None


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
    trail(ctx, caller, "queue", "ok",
           detail={"local_authority": who.local_authority, "items": len(items)})
    return JSONResponse({"items": [item.as_json() for item in items]})


@router.post("/queue/{reference}/resolve")
def resolve(ctx: ContextDep, caller: CallerDep, reference: str,
            body: Annotated[ResolveBody | None, Body()] = None) -> JSONResponse:
    action = "resolve"
    who = _manager(ctx, caller, action)
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
    note = checked(ctx, caller, action, text_field, (body or ResolveBody()).note,
                    "note", 3, 2000, directory_id=item.directory_id)
    store.resolve(reference, who, note)
    try:
        trail(ctx, caller, action, "ok", **audit)
    except ApiError:
        store.resolve(reference, who, None)
        raise
    resolved = store.item(reference)
    assert resolved is not None
    return JSONResponse(resolved.as_json())
