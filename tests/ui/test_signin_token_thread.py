"""The token thread: every token call off the GUI thread, a slow card never freezes the GUI,
and the watcher reports removal and re-insertion."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from cpdesk.auth.signin import Failure, SignedChallenge, SignInFailure
from cpdesk.ui.signin.token_thread import TokenThread, TokenWatcher
from tests.unit.signin_fakes import GOOD_PIN, FakeModule, FakeToken, token


@pytest.fixture
def card() -> FakeToken:
    return token()


@pytest.fixture
def module(card: FakeToken) -> FakeModule:
    return FakeModule(card)


@pytest.fixture
def token_thread(module: FakeModule) -> Iterator[TokenThread]:
    thread = TokenThread(lambda: module)
    yield thread
    thread.stop()


def test_slow_login_runs_on_the_token_thread_while_the_gui_keeps_ticking(
        qtbot: QtBot, card: FakeToken, token_thread: TokenThread) -> None:
    card.login_gate = threading.Event()
    ticks: list[int] = []

    def tick() -> None:
        ticks.append(threading.get_ident())
        if len(ticks) == 5:
            card.login_gate.set()  # type: ignore[union-attr]  # the card "finishes" only now

    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    pin = bytearray(GOOD_PIN)
    with qtbot.waitSignal(token_thread.signed, timeout=10_000) as blocker:
        token_thread.request_sign("SER-1", pin, b"message")
    timer.stop()
    # The login could only finish after the GUI thread had ticked five times during it.
    assert len(ticks) >= 5
    gui = threading.get_ident()
    assert set(ticks) == {gui}
    assert card.login_threads and card.login_threads[0] != gui
    signed = blocker.args[1]
    assert isinstance(signed, SignedChallenge) and signed.serial == "SER-1"
    assert pin == bytearray(len(GOOD_PIN))  # zeroed on the token thread


def test_wrong_pin_comes_back_as_a_failure_with_tries_left(
        qtbot: QtBot, card: FakeToken, token_thread: TokenThread) -> None:
    pin = bytearray(b"999999")
    with qtbot.waitSignal(token_thread.failed, timeout=5000) as blocker:
        request_id = token_thread.request_sign("SER-1", pin, b"m")
    failed_id, failure = blocker.args
    assert failed_id == request_id
    assert isinstance(failure, SignInFailure) and failure.kind is Failure.WRONG_PIN
    assert failure.tries_left == 2
    assert pin == bytearray(6)
    assert card.opened == card.closed == 1


def test_module_that_cannot_load_is_a_plain_failure(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> FakeModule:
        raise OSError("libfoo.so: cannot open shared object file")

    caplog.set_level("WARNING", logger="cpdesk.ui.signin.token_thread")
    thread = TokenThread(broken)
    try:
        with qtbot.waitSignal(thread.failed, timeout=5000) as blocker:
            thread.request_tokens()
        failure = blocker.args[1]
        assert failure.kind is Failure.TOKEN_FAULT
        assert "libfoo" not in str(failure)
    finally:
        thread.stop()
    # ... and IT finds it in the log (issue 20): the class, not the text.
    assert [r.getMessage() for r in caplog.records] == [
        "PKCS#11 module could not be loaded: OSError"]


def test_watcher_reports_removal_within_a_second_and_reinsertion(
        qtbot: QtBot, card: FakeToken, module: FakeModule, token_thread: TokenThread) -> None:
    watcher = TokenWatcher(token_thread)
    with qtbot.waitSignal(token_thread.tokens_listed, timeout=5000):
        token_thread.request_tokens()  # module loaded
    watcher.watch("SER-1")
    card.present = False
    with qtbot.waitSignal(watcher.token_removed, timeout=1000) as removed:
        pass
    assert removed.args == ["SER-1"]
    module.hidden_until_refresh.add("SER-1")  # like SoftHSM: seen only after a refresh
    card.present = True
    with qtbot.waitSignal(watcher.token_inserted, timeout=2000) as inserted:
        pass
    assert inserted.args == ["SER-1"]
    assert module.refreshed >= 1
    watcher.stop()


def test_removal_gives_a_new_insertion_three_pin_tries(
        qtbot: QtBot, card: FakeToken, token_thread: TokenThread) -> None:
    for _ in range(2):
        with qtbot.waitSignal(token_thread.failed, timeout=5000):
            token_thread.request_sign("SER-1", bytearray(b"1"), b"m")
    watcher = TokenWatcher(token_thread)
    watcher.watch("SER-1")
    card.present = False
    with qtbot.waitSignal(watcher.token_removed, timeout=1000):
        pass
    card.present = True
    with qtbot.waitSignal(watcher.token_inserted, timeout=2000):
        pass
    with qtbot.waitSignal(token_thread.failed, timeout=5000) as blocker:
        token_thread.request_sign("SER-1", bytearray(b"1"), b"m")
    assert blocker.args[1].tries_left == 2  # counted afresh, no final-try confirmation


def test_an_unexpected_error_still_answers_the_request(qtbot: QtBot) -> None:
    class Faulty(FakeModule):
        def tokens(self) -> list:  # type: ignore[type-arg]
            raise RuntimeError("bug")

    thread = TokenThread(lambda: Faulty())
    try:
        with qtbot.waitSignal(thread.failed, timeout=5000) as blocker:
            request_id = thread.request_tokens()
        assert blocker.args[0] == request_id
        assert blocker.args[1].kind is Failure.TOKEN_FAULT
    finally:
        thread.stop()
