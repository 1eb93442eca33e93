"""The record's top summary (issue 16): who to call, lead professional first.

One compact grid right under the banner — name (with the "Lead professional" badge), what
they are (job title and organisation, or "School" / "GP practice") and the phone with its
copy button — so the lead professional's phone is on screen without scrolling at 1366×768.
Every text comes from ``privacy`` (``CallLine``); this widget only lays it out.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from cpdesk.privacy import CallLine, CopyKind
from cpdesk.ui.common.clipboard import copy_name
from cpdesk.ui.common.widgets import button, label, value_label
from cpdesk.ui.directory.record_sections import badge


class WhoToCall(QFrame):
    """The "Who to call" panel; ``show_lines`` fills it, ``clear`` empties it."""

    def __init__(self, on_copy: Callable[[CopyKind, str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whoToCall")
        self.setAccessibleName(self.tr("Who to call"))
        self._on_copy = on_copy
        outer = QVBoxLayout(self)
        outer.setContentsMargins(14, 10, 14, 10)
        outer.setSpacing(6)
        self.title = label(self.tr("Who to call"), "whoToCallTitle")
        outer.addWidget(self.title)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        outer.addLayout(self.grid)
        self.hide()

    def show_lines(self, lines: tuple[CallLine, ...]) -> None:
        self.clear()
        for row, line in enumerate(lines):
            who = label(line.who, "callWho", selectable=True)
            who.setProperty("lead", line.lead)
            self.grid.addWidget(who, row, 0)
            # Issue 19: each value is named by itself and described by whose it is; the phone
            # (the row's point) is labelled by the person and says their role too.
            what = value_label(who, line.what, "callWhat",
                               description=self.tr("Role of {who}").format(who=line.who))
            self.grid.addWidget(what, row, 1)
            if line.lead:
                self.grid.addWidget(badge("Lead professional"), row, 2,
                                    Qt.AlignmentFlag.AlignLeft)
            phone = value_label(who, line.phone.text,
                                "notKnown" if line.phone.not_known else "callPhone", wrap=False,
                                description=self.tr("Phone of {who}, {what}").format(
                                    who=line.who, what=line.what))
            self.grid.addWidget(phone, row, 3)
            kind, value = line.phone.copy_kind, line.phone.copy_value
            if kind is not None and value:
                copy = button(QToolButton, self.tr("Copy"), "copyButton",
                              copy_name(kind.value, line.who), self._copier(kind, value))
                copy.setProperty("copyKind", kind.value)
                self.grid.addWidget(copy, row, 4)
        self.setVisible(bool(lines))

    def _copier(self, kind: CopyKind, value: str) -> Callable[[], None]:
        return lambda: self._on_copy(kind, value)

    @property
    def phones(self) -> list[QLabel]:
        return [w for w in self.findChildren(QLabel) if w.objectName() == "callPhone"]

    def clear(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                shiboken6.delete(widget)
        self.hide()
