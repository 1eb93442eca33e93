"""The sign-in screen with a fake directory and fake cards: every step, every message."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QListWidget, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from cpdesk.api import errors
from cpdesk.auth.session import LockReason, Session, State
from cpdesk.auth.token import PinStatus
from cpdesk.ui.signin.controller import REMOVAL_LOCKS, REMOVAL_SIGNS_OUT, SignInController
from cpdesk.ui.signin.token_thread import TokenThread, TokenWatcher
from cpdesk.ui.signin.view import SignInView
from tests.unit.signin_fakes import (
    GOOD_PIN,
    FakeApi,
    FakeModule,
    FakeToken,
    roles,
    session_info,
    token,
)


@dataclass
class Rig:
    view: SignInView
    controller: SignInController
    session: Session
    api: FakeApi
    module: FakeModule
    watcher: TokenWatcher

    def find(self, kind: type, name: str):  # type: ignore[no-untyped-def]
        widget = self.view.findChild(kind, name)
        assert widget is not None, name
        return widget


def make_rig(qtbot: QtBot, module: FakeModule, api: FakeApi,
             removal_policy: str = REMOVAL_LOCKS) -> Iterator[Rig]:
    thread = TokenThread(lambda: module)
    session = Session()
    watcher = TokenWatcher(thread)
    controller = SignInController(api, thread, session, watcher=watcher,
                                  removal_policy=removal_policy)
    view = SignInView(controller, "nurse.test")
    qtbot.addWidget(view)
    view.show()
    yield Rig(view, controller, session, api, module, watcher)
    watcher.stop()
    thread.stop()


@pytest.fixture
def card() -> FakeToken:
    return token()


@pytest.fixture
def rig(qtbot: QtBot, card: FakeToken) -> Iterator[Rig]:
    yield from make_rig(qtbot, FakeModule(card), FakeApi())


def enter_credentials(qtbot: QtBot, rig: Rig, typed: str = "pw",
                      pin: bytes = GOOD_PIN) -> None:
    """Card first (issue 16): password and PIN on one page, one Enter signs in."""
    password_field = rig.find(QLineEdit, "signinPassword")
    pin_field = rig.find(QLineEdit, "signinPin")
    qtbot.waitUntil(lambda: rig.find(QPushButton, "signinContinue").isEnabled()
                    and not rig.controller.looking_for_cards, timeout=5000)
    qtbot.keyClicks(password_field, typed)
    qtbot.keyClick(password_field, Qt.Key.Key_Return)  # Enter moves on to the empty PIN
    assert rig.view.focusWidget() is pin_field
    qtbot.keyClicks(pin_field, pin.decode())
    qtbot.keyClick(pin_field, Qt.Key.Key_Return)


def enter_pin(qtbot: QtBot, rig: Rig, pin: bytes = GOOD_PIN) -> None:
    """The unlock screen's PIN."""
    pin_field = rig.find(QLineEdit, "tokenPin")
    qtbot.waitUntil(lambda: rig.view.step == SignInView.TOKEN and pin_field.isEnabled()
                    and rig.find(QPushButton, "tokenUnlock").isEnabled(), timeout=5000)
    qtbot.keyClicks(pin_field, pin.decode())
    qtbot.keyClick(pin_field, Qt.Key.Key_Return)


def wait_for_card(qtbot: QtBot, rig: Rig) -> None:
    qtbot.waitUntil(lambda: "Card " in rig.find(QLabel, "signinCardHolder").text()
                    or rig.find(QWidget, "tokenPicker").isVisible(), timeout=5000)


def error_text(rig: Rig, name: str) -> str:
    label = rig.find(QLabel, name)
    return label.text() if label.isVisible() else ""


def test_controls_have_names_and_accessible_names(rig: Rig) -> None:
    assert rig.view.findChild(QWidget, "rolePicker") is None  # not at start
    # The role page is made when a role is first asked for (issue 18: cold start).
    assert rig.view.role_picker.objectName() == "rolePicker"
    for name in ("signinUsername", "signinPassword", "signinPin", "signinContinue",
                 "signinLookAgain", "signinOtherUser", "signinConfirmFinal", "tokenPin",
                 "tokenUnlock", "rolePicker", "tokenPicker", "tokenConfirmFinal"):
        widget = rig.find(QWidget, name)
        assert widget.accessibleName(), name
    for name in ("signinPassword", "signinPin", "tokenPin"):
        assert rig.find(QLineEdit, name).echoMode() is QLineEdit.EchoMode.Password


def test_sign_in_with_one_token_and_fields_cleared(qtbot: QtBot, rig: Rig,
                                                  card: FakeToken) -> None:
    wait_for_card(qtbot, rig)
    assert not rig.find(QWidget, "tokenPicker").isVisible()  # one token: chosen for the user
    with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
        enter_credentials(qtbot, rig)
    assert rig.find(QLineEdit, "signinPassword").text() == ""
    assert rig.find(QLineEdit, "signinPin").text() == ""
    assert card.seen_pins == [GOOD_PIN]
    assert rig.session.state is State.ACTIVE and rig.session.token_serial == "SER-1"
    assert rig.api.passwords == ["pw"]
    status = rig.session.status()
    assert status is not None and status.organisation == "Royal Bolton Hospital A&E"


def test_challenge_is_requested_only_when_the_pin_is_submitted(qtbot: QtBot, rig: Rig) -> None:
    wait_for_card(qtbot, rig)
    qtbot.keyClicks(rig.find(QLineEdit, "signinPassword"), "pw")
    qtbot.keyClicks(rig.find(QLineEdit, "signinPin"), GOOD_PIN.decode())
    qtbot.wait(100)
    assert "challenge" not in rig.api.calls  # she may take all the time she needs
    with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
        qtbot.keyClick(rig.find(QLineEdit, "signinPin"), Qt.Key.Key_Return)
    assert rig.api.calls[:3] == ["meta", "challenge", "create_session"]


def test_wrong_password_message_on_the_sign_in_page(qtbot: QtBot, rig: Rig) -> None:
    rig.api.fail_challenge = errors.InvalidCredentials(code="invalid_credentials")
    enter_credentials(qtbot, rig)
    qtbot.waitUntil(lambda: error_text(rig, "signinError") != "", timeout=5000)
    assert error_text(rig, "signinError") == "User name or password not recognised."
    assert rig.find(QLineEdit, "signinPassword").text() == ""
    assert rig.view.step == SignInView.CREDENTIALS
    assert rig.session.state is State.SIGNED_OUT


def test_locked_account_and_unreachable_server(qtbot: QtBot, rig: Rig) -> None:
    rig.api.fail_challenge = errors.AccountLocked(code="account_locked", retry_after=600)
    enter_credentials(qtbot, rig)
    qtbot.waitUntil(lambda: "10 minutes" in error_text(rig, "signinError"), timeout=5000)
    rig.api.fail_challenge = errors.Unreachable()
    enter_credentials(qtbot, rig)
    qtbot.waitUntil(lambda: "cannot be reached" in error_text(rig, "signinError"),
                    timeout=5000)


def test_several_tokens_the_user_picks_and_focus_stays(qtbot: QtBot) -> None:
    first, second = token("A", "card-a"), token("B", "card-b")
    for rig in make_rig(qtbot, FakeModule(first, second), FakeApi()):
        picker = rig.find(QWidget, "tokenPicker")
        qtbot.waitUntil(picker.isVisible, timeout=5000)
        assert [picker.itemData(i) for i in range(picker.count())] == [None, "A", "B"]
        password = rig.find(QLineEdit, "signinPassword")
        password.setFocus()
        qtbot.waitUntil(password.hasFocus, timeout=2000)
        picker.setCurrentIndex(2)  # as the arrow keys on the list would
        qtbot.wait(100)
        assert rig.view.focusWidget() is password  # not a change of context (WCAG 3.2.2)
        assert rig.find(QLineEdit, "signinPin").isEnabled()
        with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
            enter_credentials(qtbot, rig)
        assert second.seen_pins == [GOOD_PIN] and first.seen_pins == []
        assert rig.session.token_serial == "B"
        # Next time her last card is preselected.
        qtbot.waitUntil(lambda: picker.count() == 3, timeout=5000)  # noqa: B023
        assert picker.currentData() == "B"


def test_keyboard_choice_of_card_keeps_focus_on_the_picker(qtbot: QtBot) -> None:
    for rig in make_rig(qtbot, FakeModule(token("A"), token("B")), FakeApi()):
        picker = rig.find(QWidget, "tokenPicker")
        qtbot.waitUntil(picker.isVisible, timeout=5000)
        picker.setFocus()
        qtbot.waitUntil(picker.hasFocus, timeout=2000)
        qtbot.keyClick(picker, Qt.Key.Key_Down)
        qtbot.keyClick(picker, Qt.Key.Key_Down)
        qtbot.wait(100)
        assert picker.hasFocus() and picker.currentData() == "B"


def test_no_token_then_inserted(qtbot: QtBot, rig: Rig, card: FakeToken) -> None:
    card.present = False
    rig.controller.look_for_cards()
    holder = rig.find(QLabel, "signinCardHolder")
    qtbot.waitUntil(lambda: "No card found" in holder.text(), timeout=5000)
    assert rig.find(QLineEdit, "signinUsername").isVisible()  # a user name can be typed
    enter_credentials(qtbot, rig)
    qtbot.waitUntil(lambda: "No security token found" in error_text(rig, "signinError"),
                    timeout=5000)
    card.present = True
    qtbot.mouseClick(rig.find(QPushButton, "signinLookAgain"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Card " in holder.text(), timeout=5000)
    with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
        enter_credentials(qtbot, rig)


def test_role_picker_for_two_roles(qtbot: QtBot, card: FakeToken) -> None:
    api = FakeApi(session_info(active=None, role_set=roles("Moorside High", "Hindley Green")))
    for rig in make_rig(qtbot, FakeModule(card), api):
        enter_credentials(qtbot, rig)
        qtbot.waitUntil(lambda: rig.view.step == SignInView.ROLE, timeout=5000)  # noqa: B023
        picker = rig.find(QListWidget, "rolePicker")  # made when the roles came (issue 18)
        assert picker.count() == 2 and "Hindley Green" in picker.item(1).text()
        picker.setCurrentRow(1)
        with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
            qtbot.mouseClick(rig.find(QPushButton, "roleContinue"), Qt.MouseButton.LeftButton)
        assert api.calls[-1] == "select_role:r2"
        status = rig.session.status()
        assert status is not None and status.organisation == "Hindley Green"


def test_wrong_pins_tries_left_confirmation_then_blocked(qtbot: QtBot, rig: Rig,
                                                        card: FakeToken) -> None:
    enter_credentials(qtbot, rig, pin=b"1111")
    qtbot.waitUntil(lambda: "2 tries left" in error_text(rig, "signinError"), timeout=5000)
    assert rig.find(QLineEdit, "signinPin").text() == ""
    enter_credentials(qtbot, rig, pin=b"2222")
    qtbot.waitUntil(lambda: "1 try left" in error_text(rig, "signinError"), timeout=5000)
    confirm = rig.find(QCheckBox, "signinConfirmFinal")
    assert confirm.isVisible() and not confirm.isChecked()
    enter_credentials(qtbot, rig, pin=b"3333")  # not confirmed: refused before the card
    qtbot.waitUntil(lambda: "last PIN try" in error_text(rig, "signinError"), timeout=5000)
    assert len(card.seen_pins) == 2
    confirm.setChecked(True)
    enter_credentials(qtbot, rig, pin=b"3333")
    qtbot.waitUntil(lambda: "blocked for this session" in error_text(rig, "signinError"),
                    timeout=5000)
    assert error_text(rig, "signinError") == (
        "This token is blocked for this session. Remove it and contact your registration "
        "authority.")
    assert not rig.find(QLineEdit, "signinPin").isEnabled()
    assert card.opened == card.closed == 3


def test_token_flags_warn_and_stop(qtbot: QtBot, card: FakeToken) -> None:
    card.status = PinStatus(count_low=True)
    for rig in make_rig(qtbot, FakeModule(card), FakeApi()):
        advice = rig.find(QLabel, "signinAdvice")
        qtbot.waitUntil(lambda: "few PIN tries left" in advice.text(), timeout=5000)  # noqa: B023
        card.status = PinStatus(locked=True)
        qtbot.mouseClick(rig.find(QPushButton, "signinLookAgain"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "PIN is locked" in advice.text(), timeout=5000)  # noqa: B023
        assert not rig.find(QLineEdit, "signinPin").isEnabled()


def test_removal_locks_then_unlock_with_same_token(qtbot: QtBot, rig: Rig,
                                                   card: FakeToken) -> None:
    with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
        enter_credentials(qtbot, rig)
    card.present = False
    qtbot.waitUntil(lambda: rig.session.state is State.LOCKED, timeout=1000)
    assert rig.session.lock_reason is LockReason.TOKEN_REMOVED
    rig.view.show_unlock("nurse.test")
    qtbot.waitUntil(lambda: "No security token found" in error_text(rig, "tokenError"),
                    timeout=5000)
    card.present = True
    with qtbot.waitSignal(rig.watcher.token_inserted, timeout=2000):
        pass
    qtbot.mouseClick(rig.find(QPushButton, "tokenRetry"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: rig.find(QLineEdit, "tokenPin").isEnabled(), timeout=5000)
    with qtbot.waitSignal(rig.watcher.token_removed, timeout=1000):
        card.present = False  # pulled again while the unlock screen waits for the PIN
    enter_pin(qtbot, rig)
    qtbot.waitUntil(lambda: "was removed" in error_text(rig, "tokenError"), timeout=5000)
    assert rig.session.state is State.LOCKED
    card.present = True
    qtbot.mouseClick(rig.find(QPushButton, "tokenRetry"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(rig.controller.unlocked, timeout=5000):
        enter_pin(qtbot, rig)
    assert rig.session.state is State.ACTIVE
    assert rig.api.calls.count("challenge") == 1  # no password asked again
    assert rig.api.calls[-2:] == ["unlock_challenge", "unlock"]  # the card proves itself
    assert rig.api.unlocked_with[-1][0] == "un-1"


def test_unlock_with_someone_elses_token_and_ended_session(qtbot: QtBot, card: FakeToken) -> None:
    other = token("OTHER", "someone-else")
    module = FakeModule(card, other)
    for rig in make_rig(qtbot, module, FakeApi()):
        picker = rig.find(QWidget, "tokenPicker")
        qtbot.waitUntil(picker.isVisible, timeout=5000)
        picker.setCurrentIndex(1)
        with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
            enter_credentials(qtbot, rig)
        rig.controller.lock(LockReason.USER)
        card.present = False
        rig.view.show_unlock("nurse.test")
        qtbot.waitUntil(lambda: "not the security token you signed in with"
                        in error_text(rig, "tokenError"), timeout=5000)  # noqa: B023
        card.present = True
        rig.api.fail_unlock = errors.SessionExpired(code="session_expired")
        qtbot.mouseClick(rig.find(QPushButton, "tokenRetry"), Qt.MouseButton.LeftButton)
        with qtbot.waitSignal(rig.controller.session_ended, timeout=5000):
            enter_pin(qtbot, rig)
        assert rig.session.state is State.SIGNED_OUT and rig.session.info is None
        assert rig.view.step == SignInView.CREDENTIALS
        assert "session has ended" in error_text(rig, "signinError")
        assert rig.find(QLineEdit, "signinUsername").text() == "nurse.test"


def test_removal_signs_out_when_the_policy_says_so(qtbot: QtBot, card: FakeToken) -> None:
    for rig in make_rig(qtbot, FakeModule(card), FakeApi(), REMOVAL_SIGNS_OUT):
        with qtbot.waitSignal(rig.controller.signed_in, timeout=5000):
            enter_credentials(qtbot, rig)
        card.present = False
        qtbot.waitUntil(lambda: rig.session.state is State.SIGNED_OUT,  # noqa: B023
                        timeout=1000)
        assert rig.session.info is None


def test_certificate_expiring_soon_is_warned_after_sign_in(qtbot: QtBot,
                                                           card: FakeToken) -> None:
    soon = datetime.now(UTC) + timedelta(days=30)
    for rig in make_rig(qtbot, FakeModule(card), FakeApi(session_info(cert_expires=soon))):
        with qtbot.waitSignal(rig.controller.certificate_warning, timeout=5000) as warned:
            enter_credentials(qtbot, rig)
        assert f"{soon.day:02d}-{soon.strftime('%b')}-{soon.year}" in warned.args[0]
