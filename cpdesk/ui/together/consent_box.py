"""The consent question (issue 17) asked by recording an involvement, requesting contact
with a sensitive service and convening the team: consent given (by the child or young person,
or by a parent or carer, on a date), or not sought on an urgent ground from a fixed list with
a reason. Nothing is chosen for the user: they must answer.

The reason typed may name people: ``clear()`` wipes it (the dialogs call it when they end).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from cpdesk.domain import Consent
from cpdesk.privacy import CONSENT_BASES, URGENT_GROUNDS, consent_problem
from cpdesk.ui.common.widgets import wipe


class ConsentBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Consent"), parent)
        self.setObjectName("consentBox")
        self.setAccessibleName(self.tr("Consent"))
        form = QFormLayout(self)
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for code, text in CONSENT_BASES:
            button = QRadioButton(self.tr(text))
            button.setObjectName(f"consent-{code}")
            self.group.addButton(button)
            self.buttons[code] = button
            form.addRow(button)
            button.toggled.connect(self._update)
        today = date.today()
        self.given_on = QDateEdit(QDate(today.year, today.month, today.day))
        self.given_on.setObjectName("consentGivenOn")
        self.given_on.setAccessibleName(self.tr("Consent given on"))
        self.given_on.setDisplayFormat("dd-MMM-yyyy")
        self.given_on.setCalendarPopup(True)
        self.given_on.setMaximumDate(QDate(today.year, today.month, today.day))
        self.given_on.setMinimumDate(QDate(today.year - 1, today.month, min(today.day, 28)))
        form.addRow(self.tr("Given &on"), self.given_on)
        self.ground = QComboBox()
        self.ground.setObjectName("consentGround")
        self.ground.setAccessibleName(self.tr("Urgent ground"))
        for code, text in URGENT_GROUNDS:
            self.ground.addItem(self.tr(text), code)
        self.ground.setCurrentIndex(-1)
        self.ground.setPlaceholderText(self.tr("Choose the urgent ground…"))
        form.addRow(self.tr("&Ground"), self.ground)
        self.reason = QLineEdit()
        self.reason.setObjectName("consentReason")
        self.reason.setAccessibleName(self.tr("Why consent was not sought"))
        self.reason.setMaxLength(500)
        form.addRow(self.tr("&Why not sought"), self.reason)
        self._update()

    def basis(self) -> str | None:
        return next((code for code, b in self.buttons.items() if b.isChecked()), None)

    def _update(self) -> None:
        urgent = self.basis() == "urgent"
        self.given_on.setEnabled(self.basis() in ("child", "parent"))
        self.ground.setEnabled(urgent)
        self.reason.setEnabled(urgent)

    def problem(self) -> str | None:
        ground = self.ground.currentData()
        return consent_problem(self.basis(), self.reason.text(),
                               None if ground is None else str(ground))

    def consent(self) -> Consent | None:
        basis = self.basis()
        if basis is None or self.problem():
            return None
        if basis == "urgent":
            return Consent("urgent", ground=str(self.ground.currentData()),
                           reason=" ".join(self.reason.text().split()))
        day = self.given_on.date()
        return Consent(basis, given_on=date(day.year(), day.month(), day.day()))

    def clear(self) -> None:
        wipe(self.reason)
