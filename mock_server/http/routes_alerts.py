"""Child-is-here alerts (issue 16): tell the lead professional and the area team that a
child attended urgent care, and each recipient's inbox.

- ``POST /children/{id}/child-here`` (no body: no free text) → 201. The alert carries the
  setting (the sender's organisation), the time and the sender's contact details. It goes to
  the child's area team and, unless the child is shielded, to the current lead professional
  when the lead is a directory user (``data/alerts.py``). For a shielded child the answer
  holds only the reference and the time: the sender learns nothing more about the child.
- ``GET /alerts`` → the caller's inbox: as lead professional, and for a manager every alert
  about a child of the manager's area; ``unread`` counts what the caller has not marked read.
- ``POST /alerts/{reference}/read`` → 204 (404 when the alert is not in the caller's inbox).

Every call is audited before it answers; an alert whose audit entry cannot be committed is
withdrawn (fail closed). :func:`annotate` adds ``urgent_care_alerts`` to a record for a
practitioner involved with the child, or a manager of the child's area.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from mock_server.data.alerts import Sender
from mock_server.data.ids import is_valid_directory_id
from mock_server.http.callers import Audit, Caller, CallerDep
from mock_server.http.context import AppContext, ContextDep
from mock_server.rules.errors import ApiError

router = APIRouter(prefix="/api/v1")

MANAGER = "manager"
SENDERS = ("practitioner", MANAGER)

trail = Audit("The service cannot record this just now. Nothing was sent. Call the lead"
              " professional or the duty team instead.")


def _area(caller: Caller) -> str | None:
    """The area whose alerts the caller's role receives as its team (managers only)."""
    return caller.role.local_authority if caller.role.role == MANAGER else None


@router.post("/children/{directory_id}/child-here", status_code=201)
def child_here(ctx: ContextDep, caller: CallerDep, directory_id: str) -> JSONResponse:
    action = "child-here"
    if caller.role.role not in SENDERS:
        raise trail.refuse(ctx, caller, action, ApiError(
            403, "forbidden", "Only practitioners and ContactPoint managers send this."))
    child = ctx.store.by_directory_id(directory_id) if is_valid_directory_id(directory_id) \
        else None
    if child is None or child.archived:
        raise trail.refuse(ctx, caller, action, ApiError(
            404, "not_found", "No child with that directory ID."),
            directory_id=directory_id if child is not None else None)
    user = ctx.signin.users.get(caller.session.username)
    sender = Sender(username=caller.session.username,
                    name=user.display_name if user else caller.session.username,
                    job_title=user.job_title if user else "",
                    setting=caller.role.organisation, phone=user.phone if user else "",
                    email=user.email if user else "")
    lead = None if child.shielded else ctx.alerts.lead_username(directory_id)
    alert = ctx.alerts.send(directory_id, child.local_authority, lead, sender)
    try:
        trail(ctx, caller, action, "ok", directory_id=directory_id,
              detail={"reference": alert.reference, "local_authority": child.local_authority,
                      "to": ["lead_professional", "area_team"] if lead else ["area_team"],
                      "shielded": child.shielded})
    except ApiError:
        ctx.alerts.withdraw(alert.reference)
        raise
    answer: dict[str, Any] = {"reference": alert.reference, "sent_at": alert.sent_at}
    if not child.shielded:  # a shielded child: nothing more than that it was sent
        answer["lead_professional_told"] = lead is not None
        answer["area_team"] = child.local_authority
    return JSONResponse(answer, status_code=201)


@router.get("/alerts")
def alerts(ctx: ContextDep, caller: CallerDep) -> dict[str, Any]:
    username = caller.session.username
    items = ctx.alerts.inbox(username, _area(caller))
    trail(ctx, caller, "alerts", "ok", detail={"returned": [a.reference for a in items]})
    return {"unread": sum(not a.read for a in items),
            "items": [a.as_json(as_lead=a.lead_username == username) for a in items]}


@router.post("/alerts/{reference}/read", status_code=204)
def alert_read(ctx: ContextDep, caller: CallerDep, reference: str) -> Response:
    if len(reference) > 32 or not ctx.alerts.mark_read(reference, caller.session.username,
                                                       _area(caller)):
        raise trail.refuse(ctx, caller, "alert-read", ApiError(
            404, "not_found", "No such alert in your inbox."))
    trail(ctx, caller, "alert-read", "ok", detail={"reference": reference})
    return Response(status_code=204)


def annotate(ctx: AppContext, caller: Caller, record: dict[str, Any]) -> dict[str, Any]:
    """``urgent_care_alerts`` on a record the caller sees in full, when the caller is
    involved with the child (a current involvement) or manages the child's area."""
    authority = record.get("local_authority")
    if record.get("withheld") or not isinstance(authority, dict):
        return record
    directory_id = str(record["directory_id"])
    local_manager = caller.role.role == MANAGER and \
        caller.role.local_authority == authority.get("name")
    if not local_manager:
        user = ctx.signin.users.get(caller.session.username)
        if not ctx.alerts.involved(directory_id, caller.session.username,
                                   user.email if user else ""):
            return record
    return {**record,
            "urgent_care_alerts": {"last_12_months": ctx.alerts.recent_count(directory_id)}}
