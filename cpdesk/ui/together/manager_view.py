"""Manager workspace (product.md §7): the queue of contact requests and inaccuracy reports for
the manager's local authority, an item's detail, resolve with a note, and "Open record" (which
asks the reason for access like any other record).

Issue 17: a contact request is resolved with its outcome (the requester sees it in My
activity); a possible duplicate (two records that may describe one child) is resolved as not a
duplicate or as the same child (the copy is archived), and either record can be opened.

The server decides whose queue this is (the manager's local authority only); this view shows
what it is sent. Phone and email of the practitioner who raised an item may be copied
through the ``ClipboardGuard``. ``clear()`` (lock, sign-out) drops every item.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import QueueItem
from cpdesk.privacy import (
    DUPLICATE_RESOLUTIONS,
    CopyKind,
    can_copy,
    other_record,
    outcome_choices,
    outcome_text,
    queue_cells,
    queue_detail,
    resolution_text,
)
from cpdesk.ui.common.clipboard import ClipboardGuard, copied_message
from cpdesk.ui.common.page import detail_frame, list_and_detail, page_header
from cpdesk.ui.common.stepwise import Building, finish
from cpdesk.ui.common.table import TextRowsModel, make_table
from cpdesk.ui.common.widgets import form_value, label, value_label, wipe
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker

QUEUE_HEADERS = ("Reference", "Kind", "Directory ID", "Raised by", "Raised", "Status")
MIN_NOTE = 3


class ManagerView(QWidget):
    session_expired = Signal()
    open_record = Signal(str)  # directory ID

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard,
                 parent: QWidget | None = None, *, in_steps: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("managerView")
        self.setAccessibleName(self.tr("Manager workspace"))
        self._worker = worker
        self._clipboard = clipboard
        self._pending_queue: int | None = None
        self._pending_resolve: int | None = None
        self.items: list[QueueItem] = []
        self.current: QueueItem | None = None
        # Built a piece per event-loop turn while the user signs in (issue 18), or at once.
        self.building: Building = self._build(worker)
        if not in_steps:
            finish(self.building)

    def _build(self, worker: DirectoryWorker) -> Building:
        layout = QVBoxLayout(self)
        header = page_header(
            layout, name="queue", title=self.tr("Manager workspace"),
            note=self.tr("Contact requests, inaccuracy reports and possible duplicate records "
                         "for your local authority. Open an item, act on it, and resolve it "
                         "with a note."),
            refresh=self.refresh, refresh_text=self.tr("&Refresh queue"))
        self.refresh_button, self.message = header.refresh_button, header.message

        self.model = TextRowsModel(QUEUE_HEADERS, self)
        self.table = make_table(self.model, "queueTable", self.tr("Queue"))
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        yield "Manager workspace: queue"
        detail = self._detail_panel()
        yield "Manager workspace: item"
        layout.addWidget(list_and_detail(self.table, detail), 1)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)
        self._show_item(None)
        yield "Manager workspace"

    def _detail_panel(self) -> QWidget:
        self.detail, box, self.detail_title = detail_frame("queueDetail",
                                                            self.tr("Queue item"))
        form = QFormLayout()
        # Issue 19: each value is its label's name, the caption its description and buddy.

        def row(caption: str, name: str) -> QLabel:
            return form_value(form, caption, name)

        self.kind = row(self.tr("Kind"), "queueKind")
        self.directory_id = row(self.tr("Directory ID"), "queueDirectoryId")
        self.section = row(self.tr("Section"), "queueSection")
        self.raised_by = row(self.tr("Raised by"), "queueRaisedBy")
        self.contact = row(self.tr("Contact"), "queueContact")
        self.raised_at = row(self.tr("Raised"), "queueRaisedAt")
        self.status = row(self.tr("Status"), "queueStatus")
        self.text = row(self.tr("Message"), "queueText")
        self.other_caption = QLabel(self.tr("Other record"))
        self.other_id = value_label(self.other_caption, "", "queueOtherDirectoryId")
        form.insertRow(2, self.other_caption, self.other_id)
        box.addLayout(form)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open record…"))
        self.open_button.setObjectName("queueOpenRecord")
        self.open_button.setAccessibleName(self.tr("Open the child's record"))
        self.open_button.clicked.connect(self._open)
        self.copy_phone = self._copy_button("queueCopyPhone", self.tr("Copy phone number"),
                                            CopyKind.PHONE)
        self.copy_email = self._copy_button("queueCopyEmail", self.tr("Copy email address"),
                                            CopyKind.EMAIL)
        self.open_other = QPushButton(self.tr("Open o&ther record…"))
        self.open_other.setObjectName("queueOpenOther")
        self.open_other.setAccessibleName(self.tr("Open the other record"))
        self.open_other.clicked.connect(self._open_other)
        for button in (self.open_button, self.open_other, self.copy_phone, self.copy_email):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        # Issue 17: what became of a contact request; whether a pair is one child.
        self.choice_label = QLabel()
        self.choice = QComboBox()
        self.choice.setObjectName("resolveChoice")
        self.choice_label.setBuddy(self.choice)
        self.note_label = QLabel(self.tr("Resolution &note"))
        self.note = QPlainTextEdit()
        self.note.setObjectName("resolveNote")
        self.note.setAccessibleName(self.tr("Resolution note"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(110)
        self.note_label.setBuddy(self.note)
        self.resolve_button = QPushButton(self.tr("Re&solve"))
        self.resolve_button.setObjectName("resolveButton")
        self.resolve_button.setAccessibleName(self.tr("Resolve with this note"))
        self.resolve_button.clicked.connect(self._resolve)
        self.detail_message = label("", "queueDetailMessage", selectable=True)
        widgets: tuple[QWidget, ...] = (self.choice_label, self.choice, self.note_label,
                                        self.note, self.resolve_button, self.detail_message)
        for part in widgets:
            box.addWidget(part)
        box.addStretch(1)
        return self.detail

    def _copy_button(self, name: str, accessible: str, kind: CopyKind) -> QToolButton:
        button = QToolButton()
        button.setText(accessible)
        button.setObjectName(name)
        button.setAccessibleName(accessible)
        button.clicked.connect(lambda: self._copy(kind))
        return button

    # -- public ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self._say(self.tr("Loading the queue…"))
        self._pending_queue = self._worker.request_queue()

    def clear(self) -> None:
        self._pending_queue = self._pending_resolve = None
        self.items = []
        self.model.clear()
        self._show_item(None)
        self.message.clear()
        self.message.hide()
        self.refresh_button.setEnabled(True)

    def select(self, reference: str) -> bool:
        for row, item in enumerate(self.items):
            if item.reference == reference:
                self.table.selectRow(row)
                self._show_item(item)
                return True
        return False

    # -- detail ------------------------------------------------------------------------------

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        self._show_item(self.items[row] if 0 <= row < len(self.items) else None)

    def _show_item(self, item: QueueItem | None) -> None:
        self.current = item
        wipe(self.note)
        self.detail_message.clear()
        self.detail.setVisible(item is not None)
        if item is None:
            for shown in (self.detail_title, self.kind, self.directory_id, self.section,
                          self.raised_by, self.contact, self.raised_at, self.status,
                          self.text):
                shown.clear()
            return
        self.detail_title.setText(item.reference)
        detail = queue_detail(item)
        self.kind.setText(detail.kind)
        self.directory_id.setText(detail.directory_id)
        self.section.setText(detail.section)
        self.raised_by.setText(item.raised_by)
        self.contact.setText(detail.contact)
        self.copy_phone.setVisible(can_copy(CopyKind.PHONE, item.raised_by_phone))
        self.copy_email.setVisible(can_copy(CopyKind.EMAIL, item.raised_by_email))
        self.raised_at.setText(detail.raised_at)
        resolved = item.status == "resolved"
        self.status.setText(detail.status)
        self.text.setText(item.text)
        resolving: tuple[QWidget, ...] = (self.note_label, self.note, self.resolve_button)
        for widget in resolving:
            widget.setVisible(not resolved)
        self.resolve_button.setEnabled(True)
        self._show_choice(item)

    def _show_choice(self, item: QueueItem) -> None:
        """Issue 17: a contact request's outcome, a possible duplicate's resolution."""
        pair = item.kind == "possible-duplicate"
        self.other_id.setText(other_record(item))
        for widget in (self.other_caption, self.other_id, self.open_other):
            widget.setVisible(pair and item.other_directory_id is not None)
        self.choice.clear()
        if item.kind == "contact-request":
            self.choice_label.setText(self.tr("&Outcome for the requester"))
            self.choice.setAccessibleName(self.tr("Outcome for the requester"))
            for code, text in outcome_choices():
                self.choice.addItem(self.tr(text), code)
            if item.status == "resolved":
                self.status.setText(self.status.text() + "\n" + self.tr("Outcome: {o}").format(
                    o=outcome_text(item.outcome, item.status)))
        elif pair:
            self.choice_label.setText(self.tr("Are they the same &child?"))
            self.choice.setAccessibleName(self.tr("Are they the same child?"))
            for code, text in DUPLICATE_RESOLUTIONS:
                self.choice.addItem(self.tr(text), code)
            if item.resolution:
                self.status.setText(self.status.text() + "\n" + resolution_text(
                    item.resolution))
        self.choice.setCurrentIndex(-1)
        self.choice.setPlaceholderText(self.tr("Choose…"))
        asks = self.choice.count() > 0 and item.status != "resolved"
        self.choice_label.setVisible(asks)
        self.choice.setVisible(asks)

    def _copy(self, kind: CopyKind) -> None:
        item = self.current
        value = None if item is None else (item.raised_by_phone if kind is CopyKind.PHONE
                                           else item.raised_by_email)
        if value and can_copy(kind, value) and self._clipboard.copy(kind.value, value):
            self.detail_message.setText(copied_message())

    def _open(self) -> None:
        if self.current is not None:
            self.open_record.emit(self.current.directory_id)

    def _open_other(self) -> None:
        if self.current is not None and self.current.other_directory_id:
            self.open_record.emit(self.current.other_directory_id)

    def _resolve(self) -> None:
        item = self.current
        note = " ".join(self.note.toPlainText().split())
        if item is None or self._pending_resolve is not None:
            return
        if len(note) < MIN_NOTE:
            self.detail_message.setText(self.tr("Write a note saying what was done."))
            return
        choice = self.choice.currentData() if self.choice.isVisibleTo(self) else None
        if self.choice.isVisibleTo(self) and choice is None:
            self.detail_message.setText(
                self.tr("Choose the outcome the requester will see.")
                if item.kind == "contact-request"
                else self.tr("Say whether the two records are the same child."))
            return
        self.resolve_button.setEnabled(False)
        self.detail_message.setText(self.tr("Resolving…"))
        self._pending_resolve = self._worker.request_resolve(
            item.reference, note,
            outcome=str(choice) if item.kind == "contact-request" and choice else None,
            resolution=str(choice) if item.kind == "possible-duplicate" and choice else None)

    # -- answers -----------------------------------------------------------------------------

    def _on_finished(self, request_id: int, result: object) -> None:
        if request_id == self._pending_queue and isinstance(result, tuple):
            self._pending_queue = None
            self.refresh_button.setEnabled(True)
            self._set_items([i for i in result if isinstance(i, QueueItem)])
        elif request_id == self._pending_resolve:
            self._pending_resolve = None
            wipe(self.note)
            self.refresh()
            self.detail_message.setText(self.tr("Resolved."))

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id not in (self._pending_queue, self._pending_resolve):
            return
        queue = request_id == self._pending_queue
        self._pending_queue = None if queue else self._pending_queue
        self._pending_resolve = None if not queue else self._pending_resolve
        self.refresh_button.setEnabled(True)
        self.resolve_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        if queue:
            self._say(explain(error, "queue"))
        else:
            self.detail_message.setText(explain(error, "queue"))

    def _set_items(self, items: list[QueueItem]) -> None:
        keep = self.current.reference if self.current else None
        self.items = items
        self.model.set_rows([queue_cells(i) for i in items])
        open_items = sum(1 for i in items if i.status == "open")
        self._say(self.tr("{n} open, {m} resolved.").format(n=open_items,
                                                            m=len(items) - open_items)
                  if items else self.tr("The queue is empty."))
        if not (keep and self.select(keep)):
            self._show_item(None)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
