"""The record view: banner and sections exactly as ``privacy.record_display`` gives them.

Architecture rule 4: this widget never formats a record field. It lays out the display text,
badges, greyed state and copy permissions that ``cpdesk/privacy.py`` decided. Copy buttons
exist only where a row has a ``copy_kind``; the copy goes through the ``ClipboardGuard``.
``clear()`` removes every widget that held child data (they are deleted at once, not merely
scheduled for deletion) and resets the banner.

Speed (product.md §11: the GUI thread never stalls more than 50 ms): ``show_record(record,
progressive=True)`` shows the banner and notices at once, then adds the sections' widgets a
few at a time, one batch per event-loop turn, so input and painting run in between.
``display`` and ``record`` are set, and ``shown`` is emitted, only when the last widget is in
place; ``clear()`` (or another ``show_record``) mid-build abandons the rest and leaves nothing.
Without ``progressive`` the whole record is built before ``show_record`` returns.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain import ChildRecord, RoleKind
from cpdesk.privacy import (
    CopyKind,
    DisplayContext,
    Entry,
    RecordDisplay,
    Row,
    record_display,
)
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.clipboard import ClipboardGuard, cleared_message, copied_message, copy_name
from cpdesk.ui.common.widgets import button as _button
from cpdesk.ui.common.widgets import label as _label
from cpdesk.ui.common.widgets import value_label
from cpdesk.ui.directory.record_sections import (
    RecordBanner,
    Watermark,
    badge,
    entry_grid,
    section_frame,
)
from cpdesk.ui.directory.record_summary import WhoToCall
from cpdesk.ui.directory.record_together import RecordTogether

SENDS_CHILD_HERE = (RoleKind.PRACTITIONER, RoleKind.MANAGER)

# A progressive build's turn adds at most STEPS_PER_TURN widgets (section frames or entry
# cards; a card with its labels costs about 1.5–3 ms to create and polish on the reference
# machine) and stops early once TURN_BUDGET_S has passed; layout and paint follow each turn.
STEPS_PER_TURN = 3
TURN_BUDGET_S = 0.004


class RecordView(QWidget):
    """One child's record. Signals carry only the directory ID."""

    request_contact = Signal(str)  # directory ID
    override_requested = Signal(str)  # directory ID (managers)
    close_requested = Signal()
    copied = Signal(str)  # copy kind
    involvement_requested = Signal(str)  # directory ID: record my involvement
    end_involvement_requested = Signal(str)  # involvement ID
    inaccuracy_requested = Signal(str)  # directory ID
    child_here_requested = Signal(str)  # directory ID: tell the lead professional (issue 16)
    shown = Signal()  # the whole record is on screen (``display`` is set)

    def __init__(self, clipboard: ClipboardGuard, context: DisplayContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordView")
        self.setAccessibleName(self.tr("Child record"))
        self._clipboard = clipboard
        clipboard.cleared.connect(self._on_clipboard_cleared)
        self._context = context
        self._directory_id: str | None = None
        self.display: RecordDisplay | None = None
        self.record: ChildRecord | None = None
        self._endable: frozenset[str] = frozenset()
        self._build: Iterator[None] | None = None
        self._building: tuple[RecordDisplay, ChildRecord] | None = None
        self._generation = 0  # bumped by clear(): a queued batch of another build stops
        self.clock: Callable[[], datetime] = datetime.now  # local time: out of hours (tests)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.banner = RecordBanner(self._on_close, self._copy_directory_id)
        banner = self.banner
        self.name, self.badges, self.close_button = banner.name, banner.badges, banner.close_button
        self.born, self.gender, self.directory_id = banner.born, banner.gender, banner.directory_id
        self.copy_id, self.local_authority = banner.copy_id, banner.local_authority
        self.former_names = banner.former_names
        outer.addWidget(self.banner)

        scroll = QScrollArea()
        scroll.setObjectName("recordScroll")
        scroll.setAccessibleName(self.tr("Record details"))
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        body.setObjectName("recordBody")
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(24, 16, 24, 24)
        self._body.setSpacing(14)

        self.override_notice = _label("", "overrideNotice")
        self.shield_notice = _label("", "shieldNotice", selectable=True)
        self.shield_notice.setAccessibleName(self.tr("Shielded record"))
        self.sensitive_notice = QFrame()
        self.sensitive_notice.setObjectName("sensitiveNotice")
        self.sensitive_notice.setAccessibleName(self.tr("Sensitive services"))
        sensitive_layout = QHBoxLayout(self.sensitive_notice)
        self.sensitive_text = _label("", "sensitiveText")
        self.request_contact_button = _button(
            QPushButton, self.tr("Re&quest contact"), "requestContactButton",
            self.tr("Request contact through the ContactPoint team"), self._on_request_contact)
        sensitive_layout.addWidget(self.sensitive_text, 1)
        sensitive_layout.addWidget(self.request_contact_button, 0, Qt.AlignmentFlag.AlignTop)
        self.override_button = _button(QPushButton, self.tr("&View shielded details…"),
                                       "overrideButton", self.tr("View shielded details"),
                                       self._on_override)
        self.out_of_hours_notice = _label("", "outOfHoursNotice", selectable=True)
        self.out_of_hours_notice.setAccessibleName(self.tr("Out of office hours"))
        self.who_to_call = WhoToCall(self._copy)
        self.alerts_note = _label("", "alertsNote")
        for widget in (self.override_notice, self.shield_notice, self.override_button,
                       self.out_of_hours_notice, self.who_to_call, self.alerts_note):
            widget.hide()
            self._body.addWidget(widget)
        self.action_bar = QHBoxLayout()
        self.involvement_button = _button(
            QPushButton, self.tr("Record my i&nvolvement…"), "recordInvolvementButton",
            self.tr("Record my involvement"),
            lambda: self._emit_with_id(self.involvement_requested))
        self.inaccuracy_button = _button(
            QPushButton, self.tr("Report an inaccurac&y…"), "reportInaccuracyButton",
            self.tr("Report an inaccuracy"), lambda: self._emit_with_id(self.inaccuracy_requested))
        self.child_here_button = _button(
            QPushButton, self.tr("Tell the lead professional this child is &here"),
            "childHereButton", self.tr("Tell the lead professional this child is here"),
            lambda: self._emit_with_id(self.child_here_requested))
        self.action_bar.addWidget(self.child_here_button)
        self.action_bar.addWidget(self.involvement_button)
        self.action_bar.addWidget(self.inaccuracy_button)
        self.action_bar.addStretch(1)
        self._body.addLayout(self.action_bar)
        self.together = RecordTogether()  # issue 17: duplicate, consents, household, convene
        self._body.addWidget(self.together)
        self.sensitive_notice.hide()
        # Sections flow in two columns: one with several entries takes a whole row; two
        # short ones (a single entry, a notice or "Not known") share a row.
        self._sections = QGridLayout()
        self._sections.setHorizontalSpacing(16)
        self._sections.setVerticalSpacing(14)
        self._sections.setColumnStretch(0, 1)
        self._sections.setColumnStretch(1, 1)
        self._body.addLayout(self._sections)
        self._body.addStretch(1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.status = _label("", "recordStatus")
        self.status.setContentsMargins(24, 4, 24, 4)
        outer.addWidget(self.status)

        self.watermark = Watermark(self)
        self.watermark.hide()
        self.clear()

    # -- public --------------------------------------------------------------------------

    def set_context(self, context: DisplayContext) -> None:
        self._context = context

    def set_training(self, training: bool) -> None:
        """Show the "TRAINING" watermark over the record (training sandbox)."""
        self.watermark.setVisible(training)
        if training:
            self.watermark.setGeometry(self.rect())
            self.watermark.raise_()

    @property
    def section_widgets(self) -> list[QWidget]:
        items = (self._sections.itemAt(i) for i in range(self._sections.count()))
        return [w for w in (i.widget() if i else None for i in items) if w is not None]

    @property
    def building(self) -> bool:
        """A progressive build is under way (``display`` is still None)."""
        return self._build is not None

    def show_record(self, record: ChildRecord, *, progressive: bool = False) -> None:
        self.clear()
        display = record_display(record, self._context, self.clock())
        self._directory_id = record.directory_id
        self._endable = display.endable
        self.involvement_button.setVisible(display.shielded_notice is None)
        self.together.show_record(record, self._context)
        self.inaccuracy_button.show()
        self._show_summary(display)
        self.banner.show_banner(display.banner)
        if display.override_notice:
            self.override_notice.setText(display.override_notice)
            self.override_notice.show()
        if display.shielded_notice:
            self.shield_notice.setText(display.shielded_notice)
            self.shield_notice.show()
        self.override_button.setVisible(display.can_override)
        self.close_button.setFocus()
        self._building = (display, record)
        self._build = self._steps(display)
        if progressive:  # this turn already made the banner: one widget more at most
            if next(self._build, True):
                self._finish()
            else:
                self._queue(self._generation)
        else:
            for _step in self._build:
                pass
            self._finish()

    def _show_summary(self, display: RecordDisplay) -> None:
        """Issue 16: the duty team out of hours, who to call, the urgent-care count and the
        child-is-here action — first, above the detail sections."""
        if display.out_of_hours and not display.shielded_notice:
            self.out_of_hours_notice.setText(display.out_of_hours)
            self.out_of_hours_notice.show()
        self.who_to_call.show_lines(display.who_to_call)
        if display.alerts_note:
            self.alerts_note.setText(display.alerts_note)
            self.alerts_note.show()
        shielded = display.shielded_notice is not None
        self.child_here_button.setText(
            self.tr("Tell the ContactPoint team this child is &here") if shielded
            else self.tr("Tell the lead professional this child is &here"))
        self.child_here_button.setAccessibleName(self.child_here_button.text().replace("&", ""))
        self.child_here_button.setEnabled(True)
        self.child_here_button.setVisible(self._context.role in SENDS_CHILD_HERE)

    def child_here_sent(self, message: str) -> None:
        """The alert went: say so in the status line; one alert per opening."""
        self.child_here_button.setEnabled(False)
        self.status.setText(message)

    def _continue(self, generation: int) -> None:
        """One batch of a progressive build; queues the next batch behind pending events."""
        if generation != self._generation or self._build is None:
            return  # cleared, or another record was asked for, since this was queued
        deadline = time.perf_counter() + TURN_BUDGET_S
        for _batch in range(STEPS_PER_TURN):
            if next(self._build, True):
                self._finish()
                return
            if time.perf_counter() > deadline:
                break
        self._queue(generation)

    def _queue(self, generation: int) -> None:
        QTimer.singleShot(0, self, lambda: self._continue(generation))

    def _finish(self) -> None:
        if self._building is not None:
            self.display, self.record = self._building
        self._build = self._building = None
        self._announce_opened()
        self.shown.emit()

    def _steps(self, display: RecordDisplay) -> Iterator[None]:
        """Build the sections; yields after each section frame and each entry card."""
        row, column = 0, 0
        for section in display.sections:
            if display.shielded_notice and section.notice == display.shielded_notice:
                continue  # already shown, prominently, as shieldNotice
            frame, layout = section_frame(section)
            if display.sensitive_notice and section.notice == display.sensitive_notice:
                self.sensitive_text.setText(section.notice)
                self.request_contact_button.setVisible(display.offer_request_contact)
                layout.addWidget(self.sensitive_notice)
                self.sensitive_notice.show()
            elif section.notice:
                layout.addWidget(_label(section.notice, "sectionNotice", selectable=True))
            grid: QGridLayout | None = None
            if section.entries:
                grid = entry_grid(len(section.entries))
                layout.addLayout(grid)
            elif section.empty_text and not section.notice:
                layout.addWidget(_label(section.empty_text, "notKnown"))
            # Sections flow in two columns: one with several entries takes a whole row; two
            # short ones (a single entry, a notice or "Not known") share a row.
            if len(section.entries) > 1:
                if column:
                    row, column = row + 1, 0
                self._sections.addWidget(frame, row, 0, 1, 2)
                row += 1
            else:
                self._sections.addWidget(frame, row, column, Qt.AlignmentFlag.AlignTop)
                row, column = (row, 1) if column == 0 else (row + 1, 0)
            frame.show()  # shown now, not on a queued call: tests and screen readers
            yield
            for i, entry in enumerate(section.entries):
                assert grid is not None
                card = self._entry(entry)
                grid.addWidget(card, i // 2, i % 2)
                card.show()
                yield

    def clear(self) -> None:
        """Drop every child value: sections deleted at once, banner and notices emptied."""
        self._generation += 1
        self._build = self._building = None
        self.display = None
        self.record = None
        self._endable = frozenset()
        self.involvement_button.hide()
        self.inaccuracy_button.hide()
        self.together.clear()
        self.child_here_button.hide()
        self.who_to_call.clear()
        self._directory_id = None
        # The sensitive notice lives inside its section while shown: take it back first.
        self.sensitive_notice.hide()
        if self.sensitive_notice.parent() is not self:
            self.sensitive_notice.setParent(self)
        for layout in (self._sections, self.badges):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    # Deleted now: detaching first (setParent) re-resolved the style of every
                    # widget inside, about twice the cost. Nothing calls clear() from a slot
                    # of a widget inside a section (the End… button only opens a dialog).
                    shiboken6.delete(widget)
        for label in (self.name, self.born, self.gender, self.directory_id,
                      self.local_authority, self.former_names, self.shield_notice,
                      self.sensitive_text, self.override_notice, self.status,
                      self.out_of_hours_notice, self.alerts_note):
            label.clear()
            label.setToolTip("")
        self.former_names.hide()
        for widget in (self.shield_notice, self.override_notice, self.override_button,
                       self.out_of_hours_notice, self.alerts_note):
            widget.hide()
        self.copy_id.hide()
        self.copy_id.setAccessibleName(copy_name(CopyKind.DIRECTORY_ID.value))  # no name left

    # -- building ------------------------------------------------------------------------

    def _entry(self, entry: Entry) -> QWidget:
        card = QFrame()
        card.setObjectName("entryCard")
        card.setProperty("greyed", entry.greyed)
        card.setAccessibleName(entry.heading)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        head = QHBoxLayout()
        heading = _label(entry.heading, "entryHeading", selectable=True)
        head.addWidget(heading, 1)
        for text in entry.badges:
            head.addWidget(badge(text), 0, Qt.AlignmentFlag.AlignTop)
        if entry.involvement_id is not None and entry.involvement_id in self._endable:
            iid = entry.involvement_id
            head.addWidget(_button(QPushButton, self.tr("End…"), "endInvolvementButton",
                                   self.tr("End involvement"),
                                   lambda: self.end_involvement_requested.emit(iid)),
                           0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        if entry.status:
            layout.addWidget(_label(entry.status, "entryStatus"))
        form = QFormLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(3)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for row in entry.rows:
            self._row(form, row, entry.heading)
        layout.addLayout(form)
        layout.addStretch(1)  # cards sharing a row keep their content at the top
        return card

    def _row(self, form: QFormLayout, row: Row, owner: str) -> None:
        caption = _label(row.label, "rowLabel", wrap=False)
        value = value_label(caption, row.text, "notKnown" if row.not_known else "rowValue")
        if row.copy_kind is None or not row.copy_value:
            form.addRow(caption, value)
            return
        kind, copy_value = row.copy_kind, row.copy_value
        button = _button(QToolButton, self.tr("Copy"), "copyButton",
                         copy_name(kind.value, owner), lambda: self._copy(kind, copy_value))
        button.setProperty("copyKind", kind.value)
        line = QHBoxLayout()
        line.setSpacing(8)
        line.addWidget(value, 1)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(caption, line)

    def _announce_opened(self) -> None:
        """Say that the record is open, with its shielded or sensitive notice (a screen reader
        user hears them first, as a sighted user sees them first)."""
        if self.display is None:
            return
        said = [self.tr("Record opened: {name}.").format(name=self.display.banner.name)]
        for notice in (self.override_notice, self.shield_notice):
            if notice.isVisibleTo(self) and notice.text():
                said.append(notice.text())
        if self.sensitive_notice.isVisibleTo(self) and self.sensitive_text.text():
            said.append(self.sensitive_text.text())
        announce(self, " ".join(said))

    def _on_clipboard_cleared(self) -> None:
        if self.status.text() == copied_message():
            self.status.setText(cleared_message())
            announce(self.status, self.status.text())

    # -- actions -------------------------------------------------------------------------

    def _copy(self, kind: CopyKind, value: str) -> None:
        if self._clipboard.copy(kind.value, value):
            self.status.setText(copied_message())
            announce(self.status, self.status.text())
            self.copied.emit(kind.value)

    def _copy_directory_id(self) -> None:
        display = self.display or (self._building[0] if self._building else None)
        if display is not None:
            self._copy(CopyKind.DIRECTORY_ID, display.banner.directory_id_copy)

    def _emit_with_id(self, signal: SignalInstance) -> None:
        if self._directory_id:
            signal.emit(self._directory_id)

    def _on_request_contact(self) -> None:
        if self._directory_id:
            self.request_contact.emit(self._directory_id)

    def _on_override(self) -> None:
        if self._directory_id:
            self.override_requested.emit(self._directory_id)

    def _on_close(self) -> None:
        self.clear()
        self.close_requested.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.watermark.setGeometry(self.rect())
