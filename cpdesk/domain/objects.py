"""Frozen domain objects the client works with (no Qt, no httpx); import them from
``cpdesk.domain``, which loads this module when one is first asked for (issue 18: some forty
dataclasses are not made before the sign-in window is up).

These mirror api.md. Optional sections are ``None`` when the server withheld them (absent
from the JSON); ``withheld`` lists what the server said it withheld. Nothing here formats
anything for display: that is ``cpdesk/privacy.py`` (with ``cpdesk/formatting.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from cpdesk.domain.kinds import Environment, Gender, MatchKind, ReasonCode, RoleKind, SearchMode


@dataclass(frozen=True, slots=True)
class ServiceMeta:
    """What `GET /api/v1/meta` says about the server."""

    service: str
    api_version: str
    environment: Environment
    server_id: str
    min_client_version: str


# -- sign-in -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Challenge:
    challenge_id: str
    nonce: str  # base64 text exactly as received: it is signed as text
    expires_at: datetime
    algorithms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class UserProfile:
    username: str
    display_name: str
    job_title: str
    organisation: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True)
class Role:
    role_id: str
    role: RoleKind
    organisation: str
    local_authority: str


@dataclass(frozen=True, slots=True, repr=False)
class SessionInfo:
    session_token: str  # never logged: repr hides it
    expires_at: datetime
    idle_timeout_s: int
    user: UserProfile
    roles: tuple[Role, ...]
    active_role: str | None
    certificate_expires: date | None

    def __repr__(self) -> str:
        return f"SessionInfo(user={self.user.username!r}, active_role={self.active_role!r})"

    @property
    def role(self) -> Role | None:
        return next((r for r in self.roles if r.role_id == self.active_role), None)


# -- search --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchCriteria:
    family_name: str | None = None
    given_name: str | None = None
    dob: date | None = None
    dob_from: date | None = None
    dob_to: date | None = None
    gender: Gender | None = None
    postcode: str | None = None
    directory_id: str | None = None
    mode: SearchMode = SearchMode.EXACT


@dataclass(frozen=True, slots=True)
class Locality:
    town: str
    local_authority: str


@dataclass(frozen=True, slots=True)
class ChildSummary:
    directory_id: str
    family_name: str
    given_names: str
    known_as: str | None
    dob: date
    gender: Gender
    locality: Locality | None  # None for shielded children
    shielded: bool
    match: MatchKind
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    too_many: bool
    count: int | None
    results: tuple[ChildSummary, ...]


# -- record --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reason:
    code: ReasonCode
    text: str | None = None


@dataclass(frozen=True, slots=True)
class ChildName:
    family_name: str
    given_names: str
    known_as: str | None
    former_names: tuple[str, ...] | None  # None when withheld


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """A user of the manager's area whose record views stand out (``GET /review``)."""

    username: str
    display_name: str
    views: int
    out_of_area_views: int
    refused: int
    stands_out_for: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ServiceOption:
    """One service of the directory's vocabulary (``GET /services``)."""

    code: str
    name: str
    sensitive: bool


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """When a ContactPoint team answers: ISO weekdays (1 = Monday), local "HH:MM" times."""

    days: tuple[int, ...]
    opens: str
    closes: str


@dataclass(frozen=True, slots=True)
class LocalAuthority:
    name: str
    team_phone: str
    office_hours: OfficeHours | None = None  # issue 16: out of hours, the duty team
    duty_phone: str | None = None  # the Emergency Duty Team, around the clock


@dataclass(frozen=True, slots=True)
class Address:
    lines: tuple[str, ...]
    town: str | None
    postcode: str | None
    from_date: date | None
    to_date: date | None
    current: bool


@dataclass(frozen=True, slots=True)
class ParentCarer:
    name: str | None
    relationship: str | None
    parental_responsibility: bool
    phone: str | None
    email: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
class Education:
    name: str
    type: str | None
    phone: str | None
    address: str | None
    since: date | None


@dataclass(frozen=True, slots=True)
class GpPractice:
    name: str
    phone: str | None
    address: str | None


@dataclass(frozen=True, slots=True)
class Involvement:
    involvement_id: str
    practitioner: str
    job_title: str | None
    organisation: str | None
    service: str | None
    phone: str | None
    email: str | None
    since: date | None
    ended: date | None
    lead_professional: bool
    caf_holder: bool
    owned: bool = False  # recorded by the signed-in user (extra field "owned")


@dataclass(frozen=True, slots=True)
class SensitiveServiceDetail:
    service: str
    practitioner: str | None
    organisation: str | None
    phone: str | None


@dataclass(frozen=True, slots=True)
class SensitiveServices:
    involved: bool
    details: tuple[SensitiveServiceDetail, ...] | None = None  # managers only


@dataclass(frozen=True, slots=True)
class Consent:
    """Consent to share (issue 17): given by the child or a parent or carer on a day, or not
    sought on an urgent ground with a reason."""

    basis: str  # child | parent | urgent
    given_on: date | None = None
    ground: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class ConsentRecord:
    """A consent recorded for a child, as the record shows it to those involved."""

    consent: Consent
    action: str  # involvement | contact-request | convene
    recorded_by: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone brought together about a child (convene): how to reach them."""

    practitioner: str
    job_title: str | None
    organisation: str | None
    phone: str | None
    email: str | None
    ended: date | None = None


@dataclass(frozen=True, slots=True)
class Convening:
    reference: str
    convener: Participant
    participants: tuple[Participant, ...]


@dataclass(frozen=True, slots=True)
class Sibling:
    """A sibling on the household view (neither shielded): name, birth, school."""

    directory_id: str
    family_name: str
    given_names: str
    known_as: str | None
    dob: date
    school: str | None


@dataclass(frozen=True, slots=True)
class AuditView:
    """One view of an area's child in the area team's audit review (no child's name)."""

    at: datetime
    username: str
    display_name: str
    action: str
    directory_id: str
    reason_code: str | None
    reason_text: str | None
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShieldRequest:
    """A practitioner's request for a shield, as the area's trained shielders see it."""

    reference: str
    directory_id: str
    subject: str  # child | parent
    parent: str | None  # the parent or carer's name and relationship (subject parent)
    reason: str
    raised_by: str
    raised_at: datetime
    status: str  # open | applied | declined | decided
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ShieldInForce:
    """A shield in force in the shielder's area (a child's, or a parent or carer's)."""

    directory_id: str
    subject: str  # child | parent
    parent: str | None = None
    parent_ref: str | None = None  # par-N: names the parent or carer to the server
    review_on: date | None = None  # None: not reviewed since the population was built


@dataclass(frozen=True, slots=True)
class ShieldWork:
    """``GET /shields``: the area's shield requests and the shields in force."""

    requests: tuple[ShieldRequest, ...]
    shields: tuple[ShieldInForce, ...]


@dataclass(frozen=True, slots=True)
class ChildRecord:
    directory_id: str
    name: ChildName
    dob: date
    gender: Gender
    local_authority: LocalAuthority | None  # None on a shielded record: no location at all
    shielded: bool
    withheld: tuple[str, ...]
    addresses: tuple[Address, ...] | None = None
    parents_carers: tuple[ParentCarer, ...] | None = None
    education: Education | None = None
    education_sent: bool = False  # True when the key was present (even if null)
    gp_practice: GpPractice | None = None
    gp_practice_sent: bool = False
    involvements: tuple[Involvement, ...] | None = None
    sensitive_services: SensitiveServices | None = None
    caf_exists: bool | None = None
    possible_duplicate: bool = False  # issue 17: the area team has been told
    consents: tuple[ConsentRecord, ...] | None = None  # issue 17: to those involved
    last_updated: datetime | None = None
    overridden: bool = False  # shown under a manager's shield override
    integrity_faults: tuple[str, ...] = field(default=())  # withheld keys the server sent anyway
    contact_team: LocalAuthority | None = None  # shielded: the caller's own area's team
    shield_reason: str | None = None  # managers: "own" or "household"
    urgent_care_alerts: int | None = None  # issue 16: involved viewers only, last 12 months


# -- actions -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActivityItem:
    at: datetime
    action: str
    directory_id: str | None
    reason_code: str | None
    reference: str | None = None  # INA-/SCR- reference of a report or request
    status: str | None = None  # issue 17: a request's status (open | resolved)
    outcome: str | None = None  # issue 17: a brokered contact's outcome


@dataclass(frozen=True, slots=True)
class QueueItem:
    reference: str
    kind: str  # contact-request | inaccuracy
    directory_id: str
    raised_by: str
    raised_at: datetime
    text: str
    status: str  # open | resolved
    section: str | None = None  # inaccuracies: the section reported
    raised_by_phone: str | None = None
    raised_by_email: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    note: str | None = None
    other_directory_id: str | None = None  # issue 17: a possible duplicate's other record
    outcome: str | None = None  # issue 17: a contact request's outcome
    resolution: str | None = None  # issue 17: a duplicate pair's (not_duplicate | same_child)


@dataclass(frozen=True, slots=True)
class AlertSender:
    name: str
    job_title: str | None
    organisation: str
    phone: str | None
    email: str | None


@dataclass(frozen=True, slots=True)
class ChildAlert:
    """A child-is-here alert in the user's inbox (issue 16): no child's name, no free text."""

    reference: str
    directory_id: str
    sent_at: datetime
    setting: str
    sender: AlertSender
    to_lead: bool  # to the user as lead professional (else to the area team)
    read: bool


@dataclass(frozen=True, slots=True)
class AlertInbox:
    unread: int
    items: tuple[ChildAlert, ...]


@dataclass(frozen=True, slots=True)
class AlertSent:
    reference: str
    sent_at: datetime
    lead_professional_told: bool | None  # None: a shielded child, nothing more is said
    area_team: str | None
