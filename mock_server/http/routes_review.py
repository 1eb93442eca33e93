"""The area team's audit review (issue 17): ``GET /review/views`` and its CSV export.

Managers only, their own area's children only (``rules/audit_review.py`` decides the flags).
Reading the review is audited; so is every export, with the purpose given for it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from mock_server.http.callers import CallerDep, Text
from mock_server.http.context import ContextDep
from mock_server.http.routes_involvements import checked, trail
from mock_server.http.routes_manager import _manager
from mock_server.rules import audit_review
from mock_server.rules.involvements import text_field

router = APIRouter(prefix="/api/v1")


@router.get("/review/views")
def review_views(ctx: ContextDep, caller: CallerDep,
                 days: Annotated[int, Query(ge=1, le=audit_review.MAX_DAYS)] =
                 audit_review.DEFAULT_DAYS) -> JSONResponse:
    who = _manager(ctx, caller, "audit-review")
    rows = audit_review.review(ctx.db_path, who.local_authority, days)
    trail(ctx, caller, "audit-review", "ok",
          detail={"days": days, "listed": len(rows),
                  "flagged": sum(1 for r in rows if r.flags)})
    return JSONResponse({"days": days, "local_authority": who.local_authority,
                         "daily_volume": audit_review.DAILY_VOLUME,
                         "views": [r.as_json() for r in rows]})


class ExportBody(BaseModel):
    days: int = Field(default=audit_review.DEFAULT_DAYS, ge=1, le=audit_review.MAX_DAYS)
    flagged_only: bool = False
    purpose: Text = None  # for whom and why (the investigating officer)


@router.post("/review/views/export")
def export_review(ctx: ContextDep, caller: CallerDep,
                  body: Annotated[ExportBody | None, Body()] = None) -> JSONResponse:
    action = "audit-export"
    who = _manager(ctx, caller, action)
    body = body or ExportBody()
    purpose = checked(ctx, caller, action, text_field, body.purpose, "purpose", 10, 500)
    rows = audit_review.review(ctx.db_path, who.local_authority, body.days)
    if body.flagged_only:
        rows = [r for r in rows if r.flags]
    trail(ctx, caller, action, "ok",
          detail={"days": body.days, "flagged_only": body.flagged_only, "rows": len(rows),
                  "purpose": purpose})
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return JSONResponse({"filename": f"audit-review-{who.local_authority}-{stamp}.csv",
                         "rows": len(rows), "csv": audit_review.as_csv(rows)})
