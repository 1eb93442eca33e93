"""My activity (product.md §6): the user's own searches, record views and requests, newest
first — time, action, directory ID, reason, reference. Never a name: the server sends none and
nothing here could show one.

Privacy: directory IDs are child-linked, so ``clear()`` (lock, sign-out) empties the model.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    Signal,
)
from PySide6.QtWidgets import (
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import ActivityItem
from cpdesk.privacy import activity_cells
from cpdesk.ui.common.page import page_header
from cpdesk.ui.common.table import TextRowsModel, make_table
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker

ACTIVITY_HEADERS = ("Time", "Action", "Directory ID", "Reason", "Reference", "Outcome")
LIMIT = 100


class ListPage(QWidget):
    """A page that shows one list from the directory, loaded afresh on ``refresh()``: a
    title, a note, a Refresh button, a message line and the table. Subclasses say what to
    ask for (``request``), how a row reads (``cells``) and what an empty list means."""

    session_expired = Signal()
    ACTION = ""  # for explain()

    def __init__(self, worker: DirectoryWorker, name: str, title: str, note: str,
                 headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{name}View")
        self.setAccessibleName(title)
        self._worker = worker
        self._pending: int | None = None
        layout = QVBoxLayout(self)
        header = page_header(layout, name=name, title=title, note=note, refresh=self.refresh)
        self.refresh_button, self.message = header.refresh_button, header.message
        self.model = TextRowsModel(headers, self)
        self.table = make_table(self.model, f"{name}Table", title)
        layout.addWidget(self.table, 1)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)

    # -- for subclasses ----------------------------------------------------------------------

    def request(self) -> int:
        raise NotImplementedError

    def cells(self, item: object) -> tuple[str, ...] | None:
        """One row's display text, or None for an item of the wrong kind."""
        raise NotImplementedError

    def loading_text(self) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    # -- flow --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.message.setText(self.loading_text())
        self.message.show()
        self.refresh_button.setEnabled(False)
        self._pending = self.request()

    def clear(self) -> None:
        self._pending = None
        self.model.clear()
        self.message.clear()
        self.message.hide()
        self.refresh_button.setEnabled(True)

    def _on_finished(self, request_id: int, items: object) -> None:
        if request_id != self._pending or not isinstance(items, tuple):
            return
        self._pending = None
        self.refresh_button.setEnabled(True)
        self.model.set_rows([row for i in items if (row := self.cells(i)) is not None])
        if items:
            self.message.hide()
        else:
            self.message.setText(self.empty_text())

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending:
            return
        self._pending = None
        self.refresh_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self.message.setText(explain(error, self.ACTION))
        self.message.show()


class ActivityView(ListPage):
    ACTION = "activity"

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, "activity", self.tr("My activity"),
                         self.tr("Your own searches, record views and requests, newest "
                                 "first. The directory records each of them with your reason."),
                         ACTIVITY_HEADERS, parent)

    def request(self) -> int:
        return self._worker.request_activity(LIMIT)

    def cells(self, item: object) -> tuple[str, ...] | None:
        return activity_cells(item) if isinstance(item, ActivityItem) else None

    def loading_text(self) -> str:
        return self.tr("Loading your activity…")

    def empty_text(self) -> str:
        return self.tr("Nothing yet: your searches and record views will be listed here.")
