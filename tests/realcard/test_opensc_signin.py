"""Signing in with a real card stack: OpenSC 0.23's ``opensc-pkcs11.so`` talking through a
private pcscd and the vpcd reader to a virtual OpenPGP card 3.4 — no SoftHSM anywhere.

The card users are added and enrolled with the ``cpdesk-mock`` command line, as a tester
would (the key pair generated on the card under its SO PIN, the certificate written under
CKA_ID 03). Sign-in goes through the real window (``cpdesk.app.build``) in this process;
one reader means one card at a time, so each test inserts its card and pulls it after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from cpdesk.app import Client
from cpdesk.auth.session import LockReason, Session, State
from cpdesk.auth.signin import FACTORS_REFUSED
from mock_server.data.users import UserStore
from tests.integration.signin_server import LiveServer, live_server
from tests.realcard.stack import ADMIN_PIN, REPO_ROOT, USER_PIN, CardStack
from tests.ui.window_support import open_client

pytestmark = pytest.mark.slow
CARD_TOKEN = "OpenPGP card (User PIN)"


@dataclass(frozen=True, slots=True)
class CardUser:
    username: str
    password: str
    card: str  # the virtual card's serial (8 hex digits)


NURSE = CardUser("card.nurse", "Card-nurse-2026", "0000A001")
OTHER = CardUser("card.other", "Card-other-2026", "0000B002")
CLUMSY = CardUser("card.clumsy", "Card-clumsy-2026", "0000C003")


def mock_cli(stack: CardStack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mock_server", *args], cwd=REPO_ROOT,
                          env=stack.environ(), capture_output=True, text=True, timeout=120,
                          check=False)


def add_user(stack: CardStack, db: Path, user: CardUser) -> None:
    done = mock_cli(stack, "users", "add", user.username, "--password", user.password,
                    "--role", "practitioner", "--organisation", "Royal Bolton Hospital",
                    "--local-authority", "Bolton", "--display-name", f"Card {user.username}",
                    "--phone", "01632 960123", "--email", f"{user.username}@example.org",
                    "--db", str(db))
    assert done.returncode == 0, done.stderr


def enrol(stack: CardStack, db: Path, user: CardUser,
          *extra: str) -> subprocess.CompletedProcess[str]:
    return mock_cli(stack, "enrol", user.username, "--module", stack.module_path,
                    "--token-label", CARD_TOKEN, "--db", str(db), *extra)


@pytest.fixture(scope="module")
def directory(card_stack: CardStack, tmp_path_factory: pytest.TempPathFactory
              ) -> Iterator[tuple[Path, dict[str, str]]]:
    """Three card users, each enrolled on a fresh virtual card of their own."""
    db = tmp_path_factory.mktemp("carddb") / "directory.sqlite3"
    UserStore(db).close()
    outputs = {}
    for user in (NURSE, OTHER, CLUMSY):
        add_user(card_stack, db, user)
        card_stack.insert_card(serial=user.card)
        try:
            done = enrol(card_stack, db, user, "--pin", USER_PIN, "--so-pin", ADMIN_PIN)
        finally:
            card_stack.remove_card()
        assert done.returncode == 0, done.stderr
        outputs[user.username] = done.stdout
    yield db, outputs


@pytest.fixture
def server(directory: tuple[Path, dict[str, str]]) -> Iterator[LiveServer]:
    with live_server(directory[0], {}) as live:
        yield live


@pytest.fixture
def inserted(card_stack: CardStack) -> Iterator[CardStack]:
    yield card_stack
    card_stack.remove_card()


@pytest.fixture
def client(qtbot: QtBot, server: LiveServer, card_stack: CardStack) -> Iterator[Client]:
    yield from open_client(qtbot, server.url, card_stack.module_path)


def field(client: Client, name: str) -> QLineEdit:
    widget = client.window.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def shown_error(client: Client) -> str:
    for name in ("signinError", "tokenError"):
        label = client.window.findChild(QLabel, name)
        if label is not None and label.isVisible() and label.text():
            return label.text()
    return ""


def ready(client: Client, widget: QLineEdit) -> bool:
    return (widget.isVisible() and widget.isEnabled()
            and not client.window.signin_view.busy.isVisible())


def type_and_enter(qtbot: QtBot, client: Client, name: str, text: str) -> None:
    widget = field(client, name)
    qtbot.waitUntil(lambda: ready(client, widget), timeout=20_000)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def password_step(qtbot: QtBot, client: Client, user: CardUser) -> None:
    """Card first (issue 16): the user name (this card may be another user's) and the
    password; the PIN goes in the same page (``pin_step``), one Enter for both."""
    username = field(client, "signinUsername")
    qtbot.waitUntil(username.isEnabled, timeout=10_000)
    username.setText(user.username)
    password = field(client, "signinPassword")
    qtbot.waitUntil(lambda: ready(client, password), timeout=20_000)
    password.clear()
    qtbot.keyClicks(password, user.password)


def pin_step(qtbot: QtBot, client: Client, pin: str, user: CardUser | None = None) -> str:
    """Type the PIN (the sign-in page's, with ``user``'s password again when it was wiped
    by a failed try; or the unlock screen's) and Enter; the error shown afterwards ('' when
    signed in or unlocked)."""
    signin = client.window.signin_view
    on_signin_page = signin.step == signin.CREDENTIALS
    if on_signin_page and user is not None and not field(client, "signinPassword").text():
        password_step(qtbot, client, user)
    type_and_enter(qtbot, client, "signinPin" if on_signin_page else "tokenPin", pin)
    qtbot.waitUntil(lambda: client.window.session.state is State.ACTIVE
                    or (bool(shown_error(client))
                        and not client.window.signin_view.busy.isVisible()), timeout=20_000)
    return "" if client.window.session.state is State.ACTIVE else shown_error(client)


def sign_in_with_card(qtbot: QtBot, client: Client, stack: CardStack,
                      user: CardUser) -> Session:
    """The user's card into the reader, then password and PIN through the window."""
    stack.insert_card(serial=user.card)
    password_step(qtbot, client, user)
    assert pin_step(qtbot, client, USER_PIN) == ""
    return client.window.session


def test_enrolment_generated_the_key_on_the_card_and_wrong_pins_are_one_line(
        card_stack: CardStack, directory: tuple[Path, dict[str, str]], inserted: CardStack
        ) -> None:
    db, outputs = directory
    for user in (NURSE, OTHER, CLUMSY):
        assert "new key pair generated on the token" in outputs[user.username]
        assert f"serial {card_stack.token_serial(user.card)}" in outputs[user.username]
    card_stack.insert_card(serial=OTHER.card)
    for extra, message in ((("--pin", "999999", "--so-pin", ADMIN_PIN),
                            "The PIN is not correct for that token."),
                           (("--pin", USER_PIN, "--so-pin", "99999999"),
                            "The SO PIN is not correct for that token.")):
        done = enrol(card_stack, db, OTHER, *extra)
        assert done.returncode == 1
        assert done.stderr.strip() == message
        assert "Traceback" not in done.stderr and done.stdout == ""
    # The key on the card is reused (an OpenPGP card cannot make key 03 twice).
    done = enrol(card_stack, db, OTHER, "--pin", USER_PIN, "--so-pin", ADMIN_PIN,
                 "--existing-key")
    assert done.returncode == 0, done.stderr
    assert "existing key" in done.stdout


def test_sign_in_through_the_real_window_with_opensc(
        qtbot: QtBot, inserted: CardStack, client: Client) -> None:
    session = sign_in_with_card(qtbot, client, inserted, NURSE)
    assert session.state is State.ACTIVE
    assert session.token_serial == inserted.token_serial(NURSE.card)
    status = session.status()
    assert status is not None and status.display_name == "Card card.nurse"


def test_card_pulled_locks_within_a_second_and_reinserted_unlocks(
        qtbot: QtBot, inserted: CardStack, client: Client) -> None:
    session = sign_in_with_card(qtbot, client, inserted, NURSE)
    inserted.remove_card(wait=False)  # the card process stops: the card is pulled
    qtbot.waitUntil(lambda: session.state is State.LOCKED, timeout=1000)
    assert session.lock_reason is LockReason.TOKEN_REMOVED
    inserted.insert_card(serial=NURSE.card)
    assert pin_step(qtbot, client, USER_PIN) == ""
    assert session.state is State.ACTIVE


def test_wrong_pins_count_down_then_the_card_locks_its_pin(
        qtbot: QtBot, inserted: CardStack, client: Client) -> None:
    """OpenSC answers a wrong PIN with CKR_USER_NOT_LOGGED_IN; the card's FINAL_TRY flag asks
    for confirmation; the third wrong PIN locks the card's own PIN."""
    inserted.insert_card(serial=CLUMSY.card)
    password_step(qtbot, client, CLUMSY)
    assert pin_step(qtbot, client, "000000", CLUMSY) == ("The PIN is not correct. 2 tries "
                                                         "left for this token.")
    assert pin_step(qtbot, client, "000001", CLUMSY) == ("The PIN is not correct. 1 try "
                                                         "left for this token.")
    confirm = client.window.findChild(QCheckBox, "signinConfirmFinal")
    assert confirm is not None
    qtbot.waitUntil(confirm.isVisible, timeout=10_000)
    confirm.setChecked(True)
    assert pin_step(qtbot, client, "000002", CLUMSY) == ("This token's PIN is locked. "
                                                         "Contact your registration "
                                                         "authority.")
    assert client.window.session.state is not State.ACTIVE
    # Pulled and re-inserted, the card still says it is locked: even the right PIN is refused.
    inserted.remove_card()
    inserted.insert_card(serial=CLUMSY.card)
    flags = next(t["flags"] for t in inserted.tokens() if t["label"] == CARD_TOKEN)
    assert "USER_PIN_LOCKED" in str(flags)


def test_a_card_enrolled_to_another_user_is_refused(
        qtbot: QtBot, inserted: CardStack, client: Client) -> None:
    inserted.insert_card(serial=OTHER.card)
    password_step(qtbot, client, NURSE)
    assert pin_step(qtbot, client, USER_PIN) == FACTORS_REFUSED
    assert client.window.session.state is not State.ACTIVE


def test_another_users_card_does_not_unlock_a_locked_session(
        qtbot: QtBot, inserted: CardStack, client: Client) -> None:
    session = sign_in_with_card(qtbot, client, inserted, NURSE)
    inserted.remove_card(wait=False)
    qtbot.waitUntil(lambda: session.state is State.LOCKED, timeout=1000)
    qtbot.waitUntil(lambda: shown_error(client).startswith("No security token found"),
                    timeout=10_000)
    inserted.insert_card(serial=OTHER.card)
    retry = client.window.findChild(QPushButton, "tokenRetry")
    assert retry is not None
    qtbot.waitUntil(lambda: retry.isVisible() and retry.isEnabled(), timeout=10_000)
    retry.click()  # "Look for token again", as the user does with the other card in
    qtbot.waitUntil(lambda: shown_error(client) == ("This is not the security token you "
                                                    "signed in with. Insert your own card."),
                    timeout=10_000)
    assert session.state is State.LOCKED


def test_the_environment_reaches_opensc_through_our_own_pcscd(card_stack: CardStack) -> None:
    assert os.environ["PCSCLITE_CSOCK_NAME"] == str(card_stack.socket_path)


def test_self_test_lists_the_card_once_with_its_flags_and_certificate(
        card_stack: CardStack, directory: tuple[Path, dict[str, str]], inserted: CardStack,
        tmp_path: Path) -> None:
    inserted.insert_card(serial=NURSE.card)
    env = {**card_stack.environ(), "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_CONFIG_DIRS": str(tmp_path / "none"), "CPDESK_PKCS11_MODULE":
           card_stack.module_path}
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "cpdesk", "--self-test"], cwd=REPO_ROOT,
                          env=env, capture_output=True, text=True, timeout=60, check=False)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    serial = inserted.token_serial(NURSE.card)
    assert f"card 1                       {CARD_TOKEN} (serial {serial};" in out
    assert "2 slots)" in out and "card 2 " not in out  # one card, however many slots
    assert "card 1 flags                 PIN OK" in out
    assert f"card 1 certificate           {NURSE.username}, expires " in out
    assert "key ID 03 (public key on the card)" in out
