"""The kinds the client's domain objects use (no Qt, no httpx): plain string enums and the
sections a server may withhold. Light enough for the start path; the frozen dataclasses are in
``objects.py`` (issue 18: cold start). Import both from ``cpdesk.domain``.
"""

from __future__ import annotations

from enum import StrEnum


class Environment(StrEnum):
    """Which kind of directory server the client is talking to."""

    LIVE = "live"
    TRAINING = "training"
    TEST = "test"


class Gender(StrEnum):
    FEMALE = "female"
    MALE = "male"
    NOT_KNOWN = "not_known"
    NOT_SPECIFIED = "not_specified"


class RoleKind(StrEnum):
    PRACTITIONER = "practitioner"
    MANAGER = "manager"
    TRAINER = "trainer"


class ReasonCode(StrEnum):
    UNSCHEDULED_CARE = "unscheduled-care"
    SAFEGUARDING = "safeguarding"
    EDUCATION_WELFARE = "education-welfare"
    COORDINATING_SUPPORT = "coordinating-support"
    ASSESSMENT = "assessment"
    OTHER = "other"


class MatchKind(StrEnum):
    EXACT = "exact"
    CLOSE = "close"


class SearchMode(StrEnum):
    EXACT = "exact"
    WIDENED = "widened"


# Sections a server may withhold from a record (api.md, shielded practitioner view).
WITHHOLDABLE_SECTIONS = (
    "addresses", "parents_carers", "education", "gp_practice", "involvements",
    "sensitive_services", "caf",
)
