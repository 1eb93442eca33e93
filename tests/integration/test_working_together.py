"""Working together end to end (issue 6): real server, real SoftHSM sign-ins of several demo
users, real widgets.

- The welfare officer records involvement on Kelly; the nurse then sees it; ending it greys
  it for both; the nurse cannot end it (the 403 explained).
- A contact request raised by the nurse reaches the Bolton manager's queue, not Wigan's, and
  is resolved with a note.
- A shield override shows the hidden details once; reopening the record without a new
  override shows the shielded view again.
- The audit trail holds each of these and still verifies.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from cpdesk.domain import ReasonCode
from cpdesk.formatting import format_date
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.override_dialog import OverrideDialog
from cpdesk.ui.together.involvement_dialogs import EndInvolvementDialog
from cpdesk.ui.together.manager_view import ManagerView
from cpdesk.ui.together.report_dialogs import ContactRequestDialog
from mock_server.data import named_children as fixtures
from mock_server.data.audit import verify
from mock_server.tokens.softhsm import TokenDir
from tests.ui.actions_support import (
    MANAGER,
    NURSE,
    WELFARE,
    WIGAN_MANAGER,
    People,
    choose_service,
    clipboard_guard,
    desk_for,
    entry_cards,
    open_record,
    start_people,
)
from tests.ui.search_record_support import widget_strings

KELLY = fixtures.KELLY.directory_id
SENSITIVE = fixtures.SENSITIVE.directory_id
SHIELDED = fixtures.SHIELDED.directory_id


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
           token_dir: TokenDir) -> Iterator[People]:
    yield from start_people(tmp_path_factory.mktemp("together"), softhsm_module, token_dir)


def button(widget: QLabel | object, name: str) -> QPushButton:
    found = widget.findChild(QPushButton, name)  # type: ignore[attr-defined]
    assert found is not None, name
    return found


def test_welfare_records_involvement_the_nurse_sees_it_and_ending_greys_it(
        qtbot: QtBot, people: People) -> None:
    start = people.last_seq()
    welfare = desk_for(qtbot, people.signed_in(WELFARE))
    open_record(qtbot, welfare, KELLY, ReasonCode.EDUCATION_WELFARE)
    assert not entry_cards(welfare, WELFARE.display_name)

    welfare.record_view.involvement_button.click()
    dialog = welfare.action_dialog
    assert dialog is not None and dialog.isVisible()
    assert "Daniel Okafor" in dialog.intro.text()
    choose_service(qtbot, dialog, "education-welfare")
    dialog.lead.setChecked(True)  # type: ignore[attr-defined]
    dialog.consent.buttons["child"].setChecked(True)  # type: ignore[attr-defined]  # issue 17
    with qtbot.waitSignal(dialog.recorded, timeout=10_000):  # type: ignore[attr-defined]
        dialog.send_button.click()
    # The record updates at once: the new involvement, with the End button (own).
    (card,) = entry_cards(welfare, WELFARE.display_name)
    texts = widget_strings(card)
    assert "Moorside High School" in texts and WELFARE.phone in texts
    assert "Lead professional" in texts
    assert card.findChild(QPushButton, "endInvolvementButton") is not None
    assert not card.property("greyed")

    # The nurse opens Kelly and sees it, without an End button (not hers).
    nurse_client = people.signed_in(NURSE)
    nurse = desk_for(qtbot, nurse_client)
    open_record(qtbot, nurse, KELLY)
    (seen,) = entry_cards(nurse, WELFARE.display_name)
    assert seen.findChild(QPushButton, "endInvolvementButton") is None
    assert not seen.property("greyed")

    # The nurse cannot end it: the server's 403 explained in plain words.
    record = nurse.record_view.record
    assert record is not None and record.involvements is not None
    theirs = next(i for i in record.involvements if i.practitioner == WELFARE.display_name)
    forced = EndInvolvementDialog(nurse.worker, clipboard_guard(), theirs, nurse)
    qtbot.addWidget(forced)
    forced.open()
    forced.send_button.click()
    qtbot.waitUntil(lambda: "only end an involvement you recorded" in forced.message.text(),
                    timeout=10_000)
    forced.reject()

    # The welfare officer ends it: greyed at once, and for the nurse on reopening.
    card.findChild(QPushButton, "endInvolvementButton").click()  # type: ignore[union-attr]
    ending = welfare.action_dialog
    assert isinstance(ending, EndInvolvementDialog)
    with qtbot.waitSignal(ending.ended, timeout=10_000):
        ending.send_button.click()
    (greyed,) = entry_cards(welfare, WELFARE.display_name)
    assert greyed.property("greyed") is True
    assert f"Ended {format_date(date.today())}" in widget_strings(greyed)
    assert greyed.findChild(QPushButton, "endInvolvementButton") is None
    open_record(qtbot, nurse, KELLY)
    (now,) = entry_cards(nurse, WELFARE.display_name)
    assert now.property("greyed") is True

    actions = [(e["username"], e["action"], e["outcome"]) for e in people.audit(start)
               if e["action"].startswith("involvement")]
    assert actions == [(WELFARE.username, "involvement", "ok"),
                       (NURSE.username, "involvement-end", "refused:forbidden"),
                       (WELFARE.username, "involvement-end", "ok")]
    assert verify(people.db).ok


def test_nurse_contact_request_reaches_the_bolton_queue_only_and_is_resolved(
        qtbot: QtBot, people: People) -> None:
    start = people.last_seq()
    clipboard = clipboard_guard()
    nurse = desk_for(qtbot, people.signed_in(NURSE), clipboard)
    open_record(qtbot, nurse, SENSITIVE, ReasonCode.UNSCHEDULED_CARE)
    contact = nurse.record_view.request_contact_button
    assert contact.isVisible()
    contact.click()
    dialog = nurse.action_dialog
    assert isinstance(dialog, ContactRequestDialog)
    dialog.send_button.click()  # nothing typed yet: explained, not sent
    assert "at least 10 characters" in dialog.message.text()
    dialog.text.setPlainText("Tyler is in A&E now; please ask the service to call me.")
    dialog.consent.buttons["child"].setChecked(True)  # issue 17: consent is asked
    with qtbot.waitSignal(dialog.sent, timeout=10_000) as sent:
        dialog.send_button.click()
    reference = sent.args[0]
    assert re.fullmatch(r"SCR-\d{6}", reference)
    assert dialog.reference_panel.isVisible() and dialog.reference_label.text() == reference
    assert dialog.text.toPlainText() == ""  # the message is dropped once sent
    dialog.copy_button.click()
    assert QApplication.clipboard().text() == reference
    clipboard.clear_now()
    dialog.reject()

    bolton = ManagerView(DirectoryWorker(people.signed_in(MANAGER)), clipboard)
    wigan = ManagerView(DirectoryWorker(people.signed_in(WIGAN_MANAGER)), clipboard)
    for view in (bolton, wigan):
        qtbot.addWidget(view)
        view.show()
        view.refresh()
    qtbot.waitUntil(lambda: bolton.refresh_button.isEnabled()
                    and wigan.refresh_button.isEnabled(), timeout=10_000)
    assert reference in [i.reference for i in bolton.items]
    assert reference not in [i.reference for i in wigan.items]
    assert bolton.select(reference)
    assert bolton.text.text() == "Tyler is in A&E now; please ask the service to call me."
    assert bolton.raised_by.text() == f"{NURSE.display_name} (Royal Bolton Hospital A&E)"
    bolton.note.setPlainText("Passed to the CAMHS duty worker, who will call back.")
    bolton.choice.setCurrentIndex(bolton.choice.findData("service-will-contact"))  # issue 17
    bolton.resolve_button.click()
    qtbot.waitUntil(lambda: bolton.current is not None and bolton.current.status == "resolved",
                    timeout=10_000)
    assert "Resolved by Ruth Bennett" in bolton.status.text()
    assert not bolton.resolve_button.isVisible()

    kinds = [(e["username"], e["action"], e["outcome"]) for e in people.audit(start)
             if e["action"] in ("contact-request", "resolve")]
    assert kinds == [(NURSE.username, "contact-request", "ok"),
                     (MANAGER.username, "resolve", "ok")]
    assert verify(people.db).ok


def answer_override(qtbot: QtBot, justification: str | None) -> None:
    """When the override dialog opens, type the justification and confirm (or cancel)."""
    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, OverrideDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialog = dialogs[0]
        assert "recorded" in dialog.warning.text() and "investigated" in dialog.warning.text()
        if justification is None:
            dialog.reject()
            return
        dialog.justification.setPlainText(justification)
        dialog.confirm.click()
    QTimer.singleShot(0, answer)


def test_override_shows_shielded_details_once_and_not_on_reopening(
        qtbot: QtBot, people: People) -> None:
    start = people.last_seq()
    manager = desk_for(qtbot, people.signed_in(WIGAN_MANAGER))  # the child's own area
    open_record(qtbot, manager, SHIELDED, ReasonCode.SAFEGUARDING)
    view = manager.record_view
    assert view.shield_notice.isVisible() and view.override_button.isVisible()
    hidden_address = fixtures.SHIELDED.addresses[0].line
    assert hidden_address not in widget_strings(manager)

    answer_override(qtbot, "Court-ordered welfare check, case ref 1234")
    seen: list[tuple[bool, bool]] = []  # (the record view on screen, still being built)

    def look() -> None:
        seen.append((manager.record_stack.currentWidget() is view, view.building))

    every_turn = QTimer()
    every_turn.setInterval(0)
    every_turn.timeout.connect(look)
    every_turn.start()
    manager.record_stack.currentChanged.connect(lambda _index: look())
    view.override_button.click()
    qtbot.waitUntil(lambda: view.record is not None and view.record.overridden, timeout=10_000)
    every_turn.stop()
    assert (False, True) in seen and (True, True) not in seen  # built out of sight, shown whole
    assert view.override_notice.isVisible()
    assert hidden_address in widget_strings(manager)

    # Leaving the record ends the override; reopening shows the shielded view again.
    view.close_button.click()
    assert hidden_address not in widget_strings(manager)
    open_record(qtbot, manager, SHIELDED, ReasonCode.SAFEGUARDING)
    assert view.record is not None and not view.record.overridden
    assert view.shield_notice.isVisible()
    assert hidden_address not in widget_strings(manager)

    # Asked again every time: cancelling shows nothing.
    answer_override(qtbot, None)
    view.override_button.click()
    assert view.record is not None and not view.record.overridden
    assert hidden_address not in widget_strings(manager)

    overrides = [(e["action"], e["directory_id"], e["reason_code"]) for e in people.audit(start)
                 if e["action"] in ("override", "view")]
    assert overrides == [("view", SHIELDED, "safeguarding"),
                         ("override", SHIELDED, "safeguarding"),
                         ("view", SHIELDED, "safeguarding")]
    assert verify(people.db).ok


def test_a_practitioner_is_not_offered_the_override_and_the_server_refuses_it(
        qtbot: QtBot, people: People) -> None:
    nurse_client = people.signed_in(NURSE)
    nurse = desk_for(qtbot, nurse_client)
    open_record(qtbot, nurse, SHIELDED)
    assert not nurse.record_view.override_button.isVisible()
    assert not nurse.record_view.involvement_button.isVisible()
    from cpdesk.api.errors import Forbidden
    from cpdesk.domain import Reason

    with pytest.raises(Forbidden):
        nurse_client.shield_override(SHIELDED, Reason(ReasonCode.SAFEGUARDING),
                                     "I would like to see the whole record please")


def test_only_a_manager_of_the_childs_authority_is_offered_end_on_others_involvements(
        qtbot: QtBot, people: People) -> None:
    ae = fixtures.BOLTON_AE.directory_id
    bolton = desk_for(qtbot, people.signed_in(MANAGER))
    wigan = desk_for(qtbot, people.signed_in(WIGAN_MANAGER))
    for desk in (bolton, wigan):
        open_record(qtbot, desk, ae, ReasonCode.SAFEGUARDING)
    (paul,) = entry_cards(bolton, "Paul Ward")
    assert paul.findChild(QPushButton, "endInvolvementButton") is not None
    (same,) = entry_cards(wigan, "Paul Ward")
    assert same.findChild(QPushButton, "endInvolvementButton") is None
