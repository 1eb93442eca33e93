"""The status bar's line (who is signed in, as what, where) ends in "…" where a small window
cuts it, instead of stopping mid-word ("Royal I" for Royal Bolton Hospital A&E); its text,
and what a screen reader says, stay whole."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cpdesk.ui.common.widgets import ElidedLabel

LINE = "Amira Shah (nurse.demo) · Practitioner · Royal Bolton Hospital A&E (Bolton) · Test"


def test_a_cut_line_is_painted_ending_in_an_ellipsis(qtbot: QtBot) -> None:
    elided = ElidedLabel(LINE)
    qtbot.addWidget(elided)
    elided.setFixedWidth(260)
    shown = elided.fontMetrics().elidedText(LINE, Qt.TextElideMode.ElideRight,
                                            elided.contentsRect().width())
    assert shown.endswith("…") and len(shown) < len(LINE)
    plain = QLabel(shown)  # what the line must look like
    qtbot.addWidget(plain)
    plain.setFixedWidth(260)
    assert elided.grab().toImage() == plain.grab().toImage()
    assert elided.text() == LINE  # the text, and the accessible name, whole


def test_a_line_that_fits_is_painted_whole(qtbot: QtBot) -> None:
    elided, plain = ElidedLabel(LINE), QLabel(LINE)
    for made in (elided, plain):
        qtbot.addWidget(made)
        made.setFixedWidth(900)
    assert elided.grab().toImage() == plain.grab().toImage()
