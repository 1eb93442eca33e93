"""Who is calling, and the audit entry every route writes: shared by the route modules.

``CallerDep`` is the caller in an active role (401 ``session_expired`` / ``session_locked``,
403 ``role_required`` otherwise). :class:`Audit` appends an entry for a caller and fails
closed: when the entry cannot be committed the call fails with 503 and the route's own
wording (what it could not do). ``Short``/``Name``/``Text`` are the per-field limits, checked
before anything is stored or audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Header
from pydantic import Field

from mock_server.data.audit import AuditUnavailable
from mock_server.http.context import AppContext, ContextDep
from mock_server.rules.errors import ApiError
from mock_server.rules.sessions import ServerSession, SessionRole, bearer_token

SESSION_LOCKED = "Your session is locked. Unlock it with your card to go on."
OTHER_AREA = ("This record is held by another local authority. Managers act only for their "
              "own area: ask that area's ContactPoint team.")
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})

# Per-field limits, checked before anything is stored or audited (a 10 MB family name once
# went into the append-only audit trail). Generous for real values, tiny next to the body cap.
Short = Annotated[str | None, Field(max_length=32)]
Name = Annotated[str | None, Field(max_length=100)]
Text = Annotated[str | None, Field(max_length=2000)]


@dataclass(frozen=True, slots=True)
class Caller:
    session: ServerSession
    role: SessionRole


async def current_caller(ctx: ContextDep,
                         authorization: Annotated[str | None, Header()] = None) -> Caller:
    """The caller in an active role, else 401 ``session_expired`` / 403 ``role_required``."""
    token = bearer_token(authorization)
    session = ctx.sessions.get(token) if token else None
    if session is None:
        raise ApiError(401, "session_expired", "Your session has ended. Sign in again.")
    if session.locked:
        raise ApiError(401, "session_locked", SESSION_LOCKED)
    role = session.active_role
    if role is None:
        raise ApiError(403, "role_required", "Choose a role before continuing.")
    return Caller(session, role)


CallerDep = Annotated[Caller, Depends(current_caller)]


class Audit:
    """Appends audit entries for a group of routes; 503 with ``unavailable`` on failure."""

    def __init__(self, unavailable: str) -> None:
        self.unavailable = unavailable

    def __call__(self, ctx: AppContext, caller: Caller | None, action: str, outcome: str,
                 **fields: Any) -> None:
        try:
            ctx.audit.append(username=caller.session.username if caller else None,
                             role=caller.role.role if caller else None, action=action,
                             outcome=outcome, **fields)
        except AuditUnavailable:
            raise ApiError(503, "audit_unavailable", self.unavailable) from None

    def refuse(self, ctx: AppContext, caller: Caller, action: str, error: ApiError,
               **fields: Any) -> ApiError:
        """Audit the refusal, then hand back the error for the route to raise."""
        self(ctx, caller, action, f"refused:{error.code}", **fields)
        return error
