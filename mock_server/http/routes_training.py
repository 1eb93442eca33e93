"""The trainer's reset route (training server only).

``POST /api/v1/training/reset`` (trainer role, training server only; 404 elsewhere) → 204:
the database goes back to its starting state (``data/sandbox.py``: accounts and the audit
trail kept), then every session of a user who is not a trainer ends and search rate limits
start afresh. The reset is audited as ``training-reset``.
"""

from __future__ import annotations

import contextlib

from fastapi import APIRouter, Response

from mock_server.data.audit import AuditUnavailable
from mock_server.data.sandbox import TRAINER, non_trainers, restore_in_place
from mock_server.http.callers import CallerDep
from mock_server.http.context import ContextDep
from mock_server.rules.errors import ApiError
from mock_server.rules.search import SearchRateLimiter

router = APIRouter(prefix="/api/v1/training")


@router.post("/reset", status_code=204)
def training_reset(ctx: ContextDep, caller: CallerDep) -> Response:
    """Trainer only, training server only (404 elsewhere, 403 for other roles)."""
    if ctx.config.environment != "training":
        raise ApiError(404, "not_found", "Not found.")
    log = ctx.audit
    if caller.role.role != TRAINER:
        with contextlib.suppress(AuditUnavailable):  # the refusal stands either way
            log.append(username=caller.session.username, role=caller.role.role,
                       action="training-reset", outcome="refused:forbidden")
        raise ApiError(403, "forbidden", "Only a trainer can reset the training sandbox.")
    stats = restore_in_place(ctx.db_path)
    for username in non_trainers(ctx.db_path):
        ctx.sessions.end_all(username)
    ctx.search_limiter = SearchRateLimiter()
    try:
        log.append(username=caller.session.username, role=caller.role.role,
                   action="training-reset", outcome="ok",
                   detail={"tables": list(stats.tables), "children": stats.children})
    except AuditUnavailable:
        raise ApiError(503, "audit_unavailable", "The reset was done but could not be"
                       " recorded. Check the server.") from None
    return Response(status_code=204)
