"""Bring the team together (issue 17, Kelly's story): from an open record, choose the
practitioners to invite — current and recently ended involvements, nothing ticked for the
user — record consent (the same question as recording an involvement), and the directory
answers with everyone's contact details (audited there, with the consent).

The answer is one message: *Copy contact list* puts exactly that text on the clipboard through
the clipboard guard (kind ``contact_list``, checked line by line by ``privacy``), and *Save
meeting file…* writes an ``.ics`` meeting request only where the user chooses in a Save dialog
(``choose_path``; tests replace it). Neither holds the child's name or any detail of the child.
What was typed (the urgent reason) is wiped when the dialog ends.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain import Convening
from cpdesk.privacy import ConveneChoice, CopyKind, can_copy, contact_list, meeting_ics
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.clipboard import ClipboardGuard, copied_message
from cpdesk.ui.common.widgets import button, label
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.consent_box import ConsentBox
from cpdesk.ui.together.involvement_dialogs import ActionDialog


def _next_working_morning(today: date) -> datetime:
    day = today + timedelta(days=1)
    while day.isoweekday() > 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(10, 0))


class ConveneDialog(ActionDialog):
    """Choose who to invite, record consent, then copy the contact list or save a meeting."""

    ACTION = "convene"
    convened = Signal(str)  # reference

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard, directory_id: str,
                 choices: tuple[ConveneChoice, ...], parent: QWidget | None = None) -> None:
        super().__init__(
            worker, clipboard, "Bring the team together",
            "Choose the practitioners to bring together. The directory gives you one message "
            "with everyone's phone number and email address, to copy or to save as a meeting "
            "request. It holds no details of the child. This is recorded, with the consent.",
            "&Get contact details", "conveneDialog", parent)
        self.setMinimumWidth(720)  # a practitioner's name, role and organisation on one line
        self._directory_id = directory_id
        self.convening: Convening | None = None
        self.choose_path: Callable[[str], str | None] = self._ask_path
        self.people: dict[str, QCheckBox] = {}
        box = QVBoxLayout()
        box.setSpacing(4)
        for choice in choices:
            check = QCheckBox(choice.text)
            check.setObjectName("conveneChoice")
            check.setProperty("involvementId", choice.involvement_id)
            check.setProperty("ended", choice.ended)
            box.addWidget(check)
            self.people[choice.involvement_id] = check
        people = QWidget()
        people.setObjectName("convenePeople")
        people.setAccessibleName(self.tr("Practitioners to invite"))
        people.setLayout(box)
        self.form.addRow(label(self.tr("Invite"), "fieldLabel"))
        self.form.addRow(people)
        self.consent = ConsentBox()
        self.form.addRow(self.consent)
        self._build_result_panel()

    def _build_result_panel(self) -> None:
        self.result_panel = QFrame()
        self.result_panel.setObjectName("conveneResult")
        panel = QVBoxLayout(self.result_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        self.result_title = label("", "referenceCaption")
        panel.addWidget(self.result_title)
        self.contact_text = QPlainTextEdit()
        self.contact_text.setObjectName("conveneContactList")
        self.contact_text.setAccessibleName(self.tr("Contact list"))
        self.contact_text.setReadOnly(True)
        self.contact_text.setTabChangesFocus(True)
        self.contact_text.setMinimumHeight(150)
        panel.addWidget(self.contact_text)
        meeting = QHBoxLayout()
        self.meeting_at = QDateTimeEdit()
        self.meeting_at.setObjectName("conveneMeetingAt")
        self.meeting_at.setAccessibleName(self.tr("Meeting date and time"))
        self.meeting_at.setDisplayFormat("dd-MMM-yyyy HH:mm")
        self.meeting_at.setCalendarPopup(True)
        start = _next_working_morning(date.today())
        self.meeting_at.setDateTime(QDateTime(QDate(start.year, start.month, start.day),
                                              QTime(start.hour, start.minute)))
        meeting_label = label(self.tr("&Meeting at"), "fieldLabel", wrap=False)
        meeting_label.setBuddy(self.meeting_at)
        self.copy_list_button = button(QPushButton, self.tr("Copy contact &list"),
                                       "conveneCopyList", self.tr("Copy the contact list"),
                                       self._copy_list)
        self.save_button = button(QPushButton, self.tr("&Save meeting file…"), "conveneSave",
                                  self.tr("Save a meeting request file"), self._save)
        meeting.addWidget(meeting_label)
        meeting.addWidget(self.meeting_at)
        meeting.addStretch(1)
        meeting.addWidget(self.copy_list_button)
        meeting.addWidget(self.save_button)
        panel.addLayout(meeting)
        self.result_hint = label("", "referenceHint", selectable=True)
        panel.addWidget(self.result_hint)
        self.result_panel.hide()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.reference_panel), self.result_panel)

    # -- ActionDialog -----------------------------------------------------------------------

    def chosen(self) -> tuple[str, ...]:
        return tuple(iid for iid, check in self.people.items() if check.isChecked())

    def problem(self) -> str | None:
        if not self.chosen():
            return self.tr("Choose at least one practitioner to invite.")
        return self.consent.problem()

    def submit(self) -> int:
        consent = self.consent.consent()
        assert consent is not None  # problem() said it is complete
        return self._worker.request_convene(self._directory_id, self.chosen(), consent)

    def succeeded(self, result: object) -> None:
        if not isinstance(result, Convening):
            return
        self.convening = result
        self.clear_fields()
        self.form_area.hide()
        self.intro.hide()
        self.send_button.hide()
        self.result_title.setText(self.tr("Reference {ref}. Everyone's contact details:")
                                  .format(ref=result.reference))
        text = contact_list(result)
        self.contact_text.setPlainText(text)
        self.copy_list_button.setEnabled(can_copy(CopyKind.CONTACT_LIST, text))
        self.result_panel.show()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setDefault(True)
        self.copy_list_button.setFocus()
        announce(self.result_title, self.result_title.text())
        self.convened.emit(result.reference)
        self.adjustSize()

    def clear_fields(self) -> None:
        self.consent.clear()

    # -- the answer -------------------------------------------------------------------------

    def _copy_list(self) -> None:
        if self.convening is None:
            return
        text = contact_list(self.convening)
        if can_copy(CopyKind.CONTACT_LIST, text) \
                and self._clipboard.copy(CopyKind.CONTACT_LIST.value, text):
            self.result_hint.setText(copied_message())
            announce(self.result_hint, self.result_hint.text())

    def _ask_path(self, suggested: str) -> str | None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the meeting request"), suggested,
            self.tr("Calendar files (*.ics)"))
        return chosen or None

    def _save(self) -> None:
        if self.convening is None:
            return
        chosen = self.choose_path(f"team-meeting-{self.convening.reference.lower()}.ics")
        if not chosen:
            self.result_hint.setText(self.tr("Not saved: no file was chosen."))
            return
        value = self.meeting_at.dateTime()
        start = datetime(value.date().year(), value.date().month(), value.date().day(),
                         value.time().hour(), value.time().minute())
        try:
            Path(chosen).write_text(meeting_ics(self.convening, start), encoding="utf-8",
                                    newline="")
        except OSError as exc:
            self.result_hint.setText(self.tr("The file could not be written ({why}). Choose "
                                             "another place.").format(
                why=exc.strerror or type(exc).__name__))
            return
        self.result_hint.setText(self.tr("Saved to {path}. Open it to send the invitation "
                                         "from your calendar.").format(path=chosen))
        announce(self.result_hint, self.result_hint.text())

    def done(self, result: int) -> None:
        self.contact_text.setPlainText("")
        super().done(result)
