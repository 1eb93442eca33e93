"""Issue 18: a phone number, a postcode or a date on the record is never wrapped, whatever its
length, so it is never split across two lines where half of it could be read alone; nor is any
other value of up to ONE_LINE characters; a longer value (an address line, a service) wraps, on
a card built afresh and on a kept card refilled for the next record."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from cpdesk.domain import Address, ChildRecord
from cpdesk.ui.directory.record_view import ONE_LINE, RecordView
from tests.ui.test_record_progressive import _record, _view

LONG_LINE = "Flat 12, Weavers Court, 117 Chorley New Road"  # wraps
SHORT_LINE = "3 Mill Street"
LONG_PHONE = "01632 960111 ext 2345"  # one line all the same


def _values(view: RecordView) -> list[QLabel]:
    """The entry cards' values (a section's own "Not known" has no caption)."""
    return [w for w in view.findChildren(QLabel)
            if w.objectName() in ("rowValue", "notKnown") and w.accessibleDescription()
            and w.isVisible()]


def _with_address_line(line: str, directory_id: str) -> ChildRecord:
    record = _record("ZZLINES", directory_id)
    parent = replace(record.parents_carers[0], phone=LONG_PHONE)
    return replace(record, addresses=(Address((line,), "Bolton", "BL1 1AA", None, None, True),),
                   parents_carers=(parent,))


def test_short_values_keep_one_line_long_ones_wrap(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_record(_with_address_line(LONG_LINE, "9999730698"))
    values = _values(view)
    phones = [v for v in values if v.text().startswith(("07700 ", "01632 "))]
    assert LONG_PHONE in [v.text() for v in phones]  # longer than ONE_LINE
    assert phones and not any(v.wordWrap() for v in phones)  # a phone number, whatever its length
    dates = [v for v in values if v.accessibleDescription() in ("Since", "From")]
    assert dates and not any(v.wordWrap() for v in dates)
    others = [v for v in values if v not in phones and v not in dates]
    assert all(v.wordWrap() == (len(v.text()) > ONE_LINE) for v in others)
    assert [v.wordWrap() for v in values if v.text() == LONG_LINE] == [True]

    # The next record refills the same cards: the kept label follows its new text.
    view.put_aside()
    view.show_record(_with_address_line(SHORT_LINE, "9997773454"))
    assert [v.wordWrap() for v in _values(view) if v.text() == SHORT_LINE] == [False]
    view.put_aside()
    view.show_record(_with_address_line(LONG_LINE, "9999730698"))
    assert [v.wordWrap() for v in _values(view) if v.text() == LONG_LINE] == [True]


def test_a_value_on_one_line_is_never_cut_short(qtbot: QtBot) -> None:
    """However narrow the record area (here narrower than it ever gets beside the results),
    a value on one line keeps its whole width: the record scrolls sideways instead. (At a
    real window's sizes it does not scroll: test_who_to_call.)"""
    view = _view(qtbot)
    view.show_record(_with_address_line(LONG_LINE, "9999730698"))
    view.resize(480, 700)
    QApplication.processEvents()
    one_line = [v for v in _values(view) if not v.wordWrap()]
    assert one_line
    for value in one_line:
        needed = value.fontMetrics().horizontalAdvance(value.text())
        assert value.contentsRect().width() >= needed, value.objectName()
