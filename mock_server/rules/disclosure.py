"""The one place that decides what each role is sent (product.md §4–§5, api.md).

Practitioners (and trainers) never receive a withheld key: for a shielded child only the name
(without former names), date of birth, gender and directory ID go, and no location at all —
not even the local authority: the record names the caller's *own* area's ContactPoint team
(``contact_team``), which brokers with the holding area. A shield covers the household
(``store``: a child sharing a parent or carer, or a current address, with a shielded child, or
whose parent or carer is shielded, is shielded too). Sensitive services are
``{"involved": bool}`` only; search rows of shielded children carry no locality.

Managers act for their own local authority: sensitive-service details only for its children,
the hidden sections of a shielded record only under an audited override of its own children
(the route refuses others), and a manager sees why a record is shielded (``shield_reason``:
``own`` or ``household``, never which household member). Ended involvements older than 365
days go to nobody. Withheld data is absent from the JSON, never null.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from mock_server.data.authorities import duty_contact
from mock_server.data.store import ChildRecordRow, InvolvementRow, SettingRow
from mock_server.rules.search import Hit

WITHHELD_WHEN_SHIELDED = ("addresses", "parents_carers", "education", "gp_practice",
                          "involvements", "sensitive_services", "caf")
ENDED_VISIBLE_DAYS = 365
MANAGER = "manager"


def summary(hit: Hit) -> dict[str, Any]:
    child = hit.child
    row: dict[str, Any] = {
        "directory_id": child.directory_id, "family_name": child.family_name,
        "given_names": child.given_names, "known_as": child.known_as, "dob": child.dob,
        "gender": child.gender, "shielded": child.shielded, "match": hit.match,
        "score": hit.score,
    }
    if not child.shielded:
        row["locality"] = {"town": child.town, "local_authority": child.local_authority}
    return row


def _setting(item: SettingRow | None, *, school: bool) -> dict[str, Any] | None:
    if item is None:
        return None
    out: dict[str, Any] = {"name": item.name}
    if school:
        out["type"] = item.type
    out["phone"] = item.phone
    out["address"] = item.address
    if school:
        out["since"] = item.since
    return out


def _involvement(inv: InvolvementRow) -> dict[str, Any]:
    return {"involvement_id": f"inv-{inv.involvement_id}", "practitioner": inv.practitioner,
            "job_title": inv.job_title, "organisation": inv.organisation,
            "service": inv.service, "phone": inv.phone, "email": inv.email,
            "since": inv.since, "ended": inv.ended,
            "lead_professional": inv.lead_professional, "caf_holder": inv.caf_holder}


def _visible(inv: InvolvementRow, today: date) -> bool:
    cutoff = (today - timedelta(days=ENDED_VISIBLE_DAYS)).isoformat()
    return inv.ended is None or inv.ended >= cutoff


def _out_of_hours(authority: str) -> dict[str, Any]:
    """The team's office hours and its Emergency Duty Team number (issue 16)."""
    hours, phone = duty_contact(authority)
    return {"office_hours": hours.as_json(), "duty_phone": phone}


@dataclass(frozen=True, slots=True)
class Viewer:
    """Who asks: the role kind and the local authority the role works for, with its team's
    number (where a shielded record routes the caller)."""

    role: str
    local_authority: str
    team_phone: str

    @property
    def manager(self) -> bool:
        return self.role == MANAGER


def record(rec: ChildRecordRow, viewer: Viewer, *, today: date,
           override: bool = False) -> dict[str, Any]:
    """The record as ``viewer`` may see it; ``override`` only for an audited manager override
    of a child of the manager's own area (the route checks the area)."""
    child = rec.child
    manager = viewer.manager
    own_area = viewer.local_authority == child.local_authority
    full = not child.shielded or (manager and override and own_area)
    name: dict[str, Any] = {"family_name": child.family_name, "given_names": child.given_names,
                            "known_as": child.known_as}
    if full:
        name["former_names"] = list(rec.former_names)
    out: dict[str, Any] = {
        "directory_id": child.directory_id, "name": name, "dob": child.dob,
        "gender": child.gender, "shielded": child.shielded,
        "withheld": [] if full else list(WITHHELD_WHEN_SHIELDED),
    }
    if full:
        out["local_authority"] = {"name": child.local_authority, "team_phone": rec.la_team_phone,
                                  **_out_of_hours(child.local_authority)}
    else:
        out["contact_team"] = {"name": viewer.local_authority, "phone": viewer.team_phone,
                               **_out_of_hours(viewer.local_authority)}
    if manager and child.shielded:
        out["shield_reason"] = "household" if child.household_shield else "own"
    if full:
        visible = [inv for inv in rec.involvements if _visible(inv, today)]
        sensitive = [inv for inv in visible if inv.sensitive]
        services: dict[str, Any] = {"involved": bool(sensitive)}
        if manager and own_area:
            services["details"] = [{"service": inv.service, "practitioner": inv.practitioner,
                                    "organisation": inv.organisation, "phone": inv.phone}
                                   for inv in sensitive]
        out.update({
            "addresses": [{"lines": [a.line], "town": a.town, "postcode": a.postcode,
                           "from": a.from_date, "to": a.to_date, "current": a.current}
                          for a in rec.addresses],
            "parents_carers": [{"name": p.name, "relationship": p.relationship,
                                "parental_responsibility": p.parental_responsibility,
                                "phone": p.phone, "email": p.email, "address": p.address}
                               for p in rec.parents],
            "education": _setting(rec.school, school=True),
            "gp_practice": _setting(rec.gp, school=False),
            "involvements": [_involvement(inv) for inv in visible if not inv.sensitive],
            "sensitive_services": services,
            "caf": {"exists": rec.caf},
        })
    out["last_updated"] = rec.last_updated
    return out
