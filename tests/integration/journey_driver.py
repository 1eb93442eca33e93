"""Drives the real client as a user would, in its own process on a real X display
(``QT_QPA_PLATFORM=xcb``): sign in, search, reason, record, record my involvement, pull the
card, re-insert it, unlock, sign out, quit — a screenshot at every step.

Run by ``test_journey.py`` as ``python -m tests.integration.journey_driver``; it reads its
parameters as JSON on stdin (the password and PIN never go into a file or the command line)
and writes widget dumps (``record-open.txt``, ``after-lock.txt``, ``after-unlock.txt``,
``after-signout.txt``) and ``result.json`` into the dump folder. It starts the client the way
``cpdesk.app.main`` does (settings, logging, crash handlers, scheme, translator, ``build``).

It prints step names only, never a value it typed or read.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QLineEdit, QWidget

from cpdesk.app import Client, build
from cpdesk.auth.session import State
from cpdesk.config import load_settings
from cpdesk.crash import CrashHandlers
from cpdesk.logging_setup import configure_logging
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.together.involvement_dialogs import RecordInvolvementDialog
from tests.ui.search_record_support import widget_strings


class JourneyError(RuntimeError):
    """A step did not happen in time (the message names the step, never a value)."""


@dataclass(frozen=True, slots=True)
class Plan:
    server_url: str
    module: str
    username: str
    password: str
    pin: str
    token_label: str
    family_name: str
    dob: str  # as a user types it: DD-MM-YYYY
    token_folder: str
    pulled_to: str
    shots: str
    dumps: str


def wait_until(check: Callable[[], bool], what: str, timeout_ms: int = 20_000) -> float:
    """Process events until ``check()``; the milliseconds it took."""
    started = time.monotonic()
    deadline = started + timeout_ms / 1000
    while not check():
        if time.monotonic() > deadline:
            raise JourneyError(f"timed out waiting for: {what}")
        QTest.qWait(10)
    return (time.monotonic() - started) * 1000


class Journey:
    def __init__(self, plan: Plan, app: QApplication, client: Client) -> None:
        self.plan = plan
        self.app = app
        self.client = client
        self.window = client.window
        self.shots = Path(plan.shots)
        self.dumps = Path(plan.dumps)
        self.step = 0
        self.result: dict[str, Any] = {"screenshots": []}

    # -- helpers -----------------------------------------------------------------------------

    def find(self, kind: type[QObject], name: str) -> Any:
        widget = self.window.findChild(kind, name)
        if widget is None:
            raise JourneyError(f"no widget named {name}")
        return widget

    def shot(self, name: str, *, screen: bool = False) -> None:
        """The window as drawn, or (with dialogs open) that part of the X screen."""
        QTest.qWait(50)
        self.app.processEvents()
        if screen:
            frame = self.window.frameGeometry()
            pixmap = QGuiApplication.primaryScreen().grabWindow(
                0, frame.x(), frame.y(), frame.width(), frame.height())
        else:
            pixmap = self.window.grab()
        self.step += 1
        path = self.shots / f"{self.step:02d}-{name}.png"
        if not pixmap.save(str(path)):
            raise JourneyError(f"screenshot not saved: {path.name}")
        self.result["screenshots"].append(path.name)
        print(f"step {self.step:02d} {name}", flush=True)

    def dump(self, name: str) -> None:
        texts: list[str] = []
        for top in QApplication.topLevelWidgets():
            texts += widget_strings(top)
        (self.dumps / f"{name}.txt").write_text("\n".join(texts), encoding="utf-8")

    def type_into(self, widget: QWidget, text: str, *, enter: bool = True) -> None:
        wait_until(lambda: widget.isVisible() and widget.isEnabled()
                   and not self.window.signin_view.busy.isVisible(), "field ready")
        widget.setFocus()
        QTest.keyClicks(widget, text)
        if enter:
            QTest.keyClick(widget, Qt.Key.Key_Return)

    def state(self) -> State:
        return self.window.session.state

    # -- the journey -------------------------------------------------------------------------

    def run(self) -> None:
        self.sign_in()
        self.search_and_open()
        self.record_involvement()
        self.pull_and_reinsert_card()
        self.sign_out()

    def sign_in(self) -> None:
        """Card first (issue 16): her card chosen among those in the readers (arrow keys),
        then password and PIN together and one Enter."""
        window = self.window
        wait_until(lambda: window.environment_badge.text() == "TEST", "server environment")
        window.activateWindow()
        wait_until(window.isActiveWindow, "window active")
        self.shot("sign-in")
        self.choose_card(shots=True)
        username = self.find(QLineEdit, "signinUsername")
        if username.text() != self.plan.username:  # the card names someone else
            username.setText(self.plan.username)
        # A mistyped password first (it holds the password sentinel too): the server checks
        # it together with the card's signature, so it is refused after the PIN.
        password = self.find(QLineEdit, "signinPassword")
        pin = self.find(QLineEdit, "signinPin")
        self.type_into(password, self.plan.password + "-typo", enter=False)
        self.type_into(pin, self.plan.pin)
        error = self.find(QLabel, "signinError")
        wait_until(lambda: error.isVisible() and password.isEnabled()
                   and not window.signin_view.busy.isVisible(), "wrong password explained")
        self.shot("wrong-password")
        self.type_into(password, self.plan.password, enter=False)
        self.shot("credentials-typed")
        self.type_into(pin, self.plan.pin, enter=False)
        self.shot("token-pin")
        QTest.keyClick(pin, Qt.Key.Key_Return)
        wait_until(lambda: self.state() is State.ACTIVE
                   and window.pages.currentWidget() is window.desktop, "signed in")
        self.shot("signed-in")

    def choose_card(self, *, shots: bool = False) -> None:
        """Pick the user's card with the arrow keys among those listed; the focus stays on
        the list (choosing is not a change of context)."""
        picker = self.find(QComboBox, "tokenPicker")
        wait_until(lambda: picker.isVisible() and picker.count() > 1, "several cards listed")
        if shots:
            self.shot("token-picker")
        mine = next((i for i in range(picker.count())
                     if f"— {self.plan.token_label} (" in picker.itemText(i)), None)
        if mine is None:
            raise JourneyError("the user's card is not listed")
        picker.setFocus()
        while picker.currentIndex() < mine:  # arrow keys choose, as a keyboard user does
            QTest.keyClick(picker, Qt.Key.Key_Down)
        while picker.currentIndex() > mine:
            QTest.keyClick(picker, Qt.Key.Key_Up)
        if picker.currentIndex() != mine:
            raise JourneyError("another card is chosen")
        if QApplication.focusWidget() is not picker:
            raise JourneyError("choosing a card moved the keyboard focus")
        wait_until(lambda: not self.window.signin_view._controller.looking_for_cards,
                   "the card's PIN flags read")

    def search_and_open(self) -> None:
        desk = self.window.desktop
        self.type_into(self.find(QLineEdit, "searchFamilyName"), self.plan.family_name,
                       enter=False)
        self.type_into(self.find(QLineEdit, "searchDob"), self.plan.dob)
        table = desk.search_view.table
        wait_until(lambda: table.model().rowCount() == 1, "one search result")
        self.shot("search-results")

        reason_seen: list[bool] = []

        def answer() -> None:
            dialog = next((w for w in QApplication.topLevelWidgets()
                           if isinstance(w, ReasonDialog) and w.isVisible()), None)
            if dialog is None:
                QTimer.singleShot(20, answer)
                return
            code = dialog.findChild(QComboBox, "reasonCode")
            code.setFocus()
            for _ in range(code.count()):
                if code.currentData() == "unscheduled-care":
                    break
                QTest.keyClick(code, Qt.Key.Key_Down)
            reason_seen.append(code.currentData() == "unscheduled-care")
            self.shot("reason-dialog", screen=True)
            QTest.keyClick(dialog, Qt.Key.Key_Return)  # the default button: Open record

        table.setFocus()
        QTest.keyClick(table, Qt.Key.Key_Down)  # the first (only) row
        QTimer.singleShot(0, answer)
        QTest.keyClick(table, Qt.Key.Key_Return)  # opens the modal reason dialog
        if reason_seen != [True]:
            raise JourneyError("the reason could not be chosen")
        wait_until(lambda: desk.record_view.display is not None
                   and desk.record_stack.currentWidget() is desk.record_view, "record shown")
        self.shot("record")

    def record_involvement(self) -> None:
        desk = self.window.desktop
        QTest.mouseClick(desk.record_view.involvement_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: isinstance(desk.action_dialog, RecordInvolvementDialog)
                   and desk.action_dialog.isVisible(), "involvement dialog")
        dialog = desk.action_dialog
        assert isinstance(dialog, RecordInvolvementDialog)
        service = dialog.service
        wait_until(service.isEnabled, "list of services")
        service.setFocus()
        QTest.keyClicks(service, "Health")  # keyboard search picks "Health visiting"
        if service.currentData() != "health-visiting":
            raise JourneyError("the service was not chosen")
        QTest.mouseClick(dialog.consent.buttons["child"], Qt.MouseButton.LeftButton)  # issue 17
        self.shot("involvement-dialog", screen=True)
        QTest.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: "involvement is recorded" in desk.record_view.status.text(),
                   "involvement recorded")
        self.shot("involvement-recorded")
        self.dump("record-open")

    def pull_and_reinsert_card(self) -> None:
        window, plan = self.window, self.plan
        inserted: list[str] = []
        self.client.watcher.token_inserted.connect(inserted.append)
        shutil.move(plan.token_folder, plan.pulled_to)
        self.result["lock_ms"] = wait_until(lambda: self.state() is State.LOCKED,
                                            "locked after the card was pulled", 5_000)
        self.dump("after-lock")
        self.shot("card-pulled-locked")
        shutil.move(plan.pulled_to, plan.token_folder)
        wait_until(lambda: bool(inserted), "card seen again")
        pin = self.find(QLineEdit, "tokenPin")
        # The unlock screen finds the card by itself; the user only types the PIN.
        wait_until(lambda: pin.isEnabled() and not window.signin_view.busy.isVisible(),
                   "PIN asked again")
        self.shot("card-back")
        self.type_into(pin, plan.pin + "0")  # a mistyped PIN first
        error = self.find(QLabel, "tokenError")
        wait_until(lambda: error.isVisible() and pin.isEnabled()
                   and not window.signin_view.busy.isVisible(), "wrong PIN explained")
        self.shot("wrong-pin")
        self.type_into(pin, plan.pin)
        wait_until(lambda: self.state() is State.ACTIVE
                   and window.pages.currentWidget() is window.desktop, "unlocked")
        self.shot("unlocked-empty-search")
        self.dump("after-unlock")
        self.result["unlocked_rows"] = window.desktop.search_view.table.model().rowCount()

    def sign_out(self) -> None:
        window = self.window
        QTest.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: self.state() is State.SIGNED_OUT
                   and window.pages.currentWidget() is window.signin_page, "signed out")
        self.shot("signed-out")
        self.dump("after-signout")


def main() -> int:
    plan = Plan(**json.loads(sys.stdin.read()))
    from cpdesk.ui.shell.policy_registry import system_policy_sources

    settings = load_settings(["--server", plan.server_url, "--pkcs11-module", plan.module,
                              "--profile", "test"], policy_sources=system_policy_sources())
    from cpdesk.remembered import open_in_background

    remembered = open_in_background(settings.remember_username)
    crash = CrashHandlers()
    crash.install(configure_logging(level=logging.DEBUG).parent)

    from cpdesk.ui.shell.color_scheme import SchemeFollower
    from cpdesk.ui.shell.crash_bridge import CrashBridge, install_qt_message_handler
    from cpdesk.ui.shell.translations import install_translator

    app = QApplication([sys.argv[0]])
    app.setApplicationName("cpdesk")
    SchemeFollower(app)
    install_qt_message_handler()
    install_translator(app)
    client = build(settings, app, remembered=remembered(0.5))
    crash.add_callback(CrashBridge(client.window.lock_after_crash,
                                   client.window).crashed)
    client.window.setGeometry(0, 0, 1280, 800)
    client.window.show()
    client.window.refresh()
    journey = Journey(plan, app, client)
    try:
        journey.run()
    except JourneyError as exc:
        print(f"journey stopped: {exc}", file=sys.stderr, flush=True)
        raise
    finally:
        client.close()
        app.processEvents()
        for handler in logging.getLogger().handlers:
            handler.flush()
        (Path(plan.dumps) / "result.json").write_text(json.dumps(journey.result),
                                                      encoding="utf-8")
    print("journey complete", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
