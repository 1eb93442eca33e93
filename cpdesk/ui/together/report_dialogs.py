"""Report an inaccuracy and request contact with a sensitive service (product.md §6).

Both send a free-text message (10–2,000 characters) to the ContactPoint team of the child's
local authority and show the reference the directory returns (``INA-…``, ``SCR-…``) with a
Copy button. What was typed is dropped once sent, cancelled, or closed by the lock.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from cpdesk.privacy import REPORT_SECTIONS
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.widgets import label as make_label
from cpdesk.ui.common.widgets import wipe
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.consent_box import ConsentBox
from cpdesk.ui.together.involvement_dialogs import ActionDialog

MIN_TEXT = 10
MAX_TEXT = 2000


class _TextDialog(ActionDialog):
    """A dialog whose main field is a free-text message of 10–2,000 characters."""

    sent = Signal(str)  # reference
    HINT = ""

    def _text_field(self, name: str, accessible: str) -> QPlainTextEdit:
        text = QPlainTextEdit()
        text.setObjectName(name)
        text.setAccessibleName(accessible)
        text.setTabChangesFocus(True)
        text.setMinimumHeight(110)
        return text

    def text_problem(self, text: str, what: str) -> str | None:
        length = len(" ".join(text.split()))
        if length < MIN_TEXT:
            return self.tr("Write the {what} in at least {n} characters.").format(
                what=what, n=MIN_TEXT)
        if length > MAX_TEXT:
            return self.tr("The {what} is too long: at most {n} characters.").format(
                what=what, n=MAX_TEXT)
        return None

    def succeeded(self, result: object) -> None:
        if isinstance(result, str):
            self.show_reference(result, self.HINT)
            self.sent.emit(result)


class InaccuracyDialog(_TextDialog):
    """Report an inaccuracy: the section and what is wrong → the local authority's team."""

    ACTION = "inaccuracy"
    HINT = ("The ContactPoint team for the child's local authority will check the record. "
            "Quote this reference if you contact them.")

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard, directory_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(
            worker, clipboard, "Report an inaccuracy",
            "Tell the ContactPoint team for this child's local authority what is wrong. "
            "They will check and correct the record.",
            "&Send report", "inaccuracyDialog", parent)
        self._directory_id = directory_id
        self.section = QComboBox()
        self.section.setObjectName("inaccuracySection")
        self.section.setAccessibleName(self.tr("Section of the record"))
        self.section.setPlaceholderText(self.tr("Choose a section…"))
        for key, label in REPORT_SECTIONS:
            self.section.addItem(self.tr(label), key)
        self.section.setCurrentIndex(-1)
        self.description = self._text_field("inaccuracyDescription",
                                            self.tr("What is wrong"))
        self.form.addRow(self.tr("&Section"), self.section)
        self.form.addRow(self.tr("&What is wrong"), self.description)

    def problem(self) -> str | None:
        if self.section.currentData() is None:
            return self.tr("Choose the section of the record that is wrong.")
        return self.text_problem(self.description.toPlainText(), self.tr("description"))

    def submit(self) -> int:
        return self._worker.request_report_inaccuracy(
            self._directory_id, str(self.section.currentData()),
            " ".join(self.description.toPlainText().split()))

    def clear_fields(self) -> None:
        wipe(self.description)


class ContactRequestDialog(_TextDialog):
    """Request contact with a sensitive service, brokered by the ContactPoint team."""

    ACTION = "contact"
    HINT = ("The ContactPoint team will pass your request to the service, which will contact "
            "you. Quote this reference if you call the team.")

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard, directory_id: str,
                 parent: QWidget | None = None, *, urgent: str | None = None) -> None:
        super().__init__(
            worker, clipboard, "Request contact",
            "Your message goes to the ContactPoint team for this child's local authority. "
            "They arrange contact with the sensitive service; the service is never named to "
            "you here. Say why you need contact and how to reach you.",
            "&Send request", "contactRequestDialog", parent)
        self._directory_id = directory_id
        if urgent:  # issue 16: out of office hours, call the duty team now
            self.form.addRow(make_label(urgent, "outOfHoursNotice", selectable=True))
        self.text = self._text_field("contactMessage", self.tr("Message to the team"))
        self.form.addRow(self.tr("&Message"), self.text)
        self.consent = ConsentBox()  # issue 17: asked every time
        self.form.addRow(self.consent)

    def problem(self) -> str | None:
        return (self.text_problem(self.text.toPlainText(), self.tr("message"))
                or self.consent.problem())

    def submit(self) -> int:
        return self._worker.request_sensitive_contact(
            self._directory_id, " ".join(self.text.toPlainText().split()),
            self.consent.consent())

    def clear_fields(self) -> None:
        wipe(self.text)
        self.consent.clear()
