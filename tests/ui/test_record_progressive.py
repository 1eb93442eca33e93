"""The record view's progressive build (product.md §11: no long GUI-thread stall): the banner
at once, the sections over several event-loop turns, ``display`` and ``shown`` only at the
end, and a clear or another record mid-build leaves nothing of the abandoned one."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.domain import (
    Address,
    ChildName,
    ChildRecord,
    Gender,
    Involvement,
    LocalAuthority,
    ParentCarer,
    RoleKind,
)
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.directory.record_view import STEPS_PER_TURN, RecordView
from tests.ui.search_record_support import widget_strings

TODAY = date(2026, 11, 21)
FIRST = "ZZFIRST-prog"
SECOND = "ZZSECOND-prog"


def _record(tag: str, directory_id: str) -> ChildRecord:
    """A record with more entry cards than one turn builds."""
    involvements = tuple(
        Involvement(f"inv-{tag}-{i}", f"{tag} worker {i}", "Social worker", "Bolton Council",
                    "social care", f"07700 9001{i:02d}", f"worker{i}@example.org",
                    date(2025, 1, 1 + i), None, i == 0, False) for i in range(6))
    return ChildRecord(
        directory_id=directory_id,
        name=ChildName(f"{tag} family", "Ellie", None, ()),
        dob=date(2015, 3, 2), gender=Gender.FEMALE,
        local_authority=LocalAuthority("Bolton", "01632 960101"),
        shielded=False, withheld=(),
        addresses=(Address((f"{tag} 1 Larch Close",), "Bolton", "BL1 1AA",
                           date(2025, 10, 1), None, True),),
        parents_carers=(ParentCarer(f"{tag} parent", "mother", True, "07700 900141", None,
                                    None),),
        involvements=involvements, caf_exists=False)


def _view(qtbot: QtBot) -> RecordView:
    view = RecordView(ClipboardGuard(QGuiApplication.clipboard()),
                      DisplayContext(RoleKind.PRACTITIONER, TODAY))
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    return view


def _has(view: RecordView, text: str) -> bool:
    return any(text in s for s in widget_strings(view))


def test_banner_first_then_sections_over_several_turns_then_shown(qtbot: QtBot) -> None:
    view = _view(qtbot)
    record = _record(FIRST, "9999730698")
    view.show_record(record, progressive=True)
    assert view.building and view.display is None and view.record is None
    assert FIRST.upper() in view.name.text()  # the banner is there at once
    cards = len(view.findChildren(QFrame, "entryCard"))
    assert cards < 6  # not everything in the first turn
    with qtbot.waitSignal(view.shown, timeout=10_000):
        pass
    assert not view.building
    assert view.display is not None and view.record is record
    shown = [c for c in view.findChildren(QFrame, "entryCard") if c.isVisible()]
    headings = {c.accessibleName() for c in shown}
    assert {f"{FIRST} worker {i}" for i in range(6)} <= headings
    # The same widgets as the synchronous build: compare with one built in one go.
    other = _view(qtbot)
    other.show_record(record)
    assert sorted(w.objectName() for w in view.findChildren(QLabel)) == \
        sorted(w.objectName() for w in other.findChildren(QLabel))
    assert sorted(lb.text() for lb in view.findChildren(QLabel)) == \
        sorted(lb.text() for lb in other.findChildren(QLabel))


def test_clear_mid_build_leaves_nothing_and_stops_the_build(qtbot: QtBot) -> None:
    view = _view(qtbot)
    shown: list[bool] = []
    view.shown.connect(lambda: shown.append(True))
    view.show_record(_record(FIRST, "9999730698"), progressive=True)
    QApplication.processEvents()  # one more batch of sections: the address card
    assert view.building and _has(view, f"{FIRST} 1 Larch Close")
    view.clear()
    assert not view.building and not _has(view, FIRST)
    for _turn in range(20):  # batches already queued find nothing to do
        QApplication.processEvents()
    assert not _has(view, FIRST) and view.section_widgets == []
    assert view.display is None and shown == []


def test_another_record_mid_build_shows_only_the_new_one(qtbot: QtBot) -> None:
    view = _view(qtbot)
    view.show_record(_record(FIRST, "9999730698"), progressive=True)
    second = _record(SECOND, "9997773454")
    view.show_record(second, progressive=True)
    with qtbot.waitSignal(view.shown, timeout=10_000):
        pass
    for _turn in range(20):
        QApplication.processEvents()
    assert view.record is second
    assert not _has(view, FIRST)
    assert _has(view, f"{SECOND} worker 5")
    whole = _view(qtbot)
    whole.show_record(second)  # built in one go: the same cards, none left over
    assert len(view.findChildren(QFrame, "entryCard")) == \
        len(whole.findChildren(QFrame, "entryCard")) >= 8


def test_steps_per_turn_is_small() -> None:
    assert 1 <= STEPS_PER_TURN <= 8


def test_put_aside_keeps_no_value_and_the_next_record_refills_the_same_cards(
        qtbot: QtBot) -> None:
    """Issue 18: closing a record (or opening another) empties its cards and keeps them; the
    next record refills them in one turn, and reads exactly as a record built afresh."""
    view = _view(qtbot)
    view.show_record(_record(FIRST, "9999730698"))
    cards = set(view.findChildren(QFrame, "entryCard"))
    view.put_aside()
    assert not _has(view, FIRST) and view.display is None and view.section_widgets == []
    assert all(not b.accessibleName().endswith("number") or "'" not in b.accessibleName()
               for b in view.findChildren(QToolButton, "copyButton"))
    second = _record(SECOND, "9997773454")
    view.show_record(second, progressive=True)  # every card kept: done in this turn
    assert not view.building and view.record is second
    assert set(view.findChildren(QFrame, "entryCard")) == cards
    assert not _has(view, FIRST) and _has(view, f"{SECOND} worker 5")
    whole = _view(qtbot)
    whole.show_record(second)
    for kind in (QLabel, QToolButton):
        assert sorted((w.objectName(), w.text(), w.accessibleName(), w.accessibleDescription())
                      for w in view.findChildren(kind) if w.isVisibleTo(view)) == \
            sorted((w.objectName(), w.text(), w.accessibleName(), w.accessibleDescription())
                   for w in whole.findChildren(kind) if w.isVisibleTo(whole))
    assert len(view.findChildren(QFrame, "entryCard")) == \
        len(whole.findChildren(QFrame, "entryCard"))
    for _turn in range(5):
        QApplication.processEvents()
    # Laid out afresh: the kept frames and cards have the sizes of the new record's.
    assert sorted(f.geometry().getRect() for f in view.section_widgets) == \
        sorted(f.geometry().getRect() for f in whole.section_widgets)
    view.clear()  # the lock, sign-out: nothing kept
    assert view.findChildren(QFrame, "entryCard") == [] and not _has(view, SECOND)


def _placed(view: RecordView) -> list[tuple[str, str, tuple[int, int, int, int]]]:
    """Every visible widget of the view: kind, text and where it sits in the view."""
    found = []
    for widget in view.findChildren(QWidget):
        if widget.isVisibleTo(view):
            at = widget.mapTo(view, widget.rect().topLeft())
            text = widget.text() if isinstance(widget, (QLabel, QToolButton)) else ""
            found.append((type(widget).__name__, text,
                          (at.x(), at.y(), widget.width(), widget.height())))
    return sorted(found)


def test_built_out_of_sight_it_reads_and_sits_as_a_record_built_afresh(qtbot: QtBot) -> None:
    """Issue 18: the page builds the next record while the view is hidden (kept frames not
    hidden and shown again, the layout worked out before it is shown): once shown, every
    widget has the text and the place it has in a record built in one go."""
    view = _view(qtbot)
    view.show_record(_record(FIRST, "9999730698"))
    for _turn in range(5):
        QApplication.processEvents()
    view.put_aside()
    view.hide()
    second = _record(SECOND, "9997773454")
    with qtbot.waitSignal(view.shown, timeout=10_000):
        view.show_record(second, progressive=True)
    view.show()
    whole = _view(qtbot)
    whole.show_record(second)
    for _turn in range(5):
        QApplication.processEvents()
    assert _placed(view) == _placed(whole)
    assert not _has(view, FIRST)
