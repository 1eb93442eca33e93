"""Training mode through the whole window against a real training server and real tokens:
the amber banner for the whole session, the record watermark, "[TRAINING]" in the title, the
profile checks both ways, and the trainer's Reset sandbox button."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from cpdesk.api.client import DirectoryClient
from cpdesk.api.errors import SessionExpired
from cpdesk.app import Client, build
from cpdesk.auth.session import State
from cpdesk.auth.signin import SignIn, SignInFailure, TokenSigner
from cpdesk.auth.token import Pkcs11Module
from cpdesk.config import Settings
from cpdesk.domain import Environment
from cpdesk.environment_check import EnvironmentCheckedApi, mismatch
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.training.mode import BANNER_TEXT, TrainingMode
from mock_server.data.named_children import BOLTON_AE
from mock_server.data.sandbox import sandbox_digest
from mock_server.http.app import ServerConfig, create_app
from mock_server.http.runner import ServerThread
from mock_server.tokens.demo_users import DemoUser, demo_user
from mock_server.tokens.enrol import enrol_demo_tokens
from mock_server.tokens.softhsm import TokenDir
from tests.signin_steps import sign_in
from tests.ui.window_support import sign_in as sign_in_through_window

NURSE = demo_user("nurse.demo")
TRAINER = demo_user("trainer.demo")
SHOTS = Path(os.environ.get("CPDESK_SCREENSHOTS", "")) if os.environ.get(
    "CPDESK_SCREENSHOTS") else None


@dataclass
class Sandbox:
    url: str
    db: Path
    serials: dict[str, str]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
            token_dir: TokenDir) -> Iterator[Sandbox]:
    db = tmp_path_factory.mktemp("sandbox") / "training.sqlite3"
    app = create_app(ServerConfig(environment="training", db_path=db, children=300, seed=5))
    enrolled = enrol_demo_tokens(db, softhsm_module, token_dir, (NURSE, TRAINER))
    with ServerThread(app) as server:
        yield Sandbox(server.url, db, {e.username: e.serial for e in enrolled})


@pytest.fixture(scope="module")
def test_server() -> Iterator[str]:
    with ServerThread(create_app(ServerConfig(environment="test", children=300,
                                              seed=5))) as server:
        yield server.url


def close_window(client: Client) -> None:
    """Close as a user would (the window signs out), let that call finish, then tear down."""
    client.window.close()
    QThreadPool.globalInstance().waitForDone(10_000)
    client.close()


def open_window(qtbot: QtBot, url: str, module: str, profile: str,
                username: str = NURSE.username) -> Client:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    built = build(Settings(server_url=url, pkcs11_module=module, demo_username=username,
                           profile=profile), app)
    qtbot.addWidget(built.window)
    built.window.resize(1280, 800)
    built.window.show()
    built.window.refresh()
    return built


@pytest.fixture
def window(qtbot: QtBot, sandbox: Sandbox, softhsm_module: str) -> Iterator[Client]:
    built = open_window(qtbot, sandbox.url, softhsm_module, "training")
    yield built
    close_window(built)


def mode(client: Client) -> TrainingMode:
    found = client.window.findChild(TrainingMode)
    assert found is not None
    return found


def sign_in_as(qtbot: QtBot, client: Client, user: DemoUser, serial: str) -> None:
    sign_in_through_window(qtbot, client, None, user, serial)  # type: ignore[arg-type]


def answer_reason_dialog() -> None:
    def answer() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, ReasonDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(20, answer)
            return
        dialogs[0].code.setCurrentIndex(dialogs[0].code.findData("unscheduled-care"))
        confirm = dialogs[0].findChild(QPushButton, "reasonConfirm")
        assert confirm is not None
        confirm.click()
    QTimer.singleShot(0, answer)


def shot(client: Client, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        client.window.grab().save(str(SHOTS / f"{name}.png"))


def test_training_mode_is_unmistakable_for_the_whole_session(
        qtbot: QtBot, window: Client, sandbox: Sandbox) -> None:
    win = window.window
    banner = mode(window).banner
    qtbot.waitUntil(lambda: banner.isVisible(), timeout=15_000)
    assert banner.objectName() == "trainingBanner"
    assert banner.label.text() == BANNER_TEXT
    assert "[TRAINING]" in win.windowTitle()
    assert banner.palette().color(banner.backgroundRole()).name() == "#ffb81c"
    # Issue 18: first in the window's own frame, above the privacy screen (not moved under a
    # new central widget); the desktop is built at sign-in and takes the watermark then.
    frame = win.centralWidget().layout()
    assert frame.indexOf(banner) == 0 and frame.indexOf(win.privacy) == 1
    assert win.built_desktop is None
    shot(window, "training-sign-in")

    sign_in_as(qtbot, window, NURSE, sandbox.serials[NURSE.username])
    assert banner.isVisible() and "[TRAINING]" in win.windowTitle()
    assert not banner.reset_button.isVisible()  # a trainee is no trainer
    desk = win.desktop
    qtbot.keyClicks(desk.search_view.family_name, "doe")
    qtbot.keyClicks(desk.search_view.dob, "14-07-2011")
    qtbot.keyClick(desk.search_view.dob, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.search_view.table.model().rowCount() == 1, timeout=10_000)
    answer_reason_dialog()
    desk.search_view.open_requested.emit(BOLTON_AE.directory_id)
    qtbot.waitUntil(lambda: desk.record_view.display is not None, timeout=10_000)
    assert desk.record_view.watermark.isVisible()
    assert desk.record_view.watermark.geometry() == desk.record_view.rect()
    shot(window, "training-record")

    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.session.state is State.LOCKED, timeout=5_000)
    assert banner.isVisible() and "[TRAINING]" in win.windowTitle()
    shot(window, "training-locked")


def test_live_profile_refuses_a_training_server(qtbot: QtBot, sandbox: Sandbox,
                                                softhsm_module: str) -> None:
    built = open_window(qtbot, sandbox.url, softhsm_module, "live")
    try:
        win = built.window
        qtbot.waitUntil(lambda: win.connection_message.isVisible(), timeout=15_000)
        text = win.connection_message.text()
        assert "set up for the live directory" in text and "training sandbox" in text
        assert not win.signin_view.isEnabled()
        assert mode(built).banner.isVisible()  # and it still says what the server is
        shot(built, "live-profile-refuses-training")
    finally:
        close_window(built)


def test_training_profile_refuses_a_live_server(qtbot: QtBot, tmp_path: Path,
                                                softhsm_module: str) -> None:
    live_app = create_app(ServerConfig(environment="live", db_path=tmp_path / "live.sqlite3",
                                       children=300, seed=5))
    with ServerThread(live_app) as live:
        built = open_window(qtbot, live.url, softhsm_module, "training")
        try:
            win = built.window
            qtbot.waitUntil(lambda: win.connection_message.isVisible(), timeout=15_000)
            text = win.connection_message.text()
            assert "set up for training" in text and "the live directory" in text
            assert not win.signin_view.isEnabled()
            assert not mode(built).banner.isVisible()
            assert "TRAINING" not in win.windowTitle()
        finally:
            close_window(built)


def test_the_sign_in_flow_itself_refuses_before_sending_the_password(
        sandbox: Sandbox, softhsm_module: str) -> None:
    client = DirectoryClient(sandbox.url)
    try:
        guarded = SignIn(EnvironmentCheckedApi(client, "live"))
        for _ in range(7):  # more than the 5 failures that would lock a real attempt
            with pytest.raises(SignInFailure) as refused:
                guarded.request_challenge(NURSE.username, "not-the-password")
            assert "training sandbox" in refused.value.message
        # no challenge ever reached the server: the account is not locked
        session = sign_in(EnvironmentCheckedApi(client, "training"),
                          TokenSigner(Pkcs11Module(softhsm_module)), NURSE.username,
                          NURSE.password, bytearray(NURSE.pin.encode()),
                          serial=sandbox.serials[NURSE.username])
        assert session.role is not None
    finally:
        client.close()


@pytest.mark.parametrize(("profile", "environment", "refused"), [
    ("live", Environment.LIVE, False), ("live", Environment.TRAINING, True),
    ("live", Environment.TEST, True), ("training", Environment.TRAINING, False),
    ("training", Environment.LIVE, True), ("training", Environment.TEST, True),
    ("test", Environment.TEST, False), ("test", Environment.TRAINING, False),
    ("test", Environment.LIVE, True), ("nonsense", Environment.TRAINING, True),
])
def test_profile_rules(profile: str, environment: Environment, refused: bool) -> None:
    assert (mismatch(profile, environment) is not None) is refused


def test_test_profile_accepts_a_test_server_without_training_marks(
        qtbot: QtBot, test_server: str, softhsm_module: str) -> None:
    built = open_window(qtbot, test_server, softhsm_module, "test")
    try:
        qtbot.waitUntil(lambda: built.window.environment_badge.text() == "TEST",
                        timeout=15_000)
        assert built.window.signin_view.isEnabled()
        assert not mode(built).banner.isVisible()
        assert not built.window.connection_message.isVisible()
    finally:
        close_window(built)


def test_trainer_resets_the_sandbox_from_the_client(
        qtbot: QtBot, sandbox: Sandbox, softhsm_module: str) -> None:
    start = sandbox_digest(sandbox.db)
    trainee = DirectoryClient(sandbox.url)
    sign_in(trainee, TokenSigner(Pkcs11Module(softhsm_module)), NURSE.username,
            NURSE.password, bytearray(NURSE.pin.encode()),
            serial=sandbox.serials[NURSE.username])
    conn = sqlite3.connect(sandbox.db)
    conn.execute("UPDATE children SET family_name = 'Scribbled' WHERE directory_id = ?",
                 (BOLTON_AE.directory_id,))
    conn.commit()
    conn.close()
    assert sandbox_digest(sandbox.db) != start

    built = open_window(qtbot, sandbox.url, softhsm_module, "training", TRAINER.username)
    try:
        training = mode(built)
        sign_in_as(qtbot, built, TRAINER, sandbox.serials[TRAINER.username])
        button = training.banner.reset_button
        qtbot.waitUntil(button.isVisible, timeout=5_000)
        shot(built, "training-trainer")

        def confirm() -> None:
            box = QApplication.activeModalWidget()
            if box is None:
                QTimer.singleShot(20, confirm)
                return
            yes = [b for b in box.findChildren(QPushButton) if "Yes" in b.text()]
            yes[0].click()
        QTimer.singleShot(0, confirm)
        with qtbot.waitSignal(training.reset_finished, timeout=30_000):
            button.click()
        assert "starting state" in training.banner.message.text()
        assert sandbox_digest(sandbox.db) == start
        with pytest.raises(SessionExpired):
            trainee.get_session()
        # the trainer carries on (the confirmation took focus, so the curtain may be down)
        assert built.window.session.state in (State.ACTIVE, State.CURTAINED)
    finally:
        close_window(built)
        trainee.close()
    assert httpx.get(f"{sandbox.url}/api/v1/meta").json()["environment"] == "training"
