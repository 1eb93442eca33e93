"""Access review (issue 14, finding 7): for a ContactPoint manager, the users of their own
area whose record views in the last 24 hours stand out — many views, views outside their
area, or stopped by the view limit. The server decides who is listed (``GET /review``); this
page shows them and says why. No child is named: the list is about people's use of the
directory, so the manager can look into it.

Loaded afresh each time the page is shown; ``clear()`` (lock, sign-out) empties it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cpdesk.domain import ReviewEntry
from cpdesk.privacy import review_cells
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.activity_view import ListPage

REVIEW_HEADERS = ("User", "Record views (24 h)", "Outside their area", "Stopped by the limit",
                  "Stands out for")


class ReviewView(ListPage):
    ACTION = "review"

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, "review", self.tr("Access review"),
                         self.tr("People in your area whose record views in the last 24 hours "
                                 "stand out. Look into each with the person and their "
                                 "manager; the directory keeps every view with its reason."),
                         REVIEW_HEADERS, parent)

    def request(self) -> int:
        return self._worker.request_review()

    def cells(self, item: object) -> tuple[str, ...] | None:
        return review_cells(item) if isinstance(item, ReviewEntry) else None

    def loading_text(self) -> str:
        return self.tr("Loading the access review…")

    def empty_text(self) -> str:
        return self.tr("No one in your area stands out in the last 24 hours.")
