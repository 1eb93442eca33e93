"""Issue 18: a short value on the record (a phone number, a date, a postcode, an ID, a town) is
never wrapped, so it is never split across two lines where half of it could be read alone; it
still shows whole where the record area is narrow; a long value (an address line, a service)
wraps, on a card built afresh and on a kept card refilled for the next record."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from cpdesk.domain import Address, ChildRecord
from cpdesk.ui.directory.record_view import ONE_LINE, RecordView
from tests.ui.test_record_progressive import _record, _view

LONG_LINE = "Flat 12, Weavers Court, 117 Chorley New Road"  # wraps
SHORT_LINE = "3 Mill Street"


def _values(view: RecordView) -> list[QLabel]:
    """The entry cards' values (a section's own "Not known" has no caption)."""
    return [w for w in view.findChildren(QLabel)
            if w.objectName() in ("rowValue", "notKnown") and w.accessibleDescription()
            and w.isVisible()]


def _with_address_line(line: str, directory_id: str) -> ChildRecord:
    record = _record("ZZLINES", directory_id)
    return replace(record, addresses=(Address((line,), "Bolton", "BL1 1AA", None, None, True),))


def test_short_values_keep_one_line_long_ones_wrap(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_record(_with_address_line(LONG_LINE, "9999730698"))
    values = _values(view)
    phones = [v for v in values if v.text().startswith("07700 ")]
    assert phones and not any(v.wordWrap() for v in phones)
    assert all(v.wordWrap() == (len(v.text()) > ONE_LINE) for v in values)
    assert [v.wordWrap() for v in values if v.text() == LONG_LINE] == [True]

    # The next record refills the same cards: the kept label follows its new text.
    view.put_aside()
    view.show_record(_with_address_line(SHORT_LINE, "9997773454"))
    assert [v.wordWrap() for v in _values(view) if v.text() == SHORT_LINE] == [False]
    view.put_aside()
    view.show_record(_with_address_line(LONG_LINE, "9999730698"))
    assert [v.wordWrap() for v in _values(view) if v.text() == LONG_LINE] == [True]


def test_a_short_value_shows_whole_in_a_narrow_record_area(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_record(_with_address_line(LONG_LINE, "9999730698"))
    view.resize(480, 700)  # narrower than the record area gets beside the results
    QApplication.processEvents()
    for value in _values(view):
        if not value.wordWrap():
            needed = value.fontMetrics().horizontalAdvance(value.text())
            assert value.contentsRect().width() >= needed, value.objectName()
