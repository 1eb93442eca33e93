"""The record's top summary (issue 16): who to call, lead professional first.

One compact grid right under the banner — name (with the "Lead professional" badge), what
they are (job title and organisation, or "School" / "GP practice") and the phone with its
copy button — so the lead professional's phone is on screen without scrolling at 1366×768.
Every text comes from ``privacy`` (``CallLine``); this widget only lays it out.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from cpdesk.privacy import CallLine, CopyKind
from cpdesk.ui.common.widgets import button, label, value_label
from cpdesk.ui.directory.record_sections import badge, copy_button_for, delete_now, rename


class _CallRow:
    """One person's line: kept and refilled by the next record (issue 18)."""

    def __init__(self, row: int, who: QLabel, what: QLabel, phone: QLabel) -> None:
        self.row, self.who, self.what, self.phone = row, who, what, phone
        self.badge: QLabel | None = None
        self.copy: QToolButton | None = None
        self.kind: CopyKind | None = None
        self.value: str | None = None

    def widgets(self) -> list[QWidget]:
        return [w for w in (self.who, self.what, self.badge, self.phone, self.copy)
                if w is not None]


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
        self._rows: list[_CallRow] = []
        self.hide()

    def show_lines(self, lines: tuple[CallLine, ...]) -> None:
        """Fill the panel; the rows already there are refilled, not made again (issue 18)."""
        for row, line in enumerate(lines):
            if row == len(self._rows):
                self._rows.append(self._new_row(row))
            self._fill(self._rows[row], line)
        while len(self._rows) > len(lines):
            for widget in self._rows.pop().widgets():
                delete_now(widget)
        self.setVisible(bool(lines))

    def _new_row(self, row: int) -> _CallRow:
        who = label("", "callWho", selectable=True)
        self.grid.addWidget(who, row, 0)
        # Issue 19: each value is named by itself and described by whose it is; the phone
        # (the row's point) is labelled by the person and says their role too.
        what = value_label(who, "", "callWhat")
        self.grid.addWidget(what, row, 1)
        phone = value_label(who, "", "callPhone", wrap=False)
        self.grid.addWidget(phone, row, 3)
        return _CallRow(row, who, what, phone)

    def _fill(self, made: _CallRow, line: CallLine) -> None:
        shown = not self.isHidden()  # a widget added to a shown panel is shown by hand
        made.who.setText(line.who)
        made.who.setProperty("lead", line.lead)
        made.what.setText(line.what)
        made.what.setAccessibleDescription(self.tr("Role of {who}").format(who=line.who))
        if line.lead and made.badge is None:
            made.badge = badge("Lead professional")
            # A pill beside the name, not a block as tall as a role wrapped over lines.
            self.grid.addWidget(made.badge, made.row, 2,
                                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            if shown:
                made.badge.show()
        elif not line.lead and made.badge is not None:
            delete_now(made.badge)
            made.badge = None
        made.phone.setText(line.phone.text)
        rename(made.phone, "notKnown" if line.phone.not_known else "callPhone")
        made.phone.setAccessibleDescription(self.tr("Phone of {who}, {what}").format(
            who=line.who, what=line.what))
        made.kind, made.value = line.phone.copy_kind, line.phone.copy_value

        def make() -> QToolButton:
            copy = button(QToolButton, self.tr("Copy"), "copyButton", "",
                          lambda: self._copy_row(made))
            self.grid.addWidget(copy, made.row, 4)
            if shown:
                copy.show()
            return copy
        made.copy = copy_button_for(made.copy, made.kind, made.value, line.who, make)

    def _copy_row(self, made: _CallRow) -> None:
        if made.kind is not None and made.value:
            self._on_copy(made.kind, made.value)

    @property
    def phones(self) -> list[QLabel]:
        return [w for w in self.findChildren(QLabel) if w.objectName() == "callPhone"]

    def put_aside(self) -> None:
        """Every value emptied and the panel hidden; the rows are kept for the next record."""
        for made in self._rows:
            for shown in (made.who, made.what, made.phone):
                shown.clear()
                shown.setAccessibleDescription("")
            made.kind = made.value = None
            if made.copy is not None:
                made.copy.setAccessibleName(self.tr("Copy"))
        self.hide()

    def clear(self) -> None:
        while self._rows:
            for widget in self._rows.pop().widgets():
                delete_now(widget)
        self.hide()
