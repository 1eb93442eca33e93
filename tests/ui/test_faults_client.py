"""The client under every injected fault, driven through the real server with faults on:
it stays responsive, retries only GETs, says what happened in plain words, never shows
partial or withheld data, and never crashes (pytest-qt fails a test on any exception
raised in the Qt event loop)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cpdesk.api import errors
from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import TokenSigner
from cpdesk.auth.token import Pkcs11Module
from cpdesk.domain import Reason, ReasonCode, RoleKind
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.shell.directory_page import DesktopPage
from mock_server.data import named_children as fixtures
from mock_server.rules.faults import FaultState
from mock_server.tokens.softhsm import TokenDir
from tests.signin_steps import sign_in
from tests.ui.search_record_support import NURSE, Directory, start_directory, widget_strings

CTX = DisplayContext(RoleKind.PRACTITIONER, date.today())
REASON = Reason(ReasonCode.UNSCHEDULED_CARE)
# What the directory holds about the A&E case beyond name, birth and ID (never half-shown).
BOLTON_DETAILS = ("Acacia Road", "BL1 4AA", "John Doe", "Moorside", "Paul Ward", "Deane Road")
SHIELDED_SECRETS = ("Larch Close", "WN2 3HT", "Claire Brennan", "Hindley Green", "Nadia Iqbal",
                    "Ellie Walsh", "Hindley Health Centre", "Hindley", "Wigan")
SENSITIVE_SECRETS = ("Priya Natt", "CAMHS", "mental health", "Mental health", "01632 960118")


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("faults-ui"), softhsm_module,
                               token_dir)


def faults(directory: Directory, **settings: Any) -> FaultState:
    assert httpx.post(f"{directory.url}/api/v1/test/faults", json=settings).status_code == 200
    state: FaultState = directory.app.state.faults
    state.calls.clear()
    return state


class Desk:
    def __init__(self, qtbot: QtBot, client: DirectoryClient) -> None:
        self.client = client
        self.worker = DirectoryWorker(client)
        self.clipboard = ClipboardGuard(QGuiApplication.clipboard(), clear_after_ms=60_000)
        self.page = DesktopPage(self.worker, self.clipboard, CTX)
        qtbot.addWidget(self.page)
        self.page.resize(1400, 800)
        self.page.show()
        self.expired: list[bool] = []
        self.page.session_expired.connect(lambda: self.expired.append(True))

        self.answers = {"search": 0, "record": 0}
        for kind, signals in (("search", (self.worker.search_finished,
                                          self.worker.search_failed)),
                              ("record", (self.worker.record_finished,
                                          self.worker.record_failed))):
            for signal in signals:
                signal.connect(lambda *_args, k=kind: self._answered(k))

    def _answered(self, kind: str) -> None:
        self.answers[kind] += 1

    @property
    def rows(self) -> int:
        return int(self.page.search_view.table.model().rowCount())

    def search(self, qtbot: QtBot, family: str, dob: str) -> None:
        view = self.page.search_view
        view.clear()
        qtbot.keyClicks(view.family_name, family)
        qtbot.keyClicks(view.dob, dob)
        before = self.answers["search"]
        view.search_button.click()
        qtbot.waitUntil(lambda: self.answers["search"] > before, timeout=20_000)

    def search_message(self) -> str:
        return str(self.page.search_view.message.text())

    def open(self, qtbot: QtBot, directory_id: str) -> None:
        before = self.answers["record"]
        self.page.request_record(directory_id, REASON)
        # Answered, and (the record view builds over a few event-loop turns) fully shown.
        qtbot.waitUntil(lambda: self.answers["record"] > before
                        and not self.page.record_view.building, timeout=20_000)

    def strings(self) -> str:
        return "\n".join(widget_strings(self.page))


@pytest.fixture
def desk(qtbot: QtBot, directory: Directory) -> Iterator[Desk]:
    client = directory.signed_in_client()
    desk = Desk(qtbot, client)
    yield desk
    httpx.post(f"{directory.url}/api/v1/test/faults", json={})
    desk.clipboard.clear_now()
    client.close()


def assert_nothing_of_bolton(desk: Desk) -> None:
    text = desk.strings()
    assert desk.rows == 0
    assert desk.page.record_view.display is None
    for secret in BOLTON_DETAILS:
        assert secret not in text


def test_server_errors_plain_message_and_only_gets_are_retried(
        qtbot: QtBot, desk: Desk, directory: Directory) -> None:
    state = faults(directory, error_rate=1.0)
    desk.search(qtbot, "Doe", "14-07-2011")
    assert "had a problem" in desk.search_message()
    desk.open(qtbot, fixtures.BOLTON_AE.directory_id)
    assert "had a problem" in desk.page.record_message.text()
    assert_nothing_of_bolton(desk)
    assert list(state.calls) == [("POST", "/api/v1/search"),
                                 ("POST", f"/api/v1/children/{fixtures.BOLTON_AE.directory_id}"
                                          "/view")]
    state.calls.clear()
    with pytest.raises(errors.ServerError):
        desk.client.get_session()  # a GET: tried again with backoff, then given up
    assert list(state.calls) == [("GET", "/api/v1/auth/session")] * 3


def test_dropped_connections_are_unreachable_and_posts_are_not_repeated(
        qtbot: QtBot, desk: Desk, directory: Directory) -> None:
    state = faults(directory, drop_rate=1.0)
    before = len(directory.app.state.audit.entries())
    desk.search(qtbot, "Doe", "14-07-2011")
    assert "cannot be reached" in desk.search_message()
    desk.open(qtbot, fixtures.BOLTON_AE.directory_id)
    assert "cannot be reached" in desk.page.record_message.text()
    assert_nothing_of_bolton(desk)  # half a record arrived and none of it is shown
    assert [m for m, _ in state.calls] == ["POST", "POST"]
    # both calls took effect on the server (audited) although their answers were cut
    assert [e.action for e in directory.app.state.audit.entries()[before:]] == ["search",
                                                                               "view"]


def test_malformed_answers_show_nothing_from_them(qtbot: QtBot, desk: Desk,
                                                  directory: Directory) -> None:
    faults(directory, malformed_rate=1.0)
    for _ in range(4):  # the fault picks among four kinds of broken body
        desk.search(qtbot, "Doe", "14-07-2011")
        assert "could not read" in desk.search_message()
        desk.open(qtbot, fixtures.BOLTON_AE.directory_id)
        assert "could not read" in desk.page.record_message.text()
        assert_nothing_of_bolton(desk)


def test_slow_server_the_window_stays_responsive_and_late_answers_are_dropped(
        qtbot: QtBot, desk: Desk, directory: Directory) -> None:
    faults(directory, latency_ms=1500)
    events: list[str] = []
    QTimer.singleShot(50, lambda: events.append("gui event handled"))
    desk.worker.search_finished.connect(lambda *_: events.append("answer"))
    view = desk.page.search_view
    qtbot.keyClicks(view.family_name, "Doe")
    qtbot.keyClicks(view.dob, "14-07-2011")
    view.search_button.click()
    qtbot.keyClicks(view.given_name, "Jane")  # typing works while the search waits
    assert view.given_name.text() == "Jane"
    desk.page.clear()  # what a lock does while the answer is on its way
    qtbot.waitUntil(lambda: "answer" in events, timeout=20_000)
    assert events[0] == "gui event handled"
    assert desk.rows == 0  # the late answer was dropped


def test_answer_slower_than_the_client_timeout_is_explained(
        qtbot: QtBot, directory: Directory, softhsm_module: str) -> None:
    client = DirectoryClient(directory.url, timeout=httpx.Timeout(1.0, connect=1.0))
    sign_in(client, TokenSigner(Pkcs11Module(softhsm_module)), NURSE.username, NURSE.password,
            bytearray(NURSE.pin.encode()), serial=directory.serial)
    desk = Desk(qtbot, client)
    try:
        faults(directory, latency_ms=2500)
        desk.search(qtbot, "Doe", "14-07-2011")
        assert "cannot be reached" in desk.search_message()
        assert desk.rows == 0
    finally:
        httpx.post(f"{directory.url}/api/v1/test/faults", json={})
        client.close()


def test_leaky_server_shielded_and_sensitive_data_stay_masked(
        qtbot: QtBot, desk: Desk, directory: Directory) -> None:
    faults(directory, leak_shielded=True)
    shielded = fixtures.SHIELDED
    desk.search(qtbot, shielded.family_name, shielded.dob.strftime("%d-%m-%Y"))
    assert desk.rows >= 1
    desk.open(qtbot, shielded.directory_id)
    assert desk.page.record_view.display is not None
    assert desk.page.record_view.findChild(QWidget, "shieldNotice") is not None
    text = desk.strings()
    assert "This record is shielded" in text
    for secret in SHIELDED_SECRETS:
        assert secret not in text, secret

    desk.open(qtbot, fixtures.SENSITIVE.directory_id)
    text = desk.strings()
    assert "One or more sensitive services" in text
    assert "Leon Hardy" in text  # the ordinary involvement is shown
    for secret in SENSITIVE_SECRETS:
        assert secret not in text, secret


def test_leaky_server_household_and_sensitive_categories_stay_masked(
        qtbot: QtBot, desk: Desk, directory: Directory) -> None:
    """The leak sends a shielded household member's whole record and sensitive services as
    ordinary involvements; the client shows none of it."""
    from tests.server.household_truth import read_truth

    truth = read_truth(directory.app.state.db_path)
    members = sorted(d for d in truth.shielded if not truth.people[d].own_shield
                     and not truth.people[d].archived)
    assert members, "the population has a household member of a shielded child"
    faults(directory, leak_shielded=True)
    for directory_id in members[:3]:
        desk.open(qtbot, directory_id)
        text = desk.strings()
        assert "This record is shielded" in text
        person = truth.people[directory_id]
        # The notice names the nurse's own team (Bolton); any other area is a location.
        for value in (person.private | person.settings | {person.local_authority}) \
                - {"", "Bolton"}:
            assert value not in text, value
    desk.open(qtbot, fixtures.SENSITIVE.directory_id)
    text = desk.strings()
    for category in ("Mental health", "mental health", "CAMHS"):
        assert category not in text


def test_forced_session_expiry_asks_the_window_to_lock_and_shows_nothing(
        qtbot: QtBot, desk: Desk, directory: Directory) -> None:
    faults(directory, expire_sessions=True)
    desk.search(qtbot, "Doe", "14-07-2011")
    qtbot.waitUntil(lambda: bool(desk.expired), timeout=10_000)
    assert desk.rows == 0
    assert not desk.client.has_session  # the token is forgotten at once
    desk.page.request_record(fixtures.BOLTON_AE.directory_id, REASON)
    qtbot.waitUntil(lambda: len(desk.expired) >= 2, timeout=10_000)
    assert_nothing_of_bolton(desk)


def test_forced_session_expiry_locks_the_whole_window(
        qtbot: QtBot, directory: Directory, softhsm_module: str) -> None:
    from cpdesk.auth.session import LockReason, State
    from tests.ui.test_training_window import close_window, open_window, sign_in_as

    built = open_window(qtbot, directory.url, softhsm_module, "test")
    try:
        window = built.window
        sign_in_as(qtbot, built, NURSE, directory.serial)
        view = window.desktop.search_view
        qtbot.keyClicks(view.family_name, "Doe")
        qtbot.keyClicks(view.dob, "14-07-2011")
        view.search_button.click()
        qtbot.waitUntil(lambda: view.table.model().rowCount() == 1, timeout=10_000)
        faults(directory, expire_sessions=True)
        view.search_button.click()
        qtbot.waitUntil(lambda: window.session.state is State.LOCKED, timeout=10_000)
        assert window.session.lock_reason is LockReason.SESSION_ENDED
        text = "\n".join(widget_strings(window))
        for secret in ("Jane", *BOLTON_DETAILS):
            assert secret not in text, secret
        assert view.table.model().rowCount() == 0
    finally:
        httpx.post(f"{directory.url}/api/v1/test/faults", json={})
        close_window(built)
