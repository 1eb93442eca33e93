"""The reason-for-access dialog: six reasons, definitions, "other" needs text, asked afresh."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from cpdesk.domain import Reason, ReasonCode
from cpdesk.ui.directory.reason_dialog import REASONS, ReasonDialog


def _dialog(qtbot: QtBot) -> tuple[ReasonDialog, QComboBox, QLineEdit, QPushButton]:
    dialog = ReasonDialog()
    qtbot.addWidget(dialog)
    code = dialog.findChild(QComboBox, "reasonCode")
    text = dialog.findChild(QLineEdit, "reasonText")
    confirm = dialog.findChild(QPushButton, "reasonConfirm")
    assert code is not None and text is not None and confirm is not None
    return dialog, code, text, confirm


def _select(code: QComboBox, reason: ReasonCode) -> None:
    code.setCurrentIndex(code.findData(reason))


def test_the_six_reasons_of_the_specification_with_their_definitions(qtbot: QtBot) -> None:
    dialog, code, _, confirm = _dialog(qtbot)
    assert [code.itemData(i) for i in range(code.count())] == list(ReasonCode)
    assert [code.itemText(i) for i in range(code.count())] == [
        "Child attending urgent or emergency care",
        "Concern about the child's safety or welfare",
        "Attendance or welfare at school",
        "Coordinating support",
        "Carrying out an assessment",
        "Other reason",
    ]
    assert code.currentIndex() == -1
    assert not confirm.isEnabled()
    _select(code, ReasonCode.UNSCHEDULED_CARE)
    assert dialog.definition.text() == (
        "The child is with you now in A&E, a walk-in centre or an ambulance.")
    for i, choice in enumerate(REASONS):
        assert code.itemData(i, Qt.ItemDataRole.ToolTipRole) == choice.definition


def test_confirm_emits_the_chosen_reason(qtbot: QtBot) -> None:
    dialog, code, _, confirm = _dialog(qtbot)
    dialog.show()
    _select(code, ReasonCode.SAFEGUARDING)
    assert confirm.isEnabled()
    with qtbot.waitSignal(dialog.reason_chosen) as blocker:
        qtbot.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert blocker.args == [Reason(ReasonCode.SAFEGUARDING, None)]
    assert not dialog.isVisible()


def test_other_needs_at_least_ten_characters(qtbot: QtBot) -> None:
    dialog, code, text, confirm = _dialog(qtbot)
    dialog.show()
    _select(code, ReasonCode.OTHER)
    assert not confirm.isEnabled()
    assert "10 more needed" in dialog.text_hint.text()
    qtbot.keyClicks(text, "too short")  # 9 characters
    assert not confirm.isEnabled()
    text.setText("          spaces   ")
    assert not confirm.isEnabled()
    text.clear()
    qtbot.keyClicks(text, "Court liaison request")
    assert confirm.isEnabled()
    assert dialog.text_hint.text() == ""
    with qtbot.waitSignal(dialog.reason_chosen) as blocker:
        qtbot.keyClick(text, Qt.Key.Key_Return)
    assert blocker.args == [Reason(ReasonCode.OTHER, "Court liaison request")]


def test_asked_afresh_every_time(qtbot: QtBot) -> None:
    dialog, code, text, confirm = _dialog(qtbot)

    def choose() -> None:
        _select(code, ReasonCode.OTHER)
        text.setText("Follow-up call from the ward")
        confirm.click()

    QTimer.singleShot(0, choose)
    assert dialog.ask() == Reason(ReasonCode.OTHER, "Follow-up call from the ward")
    assert code.currentIndex() == -1
    assert text.text() == ""
    assert not confirm.isEnabled()

    QTimer.singleShot(0, dialog.reject)
    assert dialog.ask() is None


def test_keyboard_only_down_then_enter(qtbot: QtBot) -> None:
    dialog, code, _, _ = _dialog(qtbot)
    dialog.open()
    qtbot.waitUntil(lambda: code.hasFocus() or dialog.focusWidget() is code, timeout=2000)
    with qtbot.waitSignal(dialog.reason_chosen) as blocker:
        qtbot.keyClick(code, Qt.Key.Key_Down)
        qtbot.keyClick(code, Qt.Key.Key_Return)
    assert blocker.args == [Reason(ReasonCode.UNSCHEDULED_CARE, None)]
