"""My activity against the real server: the user's own searches, views and requests, newest
first, with directory IDs and reasons but never a name; emptied by ``clear()`` (lock)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.domain import Reason, ReasonCode, SearchCriteria
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.activity_view import ActivityView
from mock_server.data import named_children as fixtures
from mock_server.tokens.softhsm import TokenDir
from tests.ui.actions_support import NURSE, WELFARE, People, start_people
from tests.ui.search_record_support import widget_strings

AE = fixtures.BOLTON_AE


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
           token_dir: TokenDir) -> Iterator[People]:
    yield from start_people(tmp_path_factory.mktemp("activity"), softhsm_module, token_dir)


def rows(view: ActivityView) -> list[list[str]]:
    model = view.model
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_own_activity_newest_first_without_names(qtbot: QtBot, people: People) -> None:
    nurse = people.signed_in(NURSE)
    nurse.search(SearchCriteria(family_name="Doe", dob=AE.dob))
    nurse.view_record(AE.directory_id, Reason(ReasonCode.UNSCHEDULED_CARE))
    reference = nurse.report_inaccuracy(AE.directory_id, "gp_practice",
                                        "The surgery has merged with another one.")
    people.signed_in(WELFARE).view_record(fixtures.KELLY.directory_id,
                                          Reason(ReasonCode.EDUCATION_WELFARE))

    view = ActivityView(DirectoryWorker(nurse))
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=10_000)
    shown = rows(view)
    assert [r[1] for r in shown] == ["Reported an inaccuracy", "Viewed a record", "Search"]
    assert shown[0][2] == "999 777 3454" and shown[0][4] == reference
    assert shown[1][3] == "Child attending urgent or emergency care"
    assert shown[2][2] == "—" and shown[2][3] == "—"
    everything = "\n".join(widget_strings(view))
    for name in ("Doe", "Jane", "Kelly", "Fairhurst", "surgery"):
        assert name not in everything, name
    assert "999 777 3454" in everything

    view.clear()
    assert view.model.rowCount() == 0
    assert "999 777 3454" not in "\n".join(widget_strings(view))


def test_failure_is_explained(qtbot: QtBot, people: People) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    nurse = people.signed_in(NURSE)
    dead = DirectoryClient(f"http://127.0.0.1:{port}", retry_attempts=1)
    assert nurse.session is not None
    dead._keep(nurse.session)
    try:
        view = ActivityView(DirectoryWorker(dead))
        qtbot.addWidget(view)
        view.refresh()
        qtbot.waitUntil(lambda: "cannot be reached" in view.message.text(), timeout=15_000)
        assert view.refresh_button.isEnabled()
    finally:
        dead.close()
