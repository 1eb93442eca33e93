"""My activity (product.md §6): the user's own searches, record views and requests, newest
first — time, action, directory ID, reason, reference. Never a name: the server sends none and
nothing here could show one.

Also home of :class:`TextRowsModel`, the plain table model the activity list and the manager's
queue share (``set_rows`` / ``clear``; every cell already display text).

Privacy: directory IDs are child-linked, so ``clear()`` (lock, sign-out) empties the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import ActivityItem
from cpdesk.privacy import activity_cells
from cpdesk.ui.actions import explain
from cpdesk.ui.workers import DirectoryWorker

_Index = QModelIndex | QPersistentModelIndex
ACTIVITY_HEADERS = ("Time", "Action", "Directory ID", "Reason", "Reference")
LIMIT = 100


class TextRowsModel(QAbstractTableModel):
    """Rows of display text; ``set_rows`` replaces them all, ``clear`` drops them."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = [tuple(row) for row in rows]
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None


def make_table(model: QAbstractTableModel, name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ActivityView(QWidget):
    session_expired = Signal()

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("activityView")
        self.setAccessibleName(self.tr("My activity"))
        self._worker = worker
        self._pending: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        top = QHBoxLayout()
        title = QLabel(self.tr("My activity"))
        title.setObjectName("pageTitle")
        top.addWidget(title, 1)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("activityRefresh")
        self.refresh_button.setAccessibleName(self.tr("Refresh my activity"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        note = QLabel(self.tr("Your own searches, record views and requests, newest first. "
                              "The directory records each of them with your reason."))
        note.setObjectName("pageSubtitle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.message = QLabel()
        self.message.setObjectName("activityMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        self.model = TextRowsModel(ACTIVITY_HEADERS, self)
        self.table = make_table(self.model, "activityTable", self.tr("My activity"))
        layout.addWidget(self.table, 1)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)

    def refresh(self) -> None:
        self.message.setText(self.tr("Loading your activity…"))
        self.message.show()
        self.refresh_button.setEnabled(False)
        self._pending = self._worker.request_activity(LIMIT)

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
        self.model.set_rows([activity_cells(i) for i in items if isinstance(i, ActivityItem)])
        if items:
            self.message.hide()
        else:
            self.message.setText(self.tr("Nothing yet: your searches and record views will "
                                         "be listed here."))

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending:
            return
        self._pending = None
        self.refresh_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self.message.setText(explain(error, "activity"))
        self.message.show()
