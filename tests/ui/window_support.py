"""Driving the whole window built by ``cpdesk.app.build``: open a client, sign in through the
real sign-in screens with a real SoftHSM token, answer the reason dialog, open the A&E case."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from cpdesk.app import Client, build
from cpdesk.config import Settings
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.signin.view import SignInView
from mock_server.data.named_children import BOLTON_AE
from mock_server.tokens.demo_users import DemoUser
from tests.ui.search_record_support import NURSE, Directory


def open_client(qtbot: QtBot, url: str, module: str, **settings: object) -> Iterator[Client]:
    """A client for ``url`` (test profile unless given), shown and asked for the server's meta."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    options: dict[str, object] = {"profile": "test", **settings}
    built = build(Settings(server_url=url, pkcs11_module=module, **options), app)  # type: ignore[arg-type]
    qtbot.addWidget(built.window)
    built.window.show()
    built.window.refresh()
    yield built
    built.close()


def field(client: Client, name: str) -> QLineEdit:
    widget = client.window.findChild(QLineEdit, name)
    assert widget is not None, name
    return widget


def type_and_enter(qtbot: QtBot, client: Client, name: str, text: str) -> None:
    widget = field(client, name)
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled()
                    and not client.window.signin_view.busy.isVisible(), timeout=15_000)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def choose_card(qtbot: QtBot, view: SignInView, serial: str) -> None:
    """The sign-in page lists the cards; hers is chosen (automatically when it is alone)."""
    picker = view.findChild(QComboBox, "tokenPicker")
    assert picker is not None
    qtbot.waitUntil(lambda: picker.findData(serial) >= 0
                    and not view._controller.looking_for_cards, timeout=20_000)
    if picker.currentData() != serial:
        picker.setCurrentIndex(picker.findData(serial))
    qtbot.waitUntil(lambda: not view._controller.looking_for_cards, timeout=20_000)


def card_password_and_pin(qtbot: QtBot, view: SignInView, serial: str, username: str,
                          password: str, pin: str) -> None:
    """Card first (issue 16): her card, then password and PIN together and one Enter."""
    choose_card(qtbot, view, serial)
    username_field = view.findChild(QLineEdit, "signinUsername")
    assert username_field is not None
    if username_field.text() != username:  # another user at this card's reader
        username_field.setText(username)
    fields = [view.findChild(QLineEdit, name) for name in ("signinPassword", "signinPin")]
    password_field, pin_field = fields
    assert password_field is not None and pin_field is not None
    qtbot.waitUntil(lambda: pin_field.isEnabled() and not view.busy.isVisible(),
                    timeout=15_000)
    qtbot.keyClicks(password_field, password)
    qtbot.keyClicks(pin_field, pin)
    qtbot.keyClick(pin_field, Qt.Key.Key_Return)


def _card_password_and_pin(qtbot: QtBot, client: Client, directory: Directory,
                           user: DemoUser, password: str, serial: str | None) -> None:
    card_password_and_pin(qtbot, client.window.signin_view, serial or directory.serial,
                          user.username, password, user.pin)


def sign_in(qtbot: QtBot, client: Client, directory: Directory,
            user: DemoUser = NURSE, serial: str | None = None) -> None:
    """The user's own card, password and PIN, one Enter."""
    with qtbot.waitSignal(client.window._controller.signed_in, timeout=20_000):
        _card_password_and_pin(qtbot, client, directory, user, user.password, serial)


def sign_in_refused(qtbot: QtBot, client: Client, directory: Directory, password: str,
                    user: DemoUser = NURSE) -> str:
    """A wrong password: refused only with the card's signature (the server checks the
    factors together); the message shown on the sign-in page."""
    _card_password_and_pin(qtbot, client, directory, user, password, None)
    error = client.window.findChild(QLabel, "signinError")
    assert error is not None
    qtbot.waitUntil(lambda: error.isVisible() and bool(error.text()), timeout=20_000)
    return str(error.text())


def answer_reason_dialog(qtbot: QtBot) -> None:
    """When the modal reason dialog opens, choose "unscheduled care" and confirm."""
    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, ReasonDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialog = dialogs[0]
        dialog.code.setCurrentIndex(dialog.code.findData("unscheduled-care"))
        confirm = dialog.findChild(QPushButton, "reasonConfirm")
        assert confirm is not None and confirm.isEnabled()
        confirm.click()
    QTimer.singleShot(0, answer)


def open_bolton_case(qtbot: QtBot, client: Client) -> None:
    desk = client.window.desktop
    qtbot.keyClicks(desk.search_view.family_name, "doe")
    qtbot.keyClicks(desk.search_view.dob, "14-07-2011")
    qtbot.keyClick(desk.search_view.dob, Qt.Key.Key_Return)
    table = desk.search_view.table
    qtbot.waitUntil(lambda: table.model().rowCount() == 1, timeout=10_000)
    answer_reason_dialog(qtbot)
    desk.search_view.open_requested.emit(BOLTON_AE.directory_id)
    qtbot.waitUntil(lambda: desk.record_view.display is not None, timeout=10_000)
