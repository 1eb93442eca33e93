"""The record view lays out what privacy decides for each role: a manager's override and
sensitive-service details, a practitioner's masks for the same record; every control named."""

from __future__ import annotations

from datetime import date

from PySide6.QtGui import QAccessible, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QPushButton, QToolButton
from pytestqt.qtbot import QtBot

from cpdesk.domain import (
    Address,
    ChildName,
    ChildRecord,
    Gender,
    LocalAuthority,
    ParentCarer,
    RoleKind,
    SensitiveServiceDetail,
    SensitiveServices,
)
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.directory.record_view import RecordView
from tests.ui.search_record_support import widget_strings

TODAY = date(2026, 11, 21)
SECRET = "ZZSENTINEL-roles"


def _record(*, shielded: bool, overridden: bool = False) -> ChildRecord:
    return ChildRecord(
        directory_id="9999730698",
        name=ChildName("Brennan", "Ellie", None, (f"{SECRET} former",)),
        dob=date(2015, 3, 2), gender=Gender.FEMALE,
        local_authority=LocalAuthority("Wigan", "01632 960101"),
        shielded=shielded, withheld=(),
        addresses=(Address((f"{SECRET} Larch Close",), "Hindley", "WN2 3HT",
                           date(2025, 10, 1), None, True),),
        parents_carers=(ParentCarer(f"{SECRET} parent", "mother", True, "07700 900141", None,
                                    None),),
        sensitive_services=SensitiveServices(True, (SensitiveServiceDetail(
            "mental health", f"{SECRET} clinician", "Wigan CAMHS", "01632 960118"),)),
        caf_exists=False, overridden=overridden)


def _view(qtbot: QtBot, role: RoleKind) -> RecordView:
    view = RecordView(ClipboardGuard(QGuiApplication.clipboard()), DisplayContext(role, TODAY))
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    return view


def test_manager_override_shows_details_with_the_warning_and_nothing_copyable(
        qtbot: QtBot) -> None:
    view = _view(qtbot, RoleKind.MANAGER)
    view.show_record(_record(shielded=True, overridden=True))
    notice = view.findChild(QLabel, "overrideNotice")
    assert notice.isVisible() and "recorded and will be investigated" in notice.text()
    strings = widget_strings(view)
    assert any(f"{SECRET} parent" in s for s in strings)
    assert any(f"{SECRET} clinician" in s for s in strings)
    # Shielded details under override are never copyable.
    assert view.findChildren(QToolButton, "copyButton") == []
    assert not view.findChild(QLabel, "shieldNotice").isVisible()


def test_manager_without_override_is_offered_it(qtbot: QtBot) -> None:
    view = _view(qtbot, RoleKind.MANAGER)
    view.show_record(_record(shielded=True))
    assert view.findChild(QLabel, "shieldNotice").isVisible()
    button = view.findChild(QPushButton, "overrideButton")
    assert button.isVisible()
    with qtbot.waitSignal(view.override_requested) as asked:
        button.click()
    assert asked.args == ["9999730698"]
    assert not any(SECRET in s for s in widget_strings(view))


def test_practitioner_never_sees_what_a_faulty_record_carries(qtbot: QtBot) -> None:
    """Handed a shielded record with data in it (a faulty server, a parser bug): masked."""
    view = _view(qtbot, RoleKind.PRACTITIONER)
    view.show_record(_record(shielded=True, overridden=True))
    assert view.findChild(QLabel, "shieldNotice").isVisible()
    assert not view.findChild(QPushButton, "overrideButton").isVisible()
    assert not any(SECRET in s for s in widget_strings(view))


def test_practitioner_sees_only_the_sensitive_notice(qtbot: QtBot) -> None:
    view = _view(qtbot, RoleKind.PRACTITIONER)
    view.show_record(_record(shielded=False))
    strings = widget_strings(view)
    assert any(f"{SECRET} parent" in s for s in strings)  # not shielded: parents shown
    assert not any("clinician" in s or "CAMHS" in s or "960118" in s for s in strings)
    assert view.findChild(QPushButton, "requestContactButton").isVisible()


def test_every_control_has_an_accessible_name(qtbot: QtBot) -> None:
    view = _view(qtbot, RoleKind.PRACTITIONER)
    view.show_record(_record(shielded=False))
    for button in view.findChildren(QAbstractButton):
        assert button.accessibleName(), button.objectName()
    for label in view.findChildren(QLabel, "rowValue"):
        # Issue 19: a screen reader reads the value (the name), then what it is.
        iface = QAccessible.queryAccessibleInterface(label)
        assert iface is not None and iface.text(QAccessible.Text.Name) == label.text()
        assert label.accessibleDescription() and label.buddy() is None
        assert any(c.buddy() is label for c in view.findChildren(QLabel, "rowLabel"))
