"""What working together adds to an open record (issue 17), below its summary: the duplicate
warning, the consents recorded for the child (shown to the practitioners involved), the
household (brothers and sisters, asked for with a reason of its own and each opened with its
own reason, like any record), and the actions *Bring the team together…* and *Ask for a
shield…*.

``privacy.together_display`` decides what is shown and offered; nothing of it appears on a
record shown shielded (the warning would hint at a shielded twin; convening and the household
view are refused there). Signals carry only directory IDs. ``clear()`` drops every value.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Signal, SignalInstance
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from cpdesk.domain import ChildRecord, Sibling
from cpdesk.privacy import DisplayContext, TogetherDisplay, sibling_cells, together_display
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.table import TextRowsModel, make_table
from cpdesk.ui.common.widgets import button, label

SIBLING_HEADERS = ("Name", "Born", "School")


class RecordTogether(QFrame):
    convene_requested = Signal(str)  # directory ID
    shield_request_requested = Signal(str)  # directory ID
    household_requested = Signal(str)  # directory ID: ask the reason, then the household
    sibling_requested = Signal(str)  # a sibling's directory ID: open it with its own reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordTogether")
        self.setAccessibleName(self.tr("Working together"))
        self.display: TogetherDisplay | None = None
        self.siblings: list[Sibling] = []
        self._directory_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.duplicate_notice = label("", "duplicateNotice", selectable=True)
        self.duplicate_notice.setAccessibleName(self.tr("Possible duplicate"))
        layout.addWidget(self.duplicate_notice)

        actions = QHBoxLayout()
        self.convene_button = button(
            QPushButton, self.tr("Bring the tea&m together…"), "conveneButton",
            self.tr("Bring the team together"), lambda: self._emit(self.convene_requested))
        self.household_button = button(
            QPushButton, self.tr("B&rothers and sisters…"), "householdButton",
            self.tr("Show brothers and sisters"), lambda: self._emit(self.household_requested))
        self.shield_button = button(
            QPushButton, self.tr("As&k for a shield…"), "shieldRequestButton",
            self.tr("Ask for a shield"), lambda: self._emit(self.shield_request_requested))
        for made in (self.convene_button, self.household_button, self.shield_button):
            actions.addWidget(made)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.household = QFrame()
        self.household.setObjectName("householdSection")
        self.household.setAccessibleName(self.tr("Brothers and sisters"))
        household = QVBoxLayout(self.household)
        household.setContentsMargins(0, 0, 0, 0)
        household.addWidget(label(self.tr("Brothers and sisters"), "sectionTitle"))
        self.household_message = label("", "householdMessage", selectable=True)
        household.addWidget(self.household_message)
        self.sibling_model = TextRowsModel(SIBLING_HEADERS, self)
        self.sibling_table = make_table(self.sibling_model, "siblingTable",
                                        self.tr("Brothers and sisters"))
        self.sibling_table.setMaximumHeight(150)
        self.sibling_table.doubleClicked.connect(self._open_row)
        household.addWidget(self.sibling_table)
        opener = QHBoxLayout()
        self.open_sibling = button(QPushButton, self.tr("Open brother's or sister's record…"),
                                   "openSiblingButton",
                                   self.tr("Open the selected brother's or sister's record"),
                                   lambda: self._open_row(self.sibling_table.currentIndex()))
        opener.addWidget(self.open_sibling)
        opener.addStretch(1)
        household.addLayout(opener)
        layout.addWidget(self.household)

        self.consents = QFrame()
        self.consents.setObjectName("consentsSection")
        self.consents.setAccessibleName(self.tr("Consent recorded"))
        consents = QVBoxLayout(self.consents)
        consents.setContentsMargins(0, 0, 0, 0)
        consents.addWidget(label(self.tr("Consent recorded"), "sectionTitle"))
        self.consent_lines = label("", "consentLines", selectable=True)
        consents.addWidget(self.consent_lines)
        layout.addWidget(self.consents)
        self.clear()

    # -- public ------------------------------------------------------------------------------

    def show_record(self, record: ChildRecord, context: DisplayContext) -> None:
        self.clear()
        display = self.display = together_display(record, context)
        self._directory_id = record.directory_id
        if display.duplicate_notice:
            self.duplicate_notice.setText(display.duplicate_notice)
            self.duplicate_notice.show()
        self.convene_button.setVisible(display.offer_convene)
        self.household_button.setVisible(display.offer_household)
        self.shield_button.setVisible(display.offer_shield_request)
        if display.consents:
            self.consent_lines.setText("\n".join(display.consents))
            self.consents.show()
        self.setVisible(any(w.isVisibleTo(self) for w in (
            self.duplicate_notice, self.convene_button, self.household_button,
            self.shield_button, self.consents)))

    def clear(self) -> None:
        self.display = None
        self._directory_id = None
        self.siblings = []
        self.sibling_model.clear()
        for shown in (self.duplicate_notice, self.consent_lines, self.household_message):
            shown.clear()
        for widget in (self.duplicate_notice, self.household, self.consents,
                       self.convene_button, self.household_button, self.shield_button):
            widget.hide()
        self.household_button.setEnabled(True)
        self.hide()

    def household_loading(self) -> None:
        self.household_button.setEnabled(False)
        self._household_says(self.tr("Looking for brothers and sisters…"))

    def show_siblings(self, directory_id: str, siblings: tuple[Sibling, ...],
                      today: date) -> None:
        if directory_id != self._directory_id:
            return
        self.household_button.setEnabled(True)
        self.siblings = list(siblings)
        self.sibling_model.set_rows([sibling_cells(s, today) for s in siblings])
        has = bool(siblings)
        self.sibling_table.setVisible(has)
        self.open_sibling.setVisible(has)
        self._household_says(
            self.tr("Brothers and sisters in the directory: {n}. Each record is opened with "
                    "a reason of its own.").format(n=len(siblings)) if has
            else self.tr("No brothers or sisters can be shown."))

    def household_failed(self, text: str) -> None:
        self.household_button.setEnabled(True)
        self.sibling_table.hide()
        self.open_sibling.hide()
        self._household_says(text)

    # -- inside ------------------------------------------------------------------------------

    def _household_says(self, text: str) -> None:
        self.household_message.setText(text)
        self.household.show()
        announce(self.household_message, text)

    def _emit(self, signal: SignalInstance) -> None:
        if self._directory_id:
            signal.emit(self._directory_id)

    def _open_row(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.siblings):
            self.sibling_requested.emit(self.siblings[index.row()].directory_id)
