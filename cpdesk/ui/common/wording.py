"""Failures in plain words: what a screen says when the directory refuses or cannot answer.

One place for the wording, so a refusal reads the same in every dialog and list. No personal
data: the texts are fixed, or the server's plain-English reason.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cpdesk.api.errors import (
    ApiError,
    Forbidden,
    InvalidRequest,
    MalformedResponse,
    NotFound,
    RateLimited,
    Unreachable,
)

_FORBIDDEN = {
    "involvement": "You cannot record involvement on this record. For a shielded child, "
                   "call the ContactPoint team on the number shown.",
    "end": "You can only end an involvement you recorded yourself. The practitioner who "
           "recorded it, or the ContactPoint team for the child's local authority, can end it.",
    "inaccuracy": "Your role cannot report an inaccuracy on this record.",
    "contact": "Your role cannot request contact for this record.",
    "queue": "Only a ContactPoint manager can see and resolve the queue.",
    "activity": "Your activity cannot be shown in this role.",
}
_NOT_FOUND = {
    "end": "That involvement is no longer in the directory. Close the record and open it "
           "again to see who is involved now.",
    "queue": "That item is not in your local authority's queue any more. Refresh the queue.",
}


def explain(error: ApiError, action: str) -> str:
    """A failure in plain words for the user; ``action`` names what was asked ("search",
    "end", "queue"…), for the refusals whose advice depends on it."""
    if action == "search":
        return _explain_search(error)
    if isinstance(error, Forbidden):
        return _FORBIDDEN.get(action, error.message)
    if isinstance(error, NotFound):
        return _NOT_FOUND.get(action, "This child is no longer in the directory. Close the "
                                      "record and search again.")
    if isinstance(error, Unreachable):
        return (f"{error.message} Your request may not have arrived: check My activity "
                "before sending it again.")
    return error.message


def _explain_search(error: ApiError) -> str:
    def tr(text: str) -> str:
        return QCoreApplication.translate("SearchView", text)
    if isinstance(error, RateLimited):
        return tr("Too many searches in a short time. You can search again in "
                  "{s} seconds.").format(s=error.retry_after)
    if isinstance(error, InvalidRequest):
        return tr("The directory refused the search: {why}").format(why=error.message)
    if isinstance(error, MalformedResponse):
        # Its detail names the broken field: for the log, not for the nurse.
        return tr(MalformedResponse.user_message)
    # Unreachable, SessionExpired, ServerError…: their messages are written for users.
    return error.message
