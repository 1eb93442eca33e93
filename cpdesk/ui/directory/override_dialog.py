"""The manager's shield-override dialog (product.md §5, §7).

A warning that the access is recorded and investigated, and a justification of at least
20 characters; asked afresh every time (nothing is remembered). The justification may name
people, so it is cleared as soon as the dialog finishes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.ui.common.widgets import keep_default, wipe

MIN_JUSTIFICATION = 20

WARNING = ("This child's record is shielded to protect them. Viewing the hidden details is "
           "recorded with your justification and will be investigated. The details are shown "
           "only until you leave this record; to see them again you must override again.")


class OverrideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("overrideDialog")
        self.setWindowTitle(self.tr("View shielded details"))
        self.setModal(True)
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        title = QLabel(self.tr("Override the shield?"))
        title.setObjectName("dialogTitle")
        layout.addWidget(title)
        self.warning = QLabel(self.tr(WARNING))
        self.warning.setObjectName("overrideWarning")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        label = QLabel(self.tr("&Justification (at least {n} characters)")
                       .format(n=MIN_JUSTIFICATION))
        label.setObjectName("fieldLabel")
        self.justification = QPlainTextEdit()
        self.justification.setObjectName("overrideJustification")
        self.justification.setAccessibleName(self.tr("Justification for the override"))
        self.justification.setTabChangesFocus(True)
        self.justification.setMinimumHeight(90)
        label.setBuddy(self.justification)
        layout.addWidget(label)
        layout.addWidget(self.justification)
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox()
        self.confirm: QPushButton = buttons.addButton(
            self.tr("&Override and view"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm.setObjectName("overrideConfirm")
        self.confirm.setAccessibleName(self.tr("Override the shield and view the details"))
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("overrideCancel")
        keep_default(self, cancel)  # Enter alone never overrides, even after Tab
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.justification.textChanged.connect(self._refresh)
        self._refresh()
        self.justification.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str | None:
        value = " ".join(self.justification.toPlainText().split())
        return value if len(value) >= MIN_JUSTIFICATION else None

    def ask(self) -> str | None:
        """Show the dialog afresh; the justification confirmed, or None if cancelled."""
        wipe(self.justification)
        try:
            return self.text() if self.exec() == QDialog.DialogCode.Accepted else None
        finally:
            wipe(self.justification)

    def _refresh(self) -> None:
        length = len(" ".join(self.justification.toPlainText().split()))
        left = MIN_JUSTIFICATION - length
        self.hint.setText(self.tr("{n} more characters needed.").format(n=left)
                          if left > 0 else "")
        self.confirm.setEnabled(left <= 0)
