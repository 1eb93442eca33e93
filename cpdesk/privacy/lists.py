"""Lists without child names: results rows, My activity, the access review, the manager's
queue (its rows and the detail of one item), and the sections a report may name."""

from __future__ import annotations

from dataclasses import dataclass

from cpdesk.domain import ActivityItem, ChildSummary, MatchKind, QueueItem, ReviewEntry
from cpdesk.formatting import (
    ACTION_LABELS,
    NOT_KNOWN,
    QUEUE_KIND_LABELS,
    REASON_LABELS,
    format_code,
    format_datetime,
    format_directory_id,
    format_dob,
    format_gender,
    format_name,
    text_or_not_known,
)
from cpdesk.privacy.display import SHIELDED_BADGE, WITHHELD, DisplayContext, SummaryDisplay
from cpdesk.privacy.together import outcome_text


def summary_cells(summary: ChildSummary, ctx: DisplayContext) -> SummaryDisplay:
    """One results row. A shielded child's locality is never shown, even if sent."""
    if summary.shielded or summary.locality is None:
        locality = WITHHELD if summary.shielded else NOT_KNOWN
    else:
        town = text_or_not_known(summary.locality.town)
        authority = text_or_not_known(summary.locality.local_authority)
        locality = town if town == authority else f"{town}, {authority}"
    match = ("Exact" if summary.match is MatchKind.EXACT
             else f"Close match {summary.score:.2f}")
    return SummaryDisplay(
        directory_id=format_directory_id(summary.directory_id),
        raw_directory_id=summary.directory_id,
        name=format_name(summary.family_name, summary.given_names, summary.known_as),
        born=format_dob(summary.dob, ctx.today),
        gender=format_gender(summary.gender),
        locality=locality,
        badges=(SHIELDED_BADGE,) if summary.shielded else (),
        match=match,
        shielded=summary.shielded,
        sort_name=f"{summary.family_name.casefold()} {summary.given_names.casefold()}",
        sort_dob=summary.dob,
        score=summary.score,
    )


REVIEW_REASONS = {"volume": "Many record views", "out_of_area": "Views outside their area",
                  "refused": "Stopped by the view limit"}


def review_cells(entry: ReviewEntry) -> tuple[str, ...]:
    """Who, how many views, how many outside their area, why they stand out (no children)."""
    why = "; ".join(REVIEW_REASONS.get(r, r) for r in entry.stands_out_for) or "—"
    return (f"{' '.join(entry.display_name.split())} ({entry.username})", str(entry.views),
            str(entry.out_of_area_views), str(entry.refused), why)


def activity_cells(item: ActivityItem) -> tuple[str, ...]:
    """Time, action, directory ID, reason, reference, outcome: what My activity shows for one
    entry."""
    return (format_datetime(item.at),
            format_code(item.action, ACTION_LABELS),
            format_directory_id(item.directory_id) if item.directory_id else "—",
            format_code(item.reason_code, REASON_LABELS) if item.reason_code else "—",
            item.reference or "—",
            # issue 17: what became of a contact request (the area team's outcome)
            outcome_text(item.outcome, item.status) if item.action == "contact-request"
            else "")


def queue_cells(item: QueueItem) -> tuple[str, ...]:
    """Reference, kind, directory ID, raised by, raised, status: one queue row."""
    return (item.reference, format_code(item.kind, QUEUE_KIND_LABELS),
            format_directory_id(item.directory_id), item.raised_by,
            format_datetime(item.raised_at), item.status.capitalize())


def queue_status(item: QueueItem) -> str:
    """"Open", or "Resolved by <who>, <when>: <note>"."""
    status = item.status.capitalize()
    if item.status == "resolved":
        status += " by {who}, {when}: {note}".format(
            who=item.resolved_by or NOT_KNOWN, when=format_datetime(item.resolved_at),
            note=item.note or "")
    return status


# The record sections an inaccuracy report may name (key, label), in the order offered.
REPORT_SECTIONS = (("name", "Name"), ("date_of_birth", "Date of birth"), ("gender", "Gender"),
                   ("addresses", "Addresses"), ("parents_carers", "Parents and carers"),
                   ("education", "Education"), ("gp_practice", "GP practice"),
                   ("involvements", "Services and practitioners involved"),
                   ("other", "Something else"))
_SECTION_LABELS = dict(REPORT_SECTIONS)


@dataclass(frozen=True, slots=True)
class QueueDetail:
    """One queue item as the manager's detail pane shows it."""

    kind: str
    directory_id: str
    section: str
    contact: str  # the reporter's phone and email, or "Not known"
    raised_at: str
    status: str


def queue_detail(item: QueueItem) -> QueueDetail:
    _reference, kind, directory_id, _raised_by, raised_at, _status = queue_cells(item)
    return QueueDetail(
        kind=kind, directory_id=directory_id,
        section=_SECTION_LABELS.get(item.section, "—") if item.section else "—",
        contact=" · ".join(v for v in (item.raised_by_phone, item.raised_by_email) if v)
        or NOT_KNOWN,
        raised_at=raised_at, status=queue_status(item))
