"""The record view: banner and sections exactly as ``privacy.record_display`` gives them.

Architecture rule 4: this widget never formats a record field. It lays out the display text,
badges, greyed state and copy permissions that ``cpdesk/privacy.py`` decided. Copy buttons
exist only where a row has a ``copy_kind``; the copy goes through the ``ClipboardGuard``.
``clear()`` removes every widget that held child data (they are detached at once, not merely
scheduled for deletion) and resets the banner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QRect, Qt, Signal, SignalInstance
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QResizeEvent
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

from cpdesk.domain import ChildRecord
from cpdesk.formatting import NOT_KNOWN
from cpdesk.privacy import (
    Banner,
    CopyKind,
    DisplayContext,
    Entry,
    RecordDisplay,
    Row,
    Section,
    can_copy,
    record_display,
)
from cpdesk.ui.actions import endable_involvements
from cpdesk.ui.privacy_screen import ClipboardGuard

_B = TypeVar("_B", QPushButton, QToolButton)

COPY_NAMES = {
    CopyKind.PHONE: "Copy phone number",
    CopyKind.EMAIL: "Copy email address",
    CopyKind.DIRECTORY_ID: "Copy directory ID",
    CopyKind.ORGANISATION: "Copy organisation name",
}


def _label(text: str, name: str, *, wrap: bool = True, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)  # server text is never interpreted as HTML
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                      | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    return label


def _button(cls: type[_B], text: str, name: str, accessible: str,
            slot: Callable[[], None]) -> _B:
    button = cls()
    button.setText(text)
    button.setObjectName(name)
    button.setAccessibleName(accessible)
    button.clicked.connect(slot)
    return button


def _restyle(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class RecordView(QWidget):
    """One child's record. Signals carry only the directory ID."""

    request_contact = Signal(str)  # directory ID
    override_requested = Signal(str)  # directory ID (managers)
    close_requested = Signal()
    copied = Signal(str)  # copy kind
    involvement_requested = Signal(str)  # directory ID: record my involvement
    end_involvement_requested = Signal(str)  # involvement ID
    inaccuracy_requested = Signal(str)  # directory ID

    def __init__(self, clipboard: ClipboardGuard, context: DisplayContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordView")
        self.setAccessibleName(self.tr("Child record"))
        self._clipboard = clipboard
        self._context = context
        self._directory_id: str | None = None
        self.display: RecordDisplay | None = None
        self.record: ChildRecord | None = None
        self._endable: frozenset[str] = frozenset()
        self.authority: str | None = None  # the active role's local authority

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.banner = QFrame()
        self.banner.setObjectName("recordBanner")
        self.banner.setAccessibleName(self.tr("Child details"))
        banner_layout = QVBoxLayout(self.banner)
        banner_layout.setContentsMargins(24, 14, 24, 14)
        banner_layout.setSpacing(4)
        top = QHBoxLayout()
        self.name = _label("", "bannerName", selectable=True)
        self.badges = QHBoxLayout()
        self.badges.setSpacing(6)
        self.close_button = _button(QPushButton, self.tr("&Close record"), "recordClose",
                                    self.tr("Close record"), self._on_close)
        top.addWidget(self.name, 1)
        top.addLayout(self.badges)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        banner_layout.addLayout(top)
        facts = QHBoxLayout()
        facts.setSpacing(28)
        self.born = self._fact(facts, self.tr("Born"), "bannerBorn")
        self.gender = self._fact(facts, self.tr("Gender"), "bannerGender")
        self.directory_id = self._fact(facts, self.tr("Directory ID"), "bannerDirectoryId")
        self.copy_id = _button(QToolButton, self.tr("Copy"), "copyDirectoryId",
                               self.tr(COPY_NAMES[CopyKind.DIRECTORY_ID]),
                               self._copy_directory_id)
        facts.addWidget(self.copy_id)
        self.local_authority = self._fact(facts, self.tr("Local authority"),
                                          "bannerLocalAuthority")
        facts.addStretch(1)
        banner_layout.addLayout(facts)
        self.former_names = _label("", "bannerFormerNames")
        banner_layout.addWidget(self.former_names)
        outer.addWidget(self.banner)

        scroll = QScrollArea()
        scroll.setObjectName("recordScroll")
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
            QPushButton, self.tr("&Request contact"), "requestContactButton",
            self.tr("Request contact through the ContactPoint team"), self._on_request_contact)
        sensitive_layout.addWidget(self.sensitive_text, 1)
        sensitive_layout.addWidget(self.request_contact_button, 0, Qt.AlignmentFlag.AlignTop)
        self.override_button = _button(QPushButton, self.tr("&View shielded details…"),
                                       "overrideButton", self.tr("View shielded details"),
                                       self._on_override)
        for widget in (self.override_notice, self.shield_notice, self.override_button):
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
        self.action_bar.addWidget(self.involvement_button)
        self.action_bar.addWidget(self.inaccuracy_button)
        self.action_bar.addStretch(1)
        self._body.addLayout(self.action_bar)
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

        self.watermark = _Watermark(self)
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

    def show_record(self, record: ChildRecord) -> None:
        self.clear()
        display = record_display(record, self._context)
        self.display = display
        self.record = record
        self._directory_id = record.directory_id
        self._endable = (frozenset() if display.shielded_notice
                         else endable_involvements(record, self._context.role,
                                                   self.authority))
        self.involvement_button.setVisible(display.shielded_notice is None)
        self.inaccuracy_button.show()
        self._show_banner(display.banner)
        if display.override_notice:
            self.override_notice.setText(display.override_notice)
            self.override_notice.show()
        if display.shielded_notice:
            self.shield_notice.setText(display.shielded_notice)
            self.shield_notice.show()
        self.override_button.setVisible(display.can_override)
        row, column = 0, 0
        for section in display.sections:
            if display.shielded_notice and section.notice == display.shielded_notice:
                continue  # already shown, prominently, as shieldNotice
            widget = self._section(section, display)
            if len(section.entries) > 1:
                if column:
                    row, column = row + 1, 0
                self._sections.addWidget(widget, row, 0, 1, 2)
                row += 1
                widget.show()
            else:
                self._sections.addWidget(widget, row, column, Qt.AlignmentFlag.AlignTop)
                row, column = (row, 1) if column == 0 else (row + 1, 0)
                widget.show()  # shown now, not on a queued call: tests and screen readers
        self.close_button.setFocus()

    def clear(self) -> None:
        """Drop every child value: sections detached at once, banner and notices emptied."""
        self.display = None
        self.record = None
        self._endable = frozenset()
        self.involvement_button.hide()
        self.inaccuracy_button.hide()
        self._directory_id = None
        # The sensitive notice lives inside its section while shown: take it back first.
        self.sensitive_notice.hide()
        self.sensitive_notice.setParent(self)
        for layout in (self._sections, self.badges):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.setParent(None)
                    widget.deleteLater()
        for label in (self.name, self.born, self.gender, self.directory_id,
                      self.local_authority, self.former_names, self.shield_notice,
                      self.sensitive_text, self.override_notice, self.status):
            label.clear()
            label.setToolTip("")
        self.former_names.hide()
        for widget in (self.shield_notice, self.override_notice, self.override_button):
            widget.hide()
        self.copy_id.hide()

    # -- building ------------------------------------------------------------------------

    def _fact(self, row: QHBoxLayout, caption: str, name: str) -> QLabel:
        box = QVBoxLayout()
        box.setSpacing(0)
        title = _label(caption, "bannerCaption", wrap=False)
        value = _label("", name, wrap=False, selectable=True)
        value.setAccessibleName(caption)
        title.setBuddy(value)
        box.addWidget(title)
        box.addWidget(value)
        row.addLayout(box)
        return value

    def _show_banner(self, banner: Banner) -> None:
        self.name.setText(banner.name)
        self.born.setText(banner.born)
        self.gender.setText(banner.gender)
        self.directory_id.setText(banner.directory_id)
        self.local_authority.setText(banner.local_authority)
        self.copy_id.setVisible(can_copy(CopyKind.DIRECTORY_ID, banner.directory_id_copy))
        if banner.former_names:
            self.former_names.setText(banner.former_names)
            self.former_names.show()
        for text in banner.badges:
            badge = self._badge(text)
            self.badges.addWidget(badge)
            badge.show()

    def _badge(self, text: str) -> QLabel:
        badge = _label(text, "badge", wrap=False)
        badge.setProperty("kind", text.lower().replace(" ", "-"))
        _restyle(badge)
        return badge

    def _section(self, section: Section, display: RecordDisplay) -> QWidget:
        frame = QFrame()
        frame.setObjectName("recordSection")
        frame.setProperty("section", section.key.value)
        frame.setAccessibleName(section.title)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(_label(section.title, "sectionTitle"))
        if display.sensitive_notice and section.notice == display.sensitive_notice:
            self.sensitive_text.setText(section.notice)
            self.request_contact_button.setVisible(display.offer_request_contact)
            layout.addWidget(self.sensitive_notice)
            self.sensitive_notice.show()
        elif section.notice:
            layout.addWidget(_label(section.notice, "sectionNotice", selectable=True))
        if section.entries:
            grid = QGridLayout()
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(12)
            for i, entry in enumerate(section.entries):
                grid.addWidget(self._entry(entry), i // 2, i % 2)
            grid.setColumnStretch(0, 1)
            grid.setColumnStretch(1, 1 if len(section.entries) > 1 else 0)
            layout.addLayout(grid)
        elif section.empty_text and not section.notice:
            empty = _label(section.empty_text, "notKnown")
            layout.addWidget(empty)
        return frame

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
            head.addWidget(self._badge(text), 0, Qt.AlignmentFlag.AlignTop)
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
            self._row(form, row)
        layout.addLayout(form)
        layout.addStretch(1)  # cards sharing a row keep their content at the top
        _restyle(card)
        return card

    def _row(self, form: QFormLayout, row: Row) -> None:
        caption = _label(row.label, "rowLabel", wrap=False)
        value = _label(row.text, "notKnown" if row.text == NOT_KNOWN else "rowValue",
                       selectable=True)
        value.setAccessibleName(row.label)
        caption.setBuddy(value)
        if row.copy_kind is None or not row.copy_value:
            form.addRow(caption, value)
            return
        kind, copy_value = row.copy_kind, row.copy_value
        button = _button(QToolButton, self.tr("Copy"), "copyButton", self.tr(COPY_NAMES[kind]),
                         lambda: self._copy(kind, copy_value))
        button.setProperty("copyKind", kind.value)
        line = QHBoxLayout()
        line.setSpacing(8)
        line.addWidget(value, 1)
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(caption, line)

    # -- actions -------------------------------------------------------------------------

    def _copy(self, kind: CopyKind, value: str) -> None:
        if self._clipboard.copy(kind.value, value):
            self.status.setText(self.tr("Copied. The clipboard is cleared in 20 seconds."))
            self.copied.emit(kind.value)

    def _copy_directory_id(self) -> None:
        if self.display is not None:
            self._copy(CopyKind.DIRECTORY_ID, self.display.banner.directory_id_copy)

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


class _Watermark(QWidget):
    """A faint diagonal "TRAINING" over the record; clicks pass through."""

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
