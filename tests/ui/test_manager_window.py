"""The whole window in the manager role (real server, real SoftHSM sign-in through the
window): the Manager workspace tab is offered only to managers; the queue shows the manager's
local authority; an item opens the child's record after the reason for access; the lock
empties the queue and my activity."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from cpdesk.app import Client, build
from cpdesk.auth.session import LockReason, State
from cpdesk.config import Settings
from cpdesk.domain import Consent
from cpdesk.ui.shell.page_tabs import ACTIVITY, MANAGER, REVIEW, SEARCH
from mock_server.data import named_children as fixtures
from mock_server.tokens.demo_users import DemoUser
from mock_server.tokens.softhsm import TokenDir
from tests.ui.actions_support import MANAGER as MANAGER_USER
from tests.ui.actions_support import NURSE, People, start_people
from tests.ui.search_record_support import widget_strings
from tests.ui.window_support import answer_reason_dialog, card_password_and_pin


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
           token_dir: TokenDir) -> Iterator[People]:
    yield from start_people(tmp_path_factory.mktemp("manager-window"), softhsm_module,
                            token_dir)


def window_for(qtbot: QtBot, people: People, user: DemoUser) -> Client:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    built = build(Settings(server_url=people.url, pkcs11_module=people.module,
                           demo_username=user.username, profile="test"), app)
    qtbot.addWidget(built.window)
    built.window.show()
    built.window.refresh()
    window = built.window

    def field(name: str) -> QLineEdit:
        widget = window.findChild(QLineEdit, name)
        assert widget is not None, name
        return widget

    with qtbot.waitSignal(window._controller.signed_in, timeout=20_000):
        card_password_and_pin(qtbot, window.signin_view, people.serials[user.username],
                              user.username, user.password, user.pin)
    return built


def shut(built: Client) -> None:
    """Close the window (it signs out off the GUI thread), let that finish, then the client."""
    built.window.close()
    QThreadPool.globalInstance().waitForDone(10_000)
    built.close()


@pytest.fixture
def manager(qtbot: QtBot, people: People) -> Iterator[Client]:
    built = window_for(qtbot, people, MANAGER_USER)
    yield built
    shut(built)


def test_practitioners_get_no_manager_workspace(qtbot: QtBot, people: People) -> None:
    built = window_for(qtbot, people, NURSE)
    try:
        tabs = built.window.tabs
        assert tabs.bar.isVisible()
        assert tabs.bar.isTabVisible(SEARCH) and tabs.bar.isTabVisible(ACTIVITY)
        assert not tabs.bar.isTabVisible(MANAGER) and not tabs.bar.isTabVisible(REVIEW)
        for page in (MANAGER, REVIEW):
            tabs.show_page(page)  # even if asked for, the page is not shown
            assert built.window.pages.currentWidget() is built.window.desktop
    finally:
        shut(built)


def test_manager_queue_opens_a_record_and_the_lock_empties_it(
        qtbot: QtBot, people: People, manager: Client) -> None:
    nurse = people.signed_in(NURSE)
    reference = nurse.request_sensitive_contact(
        fixtures.SENSITIVE.directory_id, "Please ask the service to call the A&E nurse.",
        Consent("urgent", ground="danger", reason="The child is at risk tonight."))
    wigan_reference = nurse.report_inaccuracy(fixtures.SHIELDED.directory_id, "gender",
                                              "Gender recorded wrongly on this record.")
    window = manager.window
    tabs = window.tabs
    assert tabs.bar.isTabVisible(MANAGER)
    tabs.bar.setCurrentIndex(MANAGER)
    assert window.pages.currentWidget() is tabs.manager
    qtbot.waitUntil(lambda: reference in [i.reference for i in tabs.manager.items],
                    timeout=10_000)
    assert wigan_reference not in [i.reference for i in tabs.manager.items]
    assert tabs.manager.select(reference)

    answer_reason_dialog(qtbot)
    tabs.manager.open_button.click()
    desk = window.desktop
    qtbot.waitUntil(lambda: desk.record_view.record is not None, timeout=10_000)
    assert window.pages.currentWidget() is desk
    assert tabs.bar.currentIndex() == SEARCH
    # A manager sees the sensitive-service details (practitioners never do).
    assert "Mental health" in "\n".join(widget_strings(desk))

    tabs.bar.setCurrentIndex(ACTIVITY)
    qtbot.waitUntil(lambda: tabs.activity.model.rowCount() > 0, timeout=10_000)
    window._controller.lock(LockReason.USER)
    assert window.session.state is State.LOCKED
    assert tabs.manager.model.rowCount() == 0 and tabs.activity.model.rowCount() == 0
    everything = "\n".join(widget_strings(window))
    for secret in (reference, "call the A&E nurse", "Tyler", "Nowak"):
        assert secret not in everything, secret
    assert not tabs.bar.isVisible()


def test_the_access_review_lists_who_stands_out_and_the_lock_empties_it(
        qtbot: QtBot, people: People, manager: Client) -> None:
    """Issue 14, finding 7: the nurse (Bolton) opens records outside her area; the Bolton
    manager's Access review says so, naming her and no child."""
    nurse = people.signed_in(NURSE)
    from cpdesk.domain import Reason, ReasonCode

    for child in (fixtures.SHIELDED.directory_id,) * 3:  # Wigan's child, three times
        nurse.view_record(child, Reason(ReasonCode.UNSCHEDULED_CARE))
    tabs = manager.window.tabs
    assert tabs.bar.isTabVisible(REVIEW)
    tabs.show_page(REVIEW)
    review = tabs.review
    qtbot.waitUntil(lambda: review.model.rowCount() >= 1, timeout=10_000)
    rows = [tuple(review.model.data(review.model.index(r, c)) for c in range(5))
            for r in range(review.model.rowCount())]
    mine = next(row for row in rows if f"({NURSE.username})" in row[0])
    assert int(mine[2]) >= 3 and "Views outside their area" in mine[4]
    assert "Brennan" not in str(rows) and fixtures.SHIELDED.directory_id not in str(rows)
    manager.window._controller.lock(LockReason.USER)
    assert review.model.rowCount() == 0
