"""Issue 18 (cold start): what waits for the window's first paint — the token thread's first card
scan, the OS-lock watcher — waits for it, runs once, and loses nothing asked for meanwhile."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from cpdesk.ui.common.first_paint import AfterFirstPaint
from cpdesk.ui.signin.token_thread import TokenThread
from tests.unit.signin_fakes import FakeModule, token


def _waiting(qtbot: QtBot, fallback_ms: int) -> tuple[QLabel, AfterFirstPaint, list[str]]:
    """A window not shown yet, and two callbacks waiting for its first paint; the first
    queues something for the event loop (as a keystroke would be)."""
    window = QLabel("cpdesk")
    qtbot.addWidget(window)
    painted = AfterFirstPaint(window, fallback_ms=fallback_ms)
    ran: list[str] = []

    def cards() -> None:
        ran.append("cards")
        QTimer.singleShot(0, lambda: ran.append("queued meanwhile"))
    painted.then(cards)
    painted.then(lambda: ran.append("meta"))
    return window, painted, ran


def test_callbacks_wait_for_the_first_paint_then_run_once_in_order(qtbot: QtBot) -> None:
    window, painted, ran = _waiting(qtbot, fallback_ms=60_000)
    qtbot.wait(50)
    assert ran == [] and not painted.done  # not shown, not painted: nothing yet
    window.show()
    qtbot.waitUntil(lambda: painted.done, timeout=5000)
    # One per turn: what the first queued ran before the second.
    assert ran == ["cards", "queued meanwhile", "meta"]
    window.update()
    window.repaint()
    qtbot.wait(50)
    painted.then(lambda: ran.append("later"))  # after the paint: at once
    assert ran == ["cards", "queued meanwhile", "meta", "later"]


def test_a_window_never_painted_still_gets_its_work_after_the_fallback(qtbot: QtBot) -> None:
    window, painted, ran = _waiting(qtbot, fallback_ms=20)
    qtbot.waitUntil(lambda: painted.done, timeout=5000)
    qtbot.wait(50)
    assert ran == ["cards", "queued meanwhile", "meta"]
    window.show()  # a paint after the fallback runs nothing twice
    qtbot.wait(100)
    assert ran == ["cards", "queued meanwhile", "meta"]


@pytest.fixture
def module() -> FakeModule:
    return FakeModule(token())


@pytest.fixture
def waiting_thread(module: FakeModule) -> Iterator[TokenThread]:
    thread = TokenThread(lambda: module, start=False)
    yield thread
    thread.stop()


def test_a_token_thread_not_started_answers_what_was_asked_once_it_starts(
        qtbot: QtBot, module: FakeModule, waiting_thread: TokenThread) -> None:
    answers: list[int] = []
    waiting_thread.cards_listed.connect(lambda request_id, _cards: answers.append(request_id))
    asked = waiting_thread.request_cards()
    qtbot.wait(100)
    assert answers == [] and not waiting_thread.started  # nothing loaded, nothing scanned
    waiting_thread.start()
    waiting_thread.start()  # once
    qtbot.waitUntil(lambda: answers == [asked], timeout=5000)
    assert waiting_thread.started


def test_a_token_thread_stopped_before_it_started_never_starts(
        qtbot: QtBot, module: FakeModule) -> None:
    thread = TokenThread(lambda: module, start=False)
    answers: list[int] = []
    thread.cards_listed.connect(lambda request_id, _cards: answers.append(request_id))
    thread.request_cards()
    thread.stop()
    thread.start()  # e.g. the paint's callbacks after the window was closed
    qtbot.wait(100)
    assert answers == []
