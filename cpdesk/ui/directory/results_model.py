"""The search results table model: ``set_rows`` / ``clear``, every cell from ``privacy``.

Each row's display text comes from ``privacy.summary_cells`` (architecture rule 4); the
model only lays it out. Sorting uses the sort keys privacy gives (name, date of birth,
match score), never the display text. ``clear()`` drops every row and every summary.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from cpdesk.domain import ChildSummary
from cpdesk.privacy import DisplayContext, SummaryDisplay, summary_cells

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    BORN = 1
    GENDER = 2
    LOCALITY = 3
    NOTES = 4
    MATCH = 5


HEADERS = {
    Column.NAME: "Name",
    Column.BORN: "Born",
    Column.GENDER: "Gender",
    Column.LOCALITY: "Locality",
    Column.NOTES: "Notes",
    Column.MATCH: "Match",
}

DIRECTORY_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ResultsModel(QAbstractTableModel):
    def __init__(self, context: DisplayContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._rows: list[SummaryDisplay] = []
        self._bold = QFont()
        self._bold.setBold(True)
        self._alert = QBrush(QColor("#d5281b"))
        self._muted = QBrush(QColor("#4c6272"))

    def set_context(self, context: DisplayContext) -> None:
        self._context = context

    def set_rows(self, rows: Sequence[ChildSummary]) -> None:
        self.beginResetModel()
        self._rows = [summary_cells(row, self._context) for row in rows]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def directory_id_at(self, row: int) -> str | None:
        """The directory ID (ten digits) of a row, for opening the record."""
        if 0 <= row < len(self._rows):
            return self._rows[row].raw_directory_id
        return None

    # -- Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(Column):
            return self.tr(HEADERS[Column(section)])
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | \
            Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) \
                or index.column() >= len(Column):
            return None
        display = self._rows[index.row()]
        column = Column(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _cell(display, column)
        if role == DIRECTORY_ID_ROLE:
            return display.raw_directory_id
        if role == Qt.ItemDataRole.FontRole and (
                column is Column.NAME or (column is Column.NOTES and display.badges)):
            return self._bold
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.NOTES \
                and display.shielded:
            return self._alert
        if role == Qt.ItemDataRole.ForegroundRole and column is Column.MATCH \
                and display.score < 1.0:
            return self._muted
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _SORT_KEYS.get(Column(column) if 0 <= column < len(Column) else Column.NAME,
                             _by_name)
        self.layoutAboutToBeChanged.emit()
        order_of = sorted(range(len(self._rows)), key=lambda i: key(self._rows[i]),
                          reverse=order == Qt.SortOrder.DescendingOrder)
        new_row = {old: new for new, old in enumerate(order_of)}
        self._rows = [self._rows[i] for i in order_of]
        before = self.persistentIndexList()
        self.changePersistentIndexList(
            before, [self.index(new_row[i.row()], i.column()) for i in before])
        self.layoutChanged.emit()


def _by_name(d: SummaryDisplay) -> tuple[Any, ...]:
    return (d.sort_name, d.sort_dob)


_SORT_KEYS: dict[Column, Callable[[SummaryDisplay], tuple[Any, ...]]] = {
    Column.NAME: _by_name,
    Column.BORN: lambda d: (d.sort_dob, d.sort_name),
    Column.GENDER: lambda d: (d.gender, d.sort_name),
    Column.LOCALITY: lambda d: (d.locality, d.sort_name),
    Column.NOTES: lambda d: (d.badges, d.sort_name),
    Column.MATCH: lambda d: (d.score, d.sort_name),
}


def _cell(display: SummaryDisplay, column: Column) -> str:
    if column is Column.NAME:
        return display.name
    if column is Column.BORN:
        return display.born
    if column is Column.GENDER:
        return display.gender
    if column is Column.LOCALITY:
        return display.locality
    if column is Column.NOTES:
        return " · ".join(display.badges)
    return display.match
