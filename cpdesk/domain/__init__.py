"""The client's domain: what the directory's answers mean, as frozen objects (no Qt, no httpx).

``kinds`` holds the string enums and the withholdable sections, loaded with the package;
``objects`` the frozen dataclasses that mirror api.md, loaded when one of them is first asked
for (issue 18: making some forty dataclasses cost a tenth of the main thread's start, and the
sign-in window needs none of them; the first directory call, on a worker thread, is usually
what loads them). Every name is importable from ``cpdesk.domain``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from cpdesk.domain.kinds import (
    WITHHOLDABLE_SECTIONS,
    Environment,
    Gender,
    MatchKind,
    ReasonCode,
    RoleKind,
    SearchMode,
)

if TYPE_CHECKING:  # what the type checker reads; at run time, __getattr__ below
    from cpdesk.domain.objects import (
        ActivityItem,
        Address,
        AlertInbox,
        AlertSender,
        AlertSent,
        AuditView,
        Challenge,
        ChildAlert,
        ChildName,
        ChildRecord,
        ChildSummary,
        Consent,
        ConsentRecord,
        Convening,
        Education,
        GpPractice,
        Involvement,
        LocalAuthority,
        Locality,
        OfficeHours,
        ParentCarer,
        Participant,
        QueueItem,
        Reason,
        ReviewEntry,
        Role,
        SearchCriteria,
        SearchResult,
        SensitiveServiceDetail,
        SensitiveServices,
        ServiceMeta,
        ServiceOption,
        SessionInfo,
        ShieldInForce,
        ShieldRequest,
        ShieldWork,
        Sibling,
        UserProfile,
    )


__all__ = [
    "WITHHOLDABLE_SECTIONS",
    "ActivityItem",
    "Address",
    "AlertInbox",
    "AlertSender",
    "AlertSent",
    "AuditView",
    "Challenge",
    "ChildAlert",
    "ChildName",
    "ChildRecord",
    "ChildSummary",
    "Consent",
    "ConsentRecord",
    "Convening",
    "Education",
    "Environment",
    "Gender",
    "GpPractice",
    "Involvement",
    "LocalAuthority",
    "Locality",
    "MatchKind",
    "OfficeHours",
    "ParentCarer",
    "Participant",
    "QueueItem",
    "Reason",
    "ReasonCode",
    "ReviewEntry",
    "Role",
    "RoleKind",
    "SearchCriteria",
    "SearchMode",
    "SearchResult",
    "SensitiveServiceDetail",
    "SensitiveServices",
    "ServiceMeta",
    "ServiceOption",
    "SessionInfo",
    "ShieldInForce",
    "ShieldRequest",
    "ShieldWork",
    "Sibling",
    "UserProfile",
]


_OBJECTS = frozenset(__all__) - frozenset(globals())  # what objects.py defines


def __getattr__(name: str) -> object:
    """One of the frozen objects, from ``objects`` (imported now if it was not yet)."""
    if name not in _OBJECTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.objects"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
