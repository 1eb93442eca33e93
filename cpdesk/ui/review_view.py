"""Access review (issue 14, finding 7): for a ContactPoint manager, the users of their own
area whose record views in the last 24 hours stand out — many views, views outside their
area, or stopped by the view limit. The server decides who is listed (``GET /review``); this
page shows them and says why. No child is named: the list is about people's use of the
directory, so the manager can look into it.

Loaded afresh each time the page is shown; ``clear()`` (lock, sign-out) empties it.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import ReviewEntry
from cpdesk.privacy import review_cells
from cpdesk.ui.actions import explain
from cpdesk.ui.activity_view import TextRowsModel, make_table
from cpdesk.ui.workers import DirectoryWorker

REVIEW_HEADERS = ("User", "Record views (24 h)", "Outside their area", "Stopped by the limit",
                  "Stands out for")


class ReviewView(QWidget):
    session_expired = Signal()

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewView")
        self.setAccessibleName(self.tr("Access review"))
        self._worker = worker
        self._pending: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        title = QLabel(self.tr("Access review"))
        title.setObjectName("pageTitle")
        top.addWidget(title, 1)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("reviewRefresh")
        self.refresh_button.setAccessibleName(self.tr("Refresh the access review"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        note = QLabel(self.tr("People in your area whose record views in the last 24 hours "
                              "stand out. Look into each with the person and their manager; "
                              "the directory keeps every view with its reason."))
        note.setObjectName("pageSubtitle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.message = QLabel()
        self.message.setObjectName("reviewMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.model = TextRowsModel(REVIEW_HEADERS, self)
        self.table = make_table(self.model, "reviewTable", self.tr("Access review"))
        layout.addWidget(self.table, 1)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)

    def refresh(self) -> None:
        self.message.setText(self.tr("Loading the access review…"))
        self.message.show()
        self.refresh_button.setEnabled(False)
        self._pending = self._worker.request_review()

    def clear(self) -> None:
        self._pending = None
        self.model.clear()
        self.message.clear()
        self.message.hide()
        self.refresh_button.setEnabled(True)

    def _on_finished(self, request_id: int, entries: object) -> None:
        if request_id != self._pending or not isinstance(entries, tuple):
            return
        self._pending = None
        self.refresh_button.setEnabled(True)
        self.model.set_rows([review_cells(e) for e in entries if isinstance(e, ReviewEntry)])
        if entries:
            self.message.hide()
        else:
            self.message.setText(self.tr("No one in your area stands out in the last 24 "
                                         "hours."))

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending:
            return
        self._pending = None
        self.refresh_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self.message.setText(explain(error, "review"))
        self.message.show()
