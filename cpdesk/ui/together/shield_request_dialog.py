"""Ask for a shield (issue 17; seed 004: "in most cases practitioners will ask for a shield to
be applied"): for the child or for one of the parents or carers on the record, with a reason
of at least 20 characters, sent to the trained shielders of the child's area.

The directory answers every well-formed request alike — a reference — whether or not a shield
already exists, and this dialog says the same fixed words every time: it never tells the
practitioner whether the child (or the parent) is shielded. What was typed is wiped when the
dialog ends.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QPlainTextEdit, QRadioButton, QVBoxLayout, QWidget

from cpdesk.privacy import MIN_SHIELD_REQUEST_REASON
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.widgets import wipe
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.involvement_dialogs import ActionDialog

MAX_REASON = 2000


class ShieldRequestDialog(ActionDialog):
    ACTION = "shield-request"
    sent = Signal(str)  # reference

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard, directory_id: str,
                 subjects: tuple[tuple[int | None, str], ...],
                 parent: QWidget | None = None) -> None:
        super().__init__(
            worker, clipboard, "Ask for a shield",
            "A shield withholds where a child lives and who works with them. Say why one is "
            "needed; the trained shielders of the child's area decide. You will not be told "
            "whether a shield is already in place.",
            "&Send request", "shieldRequestDialog", parent)
        self._directory_id = directory_id
        self.group = QButtonGroup(self)
        self.subjects: dict[QRadioButton, int | None] = {}
        box = QVBoxLayout()
        box.setSpacing(4)
        for index, text in subjects:
            radio = QRadioButton(text)
            radio.setObjectName("shieldSubject")
            self.group.addButton(radio)
            self.subjects[radio] = index
            box.addWidget(radio)
        holder = QWidget()
        holder.setObjectName("shieldSubjects")
        holder.setAccessibleName(self.tr("Who the shield is for"))
        holder.setLayout(box)
        self.form.addRow(self.tr("Shield for"), holder)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("shieldRequestReason")
        self.reason.setAccessibleName(self.tr("Why a shield is needed"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMinimumHeight(110)
        self.form.addRow(self.tr("&Why"), self.reason)

    def problem(self) -> str | None:
        if self.group.checkedButton() is None:
            return self.tr("Say who the shield is for: the child or a parent or carer.")
        length = len(" ".join(self.reason.toPlainText().split()))
        if length < MIN_SHIELD_REQUEST_REASON:
            return self.tr("Say why a shield is needed, in at least {n} characters.").format(
                n=MIN_SHIELD_REQUEST_REASON)
        if length > MAX_REASON:
            return self.tr("The reason is too long: at most {n} characters.").format(
                n=MAX_REASON)
        return None

    def submit(self) -> int:
        checked = self.group.checkedButton()
        parent = self.subjects.get(checked) if isinstance(checked, QRadioButton) else None
        return self._worker.request_shield(self._directory_id,
                                           " ".join(self.reason.toPlainText().split()), parent)

    def succeeded(self, result: object) -> None:
        if isinstance(result, str):
            self.show_reference(result, self.tr(
                "Your request has gone to the trained shielders of the child's area. They "
                "decide; you will not be told whether a shield is in place. Quote this "
                "reference if you call your ContactPoint team."))
            self.sent.emit(result)

    def clear_fields(self) -> None:
        wipe(self.reason)
