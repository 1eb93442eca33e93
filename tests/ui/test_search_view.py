"""The search view against the real mock server: validation, results, widen, too many,
429, server down, session expiry, stale answers, busy indicator, clear()."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QTableView
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.domain import RoleKind, SearchCriteria, SearchResult
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.results_model import Column
from cpdesk.ui.directory.search_view import TOO_MANY, SearchView
from mock_server.data import named_children as fixtures
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.search import SearchRateLimiter
from mock_server.tokens.softhsm import TokenDir
from tests.ui.search_record_support import NURSE, Directory, start_directory, widget_strings

CTX = DisplayContext(RoleKind.PRACTITIONER, date.today())


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("search-view"), softhsm_module,
                               token_dir)


@pytest.fixture
def view(qtbot: QtBot, directory: Directory) -> Iterator[SearchView]:
    directory.app.state.search_limiter = SearchRateLimiter()
    client = directory.signed_in_client()
    worker = DirectoryWorker(client)
    view = SearchView(worker, CTX)
    worker.setParent(view)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    yield view
    client.close()


def _edit(view: SearchView, name: str) -> QLineEdit:
    edit = view.findChild(QLineEdit, name)
    assert edit is not None
    return edit


def _fill(qtbot: QtBot, view: SearchView, **fields: str) -> None:
    for name, text in fields.items():
        edit = _edit(view, name)
        edit.clear()
        qtbot.keyClicks(edit, text)


def _search(qtbot: QtBot, view: SearchView, *, press_enter_in: str | None = None) -> None:
    with qtbot.waitSignal(view.worker.search_finished, timeout=10_000):
        if press_enter_in:
            qtbot.keyClick(_edit(view, press_enter_in), Qt.Key.Key_Return)
        else:
            button = view.findChild(QPushButton, "searchButton")
            assert button is not None and button.isEnabled()
            button.click()
    qtbot.waitUntil(lambda: not view.waiting, timeout=5000)


def _rows(view: SearchView) -> list[list[str]]:
    table = view.findChild(QTableView, "resultsTable")
    assert table is not None
    model = table.model()
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _message(view: SearchView) -> str:
    label = view.findChild(QLabel, "searchMessage")
    assert label is not None
    return label.text()


def test_name_and_dob_by_enter_finds_the_bolton_ae_teenager(qtbot: QtBot,
                                                              view: SearchView) -> None:
    _fill(qtbot, view, searchFamilyName="doe", searchDob="14/07/2011")
    _search(qtbot, view, press_enter_in="searchDob")
    rows = _rows(view)
    assert len(rows) == 1
    assert rows[0][Column.NAME] == "DOE, Jane Ann (Jenny)"
    assert rows[0][Column.BORN].startswith("14-Jul-2011 (")
    assert rows[0][Column.LOCALITY] == "Bolton"
    assert rows[0][Column.MATCH] == "Exact"
    assert _message(view) == "1 child found."
    assert not view.findChild(QPushButton, "widenSearchButton").isVisible()
    assert view.table.hasFocus() and view.table.currentIndex().row() == 0


def test_enter_or_double_click_on_a_row_asks_to_open_it(qtbot: QtBot, view: SearchView) -> None:
    _fill(qtbot, view, searchFamilyName="Ashworth", searchDob="2016-05-09")
    _search(qtbot, view)
    assert [r[Column.NAME] for r in _rows(view)] == ["ASHWORTH, Kate Elizabeth",
                                                     "ASHWORTH, Katie Louise"]
    table = view.table
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Down)
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [fixtures.TWIN_KATIE.directory_id]
    rect = table.visualRect(table.model().index(0, 0))
    # A real double-click is a press, release, then the double-click event.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.open_requested) as opened:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [fixtures.TWIN_KATE.directory_id]


def test_the_form_explains_what_is_missing_before_sending(qtbot: QtBot,
                                                          view: SearchView) -> None:
    sent: list[int] = []
    view.worker.search_finished.connect(lambda rid, _r: sent.append(rid))
    view.worker.search_failed.connect(lambda rid, _e: sent.append(rid))
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    assert view.errors["family_name"].text() == "Enter a family name"
    assert view.errors["family_name"].isVisible()
    assert view.errors["dob"].text() == "Enter a date of birth or a date-of-birth range"
    assert _edit(view, "searchFamilyName").hasFocus()
    assert _edit(view, "searchFamilyName").accessibleDescription() == "Enter a family name"

    _fill(qtbot, view, searchFamilyName="Doe", searchDob="31-02-2011")
    qtbot.keyClick(_edit(view, "searchDob"), Qt.Key.Key_Return)
    assert view.errors["dob"].isVisible() and view.errors["dob"].text()
    assert not view.errors["family_name"].isVisible()

    _fill(qtbot, view, searchDirectoryId="485 777 3458")
    qtbot.keyClick(_edit(view, "searchDirectoryId"), Qt.Key.Key_Return)
    assert view.errors["directory_id"].text() == "That is not a valid directory ID"
    assert not view.waiting and not view.busy.isVisible()
    qtbot.wait(50)
    assert sent == []


def test_directory_id_alone_is_enough(qtbot: QtBot, view: SearchView) -> None:
    _fill(qtbot, view, searchDirectoryId="999 777 3454")
    _search(qtbot, view, press_enter_in="searchDirectoryId")
    assert [r[Column.NAME] for r in _rows(view)] == ["DOE, Jane Ann (Jenny)"]


def test_nobody_exact_offers_widen_which_finds_close_matches(qtbot: QtBot,
                                                             view: SearchView) -> None:
    widen = view.findChild(QPushButton, "widenSearchButton")
    _fill(qtbot, view, searchFamilyName="Ashwerth", searchGivenName="Katherine",
          searchDob="05-09-2016")
    _search(qtbot, view)
    assert _rows(view) == []
    assert "No child matches exactly" in _message(view)
    assert widen.isVisible()
    with qtbot.waitSignal(view.worker.search_finished, timeout=10_000):
        qtbot.mouseClick(widen, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.waiting, timeout=5000)
    rows = _rows(view)
    assert rows and all(r[Column.MATCH].startswith("Close match") for r in rows)
    assert "ASHWORTH, Kate Elizabeth" in [r[Column.NAME] for r in rows]
    scores = [float(r[Column.MATCH].split()[-1]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert "close match" in _message(view)
    assert not widen.isVisible()


def test_too_many_shows_no_list_and_the_message(qtbot: QtBot, view: SearchView) -> None:
    _fill(qtbot, view, searchFamilyName=fixtures.CROWD_FAMILY_NAME,
          searchDobFrom="01-01-2012", searchDobTo="31-12-2014")
    _search(qtbot, view)
    assert _rows(view) == []
    assert _message(view) == TOO_MANY
    assert not view.widen_button.isVisible()


def test_rate_limited_search_says_how_long_to_wait(qtbot: QtBot, view: SearchView,
                                                   directory: Directory) -> None:
    directory.app.state.search_limiter = SearchRateLimiter(limit=1, window_s=5)
    _fill(qtbot, view, searchFamilyName="Doe", searchDob="14-07-2011")
    _search(qtbot, view)
    with qtbot.waitSignal(view.worker.search_failed, timeout=10_000):
        qtbot.keyClick(_edit(view, "searchDob"), Qt.Key.Key_Return)
    message = _message(view)
    assert message.startswith("Too many searches in a short time. You can search again in ")
    wait = re.search(r"again in (\d+) seconds", message)
    assert wait is not None and int(wait.group(1)) > 0
    assert _rows(view) == [] and not view.busy.isVisible()
    # The search rests until the server's wait is over, then works again.
    assert not view.search_button.isEnabled() and view.cooling_down
    view.search()
    assert not view.waiting
    qtbot.waitUntil(lambda: view.search_button.isEnabled(), timeout=15_000)
    assert _message(view) == "You can search again now."
    _search(qtbot, view, press_enter_in="searchDob")
    assert len(_rows(view)) == 1


def test_session_expiry_mid_search_is_reported(qtbot: QtBot, view: SearchView,
                                               directory: Directory) -> None:
    directory.app.state.sessions.end_all(NURSE.username)
    _fill(qtbot, view, searchFamilyName="Doe", searchDob="14-07-2011")
    with qtbot.waitSignal(view.session_expired, timeout=10_000):
        qtbot.keyClick(_edit(view, "searchDob"), Qt.Key.Key_Return)
    assert "session has ended" in _message(view)


def test_server_down_is_explained(qtbot: QtBot, directory: Directory) -> None:
    """Signed in, then the server goes away."""
    app = create_app(ServerConfig(db_path=directory.app.state.db_path))
    server = ServerThread(app).start()
    client = Directory(app, server.url, directory.module, directory.serial).signed_in_client()
    server.stop()
    worker = DirectoryWorker(client)
    view = SearchView(worker, CTX)
    qtbot.addWidget(view)
    view.show()
    _fill(qtbot, view, searchFamilyName="Doe", searchDob="14-07-2011")
    with qtbot.waitSignal(worker.search_failed, timeout=15_000):
        view.search()
        assert view.busy.isVisible() and _message(view) == "Searching…"
    assert "cannot be reached" in _message(view)
    assert view.findChild(QLabel, "searchMessage").property("error") is True
    assert not view.busy.isVisible()
    client.close()


def test_stale_answers_are_dropped(qtbot: QtBot, view: SearchView) -> None:
    answers: list[tuple[int, SearchResult]] = []
    view.worker.search_finished.connect(lambda rid, result: answers.append((rid, result)))
    _fill(qtbot, view, searchFamilyName="Doe", searchDob="14-07-2011")
    view.search()
    _fill(qtbot, view, searchFamilyName="Ashworth", searchDob="09-05-2016")
    view.search()
    assert view.busy.isVisible()
    qtbot.waitUntil(lambda: len(answers) == 2, timeout=10_000)
    names = [r[Column.NAME] for r in _rows(view)]
    assert names == ["ASHWORTH, Kate Elizabeth", "ASHWORTH, Katie Louise"]
    # The Doe answer arriving late (whatever order the two came in) changes nothing.
    first_id, first_result = min(answers, key=lambda a: a[0])
    assert first_result.results[0].family_name == "Doe"
    view.worker.search_finished.emit(first_id, first_result)
    assert [r[Column.NAME] for r in _rows(view)] == names


def test_clear_drops_every_criterion_row_and_message(qtbot: QtBot, view: SearchView) -> None:
    _fill(qtbot, view, searchFamilyName="Doe", searchGivenName="Jane", searchDob="14-07-2011",
          searchPostcode="BL1 4AA")
    _search(qtbot, view)
    assert _rows(view)
    view.clear()
    strings = widget_strings(view)
    for secret in ("Doe", "DOE", "Jane", "14-07-2011", "14-Jul-2011", "4AA", "Bolton"):
        assert not any(secret in s for s in strings), secret
    assert view.model.rowCount() == 0


def test_an_answer_in_flight_when_cleared_is_dropped(qtbot: QtBot, view: SearchView) -> None:
    answers: list[int] = []
    view.worker.search_finished.connect(lambda rid, _r: answers.append(rid))
    _fill(qtbot, view, searchFamilyName="Doe", searchDob="14-07-2011")
    view.search()
    view.clear()
    qtbot.waitUntil(lambda: answers != [], timeout=10_000)
    assert view.model.rowCount() == 0 and _message(view) == ""


def test_the_search_criteria_reach_the_worker_as_typed(qtbot: QtBot, view: SearchView) -> None:
    sent: list[SearchCriteria] = []
    original = view.worker.request_search

    def spy(criteria: SearchCriteria) -> int:
        sent.append(criteria)
        return original(criteria)

    view.worker.request_search = spy  # type: ignore[method-assign]
    _fill(qtbot, view, searchFamilyName="Smi*", searchGivenName="Jo*",
          searchDobFrom="2010-01-01", searchDobTo="31/12/2012", searchPostcode="bl1*")
    view.gender.setCurrentIndex(view.gender.findText("Female"))
    _search(qtbot, view)
    (criteria,) = sent
    assert criteria.family_name == "Smi*" and criteria.given_name == "Jo*"
    assert criteria.dob_from == date(2010, 1, 1) and criteria.dob_to == date(2012, 12, 31)
    assert criteria.postcode == "BL1*" and criteria.gender is not None
    assert criteria.gender.value == "female"


@pytest.mark.parametrize(("status", "body", "expected"), [
    (422, b'{"error": {"code": "criteria_insufficient", "message": "Enter a date of birth."}}',
     "The directory refused the search: Enter a date of birth."),
    (200, b'{"too_many": false, "count": 1, "results": [{"directory_id": 12}]}',
     "could not read"),
    (200, b"<html>not json</html>", "could not read"),
])
def test_refused_and_malformed_answers_are_explained(qtbot: QtBot, status: int, body: bytes,
                                                     expected: str) -> None:
    """Cases the real server does not produce on demand: a hand-made answer."""
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/session"):
            return httpx.Response(200, json=SESSION_JSON)
        return httpx.Response(status, content=body,
                              headers={"content-type": "application/json"})

    client = DirectoryClient("http://directory.invalid", transport=httpx.MockTransport(handler))
    client.create_session("c1", "RSA-PKCS1v15-SHA256", b"sig", b"cert")
    worker = DirectoryWorker(client)
    view = SearchView(worker, CTX)
    qtbot.addWidget(view)
    _fill(qtbot, view, searchFamilyName="Doe", searchDob="14-07-2011")
    with qtbot.waitSignal(worker.search_failed, timeout=10_000):
        view.search()
    assert expected in _message(view)
    assert view.model.rowCount() == 0
    client.close()


SESSION_JSON = {
    "session_token": "t" * 43, "expires_at": "2030-01-01T00:00:00Z", "idle_timeout_s": 900,
    "user": {"username": "nurse.demo", "display_name": "Nurse Demo", "job_title": "Nurse",
             "organisation": "Royal Bolton Hospital", "phone": "01632 960001",
             "email": "nurse.demo@example.org"},
    "roles": [{"role_id": "r1", "role": "practitioner", "organisation": "Royal Bolton Hospital",
               "local_authority": "Bolton"}],
    "active_role": "r1", "certificate_expires": "2030-01-01"}


def test_every_control_is_named_and_reachable_by_keyboard(qtbot: QtBot,
                                                          view: SearchView) -> None:
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox

    controls = [*view.findChildren(QLineEdit), *view.findChildren(QComboBox),
                *view.findChildren(QAbstractButton), *view.findChildren(QAbstractItemView)]
    for control in controls:
        if isinstance(control.parent(), QLineEdit | QAbstractItemView) \
                or control.objectName().startswith("qt_") or not control.isVisible():
            continue  # Qt's own parts: a line edit's clear button, a table's headers
        assert control.accessibleName(), control.objectName()
    # Tab walks the form in reading order.
    order = ["searchFamilyName", "searchGivenName", "searchDob", "searchDobFrom",
             "searchDobTo", "searchGender", "searchPostcode", "searchDirectoryId",
             "searchButton"]
    _edit(view, order[0]).setFocus()
    for name in order[1:]:
        qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Tab)
        assert view.focusWidget().objectName() == name
