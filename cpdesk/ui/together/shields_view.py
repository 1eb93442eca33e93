"""The shielders' page (issue 17; seed 001: each area has two trained shielders): the shield
requests practitioners raised for the area's children and the shields in force, for children
and for parents or carers, with their review dates.

A shielder applies a requested shield (with a review date) or declines the request, reviews a
shield in force (a new review date) or removes it, each with a note; the server audits every
step and applies the household rule at once. Anyone else is told by the server that only the
area's trained shielders can do this. No child is named here (directory IDs only): *Open
record…* asks a reason for access like any other record.

``clear()`` (lock, sign-out) drops both lists and what was typed.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, QModelIndex, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, Forbidden, SessionExpired
from cpdesk.domain import ShieldInForce, ShieldRequest, ShieldWork
from cpdesk.privacy import (
    SHIELD_HEADERS,
    SHIELD_REQUEST_HEADERS,
    shield_cells,
    shield_note_problem,
    shield_request_cells,
    shield_request_decision,
    shield_subject,
)
from cpdesk.ui.common.page import detail_frame, list_and_detail, page_header
from cpdesk.ui.common.stepwise import Building, finish
from cpdesk.ui.common.table import TextRowsModel, make_table
from cpdesk.ui.common.widgets import button, form_value, label, wipe
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker

REVIEW_AFTER_DAYS = 182  # the review date offered: about six months on
MAX_REVIEW_DAYS = 365


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ShieldsView(QWidget):
    session_expired = Signal()
    open_record = Signal(str)  # directory ID

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None, *,
                 in_steps: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("shieldsView")
        self.setAccessibleName(self.tr("Shielding"))
        self._worker = worker
        self._pending_list: int | None = None
        self._pending_action: int | None = None
        self.requests: list[ShieldRequest] = []
        self.shields: list[ShieldInForce] = []
        self.current: ShieldRequest | ShieldInForce | None = None
        self._done_text = ""
        # Built a piece per event-loop turn while the user signs in (issue 18), or at once.
        self.building: Building = self._build(worker)
        if not in_steps:
            finish(self.building)

    def _build(self, worker: DirectoryWorker) -> Building:
        layout = QVBoxLayout(self)
        header = page_header(layout, name="shields", title=self.tr("Shielding"),
                             note=self.tr(
            "For your area's trained shielders: the requests practitioners have made and the "
            "shields in force, for children and for parents or carers. Apply a shield with a "
            "review date, review or remove it, or decline a request; each needs a note and is "
            "recorded."), refresh=self.refresh)
        self.refresh_button, self.message = header.refresh_button, header.message

        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        self.request_model = TextRowsModel(SHIELD_REQUEST_HEADERS, self)
        self.request_table = make_table(self.request_model, "shieldRequestTable",
                                        self.tr("Shield requests"))
        self.shield_model = TextRowsModel(SHIELD_HEADERS, self)
        self.shield_table = make_table(self.shield_model, "shieldTable",
                                       self.tr("Shields in force"))
        lists_layout.addWidget(label(self.tr("Requests"), "sectionTitle"))
        lists_layout.addWidget(self.request_table, 1)
        lists_layout.addWidget(label(self.tr("Shields in force"), "sectionTitle"))
        lists_layout.addWidget(self.shield_table, 1)
        self.request_table.selectionModel().currentRowChanged.connect(self._on_request_row)
        self.shield_table.selectionModel().currentRowChanged.connect(self._on_shield_row)

        yield "Shielding: lists"
        detail = self._detail_panel()
        yield "Shielding: detail"
        layout.addWidget(list_and_detail(lists, detail), 1)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)
        self._show(None)
        yield "Shielding"

    def _detail_panel(self) -> QWidget:
        self.detail, box, self.detail_title = detail_frame(
            "shieldDetail", self.tr("Selected request or shield"))
        form = QFormLayout()
        self.rows: dict[QWidget, QLabel] = {}

        def row(caption: str, name: str) -> QLabel:
            # Issue 19: the value is the label's name, the caption its description and buddy.
            value = form_value(form, caption, name)
            caption_label = form.labelForField(value)
            assert isinstance(caption_label, QLabel)
            self.rows[value] = caption_label
            return value

        self.directory_id = row(self.tr("Directory ID"), "shieldDirectoryId")
        self.subject = row(self.tr("Shield on"), "shieldSubject")
        self.raised = row(self.tr("Raised"), "shieldRaised")
        self.reason = row(self.tr("Reason given"), "shieldReason")
        self.status = row(self.tr("Status"), "shieldStatus")
        box.addLayout(form)
        self.open_button = button(QPushButton, self.tr("&Open record…"), "shieldOpenRecord",
                                  self.tr("Open the child's record"), self._open)
        opener = QHBoxLayout()
        opener.addWidget(self.open_button)
        opener.addStretch(1)
        box.addLayout(opener)

        self.act = QFrame()
        self.act.setObjectName("shieldAction")
        act = QFormLayout(self.act)
        act.setContentsMargins(0, 8, 0, 0)
        today = date.today()
        self.review_on = QDateEdit(_qdate(today + timedelta(days=REVIEW_AFTER_DAYS)))
        self.review_on.setObjectName("shieldReviewOn")
        self.review_on.setAccessibleName(self.tr("Review by"))
        self.review_on.setDisplayFormat("dd-MMM-yyyy")
        self.review_on.setCalendarPopup(True)
        self.review_on.setMinimumDate(_qdate(today + timedelta(days=1)))
        self.review_on.setMaximumDate(_qdate(today + timedelta(days=MAX_REVIEW_DAYS)))
        self.review_label = QLabel(self.tr("Re&view by"))
        self.review_label.setBuddy(self.review_on)
        act.addRow(self.review_label, self.review_on)
        self.note = QPlainTextEdit()
        self.note.setObjectName("shieldNote")
        self.note.setAccessibleName(self.tr("Note: why"))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        note_label = QLabel(self.tr("&Note"))
        note_label.setBuddy(self.note)
        act.addRow(note_label, self.note)
        actions = QHBoxLayout()
        self.apply_button = button(QPushButton, self.tr("&Apply shield"), "shieldApply",
                                   self.tr("Apply the shield"), lambda: self._act("apply"))
        self.decline_button = button(QPushButton, self.tr("&Decline request"), "shieldDecline",
                                     self.tr("Decline the request"),
                                     lambda: self._act("decline"))
        self.review_button = button(QPushButton, self.tr("Set new re&view date"),
                                    "shieldReview", self.tr("Review the shield"),
                                    lambda: self._act("review"))
        self.remove_button = button(QPushButton, self.tr("Re&move shield"), "shieldRemove",
                                    self.tr("Remove the shield"), lambda: self._act("remove"))
        for made in (self.apply_button, self.decline_button, self.review_button,
                     self.remove_button):
            actions.addWidget(made)
        actions.addStretch(1)
        act.addRow(actions)
        box.addWidget(self.act)
        self.detail_message = label("", "shieldDetailMessage", selectable=True)
        box.addWidget(self.detail_message)
        box.addStretch(1)
        return self.detail

    # -- public ------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self._say(self.tr("Loading shield requests and shields…"))
        self._pending_list = self._worker.request_shield_work()

    def clear(self) -> None:
        self._pending_list = self._pending_action = None
        self.requests, self.shields = [], []
        self.request_model.clear()
        self.shield_model.clear()
        self._show(None)
        self.message.clear()
        self.message.hide()
        self.refresh_button.setEnabled(True)

    # -- selection ---------------------------------------------------------------------------

    def _on_request_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        if 0 <= row < len(self.requests):
            self._forget(self.shield_table)
            self._show(self.requests[row])

    def _on_shield_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.row()
        if 0 <= row < len(self.shields):
            self._forget(self.request_table)
            self._show(self.shields[row])

    def _forget(self, table: QTableView) -> None:
        """One item at a time: the other list lets go of its current row."""
        table.selectionModel().blockSignals(True)
        table.selectionModel().clear()
        table.selectionModel().blockSignals(False)
        table.viewport().update()

    def select_request(self, reference: str) -> bool:
        keys = [r.reference for r in self.requests]
        if reference not in keys:
            return False
        self.request_table.selectRow(keys.index(reference))
        self._forget(self.shield_table)
        self._show(self.requests[keys.index(reference)])
        return True

    def select_shield(self, directory_id: str, subject: str = "child") -> bool:
        keys = [(s.directory_id, s.subject) for s in self.shields]
        if (directory_id, subject) not in keys:
            return False
        self.shield_table.selectRow(keys.index((directory_id, subject)))
        self._forget(self.request_table)
        self._show(self.shields[keys.index((directory_id, subject))])
        return True

    def _show(self, item: ShieldRequest | ShieldInForce | None) -> None:
        self.current = item
        wipe(self.note)
        self.detail_message.clear()
        self.detail.setVisible(item is not None)
        if item is None:
            for shown in (self.detail_title, self.directory_id, self.subject, self.raised,
                          self.reason, self.status):
                shown.clear()
            return
        cells = (shield_request_cells(item) if isinstance(item, ShieldRequest)
                 else shield_cells(item, date.today()))
        is_request = isinstance(item, ShieldRequest)
        self.directory_id.setText(cells[1] if is_request else cells[0])
        self.subject.setText(shield_subject(item.subject, item.parent))
        if isinstance(item, ShieldRequest):
            self.detail_title.setText(self.tr("Request {ref}").format(ref=item.reference))
            self.raised.setText(f"{item.raised_by}, {cells[4]}")
            self.reason.setText(item.reason)
            self.status.setText(shield_request_decision(item))
            is_open = item.status == "open"
        else:
            self.detail_title.setText(self.tr("Shield in force"))
            self.status.setText(self.tr("Review by {when}").format(when=cells[2]))
            is_open = False
        for widget in (self.raised, self.reason):
            widget.setVisible(is_request)
            self.rows[widget].setVisible(is_request)
        self.act.setVisible(is_open or not is_request)
        self.apply_button.setVisible(is_open)
        self.decline_button.setVisible(is_open)
        self.review_button.setVisible(not is_request)
        self.remove_button.setVisible(not is_request)
        self.review_label.setText(self.tr("Re&view by") if is_request
                                  else self.tr("New re&view date"))
        for made in (self.apply_button, self.decline_button, self.review_button,
                     self.remove_button):
            made.setEnabled(True)

    # -- actions -----------------------------------------------------------------------------

    def _open(self) -> None:
        if self.current is not None:
            self.open_record.emit(self.current.directory_id)

    def _act(self, action: str) -> None:
        item = self.current
        if item is None or self._pending_action is not None:
            return
        note = " ".join(self.note.toPlainText().split())
        problem = shield_note_problem(note)
        if problem:
            self.detail_message.setText(problem)
            return
        day = self.review_on.date()
        review_on = (date(day.year(), day.month(), day.day())
                     if action in ("apply", "review") else None)
        for made in (self.apply_button, self.decline_button, self.review_button,
                     self.remove_button):
            made.setEnabled(False)
        self.detail_message.setText(self.tr("Sending…"))
        if isinstance(item, ShieldRequest):
            self._pending_action = self._worker.request_set_shield(
                item.directory_id, action, note, request=item.reference, review_on=review_on)
        else:
            self._pending_action = self._worker.request_set_shield(
                item.directory_id, action, note, subject=item.subject,
                parent_ref=item.parent_ref, review_on=review_on)
        self._done_text = {
            "apply": self.tr("The shield is applied. The directory withholds the record now."),
            "decline": self.tr("The request is declined."),
            "review": self.tr("The new review date is set."),
            "remove": self.tr("The shield is removed."),
        }[action]

    # -- answers -----------------------------------------------------------------------------

    def _on_finished(self, request_id: int, result: object) -> None:
        if request_id == self._pending_list and isinstance(result, ShieldWork):
            self._pending_list = None
            self.refresh_button.setEnabled(True)
            self._set(result)
        elif request_id == self._pending_action:
            self._pending_action = None
            wipe(self.note)
            self.refresh()  # the lists change; what was done is said again once they load

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id not in (self._pending_list, self._pending_action):
            return
        listing = request_id == self._pending_list
        if listing:
            self._pending_list = None
        else:
            self._pending_action = None
        self.refresh_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        text = explain(error, "shields")
        if isinstance(error, Forbidden):
            text = (self.tr("Only your area's trained shielders can see shield requests and "
                            "act on shields. Ask your ContactPoint team who they are.")
                    if listing else self.tr("Only the trained shielders of the child's own "
                                            "area can act on this shield."))
        if listing:
            self._say(text)
        else:
            self.detail_message.setText(text)
            for made in (self.apply_button, self.decline_button, self.review_button,
                         self.remove_button):
                made.setEnabled(True)

    def _set(self, work: ShieldWork) -> None:
        self.requests = list(work.requests)
        self.shields = list(work.shields)
        self.request_model.set_rows([shield_request_cells(r) for r in self.requests])
        self.shield_model.set_rows([shield_cells(s, date.today()) for s in self.shields])
        waiting = sum(1 for r in self.requests if r.status == "open")
        counts = self.tr("{n} requests waiting for a decision; {m} shields in force.").format(
            n=waiting, m=len(self.shields))
        done, self._done_text = self._done_text, ""
        self._say(f"{done} {counts}" if done else counts)
        self._show(None)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
