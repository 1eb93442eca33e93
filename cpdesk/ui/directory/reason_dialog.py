"""The reason-for-access dialog, asked every time a record is opened (product.md §5).

No reason is preselected: the user chooses one each time. "Other reason" needs free text of
at least 10 characters; the confirm button stays disabled until the choice is complete.
Keys 1–5 choose a reason and open the record in one press (issue 16: the A&E nurse's
journey); 6 chooses "Other reason" and moves to its text.
The free text may name people, so ``clear()`` drops it once the reason has been taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.domain import Reason, ReasonCode
from cpdesk.ui.common.widgets import keep_default, return_keyboard, wipe

OTHER_MIN_CHARS = 10


@dataclass(frozen=True, slots=True)
class ReasonChoice:
    code: ReasonCode
    label: str
    definition: str


REASONS: tuple[ReasonChoice, ...] = (
    ReasonChoice(ReasonCode.UNSCHEDULED_CARE, "Child attending urgent or emergency care",
                 "The child is with you now in A&E, a walk-in centre or an ambulance."),
    ReasonChoice(ReasonCode.SAFEGUARDING, "Concern about the child's safety or welfare",
                 "You have a concern that the child may be at risk of harm."),
    ReasonChoice(ReasonCode.EDUCATION_WELFARE, "Attendance or welfare at school",
                 "Attendance, children missing education, or welfare at the child's setting."),
    ReasonChoice(ReasonCode.COORDINATING_SUPPORT, "Coordinating support",
                 "You are arranging support with other practitioners."),
    ReasonChoice(ReasonCode.ASSESSMENT, "Carrying out an assessment",
                 "For example a Common Assessment Framework assessment."),
    ReasonChoice(ReasonCode.OTHER, "Other reason",
                 "Free text of at least 10 characters is required."),
)


class ReasonDialog(QDialog):
    """Asks why the record is being opened; emits ``reason_chosen(Reason)`` on confirm."""

    reason_chosen = Signal(object)  # Reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reasonDialog")
        self.setWindowTitle(self.tr("Reason for access"))
        self.setModal(True)
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)

        title = QLabel(self.tr("Why are you opening this record?"))
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        note = QLabel(self.tr("Your reason is recorded with every record you open."))
        note.setObjectName("dialogHint")
        note.setWordWrap(True)
        layout.addWidget(note)

        code_label = QLabel(self.tr("&Reason"))
        code_label.setObjectName("fieldLabel")
        self.code = QComboBox()
        self.code.setObjectName("reasonCode")
        self.code.setAccessibleName(self.tr("Reason for access"))
        self.code.setPlaceholderText(self.tr("Choose a reason…"))
        for choice in REASONS:
            self.code.addItem(self.tr(choice.label), choice.code)
            self.code.setItemData(self.code.count() - 1, self.tr(choice.definition),
                                  Qt.ItemDataRole.ToolTipRole)
        self.code.setCurrentIndex(-1)
        code_label.setBuddy(self.code)
        layout.addWidget(code_label)
        layout.addWidget(self.code)

        self.definition = QLabel()
        self.definition.setObjectName("reasonDefinition")
        self.definition.setWordWrap(True)
        layout.addWidget(self.definition)

        self.text_label = QLabel(self.tr("&Details (optional)"))
        self.text_label.setObjectName("fieldLabel")
        self.text = QLineEdit()
        self.text.setObjectName("reasonText")
        self.text.setAccessibleName(self.tr("Details of the reason"))
        self.text.setMaxLength(500)
        self.text_label.setBuddy(self.text)
        layout.addWidget(self.text_label)
        layout.addWidget(self.text)
        self.text_hint = QLabel()
        self.text_hint.setObjectName("fieldHint")
        layout.addWidget(self.text_hint)

        buttons = QDialogButtonBox()
        self.confirm: QPushButton = buttons.addButton(self.tr("&Open record"),
                                                      QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("reasonConfirm")
        self.confirm.setAccessibleName(self.tr("Open record"))
        keep_default(self, self.confirm)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("reasonCancel")
        buttons.accepted.connect(self._on_confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.code.currentIndexChanged.connect(self._refresh)
        self.text.textChanged.connect(self._refresh)
        self.finished.connect(lambda _result: self.clear())
        for number, choice in enumerate(REASONS, start=1):
            shortcut = QShortcut(QKeySequence(str(number)), self)
            shortcut.activated.connect(self._quick(choice.code))
        quick = QLabel(self.tr("Keys 1–6 choose the reasons in the list's order; 1–5 also "
                               "open the record."))
        quick.setWordWrap(True)
        quick.setObjectName("dialogHint")
        layout.insertWidget(2, quick)
        self._refresh()

    def _quick(self, code: ReasonCode) -> Callable[[], None]:
        def choose() -> None:
            if self.text.hasFocus():
                return  # a digit typed into the details
            self.code.setCurrentIndex(self.code.findData(code))
            if code is ReasonCode.OTHER:
                self.text.setFocus()
            else:
                self._on_confirm()
        return choose

    def ask(self) -> Reason | None:
        """Show the dialog modally, afresh; the reason confirmed, or None if cancelled."""
        chosen: list[Reason] = []
        self.clear()
        # Afresh means the default button too: a Cancel that Tab passed last time (an
        # auto-default button takes the default while focused) must not answer Enter now.
        self.confirm.setDefault(True)
        self.code.setFocus()
        self.reason_chosen.connect(chosen.append)
        try:
            self.exec()
        finally:
            self.reason_chosen.disconnect(chosen.append)
            return_keyboard(self)
        return chosen[0] if chosen else None

    def selected_code(self) -> ReasonCode | None:
        data = self.code.currentData()
        return ReasonCode(data) if data is not None else None

    def reason(self) -> Reason | None:
        """The reason as entered, or None while it is incomplete."""
        code = self.selected_code()
        if code is None:
            return None
        text = self.text.text().strip()
        if code is ReasonCode.OTHER and len(text) < OTHER_MIN_CHARS:
            return None
        return Reason(code, text or None)

    def clear(self) -> None:
        """Forget the choice and the free text (asked afresh every time)."""
        self.code.setCurrentIndex(-1)
        wipe(self.text)
        self._refresh()

    def _refresh(self) -> None:
        code = self.selected_code()
        choice = next((c for c in REASONS if c.code is code), None)
        self.definition.setText(self.tr(choice.definition) if choice else "")
        if code is ReasonCode.OTHER:
            self.text_label.setText(self.tr("&Details (required)"))
            remaining = OTHER_MIN_CHARS - len(self.text.text().strip())
            self.text_hint.setText(
                self.tr("Say why in at least {n} characters ({left} more needed).")
                .format(n=OTHER_MIN_CHARS, left=remaining) if remaining > 0 else "")
        else:
            self.text_label.setText(self.tr("&Details (optional)"))
            self.text_hint.setText("")
        self.confirm.setEnabled(self.reason() is not None)

    def _on_confirm(self) -> None:
        reason = self.reason()
        if reason is None:
            return
        self.reason_chosen.emit(reason)
        self.accept()
