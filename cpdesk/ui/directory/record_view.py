"""The record view: banner and sections exactly as ``privacy.record_display`` gives them.

Architecture rule 4: this widget never formats a record field. It lays out the display text,
badges, greyed state and copy permissions that ``cpdesk/privacy.py`` decided. Copy buttons
exist only where a row has a ``copy_kind``; the copy goes through the ``ClipboardGuard``.
``clear()`` removes every widget that held child data (they are deleted at once, not merely
scheduled for deletion) and resets the banner. ``put_aside()`` (closing a record, or opening
another) empties them of every value but keeps the section frames and entry cards, hidden, for
the next record to refill: a frame or card of the same shape gets new texts instead of being
made and polished again (issue 18). The lock, sign-out and the session's end use ``clear()``.

Speed (product.md §11: the GUI thread never stalls more than 50 ms): ``show_record(record,
progressive=True)`` shows the banner and notices at once, then adds the sections' widgets a
few at a time, one batch per event-loop turn, so input and painting run in between.
``display`` and ``record`` are set, and ``shown`` is emitted, only when the last widget is in
place; ``clear()`` (or another ``show_record``) mid-build abandons the rest and leaves nothing.
Without ``progressive`` the whole record is built before ``show_record`` returns.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator
from datetime import datetime

from PySide6.QtCore import QEvent, Qt, QTimer, Signal, SignalInstance
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
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
    Section,
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
    copy_button_for,
    delete_now,
    entry_grid,
    rename,
    row_or_two,
    section_frame_into,
)
from cpdesk.ui.directory.record_summary import WhoToCall
from cpdesk.ui.directory.record_together import RecordTogether

SENDS_CHILD_HERE = (RoleKind.PRACTITIONER, RoleKind.MANAGER)

# A progressive build's turn adds at most STEPS_PER_TURN widgets (section frames or entry
# cards; a card with its labels costs about 1.5–3 ms to create and polish on the reference
# machine) and stops early once TURN_BUDGET_S has passed; layout and paint follow each turn.
# Two and 2.5 ms (from three and 4 ms): the longest build turn 5.7 ms instead of 7.7, so that
# one run slower while the other core is busy still stays under a frame (docs/performance.md).
STEPS_PER_TURN = 2
TURN_BUDGET_S = 0.0025
# Two cards side by side need room for two of the widest usual card: a parent or carer's, with
# the longest caption and an e-mail address as long as nine in ten of the population's (29
# characters; p50 26, p99 31), with its Copy button. It is measured on a card made of these
# fixed words (never shown; no child's data) in the style, fonts and margins of the day, so the
# line is the same for every record (records keep their shape from one child to the next) and
# right at any text size. A rarer, longer address still scrolls sideways at that width.
WIDEST_USUAL_CARD = Entry(heading="Parent or carer", rows=(
    Row("Parental responsibility", "Yes"),
    Row("Email", "amelia.hargreaves@example.org", CopyKind.EMAIL,
        "amelia.hargreaves@example.org")))
# Between two cards: the wider of a section's card grid's and the sections' grid's spacing.
BETWEEN_CARDS = 16


class _RowSlot:
    """A row of an entry card: caption, value and (for a copyable value) its Copy button."""

    __slots__ = ("caption", "copy", "copy_value", "kind", "line", "value")

    def __init__(self, caption: QLabel, value: QLabel, line: QHBoxLayout) -> None:
        self.caption, self.value, self.line = caption, value, line
        self.copy: QToolButton | None = None
        self.kind: CopyKind | None = None
        self.copy_value: str | None = None


class _Card(QFrame):
    """An entry card (issue 18: kept and refilled when the next record has one of the same
    shape: as many rows, a status or not, greyed or not)."""

    def __init__(self, shape: tuple[int, bool, bool]) -> None:
        super().__init__()
        self.shape = shape
        self.head = QHBoxLayout()
        self.heading = QLabel()
        self.badges: list[QLabel] = []
        self.end_button: QPushButton | None = None
        self.involvement_id: str | None = None
        self.status: QLabel | None = None
        self.rows: list[_RowSlot] = []


class _SectionFrame(QFrame):
    """A section's frame (issue 18: kept and refilled like the cards)."""

    def __init__(self) -> None:
        super().__init__()
        self.shape: tuple[object, ...] = ()
        self.title = QLabel()
        self.notice: QLabel | None = None
        self.empty: QLabel | None = None
        self.grid: QGridLayout | None = None
        self.cards: list[_Card | None] = []


# Issue 18: a phone number, a postcode or a date (``Row.one_line``) is never wrapped, whatever
# its length, so half of it can never be read alone at the end of a line; nor is any other value
# of up to this many characters (a town, a yes or no, "Not known"), as a label that does not wrap
# costs Qt no height-for-width layout, which was most of the work of showing a record
# (docs/performance.md, evening run).
ONE_LINE = 20


def _card_shape(entry: Entry) -> tuple[int, bool, bool]:
    return (len(entry.rows), entry.status is not None, entry.greyed)


def next_place(row: int, column: int, whole_row: bool,
               columns: int) -> tuple[tuple[int, ...], int, int]:
    """Where the next section goes in the record's grid, and the (row, column) after it.
    Sections flow in two columns: one with several entries takes a whole row; two short ones
    (a single entry, a notice or "Not known") share a row. In one column (a record area too
    narrow for two cards side by side) every section takes a whole row."""
    if whole_row or columns == 1:
        if column:
            row, column = row + 1, 0
        return (row, 0, 1, 2), row + 1, 0
    position = (row, column)
    return (position, row, 1) if column == 0 else (position, row + 1, 0)


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
        self._spare: dict[tuple[object, ...], list[_SectionFrame]] = {}  # issue 18: refilled
        self._placed: list[_SectionFrame | None] = []
        self._columns = 2  # of cards side by side; 1 where two do not fit across (_fit_columns)
        self._two_columns_room: int | None = None  # measured once per style and font
        self._reflow_when_built = False  # the width crossed the line while a record was built
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

        scroll = self._scroll = QScrollArea()
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
        self.action_bar = QGridLayout()  # one row; two where the record area is narrow
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
        self._actions = (self.child_here_button, self.involvement_button,
                         self.inaccuracy_button)
        row_or_two(self.action_bar, self._actions, two_rows=False)
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
        self._reset(keep_sections=True)  # the shown sections and cards are refilled below
        display = record_display(record, self._context, self.clock())
        self._directory_id = record.directory_id
        self._endable = display.endable
        self.involvement_button.setVisible(display.shielded_notice is None)
        self.together.show_record(record, self._context)
        self.inaccuracy_button.show()
        self._show_summary(display)
        self.banner.show_banner(display.banner)
        self.banner.fit(self.width())
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
        for batch in range(STEPS_PER_TURN):
            if next(self._build, True):
                if batch:  # finishing (the page shows the record: layout) is a turn of its own
                    QTimer.singleShot(0, self, lambda: self._finish_queued(generation))
                else:
                    self._finish()
                return
            if time.perf_counter() > deadline:
                break
        self._queue(generation)

    def _queue(self, generation: int) -> None:
        QTimer.singleShot(0, self, lambda: self._continue(generation))

    def _finish_queued(self, generation: int) -> None:
        if generation == self._generation and self._building is not None:
            self._finish()

    def _finish(self) -> None:
        if self._building is not None:
            self.display, self.record = self._building
        self._build = self._building = None
        self._fit_actions()  # which buttons it has can differ from the record before
        if self._reflow_when_built:
            self._reflow_when_built = False
            self._reflow()
        self._order_tabs()
        self.shown.emit()  # first: the page shows a record built out of sight (_steps)
        self._announce_opened()

    def _steps(self, display: RecordDisplay) -> Iterator[None]:
        """Build the sections. Issue 18: a section frame or entry card of the record shown
        before, of the same shape, is refilled in place (texts set, no widget made, shown or
        polished). On screen, that is done in the first turn and what is left of that record
        is deleted in the same turn, so no paint ever shows one child's values beside
        another's. Out of sight (the page builds a record behind "Opening the record…" and
        shows it whole), each refilled frame is a turn of its own too. What has to be made is
        made a piece per turn: yields after each new section frame or entry card."""
        spare = self._spare  # emptied as frames are taken: clear() deletes what is left
        placed: list[_SectionFrame | None] = []  # in reading order, for the tab order
        self._placed = placed
        pending: list[tuple[int, _SectionFrame | None, Section, tuple[int, ...],
                            list[tuple[int, Entry]]]] = []
        row, column = 0, 0
        for section in display.sections:
            if display.shielded_notice and section.notice == display.shielded_notice:
                continue  # already shown, prominently, as shieldNotice
            position, row, column = next_place(row, column, len(section.entries) > 1,
                                               self._columns)
            shape = self._section_shape(display, section)
            kept = spare.get(shape)
            frame = kept.pop() if kept else None
            new_cards: list[tuple[int, Entry]] = list(enumerate(section.entries))
            if frame is not None:
                self._fill_section(frame, display, section)
                self._place(frame, position)
                new_cards = self._refill_cards(frame, section.entries) if section.entries else []
                frame.show()  # hidden while put aside on screen; else already shown
            if frame is None or new_cards:
                pending.append((len(placed), frame, section, position, new_cards))
            placed.append(frame)
            if frame is not None and not self.isVisible():
                yield  # out of sight: nothing is painted between turns
        for frames in spare.values():  # what is left of the record before: gone, this turn
            for frame in frames:
                self._delete_section(frame)
        spare.clear()
        for k, made, section, position, cards in pending:
            if made is None:
                made = placed[k] = self._new_section(display, section)
                self._place(made, position)
                made.show()  # shown now, not on a queued call: tests and screen readers
                yield
            for i, entry in cards:
                assert made.grid is not None
                card = self._new_card(entry)
                made.cards[i] = card
                made.grid.addWidget(card, *divmod(i, self._columns))
                card.show()
                yield

    def clear(self) -> None:
        """Drop every child value: sections deleted at once, banner and notices emptied."""
        self._reset(keep_sections=False)

    def put_aside(self) -> None:
        """Like ``clear()`` (every child value gone: texts, names, badges, copy values), but
        the emptied section frames and entry cards are kept for the next record to refill
        (issue 18: making and polishing them again was most of a record open). For closing a
        record or opening another; the lock, sign-out and the session's end use ``clear()``.
        """
        self._reset(keep_sections=True)
        self.who_to_call.put_aside()
        for frames in self._spare.values():
            for frame in frames:
                self._blank_section(frame)

    def _reset(self, *, keep_sections: bool) -> None:
        """Empty the banner and notices; the sections are deleted, or (``keep_sections``,
        when another record is shown at once) kept aside for ``_steps`` to refill or delete
        in the same turn."""
        self._generation += 1
        self._build = self._building = None
        self.display = None
        self.record = None
        self._endable = frozenset()
        self.involvement_button.hide()
        self.inaccuracy_button.hide()
        self.together.clear()
        self.child_here_button.hide()
        if not keep_sections:
            self.who_to_call.clear()  # else show_lines refills it, in the same turn
        self._directory_id = None
        self._placed = []
        spare: dict[tuple[object, ...], list[_SectionFrame]] = {}
        for frames in self._spare.values():  # kept by a show_record that never got to them
            for frame in frames:
                spare.setdefault(frame.shape, []).append(frame)
        while self._sections.count():
            item = self._sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if isinstance(widget, _SectionFrame):
                spare.setdefault(widget.shape, []).append(widget)
            elif widget is not None:
                delete_now(widget)
        self._spare = {}
        if keep_sections:
            # On screen, hidden until refilled: shown again, a kept frame is laid out afresh
            # (refilled while shown, Qt kept the heights of the record before for some of
            # them). Out of sight there is no need: showing the view lays it all out afresh,
            # and hiding and showing each frame was a third of a record open (issue 18).
            if self.isVisible():
                for frames in spare.values():
                    for frame in frames:
                        frame.hide()
            self._spare = spare
        else:
            for frames in spare.values():
                for frame in frames:
                    self._delete_section(frame)
            self.sensitive_notice.hide()
        while self.badges.count():
            item = self.badges.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                delete_now(widget)
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

    @staticmethod
    def _section_shape(display: RecordDisplay, section: Section) -> tuple[object, ...]:
        """What a section frame holds besides texts: frames of one shape are interchangeable."""
        sensitive = bool(display.sensitive_notice and section.notice == display.sensitive_notice)
        return (section.key, sensitive, bool(section.notice), bool(section.entries),
                bool(not section.entries and section.empty_text and not section.notice))

    def _new_section(self, display: RecordDisplay, section: Section) -> _SectionFrame:
        frame = _SectionFrame()
        layout, frame.title = section_frame_into(frame, section)
        frame.shape = self._section_shape(display, section)
        if frame.shape[1]:
            layout.addWidget(self.sensitive_notice)
        elif section.notice:
            frame.notice = _label(section.notice, "sectionNotice", selectable=True)
            layout.addWidget(frame.notice)
        if section.entries:
            frame.grid = entry_grid(len(section.entries))
            layout.addLayout(frame.grid)
            frame.cards = [None] * len(section.entries)
        elif frame.shape[4]:
            frame.empty = _label(section.empty_text or "", "notKnown")
            layout.addWidget(frame.empty)
        self._fill_section(frame, display, section)
        return frame

    def _fill_section(self, frame: _SectionFrame, display: RecordDisplay,
                      section: Section) -> None:
        frame.setAccessibleName(section.title)
        frame.title.setText(section.title)
        if frame.shape[1]:
            self.sensitive_text.setText(section.notice or "")
            self.request_contact_button.setVisible(display.offer_request_contact)
            self.sensitive_notice.show()
        elif frame.notice is not None:
            frame.notice.setText(section.notice or "")
        if frame.empty is not None:
            frame.empty.setText(section.empty_text or "")
        if frame.grid is not None:
            self._stretch_cards(frame.grid, len(section.entries))

    def _stretch_cards(self, grid: QGridLayout, cards: int) -> None:
        """Cards side by side share the width; a lone card, or one column, keeps its own."""
        grid.setColumnStretch(1, 1 if cards > 1 and self._columns == 2 else 0)

    def _place(self, frame: _SectionFrame, position: tuple[int, ...]) -> None:
        if len(position) == 4:
            self._sections.addWidget(frame, position[0], 0, 1, 2)
        else:
            self._sections.addWidget(frame, position[0], position[1],
                                     Qt.AlignmentFlag.AlignTop)

    def _refill_cards(self, frame: _SectionFrame,
                      entries: tuple[Entry, ...]) -> list[tuple[int, Entry]]:
        """Refill the frame's cards of the same shape; the rest are deleted. Returns the
        entries that still need a card."""
        assert frame.grid is not None
        spare: dict[tuple[int, bool, bool], list[_Card]] = {}
        while frame.grid.count():
            item = frame.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if isinstance(widget, _Card):
                spare.setdefault(widget.shape, []).append(widget)
        missing: list[tuple[int, Entry]] = []
        frame.cards = [None] * len(entries)
        for i, entry in enumerate(entries):
            kept = spare.get(_card_shape(entry))
            if kept:
                card = kept.pop()
                self._fill_card(card, entry)
                frame.cards[i] = card
                frame.grid.addWidget(card, *divmod(i, self._columns))
            else:
                missing.append((i, entry))
        for cards in spare.values():
            for card in cards:
                delete_now(card)
        return missing

    def _blank_section(self, frame: _SectionFrame) -> None:
        """Empty a kept frame of every value of the child (its title and captions are the
        view's own words); a kept Copy or End button is hidden and loses whose it was."""
        frame.setAccessibleName(frame.title.text())
        if frame.notice is not None:
            frame.notice.clear()
        if self.sensitive_notice.parent() is frame:
            self.sensitive_text.clear()
        for card in frame.cards:
            if card is None:
                continue
            card.setAccessibleName("")
            card.heading.clear()
            for made in card.badges:
                delete_now(made)
            card.badges = []
            card.involvement_id = None
            if card.end_button is not None:
                card.end_button.hide()
            if card.status is not None:
                card.status.clear()
            for slot in card.rows:
                slot.value.clear()
                slot.kind = slot.copy_value = None
                if slot.copy is not None:
                    slot.copy.hide()
                    slot.copy.setAccessibleName(self.tr("Copy"))

    def _delete_section(self, frame: _SectionFrame) -> None:
        if self.sensitive_notice.parent() is frame:  # it outlives its section: take it back
            self.sensitive_notice.hide()
            self.sensitive_notice.setParent(self)
        delete_now(frame)

    def _new_card(self, entry: Entry) -> _Card:
        card = _Card(_card_shape(entry))
        card.setObjectName("entryCard")
        card.setProperty("greyed", entry.greyed)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        card.head = QHBoxLayout()
        card.heading = _label(entry.heading, "entryHeading", selectable=True)
        card.head.addWidget(card.heading, 1)
        layout.addLayout(card.head)
        if entry.status is not None:
            card.status = _label(entry.status, "entryStatus")
            layout.addWidget(card.status)
        form = QFormLayout()
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(3)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for row in entry.rows:
            caption = _label(row.label, "rowLabel", wrap=False)
            value = value_label(caption, row.text, "notKnown" if row.not_known else "rowValue")
            line = QHBoxLayout()
            line.setSpacing(8)
            line.addWidget(value, 1)
            form.addRow(caption, line)
            card.rows.append(_RowSlot(caption, value, line))
        layout.addLayout(form)
        layout.addStretch(1)  # cards sharing a row keep their content at the top
        self._fill_card(card, entry)
        return card

    def _fill_card(self, card: _Card, entry: Entry) -> None:
        """Set a card's texts, badges and buttons for ``entry`` (its shape already fits)."""
        visible = not card.isHidden()  # a new child of a shown card must be shown by hand
        card.setAccessibleName(entry.heading)
        card.heading.setText(entry.heading)
        if tuple(b.text() for b in card.badges) != entry.badges:
            for made in card.badges:
                delete_now(made)
            card.badges = []
            for i, text in enumerate(entry.badges):
                made = badge(text)
                card.head.insertWidget(1 + i, made, 0, Qt.AlignmentFlag.AlignTop)
                card.badges.append(made)
                if visible:
                    made.show()
        endable = entry.involvement_id is not None and entry.involvement_id in self._endable
        card.involvement_id = entry.involvement_id if endable else None
        if endable and card.end_button is None:
            card.end_button = _button(
                QPushButton, self.tr("End…"), "endInvolvementButton", self.tr("End involvement"),
                lambda: self._end_from(card))
            card.head.addWidget(card.end_button, 0, Qt.AlignmentFlag.AlignTop)
        if endable and card.end_button is not None:
            if visible and card.end_button.isHidden():
                card.end_button.show()
        elif not endable and card.end_button is not None:
            delete_now(card.end_button)
            card.end_button = None
        if card.status is not None:
            card.status.setText(entry.status or "")
        for slot, row in zip(card.rows, entry.rows, strict=True):
            self._fill_row(slot, row, entry.heading, visible)

    def _fill_row(self, slot: _RowSlot, row: Row, owner: str, visible: bool) -> None:
        slot.caption.setText(row.label)
        slot.value.setText(row.text)
        slot.value.setWordWrap(not row.one_line and len(row.text) > ONE_LINE)
        slot.value.setAccessibleDescription(row.label.replace("&", ""))
        rename(slot.value, "notKnown" if row.not_known else "rowValue")
        slot.kind, slot.copy_value = row.copy_kind, row.copy_value

        def make() -> QToolButton:
            copy = _button(QToolButton, self.tr("Copy"), "copyButton", "",
                           lambda: self._copy_from(slot))
            slot.line.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
            return copy
        slot.copy = copy_button_for(slot.copy, row.copy_kind, row.copy_value, owner, make)
        if visible and slot.copy is not None and slot.copy.isHidden():
            slot.copy.show()

    def _copy_from(self, slot: _RowSlot) -> None:
        if slot.kind is not None and slot.copy_value:
            self._copy(slot.kind, slot.copy_value)

    def _end_from(self, card: _Card) -> None:
        if card.involvement_id is not None:
            self.end_involvement_requested.emit(card.involvement_id)

    def _order_tabs(self) -> None:
        """Kept cards keep their place in the focus chain and new buttons go to its end:
        put the sections' buttons back in reading order, after Who to call's."""
        chain: list[QWidget] = list(self.who_to_call.findChildren(QToolButton)[-1:])
        for frame in self._placed:
            for card in frame.cards if frame is not None else ():
                if card is None:
                    continue
                chain += [card.end_button] if card.end_button is not None else []
                chain += [s.copy for s in card.rows if s.copy is not None]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

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
        self.put_aside()
        self.close_requested.emit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.watermark.setGeometry(self.rect())
        self.banner.fit(self.width())
        self._fit_top_to_view()
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Two cards side by side where the record area is wide enough for them, else one: a
        narrow window (near its 1024 px minimum, or at a large text scale) gets the sections
        one under another instead of a record that scrolls sideways. Decided by the area's
        width against WIDEST_USUAL_CARD, not by the record's content, so that records do not
        change shape from one child to the next (and no open pays for laying out twice)."""
        columns = 2 if self._room() >= self._two_columns_need() else 1
        if columns != self._columns:
            self._columns = columns
            if self._build is not None:  # the rest is placed for the new width; then all
                self._reflow_when_built = True
            elif any(frame is not None for frame in self._placed):
                self._reflow()

    def _two_columns_need(self) -> int:
        """The room two cards side by side need (WIDEST_USUAL_CARD), measured on a card made,
        polished and deleted here, once per style and font."""
        if self._two_columns_room is None:
            card = self._new_card(WIDEST_USUAL_CARD)
            card.ensurePolished()
            self._two_columns_room = 2 * card.minimumSizeHint().width() + BETWEEN_CARDS
            delete_now(card)
        return self._two_columns_room

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._two_columns_room = None  # measured again for the new look
            if self.isVisible():
                self._fit_columns()

    def _reflow(self) -> None:
        """Place the record's sections and cards again for ``self._columns``."""
        row, column = 0, 0
        for frame in self._placed:
            if frame is None:
                continue
            cards = frame.cards if frame.grid is not None else []
            position, row, column = next_place(row, column, len(cards) > 1, self._columns)
            self._sections.removeWidget(frame)
            self._place(frame, position)
            if frame.grid is None:
                continue
            for card in cards:
                if card is not None:
                    frame.grid.removeWidget(card)
            for i, card in enumerate(cards):
                if card is not None:
                    frame.grid.addWidget(card, *divmod(i, self._columns))
            self._stretch_cards(frame.grid, len(cards))

    def _fit_top_to_view(self) -> None:
        """The notices, Who to call and working together's lines are never wider than the
        record area shows, even where a section below needs more (a rare record with very
        wide cards scrolls sideways): the duty team's number at the end of a sentence, or a
        lead professional's phone, is never out of sight."""
        room = self._room()
        for widget in (self.override_notice, self.shield_notice, self.out_of_hours_notice,
                       self.who_to_call, self.alerts_note, self.together):
            widget.setMaximumWidth(max(room, widget.minimumSizeHint().width()))
        self._fit_actions()

    def _room(self) -> int:
        """The width the record's body has for its content (a vertical scroll bar allowed)."""
        margins = self._body.contentsMargins()
        return (self._scroll.width() - self._scroll.verticalScrollBar().sizeHint().width()
                - margins.left() - margins.right())

    def _fit_actions(self) -> None:
        """The action buttons in a row, or the last on a second row where they do not fit."""
        shown = [b for b in self._actions if not b.isHidden()]
        across = (sum(b.sizeHint().width() for b in shown)
                  + self.action_bar.horizontalSpacing() * max(len(shown) - 1, 0))
        row_or_two(self.action_bar, self._actions, two_rows=across > self._room())
