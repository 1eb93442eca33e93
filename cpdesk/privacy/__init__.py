"""Disclosure policy: the ONLY code that turns a record field into display text.

Architecture rule 4. Widgets never format record fields themselves; they lay out what
this module returns, verbatim.

API for the UI:

- ``DisplayContext(role, today)`` — who is looking (active role kind) and today's date
  (ages are computed against it).
- ``summary_cells(summary, ctx) -> SummaryDisplay`` — one results-table row: ``name``,
  ``born``, ``gender``, ``locality`` ("Withheld" for shielded children), ``badges``
  (``("Shielded",)`` or ``()``), ``match`` ("Exact" / "Close match 0.82"), ``directory_id``
  (formatted) and sort keys (``sort_name``, ``sort_dob``, ``score``). Sensitive services are
  never indicated in results.
- ``record_display(record, ctx, now) -> RecordDisplay`` — the record view (issue 16: a
  ``who_to_call`` summary, lead professional first; ``out_of_hours`` by ``now``, the local
  clock; ``alerts_note``; see ``contacts.py``):
  ``banner`` (name, born, gender, directory ID, local authority, badges) and an ordered
  tuple of ``sections``. Each ``Section`` has a ``key`` (``SectionKey``), a ``title``, an
  optional ``notice`` (plain text shown instead of / before entries), ``entries`` and
  ``empty_text`` ("Not known" when the section has nothing). Each ``Entry`` (one address,
  one parent, one involvement…) has a ``heading``, ``rows``, ``badges`` ("Lead
  professional", "Holds CAF", "Current") and ``greyed`` with ``status`` ("Ended
  03-Feb-2026"). Each ``Row`` has ``label``, ``text``, and ``copy_kind`` /
  ``copy_value`` (set only when the value may be copied). An involvement's entry carries
  its ``involvement_id`` (for "End my involvement"). ``empty_text`` is "Not known" (not
  sent), "None recorded" (sent, empty) or "Withheld" (withheld for this role).
  ``RecordDisplay.shielded_notice`` is set for a shielded record outside an override (the
  only section then is ``SectionKey.SHIELDED`` carrying the same notice);
  ``sensitive_notice`` and ``offer_request_contact`` are set for practitioners when
  sensitive services are involved; ``override_notice`` is set when a manager is viewing
  under a shield override; ``can_override`` says whether to offer the override action.
  ``RecordDisplay.endable`` names the involvements the viewer may end (their own; a
  manager's, in ``DisplayContext.authority``, any of that area's children's); a ``Row`` says
  ``not_known`` when its text is "Not known"; ``SummaryDisplay.raw_directory_id`` carries
  the ten digits for opening the record.
- ``review_cells``, ``activity_cells``, ``queue_cells``, ``queue_status``, ``queue_detail``
  — the lists without child names (``lists.py``); ``REPORT_SECTIONS`` — what a report names.
- ``can_copy(kind, value, protected=False)`` — the clipboard whitelist: phone numbers,
  email addresses, directory IDs and organisation names; never anything shielded or
  sensitive (``protected=True``). ``Row.copy_kind`` is only set where this allows it.

Defensive double check: even if handed a record that contains data the integrity rules
forbid (a shielded child's sections outside an override, sensitive-service details for a
practitioner, former names of a shielded child), nothing of it is rendered.

Modules: ``display`` (the display objects and fixed texts), ``copying`` (the clipboard
whitelist), ``record`` (the record view), ``lists`` (results rows and name-free lists). The
public names are all importable from ``cpdesk.privacy``, each module loaded when one of its
names is first asked for (issue 18: the sign-in window needs only ``display``, ``copying`` and
``contacts``; the record, the lists and working together wait for the signed-in pages).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the type checker reads; at run time, __getattr__ below
    from cpdesk.privacy.contacts import (
        ALERT_HEADERS,
        CallLine,
        alert_cells,
        alerts_note,
        office_open,
        out_of_hours,
        unread_text,
    )
    from cpdesk.privacy.copying import CopyKind, can_copy
    from cpdesk.privacy.display import (
        ENDED_VISIBLE_DAYS,
        MANAGER_SENSITIVE_NOTICE,
        NONE_RECORDED,
        OVERRIDE_NOTICE,
        SENSITIVE_NOTICE,
        SHIELD_REASONS,
        SHIELDED_BADGE,
        WITHHELD,
        Banner,
        DisplayContext,
        Entry,
        RecordDisplay,
        Row,
        Section,
        SectionKey,
        SummaryDisplay,
        shielded_notice,
    )
    from cpdesk.privacy.lists import (
        REPORT_SECTIONS,
        REVIEW_REASONS,
        QueueDetail,
        activity_cells,
        queue_cells,
        queue_detail,
        queue_status,
        review_cells,
        summary_cells,
    )
    from cpdesk.privacy.record import (
        SENSITIVE_SERVICE_WORDS,
        endable_involvements,
        is_sensitive_service,
        record_display,
    )
    from cpdesk.privacy.together import (
        AUDIT_HEADERS,
        CONSENT_BASES,
        DUPLICATE_NOTICE,
        DUPLICATE_RESOLUTIONS,
        MIN_SHIELD_REQUEST_REASON,
        OUTCOME_LABELS,
        SHIELD_HEADERS,
        SHIELD_REQUEST_HEADERS,
        URGENT_GROUNDS,
        ConveneChoice,
        TogetherDisplay,
        audit_cells,
        consent_line,
        consent_problem,
        contact_list,
        export_purpose_problem,
        meeting_ics,
        other_record,
        outcome_choices,
        outcome_text,
        resolution_text,
        shield_cells,
        shield_note_problem,
        shield_request_cells,
        shield_request_decision,
        shield_subject,
        sibling_cells,
        together_display,
    )

# Each public name -> the module of cpdesk.privacy that defines it.
_HOME = {
    "ALERT_HEADERS": "contacts",
    "CallLine": "contacts",
    "alert_cells": "contacts",
    "alerts_note": "contacts",
    "office_open": "contacts",
    "out_of_hours": "contacts",
    "unread_text": "contacts",
    "CopyKind": "copying",
    "can_copy": "copying",
    "Banner": "display",
    "DisplayContext": "display",
    "ENDED_VISIBLE_DAYS": "display",
    "Entry": "display",
    "MANAGER_SENSITIVE_NOTICE": "display",
    "NONE_RECORDED": "display",
    "OVERRIDE_NOTICE": "display",
    "RecordDisplay": "display",
    "Row": "display",
    "SENSITIVE_NOTICE": "display",
    "SHIELDED_BADGE": "display",
    "SHIELD_REASONS": "display",
    "Section": "display",
    "SectionKey": "display",
    "SummaryDisplay": "display",
    "WITHHELD": "display",
    "shielded_notice": "display",
    "QueueDetail": "lists",
    "REPORT_SECTIONS": "lists",
    "REVIEW_REASONS": "lists",
    "activity_cells": "lists",
    "queue_cells": "lists",
    "queue_detail": "lists",
    "queue_status": "lists",
    "review_cells": "lists",
    "summary_cells": "lists",
    "SENSITIVE_SERVICE_WORDS": "record",
    "endable_involvements": "record",
    "is_sensitive_service": "record",
    "record_display": "record",
    "AUDIT_HEADERS": "together",
    "CONSENT_BASES": "together",
    "ConveneChoice": "together",
    "DUPLICATE_NOTICE": "together",
    "DUPLICATE_RESOLUTIONS": "together",
    "MIN_SHIELD_REQUEST_REASON": "together",
    "OUTCOME_LABELS": "together",
    "SHIELD_HEADERS": "together",
    "SHIELD_REQUEST_HEADERS": "together",
    "TogetherDisplay": "together",
    "URGENT_GROUNDS": "together",
    "audit_cells": "together",
    "consent_line": "together",
    "consent_problem": "together",
    "contact_list": "together",
    "export_purpose_problem": "together",
    "meeting_ics": "together",
    "other_record": "together",
    "outcome_choices": "together",
    "outcome_text": "together",
    "resolution_text": "together",
    "shield_cells": "together",
    "shield_note_problem": "together",
    "shield_request_cells": "together",
    "shield_request_decision": "together",
    "shield_subject": "together",
    "sibling_cells": "together",
    "together_display": "together",
}


def __getattr__(name: str) -> object:
    """A public name, from its module (imported now if it was not yet); kept here after."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "ALERT_HEADERS",
    "AUDIT_HEADERS",
    "CONSENT_BASES",
    "DUPLICATE_NOTICE",
    "DUPLICATE_RESOLUTIONS",
    "ENDED_VISIBLE_DAYS",
    "MANAGER_SENSITIVE_NOTICE",
    "MIN_SHIELD_REQUEST_REASON",
    "NONE_RECORDED",
    "OUTCOME_LABELS",
    "OVERRIDE_NOTICE",
    "REPORT_SECTIONS",
    "REVIEW_REASONS",
    "SENSITIVE_NOTICE",
    "SENSITIVE_SERVICE_WORDS",
    "SHIELDED_BADGE",
    "SHIELD_HEADERS",
    "SHIELD_REASONS",
    "SHIELD_REQUEST_HEADERS",
    "URGENT_GROUNDS",
    "WITHHELD",
    "Banner",
    "CallLine",
    "ConveneChoice",
    "CopyKind",
    "DisplayContext",
    "Entry",
    "QueueDetail",
    "RecordDisplay",
    "Row",
    "Section",
    "SectionKey",
    "SummaryDisplay",
    "TogetherDisplay",
    "activity_cells",
    "alert_cells",
    "alerts_note",
    "audit_cells",
    "can_copy",
    "consent_line",
    "consent_problem",
    "contact_list",
    "endable_involvements",
    "export_purpose_problem",
    "is_sensitive_service",
    "meeting_ics",
    "office_open",
    "other_record",
    "out_of_hours",
    "outcome_choices",
    "outcome_text",
    "queue_cells",
    "queue_detail",
    "queue_status",
    "record_display",
    "resolution_text",
    "review_cells",
    "shield_cells",
    "shield_note_problem",
    "shield_request_cells",
    "shield_request_decision",
    "shield_subject",
    "shielded_notice",
    "sibling_cells",
    "summary_cells",
    "together_display",
    "unread_text",
]
