"""Search → reason → record, driven through the real widgets against the real mock server;
shielded, sensitive, leaky-server, copy, ended involvements, clear()."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.domain import ChildRecord, Reason, ReasonCode, RoleKind
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.directory.record_view import RecordView
from cpdesk.ui.directory.search_view import SearchView
from mock_server.data import named_children as fixtures
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import Directory, start_directory, widget_strings

CTX = DisplayContext(RoleKind.PRACTITIONER, date.today())


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("record-view"), softhsm_module,
                               token_dir)


class Desk:
    """The three widgets wired as the main window wires them: open → reason → record."""

    def __init__(self, qtbot: QtBot, client: DirectoryClient) -> None:
        self.worker = DirectoryWorker(client)
        self.search = SearchView(self.worker, CTX)
        self.dialog = ReasonDialog(self.search)
        self.clipboard = ClipboardGuard(QGuiApplication.clipboard(), clear_after_ms=60_000)
        self.record = RecordView(self.clipboard, CTX)
        for widget in (self.search, self.record):
            qtbot.addWidget(widget)
            widget.resize(1100, 800)
            widget.show()
        self._directory_id = ""
        self.search.open_requested.connect(self._ask)
        self.dialog.reason_chosen.connect(self._open)
        self.worker.record_finished.connect(lambda _rid, record: self.record.show_record(record))

    def _ask(self, directory_id: str) -> None:
        self._directory_id = directory_id
        self.dialog.clear()
        self.dialog.open()

    def _open(self, reason: Reason) -> None:
        self.worker.request_record(self._directory_id, reason)


@pytest.fixture
def desk(qtbot: QtBot, directory: Directory) -> Iterator[Desk]:
    client = directory.signed_in_client()
    desk = Desk(qtbot, client)
    yield desk
    desk.clipboard.clear_now()
    client.close()


def _find_and_open(qtbot: QtBot, desk: Desk, reason: ReasonCode, **fields: str) -> None:
    for name, text in fields.items():
        qtbot.keyClicks(desk.search.findChild(QWidget, name), text)
    last = list(fields)[-1]
    with qtbot.waitSignal(desk.worker.search_finished, timeout=10_000):
        qtbot.keyClick(desk.search.findChild(QWidget, last), Qt.Key.Key_Return)
    assert desk.search.model.rowCount() == 1
    qtbot.keyClick(desk.search.table, Qt.Key.Key_Return)
    assert desk.dialog.isVisible()
    code = desk.dialog.findChild(QComboBox, "reasonCode")
    code.setCurrentIndex(code.findData(reason))
    with qtbot.waitSignal(desk.worker.record_finished, timeout=10_000):
        qtbot.mouseClick(desk.dialog.findChild(QPushButton, "reasonConfirm"),
                         Qt.MouseButton.LeftButton)
    assert not desk.dialog.isVisible()


def _shown(view: QWidget) -> str:
    return "\n".join(label.text() for label in view.findChildren(QLabel) if label.isVisible())


def test_bolton_ae_case_end_to_end(qtbot: QtBot, desk: Desk) -> None:
    _find_and_open(qtbot, desk, ReasonCode.UNSCHEDULED_CARE,
                   searchFamilyName="Doe", searchDob="14-07-2011")
    view = desk.record
    assert view.findChild(QFrame, "recordBanner").isVisible()
    assert view.name.text() == "DOE, Jane Ann (Jenny)"
    assert view.born.text().startswith("14-Jul-2011 (")
    assert view.directory_id.text() == "999 777 3454"
    shown = _shown(view)
    for expected in ("John Doe", "Mary Doe", "07700 900123", "Moorside High School",
                     "Deane Road Surgery", "Paul Ward", "Social worker",
                     "Parents and carers", "Services and practitioners involved"):
        assert expected in shown, expected
    paul = next(card for card in view.findChildren(QFrame, "entryCard")
                if card.accessibleName() == "Paul Ward")
    badges = [b.text() for b in paul.findChildren(QLabel, "badge")]
    assert "Lead professional" in badges and "Holds CAF" in badges
    assert not view.findChild(QLabel, "shieldNotice").isVisible()


def test_shielded_child_leaves_nothing_hidden_in_any_widget(qtbot: QtBot, desk: Desk) -> None:
    _find_and_open(qtbot, desk, ReasonCode.SAFEGUARDING,
                   searchDirectoryId=fixtures.SHIELDED.directory_id)
    notice = desk.record.findChild(QLabel, "shieldNotice")
    assert notice.isVisible()
    # The nurse is routed to her own area's team (Bolton); the child's area is not named.
    assert notice.text().startswith("This record is shielded. If you need to contact the "
                                    "people working with this child, call your ContactPoint "
                                    "team at Bolton on 01632 ")
    assert "Wigan" not in "\n".join(widget_strings(desk.record))
    assert desk.record.section_widgets == []
    assert desk.record.findChildren(QToolButton, "copyButton") == []
    shielded = fixtures.SHIELDED
    hidden = [shielded.addresses[0].line, shielded.addresses[0].town,
              shielded.addresses[0].postcode, shielded.parents[0].name,
              shielded.parents[0].phone, shielded.former_names[0],
              shielded.involvements[0].practitioner, "Hindley"]
    strings = widget_strings(desk.record) + widget_strings(desk.search)
    for value in hidden:
        assert value and not any(value in s for s in strings), value
    assert any("Shielded" in s for s in widget_strings(desk.search))


def test_sensitive_service_shows_only_the_notice(qtbot: QtBot, desk: Desk) -> None:
    _find_and_open(qtbot, desk, ReasonCode.UNSCHEDULED_CARE,
                   searchDirectoryId=fixtures.SENSITIVE.directory_id)
    notice = desk.record.findChild(QFrame, "sensitiveNotice")
    assert notice.isVisible()
    assert ("One or more sensitive services are involved with this child. Contact can only "
            "be arranged through your ContactPoint team.") in _shown(notice)
    strings = widget_strings(desk.record)
    for secret in ("Priya", "Natt", "CAMHS", "psycholog", "mental health", "960118"):
        assert not any(secret.lower() in s.lower() for s in strings), secret
    assert "Leon Hardy" in _shown(desk.record)  # ordinary involvements are still shown
    button = desk.record.findChild(QPushButton, "requestContactButton")
    assert button.isVisible()
    with qtbot.waitSignal(desk.record.request_contact) as asked:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert asked.args == [fixtures.SENSITIVE.directory_id]


def _record(directory: Directory, child: fixtures.FixedChild) -> ChildRecord:
    client = directory.signed_in_client()
    try:
        return client.view_record(child.directory_id, Reason(ReasonCode.COORDINATING_SUPPORT))
    finally:
        client.close()


def _record_view(qtbot: QtBot) -> tuple[RecordView, ClipboardGuard]:
    guard = ClipboardGuard(QGuiApplication.clipboard(), clear_after_ms=60_000)
    view = RecordView(guard, CTX)
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    return view, guard


def test_ended_involvement_is_greyed_with_its_end_date(qtbot: QtBot,
                                                       directory: Directory) -> None:
    view, _ = _record_view(qtbot)
    view.show_record(_record(directory, fixtures.KELLY))
    cards = {c.accessibleName(): c for c in view.findChildren(QFrame, "entryCard")}
    assert cards["Helen Crompton"].property("greyed") is True
    assert cards["Marcus Reid"].property("greyed") is False
    status = cards["Helen Crompton"].findChild(QLabel, "entryStatus").text()
    assert status.startswith("Ended ")
    assert "Sean Kay" not in cards  # ended more than 365 days ago: never sent


def test_two_current_addresses_both_shown(qtbot: QtBot, directory: Directory) -> None:
    view, _ = _record_view(qtbot)
    view.show_record(_record(directory, fixtures.TWO_ADDRESSES))
    shown = _shown(view)
    assert "19 Bury Road" in shown and "2 Wallgate" in shown
    addresses = next(s for s in view.section_widgets if s.property("section") == "addresses")
    assert [b.text() for b in addresses.findChildren(QLabel, "badge")].count("Current") == 2


def test_copy_only_where_allowed_and_marked_secret(qtbot: QtBot, directory: Directory) -> None:
    view, guard = _record_view(qtbot)
    view.show_record(_record(directory, fixtures.BOLTON_AE))
    buttons = view.findChildren(QToolButton, "copyButton")
    kinds = {b.property("copyKind") for b in buttons}
    assert kinds <= {"phone", "email", "organisation", "directory_id"}
    assert {"phone", "email"} <= kinds
    john = next(c for c in view.findChildren(QFrame, "entryCard")
                if c.accessibleName() == "John Doe")
    phone = next(b for b in john.findChildren(QToolButton, "copyButton")
                 if b.property("copyKind") == "phone")
    assert phone.accessibleName() == "Copy John Doe's phone number"  # what, and whose
    scroll = view.findChild(QScrollArea, "recordScroll")
    assert scroll is not None
    scroll.ensureWidgetVisible(phone)  # the click lands on the button, wherever it is laid out
    qtbot.wait(50)  # the scroll is painted before the click
    with qtbot.waitSignal(view.copied):
        qtbot.mouseClick(phone, Qt.MouseButton.LeftButton)
    clipboard = QGuiApplication.clipboard()
    assert clipboard.text() == "07700 900123"
    assert clipboard.mimeData().hasFormat("x-kde-passwordManagerHint")
    qtbot.mouseClick(view.copy_id, Qt.MouseButton.LeftButton)
    assert clipboard.text() == "9997773454"
    guard.clear_now()
    assert clipboard.text() == ""


def test_clear_leaves_no_child_value_in_any_widget(qtbot: QtBot, desk: Desk) -> None:
    _find_and_open(qtbot, desk, ReasonCode.UNSCHEDULED_CARE,
                   searchFamilyName="Doe", searchDob="14-07-2011")
    assert any("Jane" in s for s in widget_strings(desk.record))
    desk.record.clear()
    desk.search.clear()
    desk.dialog.clear()
    strings = (widget_strings(desk.record) + widget_strings(desk.search)
               + widget_strings(desk.dialog))
    child = fixtures.BOLTON_AE
    for value in ("Jane", "DOE", "Jenny", "999 777 3454", child.directory_id, "Acacia",
                  "John Doe", "07700 900123", "Moorside", "Deane Road", "Paul Ward",
                  "14-Jul-2011", "Bolton"):
        assert not any(value in s for s in strings), value
    assert desk.record.section_widgets == [] and desk.record.display is None


def test_training_watermark_hook(qtbot: QtBot) -> None:
    view, _ = _record_view(qtbot)
    assert not view.watermark.isVisible()
    view.set_training(True)
    assert view.watermark.isVisible() and view.watermark.geometry() == view.rect()
    view.set_training(False)
    assert not view.watermark.isVisible()


# -- a leaky server: the client still hides what a shielded child's record must not show ----

LEAK = "ZZLEAK-7c1e"


def _leaky_transport() -> httpx.MockTransport:
    session = {
        "session_token": "t" * 43, "expires_at": "2030-01-01T00:00:00Z", "idle_timeout_s": 900,
        "user": {"username": "nurse.demo", "display_name": "Nurse Demo", "job_title": "Nurse",
                 "organisation": "Royal Bolton Hospital", "phone": "01632 960001",
                 "email": "nurse.demo@example.org"},
        "roles": [{"role_id": "r1", "role": "practitioner",
                   "organisation": "Royal Bolton Hospital", "local_authority": "Bolton"}],
        "active_role": "r1", "certificate_expires": "2030-01-01"}
    record = {
        "directory_id": fixtures.SHIELDED.directory_id,
        "name": {"family_name": "Brennan", "given_names": "Ellie", "known_as": None,
                 "former_names": [f"{LEAK} former"]},
        "dob": "2015-03-02", "gender": "female",
        "local_authority": {"name": f"{LEAK} area", "team_phone": "01632 960101"},
        "shielded": True,
        "withheld": ["addresses", "parents_carers", "education", "gp_practice",
                     "involvements", "sensitive_services", "caf"],
        "addresses": [{"lines": [f"{LEAK} street"], "town": f"{LEAK} town",
                       "postcode": "WN2 3HT", "from": "2025-10-01", "to": None,
                       "current": True}],
        "parents_carers": [{"name": f"{LEAK} parent", "relationship": "mother",
                            "parental_responsibility": True, "phone": "07700 900141",
                            "email": None, "address": None}],
        "involvements": [{"involvement_id": "inv-9", "practitioner": f"{LEAK} worker",
                          "job_title": "Social worker", "organisation": "Wigan",
                          "service": "social care", "phone": "01632 960116",
                          "email": None, "since": "2025-09-20", "ended": None,
                          "lead_professional": True, "caf_holder": False}],
        "sensitive_services": {"involved": True},
        "caf": {"exists": True},
        "last_updated": "2026-11-01T09:00:00Z"}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/session"):
            return httpx.Response(200, json=session)
        if request.url.path.endswith("/view"):
            return httpx.Response(200, content=json.dumps(record).encode(),
                                  headers={"content-type": "application/json"})
        return httpx.Response(404, json={"error": {"code": "not_found", "message": "No."}})

    return httpx.MockTransport(handler)


def test_leaky_server_shielded_data_is_not_shown(qtbot: QtBot,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    client = DirectoryClient("http://directory.invalid", transport=_leaky_transport())
    client.create_session("c1", "RSA-PKCS1v15-SHA256", b"sig", b"cert")
    worker = DirectoryWorker(client)
    view, _ = _record_view(qtbot)
    worker.record_finished.connect(lambda _rid, record: view.show_record(record))
    with caplog.at_level(logging.WARNING, logger="cpdesk.integrity"), \
            qtbot.waitSignal(worker.record_finished, timeout=10_000):
        worker.request_record(fixtures.SHIELDED.directory_id,
                              Reason(ReasonCode.SAFEGUARDING))
    assert view.findChild(QLabel, "shieldNotice").isVisible()
    assert view.section_widgets == []
    strings = widget_strings(view)
    assert not any(LEAK in s for s in strings)
    assert not any(s for s in strings if "07700 900141" in s)
    assert any(r.name == "cpdesk.integrity" for r in caplog.records)
    assert not any(LEAK in r.getMessage() for r in caplog.records)
    client.close()


def test_copied_and_cleared_are_said_to_a_screen_reader(
        qtbot: QtBot, directory: Directory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 19: "Copied…" and "The clipboard is cleared." reach the announcement helper
    from the status line that shows them (the AT-SPI leg proves announcements reach the bus;
    waiting out the real 20 seconds there would only prove the timer)."""
    from cpdesk.ui.directory import record_view as module

    said: list[tuple[str, str]] = []
    monkeypatch.setattr(module, "announce",
                        lambda source, text, **_: said.append((source.objectName(), text)))
    view, guard = _record_view(qtbot)
    view.show_record(_record(directory, fixtures.BOLTON_AE))
    said.clear()
    qtbot.mouseClick(view.copy_id, Qt.MouseButton.LeftButton)
    guard.clear_now()  # what the 20-second timer calls
    assert said == [("recordStatus", "Copied. The clipboard is cleared in 20 seconds."),
                    ("recordStatus", "The clipboard is cleared.")]
    assert view.status.text() == "The clipboard is cleared."
