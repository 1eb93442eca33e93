"""The practitioner's side of issue 17 on an open record, against a real mock server with real
SoftHSM sign-ins: bringing the team together (nothing ticked; consent; one contact list copied
through the clipboard guard; a meeting file only where the user chose), asking for a shield
(the same fixed words whatever the state), the household (a reason of its own; each brother or
sister opened with its own reason), the duplicate warning (and nothing of a shielded twin) and
the consents shown to the practitioners involved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QCheckBox, QRadioButton
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.domain import Consent
from cpdesk.ui.shell.directory_page import DesktopPage
from cpdesk.ui.together.convene_dialog import ConveneDialog
from cpdesk.ui.together.shield_request_dialog import ShieldRequestDialog
from mock_server.data import named_children as fixtures
from mock_server.data import planted_children as planted
from mock_server.tokens.softhsm import TokenDir
from tests.ui.actions_support import (
    NURSE,
    WELFARE,
    People,
    clipboard_guard,
    desk_for,
    open_record,
    start_people,
)
from tests.ui.window_support import answer_reason_dialog

KELLY = fixtures.KELLY
TODAY = date.today()


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
           token_dir: TokenDir) -> Iterator[People]:
    yield from start_people(tmp_path_factory.mktemp("together-record"), softhsm_module,
                            token_dir)


@pytest.fixture(scope="module")
def nurse(people: People) -> DirectoryClient:
    return people.signed_in(NURSE)


def consent_from_child(dialog: ConveneDialog) -> None:
    dialog.consent.buttons["child"].setChecked(True)


def test_the_team_is_brought_together_and_the_list_copied_or_saved(
        qtbot: QtBot, people: People, nurse: DirectoryClient, tmp_path: Path) -> None:
    clipboard = clipboard_guard()
    desk = desk_for(qtbot, nurse, clipboard)
    open_record(qtbot, desk, KELLY.directory_id)
    section = desk.record_view.together
    assert section.isVisible() and section.convene_button.isVisible()
    section.convene_button.click()
    dialog = desk.together.dialog
    assert isinstance(dialog, ConveneDialog)
    qtbot.waitUntil(dialog.isVisible)
    checks = dialog.findChildren(QCheckBox, "conveneChoice")
    texts = [c.text() for c in checks]
    # Current and recently ended practitioners; nothing ticked for the user.
    assert any("Marcus Reid" in t for t in texts)
    assert any("Helen Crompton" in t and "ended" in t for t in texts)
    assert not any("Sean Kay" in t for t in texts)  # ended more than a year ago
    assert not any(c.isChecked() for c in checks)

    dialog.send_button.click()
    assert "at least one practitioner" in dialog.message.text()
    for check in checks:
        check.setChecked(True)
    dialog.send_button.click()
    assert "consent" in dialog.message.text().lower()
    consent_from_child(dialog)
    seq = people.last_seq()
    dialog.send_button.click()
    qtbot.waitUntil(lambda: dialog.convening is not None, timeout=10_000)
    text = dialog.contact_text.toPlainText()
    assert text.splitlines()[0] == "Team meeting — contact details"
    assert "marcus.reid@example.org" in text and "01632 960114" in text
    assert NURSE.display_name in text  # the convener first
    for detail in ("Kelly", "Fairhurst", KELLY.directory_id):
        assert detail not in text
    convened = [e for e in people.audit(seq) if e["action"] == "convene"]
    assert convened and convened[0]["outcome"] == "ok"
    assert convened[0]["detail"]["consent"]["basis"] == "child"

    dialog.copy_list_button.click()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.clipboard().text() == text
    assert "Copied" in dialog.result_hint.text()

    saved: list[str] = []
    dialog.choose_path = lambda suggested: saved.append(suggested) or None  # type: ignore[func-returns-value]
    dialog.save_button.click()
    assert saved and saved[0].endswith(".ics") and "no file was chosen" in \
        dialog.result_hint.text()
    assert list(tmp_path.iterdir()) == []
    target = tmp_path / "meeting.ics"
    dialog.choose_path = lambda suggested: str(target)
    dialog.save_button.click()
    ics = target.read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and "mailto:marcus.reid@example.org" in ics
    assert "Kelly" not in ics and "Fairhurst" not in ics
    assert list(tmp_path.iterdir()) == [target]
    dialog.reject()
    clipboard.clear_now()


def test_a_shield_request_says_the_same_whatever_the_state(
        qtbot: QtBot, people: People, nurse: DirectoryClient) -> None:
    desk = desk_for(qtbot, nurse)
    hints = []
    for child, subject in ((fixtures.CARE_LEAVER, 0), (KELLY, 1)):
        open_record(qtbot, desk, child.directory_id)
        section = desk.record_view.together
        assert section.shield_button.isVisible()
        section.shield_button.click()
        dialog = desk.together.dialog
        assert isinstance(dialog, ShieldRequestDialog)
        radios = dialog.findChildren(QRadioButton, "shieldSubject")
        assert radios[0].text() == "The child or young person"
        assert not any(r.isChecked() for r in radios)
        dialog.reason.setPlainText("Too short")
        dialog.send_button.click()
        assert "who the shield is for" in dialog.message.text()
        radios[min(subject, len(radios) - 1)].setChecked(True)
        dialog.send_button.click()
        assert "at least 20 characters" in dialog.message.text()
        dialog.reason.setPlainText("The family has fled violence and the father is looking.")
        dialog.send_button.click()
        qtbot.waitUntil(lambda d=dialog: d.reference is not None, timeout=10_000)
        assert dialog.reference is not None and dialog.reference.startswith("SHR-")
        assert dialog.reason.toPlainText() == ""  # wiped once sent
        hints.append(dialog.reference_hint.text())
        dialog.reject()
    assert hints[0] == hints[1]
    assert "you will not be told whether a shield is in place" in hints[0]


def test_brothers_and_sisters_each_with_a_reason_of_their_own(
        qtbot: QtBot, people: People, nurse: DirectoryClient) -> None:
    desk = desk_for(qtbot, nurse)
    open_record(qtbot, desk, KELLY.directory_id)
    section = desk.record_view.together
    seq = people.last_seq()
    answer_reason_dialog(qtbot)
    section.household_button.click()
    qtbot.waitUntil(lambda: section.sibling_model.rowCount() == 3, timeout=10_000)
    rows = [tuple(section.sibling_model.index(r, c).data() for c in range(3))
            for r in range(3)]
    assert sorted(name.split(",")[0].upper() for name, _b, _s in rows) == ["FAIRHURST"] * 3
    assert any("Jayden" in name for name, _b, _s in rows)
    assert all(born.endswith("y)") for _n, born, _s in rows)  # date of birth and age
    assert all(school and school != "Not known" for _n, _b, school in rows)
    household = [e for e in people.audit(seq) if e["action"] == "household"]
    assert household and household[0]["reason_code"] == "unscheduled-care"

    brother = next(i for i, s in enumerate(section.siblings)
                   if s.directory_id == fixtures.KELLY_BROTHER.directory_id)
    section.sibling_table.selectRow(brother)
    answer_reason_dialog(qtbot)  # asked again, for the brother's own record
    section.open_sibling.click()
    qtbot.waitUntil(lambda: desk.record_view.record is not None
                    and desk.record_view.record.directory_id
                    == fixtures.KELLY_BROTHER.directory_id, timeout=10_000)
    views = [e for e in people.audit(seq) if e["action"] == "view"
             and e["directory_id"] == fixtures.KELLY_BROTHER.directory_id]
    assert views and views[0]["reason_code"] == "unscheduled-care"
    assert section.sibling_model.rowCount() == 0  # the household went with Kelly's record


def test_a_possible_duplicate_is_said_and_a_shielded_twin_never_shows(
        qtbot: QtBot, nurse: DirectoryClient) -> None:
    desk: DesktopPage = desk_for(qtbot, nurse)
    open_record(qtbot, desk, planted.DUPLICATE_A.directory_id)
    section = desk.record_view.together
    assert section.duplicate_notice.isVisible()
    assert section.duplicate_notice.text() == ("This record may have a duplicate; the area "
                                               "team has been told.")

    # The old copy of a shielded child is shielded with her: no warning, no action, nothing
    # of the twin; the household and convening are not offered.
    open_record(qtbot, desk, planted.UNSHIELDED_COPY.directory_id)
    assert desk.record_view.display is not None
    assert desk.record_view.display.shielded_notice is not None
    assert not section.isVisible() and not section.duplicate_notice.text()
    shown = " ".join(w.text() for w in desk.record_view.findChildren(type(
        section.duplicate_notice)) if w.isVisible())
    for leak in ("duplicate", "Wigan", "Lily", "Standish", planted.SHIELDED_TWIN.directory_id):
        assert leak not in shown

    open_record(qtbot, desk, KELLY.directory_id)
    assert not section.duplicate_notice.isVisible()


def test_consents_are_shown_to_the_practitioners_involved(
        qtbot: QtBot, people: People) -> None:
    welfare = people.signed_in(WELFARE)
    welfare.record_involvement(fixtures.CARE_LEAVER.directory_id, "education-welfare",
                               "Education welfare officer", TODAY, False, False,
                               consent=Consent("parent", given_on=TODAY))
    desk = desk_for(qtbot, welfare)
    open_record(qtbot, desk, fixtures.CARE_LEAVER.directory_id)
    section = desk.record_view.together
    assert section.consents.isVisible()
    text = section.consent_lines.text()
    assert "Given by a parent or carer" in text and "involvement" in text
    assert WELFARE.display_name in text
    desk.record_view.clear()
    assert section.consent_lines.text() == "" and not section.isVisible()
