"""Strict parsing of server JSON into domain objects.

Anything that does not match the contract raises :class:`MalformedResponse` and is
refused whole: a partly-understood response is never shown. Unknown extra fields are
ignored (api.md: fields may be added later).

Integrity rules for records (privacy): data the server should have withheld but sent
anyway — a section it listed in ``withheld``, any hidden section or ``former_names`` of a
shielded child outside a shield override, sensitive-service details for a practitioner —
is DROPPED here and its key recorded in ``ChildRecord.integrity_faults``. A warning naming
only the keys (never values) goes to the ``cpdesk.integrity`` logger.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from cpdesk.api.errors import MalformedResponse
from cpdesk.domain import (
    WITHHOLDABLE_SECTIONS,
    ActivityItem,
    Address,
    Challenge,
    ChildName,
    ChildRecord,
    ChildSummary,
    Education,
    Environment,
    Gender,
    GpPractice,
    Involvement,
    LocalAuthority,
    Locality,
    MatchKind,
    ParentCarer,
    QueueItem,
    Role,
    RoleKind,
    SearchResult,
    SensitiveServiceDetail,
    SensitiveServices,
    ServiceMeta,
    SessionInfo,
    UserProfile,
)

integrity_log = logging.getLogger("cpdesk.integrity")

MAX_RESULTS = 50
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DIRECTORY_ID = re.compile(r"\d{10}")
_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")
Obj = Mapping[str, Any]


# -- primitives ---------------------------------------------------------------------------


def require_object(value: object, what: str) -> Obj:
    if not isinstance(value, Mapping):
        raise MalformedResponse(f"{what}: expected a JSON object")
    return value


def require_str(obj: Obj, key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise MalformedResponse(f"{what}: field '{key}' missing or not text")
    return value


def optional_str(obj: Obj, key: str, what: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedResponse(f"{what}: field '{key}' is not text")
    return value


def require_bool(obj: Obj, key: str, what: str) -> bool:
    value = obj.get(key)
    if not isinstance(value, bool):
        raise MalformedResponse(f"{what}: field '{key}' missing or not true/false")
    return value


def require_int(obj: Obj, key: str, what: str) -> int:
    value = obj.get(key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedResponse(f"{what}: field '{key}' missing or not a whole number")
    return value


def _to_date(value: object, key: str, what: str) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise MalformedResponse(f"{what}: field '{key}' is not a YYYY-MM-DD date")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise MalformedResponse(f"{what}: field '{key}' is not a real date") from exc


def require_date(obj: Obj, key: str, what: str) -> date:
    return _to_date(obj.get(key), key, what)


def optional_date(obj: Obj, key: str, what: str) -> date | None:
    value = obj.get(key)
    return None if value is None else _to_date(value, key, what)


def require_datetime(obj: Obj, key: str, what: str) -> datetime:
    value = obj.get(key)
    if not isinstance(value, str) or not value.endswith(("Z", "+00:00")):
        raise MalformedResponse(f"{what}: field '{key}' is not an ISO 8601 UTC time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise MalformedResponse(f"{what}: field '{key}' is not an ISO 8601 UTC time") from exc
    if parsed.tzinfo is None:
        raise MalformedResponse(f"{what}: field '{key}' has no time zone")
    return parsed


def optional_datetime(obj: Obj, key: str, what: str) -> datetime | None:
    return None if obj.get(key) is None else require_datetime(obj, key, what)


def require_enum(obj: Obj, key: str, enum: type[_E], what: str) -> _E:
    value = require_str(obj, key, what)
    try:
        return enum(value)
    except ValueError as exc:
        raise MalformedResponse(f"{what}: field '{key}' has an unknown value") from exc


def require_list(obj: Obj, key: str, what: str) -> Sequence[Any]:
    value = obj.get(key)
    if not isinstance(value, list):
        raise MalformedResponse(f"{what}: field '{key}' missing or not a list")
    return value


def parse_list(obj: Obj, key: str, what: str, item: Callable[[object], _T]) -> tuple[_T, ...]:
    return tuple(item(v) for v in require_list(obj, key, what))


def _str_list(obj: Obj, key: str, what: str) -> tuple[str, ...]:
    values = require_list(obj, key, what)
    if not all(isinstance(v, str) for v in values):
        raise MalformedResponse(f"{what}: field '{key}' must hold only text")
    return tuple(values)


def _directory_id(obj: Obj, what: str) -> str:
    value = require_str(obj, "directory_id", what)
    if not _DIRECTORY_ID.fullmatch(value):
        raise MalformedResponse(f"{what}: directory_id is not ten digits")
    return value


# -- service and sign-in ------------------------------------------------------------------


def parse_meta(body: object) -> ServiceMeta:
    obj = require_object(body, "meta")
    return ServiceMeta(
        service=require_str(obj, "service", "meta"),
        api_version=require_str(obj, "api_version", "meta"),
        environment=require_enum(obj, "environment", Environment, "meta"),
        server_id=require_str(obj, "server_id", "meta"),
        min_client_version=require_str(obj, "min_client_version", "meta"),
    )


def parse_challenge(body: object) -> Challenge:
    obj = require_object(body, "challenge")
    return Challenge(
        challenge_id=require_str(obj, "challenge_id", "challenge"),
        nonce=require_str(obj, "nonce", "challenge"),
        expires_at=require_datetime(obj, "expires_at", "challenge"),
        algorithms=_str_list(obj, "algorithms", "challenge"),
    )


def _parse_user(value: object) -> UserProfile:
    obj = require_object(value, "user")
    return UserProfile(
        username=require_str(obj, "username", "user"),
        display_name=require_str(obj, "display_name", "user"),
        job_title=optional_str(obj, "job_title", "user") or "",
        organisation=optional_str(obj, "organisation", "user") or "",
        phone=optional_str(obj, "phone", "user") or "",
        email=optional_str(obj, "email", "user") or "",
    )


def _parse_role(value: object) -> Role:
    obj = require_object(value, "role")
    return Role(
        role_id=require_str(obj, "role_id", "role"),
        role=require_enum(obj, "role", RoleKind, "role"),
        organisation=require_str(obj, "organisation", "role"),
        local_authority=require_str(obj, "local_authority", "role"),
    )


def parse_session(body: object) -> SessionInfo:
    obj = require_object(body, "session")
    roles = parse_list(obj, "roles", "session", _parse_role)
    active = optional_str(obj, "active_role", "session")
    if active is not None and all(r.role_id != active for r in roles):
        raise MalformedResponse("session: active_role is not one of the roles")
    idle = require_int(obj, "idle_timeout_s", "session")
    if idle <= 0:
        raise MalformedResponse("session: idle_timeout_s must be positive")
    return SessionInfo(
        session_token=require_str(obj, "session_token", "session"),
        expires_at=require_datetime(obj, "expires_at", "session"),
        idle_timeout_s=idle,
        user=_parse_user(obj.get("user")),
        roles=roles,
        active_role=active,
        certificate_expires=optional_date(obj, "certificate_expires", "session"),
    )


# -- search -------------------------------------------------------------------------------


def _parse_summary(value: object) -> ChildSummary:
    what = "search result"
    obj = require_object(value, what)
    shielded = require_bool(obj, "shielded", what)
    locality: Locality | None = None
    raw_locality = obj.get("locality")
    if raw_locality is not None:
        loc = require_object(raw_locality, "locality")
        locality = Locality(town=require_str(loc, "town", "locality"),
                            local_authority=require_str(loc, "local_authority", "locality"))
        if shielded:
            integrity_log.warning("integrity: search result for a shielded child carried "
                                  "'locality'; dropped")
            locality = None
    score = obj.get("score")
    if not isinstance(score, int | float) or isinstance(score, bool) or not 0 <= score <= 1:
        raise MalformedResponse(f"{what}: field 'score' missing or not between 0 and 1")
    return ChildSummary(
        directory_id=_directory_id(obj, what),
        family_name=require_str(obj, "family_name", what),
        given_names=require_str(obj, "given_names", what),
        known_as=optional_str(obj, "known_as", what),
        dob=require_date(obj, "dob", what),
        gender=require_enum(obj, "gender", Gender, what),
        locality=locality,
        shielded=shielded,
        match=require_enum(obj, "match", MatchKind, what),
        score=float(score),
    )


def parse_search(body: object) -> SearchResult:
    obj = require_object(body, "search")
    too_many = require_bool(obj, "too_many", "search")
    results = parse_list(obj, "results", "search", _parse_summary)
    count = obj.get("count")
    if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
        raise MalformedResponse("search: field 'count' is not a whole number")
    if too_many and results:
        raise MalformedResponse("search: too_many with results")
    if len(results) > MAX_RESULTS:
        raise MalformedResponse("search: more results than the contract allows")
    return SearchResult(too_many=too_many, count=count, results=results)


# -- records ------------------------------------------------------------------------------


def _parse_address(value: object) -> Address:
    obj = require_object(value, "address")
    return Address(
        lines=_str_list(obj, "lines", "address") if obj.get("lines") is not None else (),
        town=optional_str(obj, "town", "address"),
        postcode=optional_str(obj, "postcode", "address"),
        from_date=optional_date(obj, "from", "address"),
        to_date=optional_date(obj, "to", "address"),
        current=require_bool(obj, "current", "address"),
    )


def _parse_parent(value: object) -> ParentCarer:
    what = "parent or carer"
    obj = require_object(value, what)
    return ParentCarer(
        name=optional_str(obj, "name", what),
        relationship=optional_str(obj, "relationship", what),
        parental_responsibility=require_bool(obj, "parental_responsibility", what),
        phone=optional_str(obj, "phone", what),
        email=optional_str(obj, "email", what),
        address=optional_str(obj, "address", what),
    )


def _parse_education(value: object) -> Education:
    obj = require_object(value, "education")
    return Education(
        name=require_str(obj, "name", "education"),
        type=optional_str(obj, "type", "education"),
        phone=optional_str(obj, "phone", "education"),
        address=optional_str(obj, "address", "education"),
        since=optional_date(obj, "since", "education"),
    )


def _parse_gp(value: object) -> GpPractice:
    obj = require_object(value, "gp_practice")
    return GpPractice(
        name=require_str(obj, "name", "gp_practice"),
        phone=optional_str(obj, "phone", "gp_practice"),
        address=optional_str(obj, "address", "gp_practice"),
    )


def parse_involvement(value: object) -> Involvement:
    what = "involvement"
    obj = require_object(value, what)
    return Involvement(
        involvement_id=require_str(obj, "involvement_id", what),
        practitioner=require_str(obj, "practitioner", what),
        job_title=optional_str(obj, "job_title", what),
        organisation=optional_str(obj, "organisation", what),
        service=optional_str(obj, "service", what),
        phone=optional_str(obj, "phone", what),
        email=optional_str(obj, "email", what),
        since=optional_date(obj, "since", what),
        ended=optional_date(obj, "ended", what),
        lead_professional=require_bool(obj, "lead_professional", what),
        caf_holder=require_bool(obj, "caf_holder", what),
    )


def _parse_sensitive_detail(value: object) -> SensitiveServiceDetail:
    what = "sensitive service"
    obj = require_object(value, what)
    return SensitiveServiceDetail(
        service=require_str(obj, "service", what),
        practitioner=optional_str(obj, "practitioner", what),
        organisation=optional_str(obj, "organisation", what),
        phone=optional_str(obj, "phone", what),
    )


def _parse_sensitive(value: object, may_see_details: bool, faults: list[str]) -> SensitiveServices:
    obj = require_object(value, "sensitive_services")
    details: tuple[SensitiveServiceDetail, ...] | None = None
    if obj.get("details") is not None:
        if may_see_details:
            details = parse_list(obj, "details", "sensitive_services", _parse_sensitive_detail)
        else:
            faults.append("sensitive_services.details")
    return SensitiveServices(involved=require_bool(obj, "involved", "sensitive_services"),
                             details=details)


def _parse_name(value: object, shielded_view: bool, faults: list[str]) -> ChildName:
    obj = require_object(value, "name")
    former: tuple[str, ...] | None = None
    if obj.get("former_names") is not None:
        if shielded_view:
            faults.append("name.former_names")
        else:
            former = _str_list(obj, "former_names", "name")
    return ChildName(
        family_name=require_str(obj, "family_name", "name"),
        given_names=require_str(obj, "given_names", "name"),
        known_as=optional_str(obj, "known_as", "name"),
        former_names=former,
    )


def parse_record(body: object, *, role: RoleKind | None, overridden: bool = False) -> ChildRecord:
    """Parse a record as ``role`` may see it; drop (and report) anything that must be hidden.

    ``role`` None (unknown) is treated as the most restricted view.
    """
    what = "record"
    obj = require_object(body, what)
    shielded = require_bool(obj, "shielded", what)
    withheld = _str_list(obj, "withheld", what) if obj.get("withheld") is not None else ()
    shielded_view = shielded and not overridden
    hidden = set(withheld) | (set(WITHHOLDABLE_SECTIONS) if shielded_view else set())
    faults = [key for key in WITHHOLDABLE_SECTIONS
              if key in hidden and obj.get(key) is not None]

    def section(key: str) -> object:
        return None if key in hidden else obj.get(key)

    la = require_object(obj.get("local_authority"), "local_authority")
    addresses = section("addresses")
    parents = section("parents_carers")
    education = section("education")
    gp = section("gp_practice")
    involvements = section("involvements")
    sensitive = section("sensitive_services")
    caf = section("caf")
    record = ChildRecord(
        directory_id=_directory_id(obj, what),
        name=_parse_name(obj.get("name"), shielded_view, faults),
        dob=require_date(obj, "dob", what),
        gender=require_enum(obj, "gender", Gender, what),
        local_authority=LocalAuthority(name=require_str(la, "name", "local_authority"),
                                       team_phone=require_str(la, "team_phone",
                                                              "local_authority")),
        shielded=shielded,
        withheld=withheld,
        addresses=(None if addresses is None
                   else parse_list({"a": addresses}, "a", "addresses", _parse_address)),
        parents_carers=(None if parents is None
                        else parse_list({"p": parents}, "p", "parents_carers", _parse_parent)),
        education=None if education is None else _parse_education(education),
        education_sent="education" not in hidden and "education" in obj,
        gp_practice=None if gp is None else _parse_gp(gp),
        gp_practice_sent="gp_practice" not in hidden and "gp_practice" in obj,
        involvements=(None if involvements is None
                      else parse_list({"i": involvements}, "i", "involvements",
                                      parse_involvement)),
        sensitive_services=(None if sensitive is None
                            else _parse_sensitive(sensitive, role is RoleKind.MANAGER, faults)),
        caf_exists=(None if caf is None
                    else require_bool(require_object(caf, "caf"), "exists", "caf")),
        last_updated=optional_datetime(obj, "last_updated", what),
        overridden=overridden,
        integrity_faults=tuple(faults),
    )
    if faults:
        # Key names only: never values, names or the directory ID.
        integrity_log.warning("integrity: server sent data that must be withheld; dropped: %s",
                              ", ".join(faults))
    return record


# -- actions and manager queue ------------------------------------------------------------


def parse_reference(body: object) -> str:
    return require_str(require_object(body, "reference"), "reference", "reference")


def _parse_activity_item(value: object) -> ActivityItem:
    obj = require_object(value, "activity")
    return ActivityItem(
        at=require_datetime(obj, "at", "activity"),
        action=require_str(obj, "action", "activity"),
        directory_id=optional_str(obj, "directory_id", "activity"),
        reason_code=optional_str(obj, "reason_code", "activity"),
    )


def parse_activity(body: object) -> tuple[ActivityItem, ...]:
    return parse_list(require_object(body, "activity"), "items", "activity",
                      _parse_activity_item)


def _parse_queue_item(value: object) -> QueueItem:
    obj = require_object(value, "queue item")
    return QueueItem(
        reference=require_str(obj, "reference", "queue item"),
        kind=require_str(obj, "kind", "queue item"),
        directory_id=require_str(obj, "directory_id", "queue item"),
        raised_by=require_str(obj, "raised_by", "queue item"),
        raised_at=require_datetime(obj, "raised_at", "queue item"),
        text=require_str(obj, "text", "queue item"),
        status=require_str(obj, "status", "queue item"),
    )


def parse_queue(body: object) -> tuple[QueueItem, ...]:
    return parse_list(require_object(body, "queue"), "items", "queue", _parse_queue_item)
