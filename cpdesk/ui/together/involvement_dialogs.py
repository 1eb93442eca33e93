"""Working-together dialogs (product.md §6): record my involvement and end my involvement,
plus the shared dialog frame (the report and contact-request dialogs are in
``report_dialogs.py``; the failure wording is ``ui/common/wording.py``).

Each dialog sends its call through ``DirectoryWorker`` (never on the GUI thread), stays open
while the answer is awaited, explains every failure in plain words (:func:`explain`) and, where
the directory returns a reference (INA-…, SCR-…), shows it with a Copy button that goes
through the ``ClipboardGuard``. Dialogs are window-modal (``open()``), deleted when closed, and
emit only what the caller needs: the new ``Involvement``, the ended date, or the reference.

Privacy: the free text typed here may name people. It is cleared whenever a dialog finishes
(sent, cancelled, or closed by the lock), and never logged.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import Involvement, ServiceOption, UserProfile
from cpdesk.privacy import CopyKind, can_copy
from cpdesk.ui.common.clipboard import ClipboardGuard, copied_message
from cpdesk.ui.common.widgets import keep_default, label, restyle
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.consent_box import ConsentBox


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _today() -> QDate:
    today = date.today()
    return QDate(today.year, today.month, today.day)


def _date_edit(name: str, accessible: str) -> QDateEdit:
    edit = QDateEdit(_today())
    edit.setObjectName(name)
    edit.setAccessibleName(accessible)
    edit.setDisplayFormat("dd-MMM-yyyy")
    edit.setCalendarPopup(True)
    edit.setMaximumDate(_today())
    return edit


class ActionDialog(QDialog):
    """Shared frame: a form, a message line, a reference panel, Send and Cancel/Close."""

    session_expired = Signal()
    ACTION = ""

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard, title: str,
                 intro: str, send_text: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(520)
        self._worker = worker
        self._clipboard = clipboard
        self._pending: int | None = None
        self.reference: str | None = None

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(label(title, "dialogTitle"))
        self.intro = label(intro, "dialogHint")
        layout.addWidget(self.intro)
        self.form_area = QWidget()
        self.form = QFormLayout(self.form_area)
        self.form.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form_area)

        self.message = label("", "actionMessage")
        self.message.setAccessibleName(self.tr("Message"))
        self.message.hide()
        layout.addWidget(self.message)

        self.reference_panel = QFrame()
        self.reference_panel.setObjectName("referencePanel")
        panel = QVBoxLayout(self.reference_panel)
        panel.addWidget(label(self.tr("Sent. Your reference is:"), "referenceCaption"))
        line = QHBoxLayout()
        self.reference_label = label("", "referenceValue", selectable=True)
        self.reference_label.setAccessibleName(self.tr("Your reference"))
        self.copy_button = QPushButton(self.tr("&Copy"))
        self.copy_button.setObjectName("copyReference")
        self.copy_button.setAccessibleName(self.tr("Copy the reference"))
        self.copy_button.clicked.connect(self._copy)
        line.addWidget(self.reference_label, 1)
        line.addWidget(self.copy_button)
        panel.addLayout(line)
        self.reference_hint = label("", "referenceHint")
        panel.addWidget(self.reference_hint)
        self.reference_panel.hide()
        layout.addWidget(self.reference_panel)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.send_button = QPushButton(send_text)
        self.send_button.setObjectName("actionSend")
        self.send_button.setAccessibleName(send_text.replace("&", ""))
        self.send_button.clicked.connect(self._send)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("actionCancel")
        self.cancel_button.clicked.connect(self.reject)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        # Issue 19: Enter in a field sends, even after Tab has passed Cancel.
        keep_default(self, self.send_button)

        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)

    # -- for subclasses ----------------------------------------------------------------------

    def problem(self) -> str | None:
        """What is missing before the request can be sent (None when it can)."""
        return None

    def submit(self) -> int:
        raise NotImplementedError

    def succeeded(self, result: object) -> None:
        self.accept()

    def failed(self, error: ApiError) -> bool:
        """A subclass's own answer to a refusal (True when it has said what to do)."""
        return False

    def clear_fields(self) -> None:
        """Drop what the user typed."""

    # -- flow --------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        return self._pending is not None

    def _send(self) -> None:
        if self._pending is not None:
            return
        problem = self.problem()
        if problem:
            self._say(problem, error=True)
            return
        self._say(self.tr("Sending…"), error=False)
        self.send_button.setEnabled(False)
        self.form_area.setEnabled(False)
        self._pending = self.submit()

    def _on_finished(self, request_id: int, result: object) -> None:
        if request_id != self._pending:
            return
        self._pending = None
        self.message.hide()
        self.succeeded(result)

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending:
            return
        self._pending = None
        self.send_button.setEnabled(True)
        self.form_area.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.reject()
            self.session_expired.emit()
            return
        if not self.failed(error):
            self._say(explain(error, self.ACTION), error=True)

    def _say(self, text: str, *, error: bool) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        restyle(self.message)
        self.message.show()

    def show_reference(self, reference: str, hint: str) -> None:
        self.reference = reference
        self.form_area.hide()
        self.intro.hide()
        self.reference_label.setText(reference)
        self.reference_hint.setText(hint)
        self.copy_button.setVisible(can_copy(CopyKind.REFERENCE, reference))
        self.reference_panel.show()
        self.send_button.hide()
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setDefault(True)
        self.cancel_button.setFocus()
        self.clear_fields()
        self.adjustSize()

    def _copy(self) -> None:
        if self.reference and can_copy(CopyKind.REFERENCE, self.reference) \
                and self._clipboard.copy(CopyKind.REFERENCE.value, self.reference):
            self.reference_hint.setText(copied_message())

    def done(self, result: int) -> None:
        self._pending = None
        self.clear_fields()
        super().done(result)


class RecordInvolvementDialog(ActionDialog):
    """Record my involvement: service (from the directory's list), job title, since, lead
    professional, holds CAF. Taking over as lead professional is confirmed explicitly."""

    ACTION = "involvement"
    recorded = Signal(object)  # Involvement

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard, directory_id: str,
                 profile: UserProfile | None, parent: QWidget | None = None) -> None:
        who = (f" ({profile.display_name}, {profile.organisation})" if profile else "")
        super().__init__(
            worker, clipboard, "Record my involvement",
            "Your name, organisation, phone number and email address come from your "
            f"profile{who}. Other practitioners see your involvement at once; in a sensitive "
            "service they see only that a sensitive service is involved.",
            "&Record involvement", "recordInvolvementDialog", parent)
        self._directory_id = directory_id
        self.service = QComboBox()
        self.service.setObjectName("involvementService")
        self.service.setAccessibleName(self.tr("Service"))
        self.service.setPlaceholderText(self.tr("Loading the list of services…"))
        self.service.setEnabled(False)
        self.job_title = QLineEdit(profile.job_title if profile else "")
        self.job_title.setObjectName("involvementJobTitle")
        self.job_title.setAccessibleName(self.tr("Job title"))
        self.job_title.setMaxLength(100)
        self.since = _date_edit("involvementSince", self.tr("Involved since"))
        self.lead = QCheckBox(self.tr("I am the &lead professional"))
        self.lead.setObjectName("involvementLead")
        self.replace_lead = QCheckBox(self.tr("I am taking over as lead professional"))
        self.replace_lead.setObjectName("involvementReplaceLead")
        self.replace_lead.hide()
        self.caf = QCheckBox(self.tr("I hold a &CAF assessment for this child"))
        self.caf.setObjectName("involvementCaf")
        self.form.addRow(self.tr("&Service"), self.service)
        self.form.addRow(self.tr("&Job title"), self.job_title)
        self.form.addRow(self.tr("Involved s&ince"), self.since)
        self.form.addRow("", self.lead)
        self.form.addRow("", self.replace_lead)
        self.form.addRow("", self.caf)
        self.consent = ConsentBox()  # issue 17: asked every time
        self.form.addRow(self.consent)
        self.lead.toggled.connect(self._lead_toggled)
        self._services_request: int | None = worker.request_services()
        worker.action_finished.connect(self._on_services)
        worker.action_failed.connect(self._on_services_failed)

    def _lead_toggled(self, on: bool) -> None:
        if not on:  # not the lead: nothing to take over
            self.replace_lead.setChecked(False)
            self.replace_lead.hide()

    def _on_services(self, request_id: int, result: object) -> None:
        if request_id != self._services_request or not isinstance(result, tuple):
            return
        self._services_request = None
        for option in result:
            if isinstance(option, ServiceOption):
                label = option.name.capitalize() + (self.tr(" (sensitive)")
                                                    if option.sensitive else "")
                self.service.addItem(label, option.code)
        self.service.setCurrentIndex(-1)
        self.service.setPlaceholderText(self.tr("Choose the service you work for"))
        self.service.setEnabled(True)

    def _on_services_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._services_request:
            return
        self._services_request = None
        self.service.setPlaceholderText(self.tr("The list of services is not available"))
        if isinstance(error, SessionExpired):
            self.reject()
            self.session_expired.emit()
            return
        self._say(self.tr("The list of services could not be loaded. Close this window and "
                          "try again.") + f" {error.message}", error=True)

    def problem(self) -> str | None:
        if self.service.currentData() is None:
            return self.tr("Choose the service you work for.")
        if len(self.job_title.text().strip()) < 2:
            return self.tr("Enter your job title.")
        return self.consent.problem()

    def submit(self) -> int:
        return self._worker.request_record_involvement(
            self._directory_id, str(self.service.currentData()),
            self.job_title.text().strip(), _day(self.since),
            self.lead.isChecked(), self.caf.isChecked(),
            self.lead.isChecked() and self.replace_lead.isChecked(), self.consent.consent())

    def clear_fields(self) -> None:
        self.consent.clear()

    def failed(self, error: ApiError) -> bool:
        """Another practitioner is the lead professional: ask to confirm taking over."""
        if error.code != "lead_exists":
            return False
        self.replace_lead.show()
        self.replace_lead.setFocus()
        self._say(error.message, error=True)
        return True

    def succeeded(self, result: object) -> None:
        if isinstance(result, Involvement):
            self.recorded.emit(result)
        self.accept()


class EndInvolvementDialog(ActionDialog):
    """End my involvement with a date; it stays on the record, greyed, for 365 days."""

    ACTION = "end"
    ended = Signal(str, object)  # involvement id, date

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard,
                 involvement: Involvement, parent: QWidget | None = None) -> None:
        super().__init__(
            worker, clipboard, "End involvement",
            "The involvement stays on the record, greyed, for 365 days after it ends.",
            "&End involvement", "endInvolvementDialog", parent)
        self.involvement_id = involvement.involvement_id
        self.end_date = _date_edit("involvementEnded", self.tr("Involvement ended on"))
        if involvement.since is not None:
            since = involvement.since
            self.end_date.setMinimumDate(QDate(since.year, since.month, since.day))
        self.form.addRow(self.tr("&Ended on"), self.end_date)

    def submit(self) -> int:
        return self._worker.request_end_involvement(self.involvement_id,
                                                    _day(self.end_date))

    def succeeded(self, result: object) -> None:
        self.ended.emit(self.involvement_id, _day(self.end_date))
        self.accept()
