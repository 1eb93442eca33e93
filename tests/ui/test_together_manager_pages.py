"""The area team's side of issue 17, against a real mock server with real SoftHSM sign-ins:
the shielders' page (requests and shields in force; apply with a review date, review, remove,
decline; a manager who is not a trained shielder is told so), the queue's outcome for a
contact request (seen by the requester in My activity) and its possible-duplicate pairs, and
the audit review (flags; the CSV export only where the user chose, with a stated purpose,
audited)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.domain import Consent, Reason, ReasonCode
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.activity_view import ActivityView
from cpdesk.ui.together.audit_view import AuditReviewView
from cpdesk.ui.together.manager_view import ManagerView
from cpdesk.ui.together.shields_view import ShieldsView
from mock_server.data import named_children as fixtures
from mock_server.data import planted_children as planted
from mock_server.tokens.softhsm import TokenDir
from tests.ui.actions_support import (
    MANAGER,
    NURSE,
    WELFARE,
    WIGAN_MANAGER,
    People,
    clipboard_guard,
    start_people,
)
from tests.ui.value_label_support import value_label_problems

HARVEY = fixtures.TWO_ADDRESSES.directory_id  # Bolton, not shielded at the start
KELLY = fixtures.KELLY.directory_id
TODAY = date.today()


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
           token_dir: TokenDir) -> Iterator[People]:
    yield from start_people(tmp_path_factory.mktemp("together-manager"), softhsm_module,
                            token_dir)


@pytest.fixture(scope="module")
def manager(people: People) -> DirectoryClient:
    return people.signed_in(MANAGER)


@pytest.fixture(scope="module")
def nurse(people: People) -> DirectoryClient:
    return people.signed_in(NURSE)


def page(qtbot: QtBot, widget_type: type, client: DirectoryClient, *args: object):  # type: ignore[no-untyped-def]
    worker = DirectoryWorker(client)
    widget = widget_type(worker, *args)
    worker.setParent(widget)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    return widget


def loaded(qtbot: QtBot, view: ShieldsView | AuditReviewView) -> None:
    view.refresh()
    qtbot.waitUntil(lambda: view._pending_list is None, timeout=10_000)


def shielded(people: People, directory_id: str) -> bool:
    client = people.signed_in(NURSE)
    record = client.view_record(directory_id, Reason(ReasonCode.COORDINATING_SUPPORT))
    return record.shielded


# -- the shielders' page -------------------------------------------------------------------


def test_a_shielder_applies_reviews_and_removes_a_requested_shield(
        qtbot: QtBot, people: People, manager: DirectoryClient,
        nurse: DirectoryClient) -> None:
    reference = nurse.request_shield(HARVEY, "Mother has fled domestic abuse; the father "
                                             "is looking for the family.")
    view: ShieldsView = page(qtbot, ShieldsView, manager)
    loaded(qtbot, view)
    assert view.select_request(reference)
    assert view.detail.isVisible() and view.apply_button.isVisible()
    assert not view.review_button.isVisible()
    assert "father is looking" in view.reason.text()
    assert view.subject.text() == "The child"
    # Issue 19: each value is its label's name, described and labelled by its caption.
    assert not value_label_problems(view.detail, {
        "shieldDirectoryId", "shieldSubject", "shieldRaised", "shieldReason", "shieldStatus"})

    view.note.setPlainText("short")  # a note of ten characters at least
    view.apply_button.click()
    assert "at least 10 characters" in view.detail_message.text()
    seq = people.last_seq()
    review_on = TODAY + timedelta(days=90)
    view.review_on.setDate(view.review_on.date().fromString(review_on.isoformat(), "yyyy-MM-dd"))
    view.note.setPlainText("Risk assessed with the social worker; shield applied.")
    view.apply_button.click()
    qtbot.waitUntil(lambda: "applied" in view.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: view._pending_list is None, timeout=10_000)
    assert shielded(people, HARVEY)
    applied = [e for e in people.audit(seq) if e["action"] == "shield"]
    assert applied and applied[0]["detail"]["action"] == "apply"
    assert applied[0]["detail"]["review_on"] == review_on.isoformat()

    # The shield is in force with its review date; the request is decided.
    assert view.select_shield(HARVEY)
    assert view.review_button.isVisible() and view.remove_button.isVisible()
    assert not view.apply_button.isVisible()
    assert review_on.strftime("%b") in view.status.text()
    assert view.select_request(reference)
    assert not view.act.isVisible()
    assert "Shield applied by" in view.status.text()

    assert view.select_shield(HARVEY)
    later = TODAY + timedelta(days=200)
    view.review_on.setDate(view.review_on.date().fromString(later.isoformat(), "yyyy-MM-dd"))
    view.note.setPlainText("Reviewed with the family's social worker: still needed.")
    view.review_button.click()
    qtbot.waitUntil(lambda: "review date is set" in view.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: view._pending_list is None, timeout=10_000)
    assert view.select_shield(HARVEY)
    assert later.strftime("%Y") in view.status.text()

    view.note.setPlainText("The father has been convicted; the family is safe to find.")
    view.remove_button.click()
    qtbot.waitUntil(lambda: "removed" in view.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: view._pending_list is None, timeout=10_000)
    assert not view.select_shield(HARVEY)
    assert not shielded(people, HARVEY)

    view.clear()
    assert view.request_model.rowCount() == 0 and view.shield_model.rowCount() == 0
    assert not view.detail.isVisible()


def test_a_request_for_a_parent_is_declined_with_a_note(
        qtbot: QtBot, manager: DirectoryClient, nurse: DirectoryClient) -> None:
    reference = nurse.request_shield(KELLY, "Her mother says an ex-partner is trying to "
                                            "find her.", parent=0)
    view: ShieldsView = page(qtbot, ShieldsView, manager)
    loaded(qtbot, view)
    assert view.select_request(reference)
    assert view.subject.text().startswith("Parent or carer: ")
    view.note.setPlainText("Checked with the police: no risk is known at present.")
    view.decline_button.click()
    qtbot.waitUntil(lambda: "declined" in view.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: view._pending_list is None, timeout=10_000)
    assert view.select_request(reference)
    assert view.status.text().startswith("Declined by ")


def test_a_manager_who_is_not_a_trained_shielder_is_told_so(
        qtbot: QtBot, people: People) -> None:
    view: ShieldsView = page(qtbot, ShieldsView, people.signed_in(WIGAN_MANAGER))
    loaded(qtbot, view)
    assert "trained shielders" in view.message.text()
    assert view.request_model.rowCount() == 0


# -- the queue: outcomes and duplicate pairs -----------------------------------------------


def test_a_contact_request_is_resolved_with_an_outcome_the_requester_sees(
        qtbot: QtBot, manager: DirectoryClient, nurse: DirectoryClient) -> None:
    reference = nurse.request_sensitive_contact(
        fixtures.SENSITIVE.directory_id, "Please ask the service to call me about Tyler.",
        Consent("child", given_on=TODAY))
    view: ManagerView = page(qtbot, ManagerView, manager, clipboard_guard())
    view.refresh()
    qtbot.waitUntil(lambda: view.select(reference), timeout=10_000)
    assert view.choice.isVisible()
    assert view.choice.currentIndex() == -1  # nothing chosen for the manager
    view.note.setPlainText("Passed to the service on the phone.")
    view.resolve_button.click()
    assert "outcome" in view.detail_message.text()
    view.choice.setCurrentIndex(view.choice.findData("young-person-declined"))
    view.resolve_button.click()
    qtbot.waitUntil(lambda: view.current is not None and view.current.status == "resolved"
                    and view.current.reference == reference, timeout=10_000)
    assert "Outcome: The young person declined" in view.status.text()
    assert not view.choice.isVisible()

    activity: ActivityView = page(qtbot, ActivityView, nurse)
    activity.refresh()
    qtbot.waitUntil(lambda: activity.model.rowCount() > 0, timeout=10_000)
    rows = [tuple(activity.model.index(r, c).data() for c in range(6))
            for r in range(activity.model.rowCount())]
    assert any(row[4] == reference and row[5] == "The young person declined" for row in rows)


def test_a_possible_duplicate_pair_is_resolved_as_two_children(
        qtbot: QtBot, manager: DirectoryClient) -> None:
    view: ManagerView = page(qtbot, ManagerView, manager, clipboard_guard())
    view.refresh()
    qtbot.waitUntil(lambda: any(i.kind == "possible-duplicate" for i in view.items),
                    timeout=10_000)
    pair = next(i for i in view.items if i.kind == "possible-duplicate"
                and {i.directory_id, i.other_directory_id}
                == {planted.DUPLICATE_A.directory_id, planted.DUPLICATE_B.directory_id})
    # The Wigan-shielded twin's pair goes to Wigan only.
    assert not any(planted.UNSHIELDED_COPY.directory_id in (i.directory_id,
                                                            i.other_directory_id)
                   for i in view.items)
    assert view.select(pair.reference)
    assert view.kind.text() == "Possible duplicate"
    assert view.open_other.isVisible()
    # Issue 19: the queue item's values are read as values, with their captions.
    assert not value_label_problems(view.detail, {
        "queueKind", "queueDirectoryId", "queueOtherDirectoryId", "queueRaisedBy",
        "queueRaisedAt", "queueStatus", "queueText"})
    assert view.other_id.text().replace(" ", "") == pair.other_directory_id
    opened: list[str] = []
    view.open_record.connect(opened.append)
    view.open_other.click()
    assert opened == [pair.other_directory_id]
    assert view.choice.isVisible()
    view.note.setPlainText("Different children: checked with the school.")
    view.resolve_button.click()
    assert "same child" in view.detail_message.text()
    view.choice.setCurrentIndex(view.choice.findData("not_duplicate"))
    view.resolve_button.click()
    qtbot.waitUntil(lambda: view.current is not None and view.current.status == "resolved",
                    timeout=10_000)
    assert "Not a duplicate" in view.status.text()
    combo = view.findChild(QComboBox, "resolveChoice")
    assert combo is not None and not combo.isVisible()


# -- the audit review ----------------------------------------------------------------------


def test_the_audit_review_flags_views_and_exports_only_where_chosen(
        qtbot: QtBot, people: People, manager: DirectoryClient, tmp_path: Path) -> None:
    welfare = people.signed_in(WELFARE)
    welfare.view_record(planted.COLLEAGUE_CHILD.directory_id,
                        Reason(ReasonCode.COORDINATING_SUPPORT))
    welfare.view_record(planted.WELL_KNOWN.directory_id, Reason(ReasonCode.COORDINATING_SUPPORT))

    view: AuditReviewView = page(qtbot, AuditReviewView, manager)
    loaded(qtbot, view)
    rows = [tuple(view.model.index(r, c).data() for c in range(6))
            for r in range(view.model.rowCount())]
    flags = {row[3].replace(" ", ""): row[5] for row in rows}
    assert "Well-known child" in flags[planted.WELL_KNOWN.directory_id]
    assert "Colleague's own child?" in flags[planted.COLLEAGUE_CHILD.directory_id]
    assert "flagged" in view.message.text()
    view.flagged_only.setChecked(True)
    assert 0 < view.model.rowCount() <= len(rows)
    assert all(view.model.index(r, 5).data() != "—" for r in range(view.model.rowCount()))

    opened: list[str] = []
    view.open_record.connect(opened.append)
    view.table.selectRow(0)
    view.open_button.click()
    assert opened == [view.shown[0].directory_id]

    # The purpose comes first; cancelling the Save dialog sends nothing.
    asked: list[str] = []
    view.choose_path = lambda suggested: asked.append(suggested) or None  # type: ignore[func-returns-value]
    view.export_button.click()
    assert "at least 10 characters" in view.export_message.text() and not asked
    view.purpose.setText("For the investigating officer, case 2026/041")
    seq = people.last_seq()
    view.export_button.click()
    assert asked and asked[0].endswith(".csv")
    assert "no file was chosen" in view.export_message.text()
    assert not [e for e in people.audit(seq) if e["action"] == "audit-export"]

    target = tmp_path / "review.csv"
    view.choose_path = lambda suggested: str(target)
    view.export_button.click()
    qtbot.waitUntil(lambda: target.exists(), timeout=10_000)
    assert str(target) in view.export_message.text()
    assert view.purpose.text() == ""  # dropped once used
    table = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(table) - 1 == view.model.rowCount()  # flagged only, as shown
    exported = [e for e in people.audit(seq) if e["action"] == "audit-export"]
    assert len(exported) == 1
    assert exported[0]["detail"]["purpose"] == "For the investigating officer, case 2026/041"
    assert exported[0]["detail"]["flagged_only"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["review.csv"]

    view.clear()
    assert view.model.rowCount() == 0 and view.purpose.text() == ""


# -- the window ----------------------------------------------------------------------------


def test_the_window_offers_shielding_and_the_audit_review_to_managers_only(
        qtbot: QtBot, people: People) -> None:
    from cpdesk.ui.shell.page_tabs import AUDIT, SEARCH, SHIELDS
    from tests.ui.test_manager_window import shut, window_for

    built = window_for(qtbot, people, NURSE)
    try:
        tabs = built.window.tabs
        assert not tabs.bar.isTabVisible(SHIELDS) and not tabs.bar.isTabVisible(AUDIT)
        tabs.show_page(SHIELDS)
        assert built.window.pages.currentWidget() is built.window.desktop
    finally:
        shut(built)
    built = window_for(qtbot, people, MANAGER)
    try:
        tabs = built.window.tabs
        assert tabs.bar.isTabVisible(SHIELDS) and tabs.bar.isTabVisible(AUDIT)
        tabs.show_page(SHIELDS)
        assert built.window.pages.currentWidget() is tabs.shields
        qtbot.waitUntil(lambda: tabs.shields._pending_list is None, timeout=10_000)
        assert "waiting for a decision" in tabs.shields.message.text()
        tabs.show_page(AUDIT)
        qtbot.waitUntil(lambda: tabs.audit._pending_list is None, timeout=10_000)
        assert tabs.audit.message.isVisible()
        tabs.show_page(SEARCH)
    finally:
        shut(built)
