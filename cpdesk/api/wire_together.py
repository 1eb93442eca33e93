"""Strict parsing of issue 17's answers (convene, household, audit review, exports), like
``wire.py``: anything off the contract raises ``MalformedResponse`` and is refused whole."""

from __future__ import annotations

from cpdesk.api.wire import Reader
from cpdesk.domain import (
    AuditView,
    Convening,
    Participant,
    ShieldInForce,
    ShieldRequest,
    ShieldWork,
    Sibling,
)


def _participant(value: object) -> Participant:
    r = Reader(value, "participant")
    return Participant(practitioner=r.text("practitioner"), job_title=r.opt_text("job_title"),
                       organisation=r.opt_text("organisation"), phone=r.opt_text("phone"),
                       email=r.opt_text("email"), ended=r.opt_day("ended"))


def parse_convening(body: object) -> Convening:
    r = Reader(body, "convening")
    return Convening(reference=r.text("reference"), convener=_participant(r.raw("convener")),
                     participants=r.items("participants", _participant))


def _sibling(value: object) -> Sibling:
    r = Reader(value, "sibling")
    return Sibling(directory_id=r.directory_id(), family_name=r.text("family_name"),
                   given_names=r.text("given_names"), known_as=r.opt_text("known_as"),
                   dob=r.day("dob"), school=r.opt_text("school"))


def parse_household(body: object) -> tuple[Sibling, ...]:
    return Reader(body, "household").items("siblings", _sibling)


def _audit_view(value: object) -> AuditView:
    r = Reader(value, "audit view")
    return AuditView(at=r.moment("at"), username=r.text("username"),
                     display_name=r.text("display_name"), action=r.text("action"),
                     directory_id=r.directory_id(), reason_code=r.opt_text("reason_code"),
                     reason_text=r.opt_text("reason_text"), flags=r.texts("flags"))


def parse_audit_views(body: object) -> tuple[AuditView, ...]:
    return Reader(body, "audit review").items("views", _audit_view)


def parse_export(body: object) -> tuple[str, str]:
    """The file name the server suggests and the CSV text."""
    r = Reader(body, "export")
    return r.text("filename"), r.text("csv")


def _shield_request(value: object) -> ShieldRequest:
    r = Reader(value, "shield request")
    return ShieldRequest(reference=r.text("reference"), directory_id=r.directory_id(),
                         subject=r.text("subject"), parent=r.opt_text("parent"),
                         reason=r.text("reason"), raised_by=r.text("raised_by"),
                         raised_at=r.moment("raised_at"), status=r.text("status"),
                         decided_by=r.opt_text("decided_by"),
                         decided_at=r.opt_moment("decided_at"), note=r.opt_text("note"))


def _shield(value: object) -> ShieldInForce:
    r = Reader(value, "shield")
    return ShieldInForce(directory_id=r.directory_id(), subject=r.text("subject"),
                         parent=r.opt_text("parent"), parent_ref=r.opt_text("parent_ref"),
                         review_on=r.opt_day("review_on"))


def parse_shield_work(body: object) -> ShieldWork:
    """``GET /shields``: the area's requests and the shields in force."""
    r = Reader(body, "shields")
    return ShieldWork(requests=r.items("requests", _shield_request),
                      shields=r.items("shields", _shield))
