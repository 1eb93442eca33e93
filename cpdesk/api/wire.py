"""Strict parsing of server JSON into domain objects.

Anything that does not match the contract raises :class:`MalformedResponse` and is
refused whole: a partly-understood response is never shown. Unknown extra fields are
ignored (api.md: fields may be added later).

Integrity rules for records (privacy): data the server should have withheld but sent
anyway — a section it listed in ``withheld``, any hidden section or ``former_names`` of a
shielded child outside a shield override, sensitive-service details for a practitioner —
is DROPPED here, unread, and its key recorded in ``ChildRecord.integrity_faults``. A
warning naming only the keys (never values) goes to the ``cpdesk.integrity`` logger.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from cpdesk.api.errors import MalformedResponse
from cpdesk.domain import (
    WITHHOLDABLE_SECTIONS,
    ActivityItem,
    Address,
    AlertInbox,
    AlertSender,
    AlertSent,
    Challenge,
    ChildAlert,
    ChildName,
    ChildRecord,
    ChildSummary,
    Consent,
    ConsentRecord,
    Education,
    Environment,
    Gender,
    GpPractice,
    Involvement,
    LocalAuthority,
    Locality,
    MatchKind,
    OfficeHours,
    ParentCarer,
    QueueItem,
    ReviewEntry,
    Role,
    RoleKind,
    SearchResult,
    SensitiveServiceDetail,
    SensitiveServices,
    ServiceMeta,
    ServiceOption,
    SessionInfo,
    UserProfile,
)
from cpdesk.logging_setup import Safe

integrity_log = logging.getLogger("cpdesk.integrity")

MAX_RESULTS = 50
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIRECTORY_ID = re.compile(r"\d{10}")
_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")


def require_object(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedResponse(f"{what}: expected a JSON object")
    return value


class Reader:
    """One JSON object being read; every accessor raises MalformedResponse on a breach.

    Messages name the object and the field, never a value (values may be personal data).
    """

    __slots__ = ("_obj", "_what")

    def __init__(self, value: object, what: str) -> None:
        self._obj = require_object(value, what)
        self._what = what

    def _bad(self, key: str, problem: str) -> MalformedResponse:
        return MalformedResponse(f"{self._what}: field '{key}' {problem}")

    def present(self, key: str) -> bool:
        return self._obj.get(key) is not None

    def sent(self, key: str) -> bool:
        """The key is in the JSON, even if its value is null."""
        return key in self._obj

    def raw(self, key: str) -> object:
        return self._obj.get(key)

    def text(self, key: str) -> str:
        value = self._obj.get(key)
        if not isinstance(value, str):
            raise self._bad(key, "missing or not text")
        return value

    def opt_text(self, key: str) -> str | None:
        return self.text(key) if self.present(key) else None

    def flag(self, key: str) -> bool:
        value = self._obj.get(key)
        if not isinstance(value, bool):
            raise self._bad(key, "missing or not true/false")
        return value

    def whole(self, key: str) -> int:
        value = self._obj.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._bad(key, "missing or not a whole number")
        return value

    def day(self, key: str) -> date:
        value = self._obj.get(key)
        if not isinstance(value, str) or not _DATE.fullmatch(value):
            raise self._bad(key, "is not a YYYY-MM-DD date")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise self._bad(key, "is not a real date") from exc

    def opt_day(self, key: str) -> date | None:
        return self.day(key) if self.present(key) else None

    def moment(self, key: str) -> datetime:
        value = self._obj.get(key)
        if not isinstance(value, str) or not value.endswith(("Z", "+00:00")):
            raise self._bad(key, "is not an ISO 8601 UTC time")
        try:
            return datetime.fromisoformat(value)
        except ValueError as exc:
            raise self._bad(key, "is not an ISO 8601 UTC time") from exc

    def opt_moment(self, key: str) -> datetime | None:
        return self.moment(key) if self.present(key) else None

    def choice(self, key: str, enum: type[_E]) -> _E:
        try:
            return enum(self.text(key))
        except ValueError as exc:
            raise self._bad(key, "has an unknown value") from exc

    def items(self, key: str, item: Callable[[object], _T]) -> tuple[_T, ...]:
        values = self._obj.get(key)
        if not isinstance(values, list):
            raise self._bad(key, "missing or not a list")
        return tuple(item(v) for v in values)

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.items(key, lambda v: v)
        if not all(isinstance(v, str) for v in values):
            raise self._bad(key, "must hold only text")
        return tuple(str(v) for v in values)

    def directory_id(self) -> str:
        value = self.text("directory_id")
        if not _DIRECTORY_ID.fullmatch(value):
            raise self._bad("directory_id", "is not ten digits")
        return value


def _items(value: object, what: str, item: Callable[[object], _T]) -> tuple[_T, ...]:
    if not isinstance(value, list):
        raise MalformedResponse(f"{what}: expected a list")
    return tuple(item(v) for v in value)


# -- service and sign-in ------------------------------------------------------------------


def parse_meta(body: object) -> ServiceMeta:
    r = Reader(body, "meta")
    return ServiceMeta(service=r.text("service"), api_version=r.text("api_version"),
                       environment=r.choice("environment", Environment),
                       server_id=r.text("server_id"),
                       min_client_version=r.text("min_client_version"))


def parse_challenge(body: object) -> Challenge:
    r = Reader(body, "challenge")
    return Challenge(challenge_id=r.text("challenge_id"), nonce=r.text("nonce"),
                     expires_at=r.moment("expires_at"), algorithms=r.texts("algorithms"))


def _parse_user(value: object) -> UserProfile:
    r = Reader(value, "user")
    return UserProfile(username=r.text("username"), display_name=r.text("display_name"),
                       job_title=r.opt_text("job_title") or "",
                       organisation=r.opt_text("organisation") or "",
                       phone=r.opt_text("phone") or "", email=r.opt_text("email") or "")


def _parse_role(value: object) -> Role:
    r = Reader(value, "role")
    return Role(role_id=r.text("role_id"), role=r.choice("role", RoleKind),
                organisation=r.text("organisation"), local_authority=r.text("local_authority"))


def parse_session(body: object) -> SessionInfo:
    r = Reader(body, "session")
    roles = r.items("roles", _parse_role)
    active = r.opt_text("active_role")
    if active is not None and all(role.role_id != active for role in roles):
        raise MalformedResponse("session: active_role is not one of the roles")
    idle = r.whole("idle_timeout_s")
    if idle <= 0:
        raise MalformedResponse("session: idle_timeout_s must be positive")
    return SessionInfo(session_token=r.text("session_token"), expires_at=r.moment("expires_at"),
                       idle_timeout_s=idle, user=_parse_user(r.raw("user")), roles=roles,
                       active_role=active, certificate_expires=r.opt_day("certificate_expires"))


# -- search -------------------------------------------------------------------------------


def _parse_summary(value: object) -> ChildSummary:
    r = Reader(value, "search result")
    shielded = r.flag("shielded")
    locality: Locality | None = None
    if r.present("locality"):
        loc = Reader(r.raw("locality"), "locality")
        locality = Locality(town=loc.text("town"), local_authority=loc.text("local_authority"))
        if shielded:
            integrity_log.warning("integrity: search result for a shielded child carried "
                                  "'locality'; dropped")
            locality = None
    score = r.raw("score")
    if not isinstance(score, int | float) or isinstance(score, bool) or not 0 <= score <= 1:
        raise MalformedResponse("search result: field 'score' missing or not between 0 and 1")
    return ChildSummary(
        directory_id=r.directory_id(), family_name=r.text("family_name"),
        given_names=r.text("given_names"), known_as=r.opt_text("known_as"), dob=r.day("dob"),
        gender=r.choice("gender", Gender), locality=locality, shielded=shielded,
        match=r.choice("match", MatchKind), score=float(score))


def parse_search(body: object) -> SearchResult:
    r = Reader(body, "search")
    too_many = r.flag("too_many")
    results = r.items("results", _parse_summary)
    count = r.whole("count") if r.present("count") else None
    if too_many and results:
        raise MalformedResponse("search: too_many with results")
    if len(results) > MAX_RESULTS:
        raise MalformedResponse("search: more results than the contract allows")
    return SearchResult(too_many=too_many, count=count, results=results)


# -- records ------------------------------------------------------------------------------


def _parse_address(value: object) -> Address:
    r = Reader(value, "address")
    return Address(lines=r.texts("lines") if r.present("lines") else (),
                   town=r.opt_text("town"), postcode=r.opt_text("postcode"),
                   from_date=r.opt_day("from"), to_date=r.opt_day("to"),
                   current=r.flag("current"))


def _parse_parent(value: object) -> ParentCarer:
    r = Reader(value, "parent or carer")
    return ParentCarer(name=r.opt_text("name"), relationship=r.opt_text("relationship"),
                       parental_responsibility=r.flag("parental_responsibility"),
                       phone=r.opt_text("phone"), email=r.opt_text("email"),
                       address=r.opt_text("address"))


def _parse_education(value: object) -> Education:
    r = Reader(value, "education")
    return Education(name=r.text("name"), type=r.opt_text("type"), phone=r.opt_text("phone"),
                     address=r.opt_text("address"), since=r.opt_day("since"))


def _parse_gp(value: object) -> GpPractice:
    r = Reader(value, "gp_practice")
    return GpPractice(name=r.text("name"), phone=r.opt_text("phone"),
                      address=r.opt_text("address"))


def parse_involvement(value: object) -> Involvement:
    r = Reader(value, "involvement")
    return Involvement(
        involvement_id=r.text("involvement_id"), practitioner=r.text("practitioner"),
        job_title=r.opt_text("job_title"), organisation=r.opt_text("organisation"),
        service=r.opt_text("service"), phone=r.opt_text("phone"), email=r.opt_text("email"),
        since=r.opt_day("since"), ended=r.opt_day("ended"),
        lead_professional=r.flag("lead_professional"), caf_holder=r.flag("caf_holder"),
        owned=r.flag("owned") if r.present("owned") else False)


def _parse_sensitive_detail(value: object) -> SensitiveServiceDetail:
    r = Reader(value, "sensitive service")
    return SensitiveServiceDetail(service=r.text("service"),
                                  practitioner=r.opt_text("practitioner"),
                                  organisation=r.opt_text("organisation"),
                                  phone=r.opt_text("phone"))


def _parse_sensitive(value: object, may_see_details: bool, faults: list[str]) -> SensitiveServices:
    r = Reader(value, "sensitive_services")
    details: tuple[SensitiveServiceDetail, ...] | None = None
    if r.present("details"):
        if may_see_details:
            details = r.items("details", _parse_sensitive_detail)
        else:
            faults.append("sensitive_services.details")
    return SensitiveServices(involved=r.flag("involved"), details=details)


def _parse_name(value: object, shielded_view: bool, faults: list[str]) -> ChildName:
    r = Reader(value, "name")
    former: tuple[str, ...] | None = None
    if r.present("former_names"):
        if shielded_view:
            faults.append("name.former_names")
        else:
            former = r.texts("former_names")
    return ChildName(family_name=r.text("family_name"), given_names=r.text("given_names"),
                     known_as=r.opt_text("known_as"), former_names=former)


def _out_of_hours(team: Reader) -> dict[str, Any]:
    """Office hours and the duty team's number (issue 16), when the server sends them."""
    out: dict[str, Any] = {}
    if team.present("office_hours"):
        hours = Reader(team.raw("office_hours"), "office_hours")
        days = tuple(_items(hours.raw("days"), "days", _weekday))
        out["office_hours"] = OfficeHours(days=days, opens=_clock(hours, "opens"),
                                          closes=_clock(hours, "closes"))
    if team.present("duty_phone"):
        out["duty_phone"] = team.opt_text("duty_phone")
    return out


def _weekday(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
        raise MalformedResponse("office_hours.days: not a weekday")
    return value


def _clock(r: Reader, key: str) -> str:
    text = r.text(key)
    hours, _, minutes = text.partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2
            and int(hours) < 24 and int(minutes) < 60):
        raise MalformedResponse(f"office_hours.{key}: not a time")
    return text


def parse_record(body: object, *, role: RoleKind | None, overridden: bool = False) -> ChildRecord:
    """Parse a record as ``role`` may see it; drop (and report) anything that must be hidden.

    ``role`` None (unknown) is treated as the most restricted view.
    """
    r = Reader(body, "record")
    shielded = r.flag("shielded")
    withheld = r.texts("withheld") if r.present("withheld") else ()
    shielded_view = shielded and not overridden
    hidden = set(withheld) | (set(WITHHOLDABLE_SECTIONS) if shielded_view else set())
    faults = [key for key in WITHHOLDABLE_SECTIONS if key in hidden and r.present(key)]

    def section(key: str, parse: Callable[[object], _T]) -> _T | None:
        return None if key in hidden or not r.present(key) else parse(r.raw(key))

    authority = None
    if not shielded_view and r.present("local_authority"):  # a shielded view has no location
        la = Reader(r.raw("local_authority"), "local_authority")
        authority = LocalAuthority(name=la.text("name"), team_phone=la.text("team_phone"),
                                   **_out_of_hours(la))
    contact_team = None
    if r.present("contact_team"):
        team = Reader(r.raw("contact_team"), "contact_team")
        contact_team = LocalAuthority(name=team.text("name"), team_phone=team.text("phone"),
                                      **_out_of_hours(team))
    alerts = None
    if not shielded_view and r.present("urgent_care_alerts"):
        alerts = Reader(r.raw("urgent_care_alerts"), "urgent_care_alerts").whole(
            "last_12_months")
    record = ChildRecord(
        directory_id=r.directory_id(),
        name=_parse_name(r.raw("name"), shielded_view, faults),
        dob=r.day("dob"),
        gender=r.choice("gender", Gender),
        local_authority=authority,
        contact_team=contact_team,
        shield_reason=r.opt_text("shield_reason") if r.present("shield_reason") else None,
        urgent_care_alerts=alerts,
        shielded=shielded,
        withheld=withheld,
        addresses=section("addresses", lambda v: _items(v, "addresses", _parse_address)),
        parents_carers=section("parents_carers",
                               lambda v: _items(v, "parents_carers", _parse_parent)),
        education=section("education", _parse_education),
        education_sent="education" not in hidden and r.sent("education"),
        gp_practice=section("gp_practice", _parse_gp),
        gp_practice_sent="gp_practice" not in hidden and r.sent("gp_practice"),
        involvements=section("involvements",
                             lambda v: _items(v, "involvements", parse_involvement)),
        sensitive_services=section("sensitive_services", lambda v: _parse_sensitive(
            v, role is RoleKind.MANAGER, faults)),
        caf_exists=section("caf", lambda v: Reader(v, "caf").flag("exists")),
        possible_duplicate=not shielded and r.raw("possible_duplicate") is True,
        consents=None if shielded or not r.present("consents")
        else r.items("consents", parse_consent_record),
        last_updated=r.opt_moment("last_updated"),
        overridden=overridden,
        integrity_faults=(),
    )
    if faults:
        # Key names only: never values, names or the directory ID.
        integrity_log.warning("integrity: server sent data that must be withheld; dropped: %s",
                              Safe(", ".join(faults)))  # key names only, never values
        record = replace(record, integrity_faults=tuple(faults))
    return record


# -- actions and manager queue ------------------------------------------------------------


def _parse_service(value: object) -> ServiceOption:
    r = Reader(value, "service")
    return ServiceOption(code=r.text("code"), name=r.text("name"), sensitive=r.flag("sensitive"))


def parse_services(body: object) -> tuple[ServiceOption, ...]:
    return Reader(body, "services").items("services", _parse_service)


def _parse_review_entry(value: object) -> ReviewEntry:
    r = Reader(value, "review entry")
    return ReviewEntry(username=r.text("username"), display_name=r.text("display_name"),
                       views=r.whole("views"), out_of_area_views=r.whole("out_of_area_views"),
                       refused=r.whole("refused"), stands_out_for=r.texts("stands_out_for"))


def parse_review(body: object) -> tuple[ReviewEntry, ...]:
    return Reader(body, "review").items("users", _parse_review_entry)


def parse_reference(body: object) -> str:
    return Reader(body, "reference").text("reference")


def _parse_activity_item(value: object) -> ActivityItem:
    r = Reader(value, "activity")
    return ActivityItem(at=r.moment("at"), action=r.text("action"),
                        directory_id=r.opt_text("directory_id"),
                        reason_code=r.opt_text("reason_code"),
                        reference=r.opt_text("reference"), status=r.opt_text("status"),
                        outcome=r.opt_text("outcome"))


def parse_consent(value: object) -> Consent:
    r = Reader(value, "consent")
    return Consent(basis=r.text("basis"), given_on=r.opt_day("given_on"),
                   ground=r.opt_text("ground"), reason=r.opt_text("reason"))


def parse_consent_record(value: object) -> ConsentRecord:
    r = Reader(value, "consent")
    return ConsentRecord(consent=parse_consent(value), action=r.text("for"),
                         recorded_by=r.text("recorded_by"),
                         recorded_at=r.moment("recorded_at"))


def parse_activity(body: object) -> tuple[ActivityItem, ...]:
    return Reader(body, "activity").items("items", _parse_activity_item)


def _parse_queue_item(value: object) -> QueueItem:
    r = Reader(value, "queue item")
    return QueueItem(reference=r.text("reference"), kind=r.text("kind"),
                     directory_id=r.text("directory_id"), raised_by=r.text("raised_by"),
                     raised_at=r.moment("raised_at"), text=r.text("text"),
                     status=r.text("status"), section=r.opt_text("section"),
                     raised_by_phone=r.opt_text("raised_by_phone"),
                     raised_by_email=r.opt_text("raised_by_email"),
                     resolved_by=r.opt_text("resolved_by"),
                     resolved_at=r.opt_moment("resolved_at"), note=r.opt_text("note"),
                     other_directory_id=r.opt_text("other_directory_id"),
                     outcome=r.opt_text("outcome"), resolution=r.opt_text("resolution"))


def parse_queue(body: object) -> tuple[QueueItem, ...]:
    return Reader(body, "queue").items("items", _parse_queue_item)


# -- child-is-here alerts (issue 16) -------------------------------------------------------


def _parse_alert(value: object) -> ChildAlert:
    r = Reader(value, "alert")
    sender = Reader(r.raw("from"), "alert sender")
    return ChildAlert(reference=r.text("reference"), directory_id=r.directory_id(),
                      sent_at=r.moment("sent_at"), setting=r.text("setting"),
                      sender=AlertSender(name=sender.text("name"),
                                         job_title=sender.opt_text("job_title"),
                                         organisation=sender.text("organisation"),
                                         phone=sender.opt_text("phone"),
                                         email=sender.opt_text("email")),
                      to_lead=r.text("to") == "lead_professional", read=r.flag("read"))


def parse_alerts(body: object) -> AlertInbox:
    r = Reader(body, "alerts")
    return AlertInbox(unread=r.whole("unread"), items=r.items("items", _parse_alert))


def parse_alert_sent(body: object) -> AlertSent:
    r = Reader(body, "alert")
    told = r.flag("lead_professional_told") if r.present("lead_professional_told") else None
    return AlertSent(reference=r.text("reference"), sent_at=r.moment("sent_at"),
                     lead_professional_told=told,
                     area_team=r.opt_text("area_team") if r.present("area_team") else None)
