"""Widget pieces of the record view: badges, a section's frame, the banner and the training
watermark (labels and buttons come from ``ui/common/widgets.py``). No formatting here either:
every text comes from ``privacy.record_display``.

Speed (product.md §11, GUI-thread stall ≤ 50 ms): properties that the stylesheet matches
(``greyed``, ``kind``) are set before a widget is first shown, so nothing is unpolished and
polished again; a section's frame is built empty and its entry cards are added one at a time
by ``RecordView`` (see ``record_view.py``: the build runs over several event-loop turns).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.privacy import Banner, CopyKind, Section, can_copy
from cpdesk.ui.common.clipboard import copy_name
from cpdesk.ui.common.widgets import button, label, restyle, value_label

COPY_NAMES = {
    CopyKind.PHONE: "Copy phone number",
    CopyKind.EMAIL: "Copy email address",
    CopyKind.DIRECTORY_ID: "Copy directory ID",
    CopyKind.ORGANISATION: "Copy organisation name",
}

def delete_now(widget: QWidget) -> None:
    """Hidden and deleted now: detaching first (setParent) re-resolved the style of every
    widget inside, about twice the cost. Nothing deletes a widget from one of its own slots
    (the End… button only opens a dialog)."""
    widget.hide()
    shiboken6.delete(widget)


def rename(made: QLabel, name: str) -> None:
    """A kept label's new object name, and the stylesheet's rules for it (issue 18: only
    when it changes, as between a value and "Not known")."""
    if made.objectName() != name:
        made.setObjectName(name)
        restyle(made)


def copy_button_for(kept: QToolButton | None, kind: CopyKind | None, value: str | None,
                    owner: str, make: Callable[[], QToolButton]) -> QToolButton | None:
    """A row's Copy button, refilled for the row's value: the kept one (or one ``make``
    makes and places) named for whose value it copies, or none — deleted — when the row has
    nothing to copy. Record rows and Who to call's lines both use it (issue 18: kept rows)."""
    if kind is None or not value:
        if kept is not None:
            delete_now(kept)
        return None
    made = kept if kept is not None else make()
    made.setAccessibleName(copy_name(kind.value, owner))
    made.setProperty("copyKind", kind.value)
    return made


def badge(text: str) -> QLabel:
    made = label(text, "badge", wrap=False)
    made.setProperty("kind", text.lower().replace(" ", "-"))  # before the first polish
    return made


def section_frame_into(frame: QFrame, section: Section) -> tuple[QVBoxLayout, QLabel]:
    """Make ``frame`` an empty section (named, with the section key) with its title."""
    frame.setObjectName("recordSection")
    frame.setProperty("section", section.key.value)
    frame.setAccessibleName(section.title)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    title = label(section.title, "sectionTitle")
    layout.addWidget(title)
    return layout, title


def row_or_two(grid: QGridLayout, widgets: Sequence[QWidget], *, two_rows: bool) -> None:
    """Lay *widgets* out left to right on the first row of *grid*, or with the last of them
    alone on a second row (where one row does not fit across: a window near its minimum).
    Nothing is moved when they already sit so."""
    placed = grid.indexOf(widgets[-1])
    if placed >= 0:
        row, _column, _rows, _columns = cast(tuple[int, int, int, int],
                                             grid.getItemPosition(placed))
        if row == int(two_rows):
            return
    for made in widgets:
        grid.removeWidget(made)
    last = len(widgets) - 1
    for i, made in enumerate(widgets):
        grid.addWidget(made, *((1, 0) if two_rows and i == last else (0, i)),
                       Qt.AlignmentFlag.AlignLeft)
    grid.setColumnStretch(last + 1, 1)  # they keep to the left


def entry_grid(entries: int) -> QGridLayout:
    """The two-column grid a section's entry cards go in."""
    grid = QGridLayout()
    grid.setHorizontalSpacing(12)
    grid.setVerticalSpacing(12)
    grid.setColumnStretch(0, 1)
    grid.setColumnStretch(1, 1 if entries > 1 else 0)
    return grid


class RecordBanner(QFrame):
    """Name, badges, Close, born, gender, directory ID (with Copy), local authority, former
    names. Its strings belong to the record view's translation context."""

    def __init__(self, on_close: Callable[[], None], on_copy_id: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("recordBanner")
        self.setAccessibleName(QCoreApplication.translate("RecordView", "Child details"))
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 14, 24, 14)
        layout.setSpacing(4)
        top = QHBoxLayout()
        self.name = label("", "bannerName", selectable=True)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.close_button = button(
            QPushButton, QCoreApplication.translate("RecordView", "&Close record"),
            "recordClose", QCoreApplication.translate("RecordView", "Close record"), on_close)
        top.addWidget(self.name, 1)
        top.addLayout(self.badges)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        # The facts sit in one row; where the record area is too narrow for it (a window near
        # its minimum size) the local authority goes to a second row (fit): a value is never
        # squeezed and cut, as a directory ID short of its last digit would be.
        self._facts = QGridLayout()
        self._facts.setHorizontalSpacing(28)
        self._facts.setVerticalSpacing(6)
        self._boxes: list[QWidget] = []
        self.born = self._fact(QCoreApplication.translate("RecordView", "Born"), "bannerBorn")
        self.gender = self._fact(QCoreApplication.translate("RecordView", "Gender"),
                                 "bannerGender")
        self.directory_id = self._fact(
            QCoreApplication.translate("RecordView", "Directory ID"), "bannerDirectoryId")
        self.copy_id = button(QToolButton, QCoreApplication.translate("RecordView", "Copy"),
                              "copyDirectoryId", QCoreApplication.translate(
                                  "RecordView", COPY_NAMES[CopyKind.DIRECTORY_ID]), on_copy_id)
        id_box = self._boxes[-1].layout()
        assert isinstance(id_box, QHBoxLayout)
        id_box.addWidget(self.copy_id, 0, Qt.AlignmentFlag.AlignVCenter)
        self.local_authority = self._fact(
            QCoreApplication.translate("RecordView", "Local authority"), "bannerLocalAuthority")
        row_or_two(self._facts, self._boxes, two_rows=False)
        layout.addLayout(self._facts)
        self.former_names = label("", "bannerFormerNames")
        layout.addWidget(self.former_names)

    def _fact(self, caption: str, name: str) -> QLabel:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(28)
        column = QVBoxLayout()
        column.setSpacing(0)
        title = label(caption, "bannerCaption", wrap=False)
        value = value_label(title, "", name, wrap=False)
        column.addWidget(title)
        column.addWidget(value)
        row.addLayout(column)
        self._boxes.append(box)
        return value

    def fit(self, width: int) -> None:
        """One row of facts if *width* (the banner's) holds them, else two."""
        self.ensurePolished()  # the stylesheet's type, not the default font's (first record)
        margins = self._layout.contentsMargins()
        spacing = self._facts.horizontalSpacing()
        needed = (sum(self._fact_width(box) for box in self._boxes)
                  + self.copy_id.sizeHint().width() + spacing * len(self._boxes)
                  + margins.left() + margins.right())
        row_or_two(self._facts, self._boxes, two_rows=needed > width)

    @staticmethod
    def _fact_width(box: QWidget) -> int:
        """The widest of a fact's caption and value, from their own fonts (no layout cache)."""
        return max(made.fontMetrics().horizontalAdvance(made.text()) + 2
                   for made in box.findChildren(QLabel))

    def show_banner(self, banner: Banner) -> None:
        self.name.setText(banner.name)
        self.born.setText(banner.born)
        self.gender.setText(banner.gender)
        self.directory_id.setText(banner.directory_id)
        self.local_authority.setText(banner.local_authority)
        self.copy_id.setVisible(can_copy(CopyKind.DIRECTORY_ID, banner.directory_id_copy))
        self.copy_id.setAccessibleName(copy_name(CopyKind.DIRECTORY_ID.value, banner.name))
        if banner.former_names:
            self.former_names.setText(banner.former_names)
            self.former_names.show()
        for text in banner.badges:
            made = badge(text)
            self.badges.addWidget(made)
            made.show()


class _Watermark(QWidget):
    """A faint diagonal "TRAINING" over the record; clicks pass through. (The class name is
    the translation context of its strings.)"""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("trainingWatermark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setAccessibleName(self.tr("Training: fictional records only"))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(QColor(255, 184, 28, 70))
        font = QFont()
        font.setPointSize(48)
        font.setBold(True)
        painter.setFont(font)
        painter.translate(self.width() / 2, self.height() / 2)
        painter.rotate(-30)
        text = self.tr("TRAINING")
        for offset in (-220, 0, 220):
            painter.drawText(QRect(-400, offset - 50, 800, 100), Qt.AlignmentFlag.AlignCenter,
                             text)
        painter.end()


Watermark = _Watermark
