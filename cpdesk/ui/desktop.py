"""The practitioner's desktop: search on the left, the open record on the right.

Flow: ``SearchView.open_requested`` → :class:`ReasonDialog` (asked every time) →
``DirectoryWorker.request_record`` → ``record_finished`` (stale request ids dropped) →
``RecordView.show_record``. A 401 anywhere emits ``session_expired``; the window locks.

Privacy: :meth:`clear` drops every child value from the search form, results model, record
view and the record message; the window calls it on lock and sign-out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import ChildRecord, Reason
from cpdesk.privacy import DisplayContext
from cpdesk.ui.privacy_screen import ClipboardGuard
from cpdesk.ui.reason_dialog import ReasonDialog
from cpdesk.ui.record_view import RecordView
from cpdesk.ui.search_view import SearchView
from cpdesk.ui.workers import DirectoryWorker


class DesktopPage(QWidget):
    session_expired = Signal()

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard,
                 context: DisplayContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desktopPage")
        self._worker = worker
        self._record_request = 0
        self._pending_record: int | None = None

        self.search_view = SearchView(worker, context)
        self.record_view = RecordView(clipboard, context)
        self.reason_dialog = ReasonDialog(self)

        self.record_placeholder = QLabel(self.tr(
            "Open a child from the results to see who is working with them."))
        self.record_placeholder.setObjectName("recordPlaceholder")
        self.record_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.record_placeholder.setWordWrap(True)
        self.record_message = QLabel()
        self.record_message.setObjectName("recordMessage")
        self.record_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.record_message.setWordWrap(True)
        self.record_stack = QStackedWidget()
        self.record_stack.setObjectName("recordArea")
        for widget in (self.record_placeholder, self.record_message, self.record_view):
            self.record_stack.addWidget(widget)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.search_view)
        splitter.addWidget(self.record_stack)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 840])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.search_view.open_requested.connect(self.open_record)
        self.search_view.session_expired.connect(self.session_expired.emit)
        self.record_view.close_requested.connect(self.close_record)
        self.record_view.request_contact.connect(self._request_contact)
        self.record_view.override_requested.connect(self._override)
        worker.record_finished.connect(self._on_record)
        worker.record_failed.connect(self._on_record_failed)
        self.clear()

    # -- public --------------------------------------------------------------------------

    def set_context(self, context: DisplayContext) -> None:
        self.search_view.set_context(context)
        self.record_view.set_context(context)

    def open_record(self, directory_id: str) -> None:
        """Ask the reason (every time), then fetch the record off the GUI thread."""
        reason = self.reason_dialog.ask()
        if reason is None:
            return
        self.request_record(directory_id, reason)

    def request_record(self, directory_id: str, reason: Reason) -> None:
        self._record_request += 1
        self._pending_record = self._record_request
        self.record_view.clear()
        self._show_message(self.tr("Opening the record…"))
        self._worker.request_record(directory_id, reason, self._record_request)

    def close_record(self) -> None:
        self._pending_record = None
        self.record_view.clear()
        self.record_stack.setCurrentWidget(self.record_placeholder)
        self.search_view.setFocus()

    def clear(self) -> None:
        """Drop every child value on this page (lock, sign-out, session end)."""
        self._pending_record = None
        self.reason_dialog.clear()
        self.search_view.clear()
        self.record_view.clear()
        self.record_message.clear()
        self.record_stack.setCurrentWidget(self.record_placeholder)

    # -- results -------------------------------------------------------------------------

    def _on_record(self, request_id: int, record: ChildRecord) -> None:
        if request_id != self._pending_record:
            return  # stale: the user opened another record, closed it, or the screen locked
        self._pending_record = None
        self.record_view.show_record(record)
        self.record_stack.setCurrentWidget(self.record_view)

    def _on_record_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending_record:
            return
        self._pending_record = None
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self._show_message(error.message)

    def _show_message(self, text: str) -> None:
        self.record_message.setText(text)
        self.record_stack.setCurrentWidget(self.record_message)

    # -- actions that arrive with the "working together" issue --------------------------

    def _request_contact(self, _directory_id: str) -> None:
        QMessageBox.information(
            self, self.tr("Request contact"),
            self.tr("Requests to contact a sensitive service go to your local authority's "
                    "ContactPoint team. Sending them from cpdesk is not available in this "
                    "version yet: call the ContactPoint team on the number shown on the "
                    "record's local authority."))

    def _override(self, _directory_id: str) -> None:
        QMessageBox.information(
            self, self.tr("Shield override"),
            self.tr("Shield override is not available in this version yet."))
