"""The search form's fields in three columns, or in two where three do not fit across (a record
open beside the results in a small window). A field of a fixed format is never narrower than
its widest value: "l4-07-2011" for 14-07-2011, its first digit under the field's edge, is a
misread date of birth. The tab order follows the columns, so it always reads as the screen
does: left to right, then down."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QLineEdit, QStyle, QWidget

# Where each field goes, in reading order: family name, given name, date of birth, born from,
# born to, gender, postcode, directory ID; (row, column), a row being caption, field, error.
THREE_COLUMNS = ((0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (2, 0), (2, 1))
TWO_COLUMNS = ((0, 0), (0, 1), (1, 0), (2, 0), (2, 1), (1, 1), (3, 0), (3, 1))
LAYOUTS = {3: THREE_COLUMNS, 2: TWO_COLUMNS}


@dataclass(frozen=True, slots=True)
class FormCell:
    caption: QLabel
    widget: QWidget
    error: QLabel
    widest: str | None  # the widest value of a fixed format (a date: "00-00-0000")


def needed_width(cell: FormCell) -> int:
    """The width the cell's field needs to show its widest value whole, with its clear button
    (its caption's, where that is wider). The same whether or not the field holds text."""
    caption = cell.caption.sizeHint().width()
    edit = cell.widget
    if not isinstance(edit, QLineEdit) or cell.widest is None:
        return max(caption, edit.minimumSizeHint().width())
    metrics = edit.fontMetrics()
    # QLineEdit's size hint is 17 "x" plus its margins and frame, and the clear button while
    # there is text (QLineEditPrivate::sideWidgetParameters: margin, icon and 6 px).
    style = edit.style()
    button = (style.pixelMetric(QStyle.PixelMetric.PM_LineEditIconMargin, None, edit)
              + style.pixelMetric(QStyle.PixelMetric.PM_LineEditIconSize, None, edit) + 6)
    chrome = edit.sizeHint().width() - 17 * metrics.horizontalAdvance("x")
    if edit.text():
        chrome -= button
    if edit.isClearButtonEnabled():
        chrome += button
    return max(caption, chrome + metrics.horizontalAdvance(cell.widest))


class FormGrid(QObject):
    """Lays the cells out in the card's grid for the card's width, whenever it changes."""

    def __init__(self, card: QFrame, grid: QGridLayout) -> None:
        super().__init__(card)
        self._card, self._grid = card, grid
        self.cells: list[FormCell] = []
        self.columns = 3  # as the cells are added; fit() decides once they all are
        self._stretch()
        card.installEventFilter(self)

    def add(self, cell: FormCell) -> None:
        self.cells.append(cell)
        self._put(cell, *THREE_COLUMNS[len(self.cells) - 1])

    def need(self, columns: int) -> int:
        """The card's width for this many columns of the widest cell (columns share alike)."""
        margins = self._grid.contentsMargins()
        frame = self._card.frameWidth() * 2
        widest = max(needed_width(cell) for cell in self.cells)
        return (columns * widest + (columns - 1) * self._grid.horizontalSpacing()
                + margins.left() + margins.right() + frame)

    def fit(self) -> None:
        if len(self.cells) != len(THREE_COLUMNS):
            return
        columns = 3 if self._card.width() >= self.need(3) else 2
        if columns == self.columns:
            return
        self.columns = columns
        for cell in self.cells:
            for widget in (cell.caption, cell.widget, cell.error):
                self._grid.removeWidget(widget)
        places = LAYOUTS[columns]
        for cell, (row, column) in zip(self.cells, places, strict=True):
            self._put(cell, row, column)
        self._stretch()
        # In two columns the fields of a fixed format hold their width: the results' side is
        # never narrowed (the splitter) below it. In three there is room for them already,
        # and the side may narrow, to two columns again.
        for cell in self.cells:
            if cell.widest is not None:
                cell.widget.setMinimumWidth(needed_width(cell) if columns == 2 else 0)
        in_reading_order = [cell.widget for _place, cell in sorted(
            zip(places, self.cells, strict=True), key=lambda placed: placed[0])]
        for before, after in itertools.pairwise(in_reading_order):
            QWidget.setTabOrder(before, after)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Across only: an error shown under a field makes the card taller, never re-placed.
        if (watched is self._card and isinstance(event, QResizeEvent)
                and event.size().width() != event.oldSize().width()):
            self.fit()
        return False

    def _stretch(self) -> None:
        """The columns in use share the width alike; an unused third takes none."""
        for column in range(3):
            self._grid.setColumnStretch(column, 1 if column < self.columns else 0)

    def _put(self, cell: FormCell, row: int, column: int) -> None:
        self._grid.addWidget(cell.caption, 3 * row, column)
        self._grid.addWidget(cell.widget, 3 * row + 1, column)
        self._grid.addWidget(cell.error, 3 * row + 2, column)
