"""Logs: rotating files in the log folder, allow-listed fields, no personal data on failure
paths (sentinel scan), last-resort handlers that log safely and call back to lock."""

from __future__ import annotations

import logging
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cpdesk.api.client import DirectoryClient
from cpdesk.api.errors import ApiError
from cpdesk.crash import CrashHandlers, disable_core_dumps
from cpdesk.logging_setup import LOG_FILE, Safe, configure_logging, remove_logging

SENTINEL = f"ZZSENTINEL-{uuid.uuid4()}"


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    directory = tmp_path / "logs"
    configure_logging(directory, level=logging.DEBUG)
    yield directory
    remove_logging()


def _all_text(directory: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return "".join(p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted(directory.iterdir()) if p.is_file())


def test_string_arguments_are_redacted_safe_ones_kept(log_dir: Path) -> None:
    log = logging.getLogger("cpdesk.test")
    log.warning("search for %s returned %d rows", SENTINEL, 7)
    log.info("state now %s", Safe("locked"))
    log.info("with fields", extra={"status": 503, "event": Safe("search"), "child": SENTINEL})
    log.info("mapping %(who)s", {"who": SENTINEL})
    text = _all_text(log_dir)
    assert SENTINEL not in text
    assert "search for [redacted] returned 7 rows" in text
    assert "state now locked" in text
    assert "status=503" in text and "event=search" in text


def test_exceptions_keep_type_and_frames_but_not_the_message(log_dir: Path) -> None:
    def failing(secret: str) -> None:
        raise ValueError(f"bad value {secret}")

    try:
        failing(SENTINEL)
    except ValueError:
        logging.getLogger("cpdesk.test").exception("parsing failed")
    text = _all_text(log_dir)
    assert SENTINEL not in text
    assert "builtins.ValueError (message withheld)" in text
    assert "in failing" in text


def test_unhandled_exceptions_are_logged_safely_and_lock(log_dir: Path) -> None:
    locked: list[str] = []
    handlers = CrashHandlers()
    handlers.add_callback(lambda: locked.append("main"))
    handlers.install(log_dir)
    try:
        local_child_name = SENTINEL  # a local variable must not reach the log
        try:
            raise RuntimeError(local_child_name)
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

        def worker() -> None:
            raise KeyError(SENTINEL)

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(5)
    finally:
        handlers.uninstall()
    assert locked == ["main", "main"]
    assert handlers.crashes == 2
    text = _all_text(log_dir)
    assert SENTINEL not in text
    assert "unhandled exception in a thread" in text
    assert "builtins.KeyError (message withheld)" in text
    assert (log_dir / "faults.log").exists()


def test_core_dumps_are_off() -> None:
    import resource

    assert disable_core_dumps()
    assert resource.getrlimit(resource.RLIMIT_CORE) == (0, 0)


def test_qt_messages_are_logged_without_their_text(log_dir: Path, qapp: object) -> None:
    from PySide6.QtCore import qInstallMessageHandler, qWarning

    from cpdesk.ui.shell.crash_bridge import install_qt_message_handler

    install_qt_message_handler()
    try:
        qWarning(f"widget text {SENTINEL}")
    finally:
        qInstallMessageHandler(None)
    text = _all_text(log_dir)
    assert SENTINEL not in text
    assert "Qt message in category default (text withheld)" in text


def test_http_failures_against_a_real_server_leave_no_personal_data(
        log_dir: Path, meta_server: str) -> None:
    from cpdesk.domain import Reason, ReasonCode

    client = DirectoryClient(meta_server, retry_attempts=1)
    try:
        # A challenge comes back for any name (issue 14); the session step refuses.
        challenge = client.challenge(SENTINEL, SENTINEL)
        with pytest.raises(ApiError):
            client.create_session(challenge.challenge_id, "RSA-PKCS1v15-SHA256",
                                  SENTINEL.encode(), SENTINEL.encode())
        with pytest.raises(ApiError):
            client.view_record("9997773454", Reason(ReasonCode.OTHER, SENTINEL))
    finally:
        client.close()
    logging.getLogger("httpx").warning("HTTP Request: %s %s", "GET",
                                       httpx.URL(f"http://x/{SENTINEL}"))
    text = _all_text(log_dir)
    assert SENTINEL not in text
    assert "HTTP Request: [redacted] [redacted]" in text


def test_logs_rotate_in_the_log_folder(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "rot")
    try:
        assert path == tmp_path / "rot" / LOG_FILE
        log = logging.getLogger("cpdesk.volume")
        for i in range(12_000):
            log.info("line %d padding padding padding padding padding padding", i)
    finally:
        remove_logging()
    names = sorted(p.name for p in (tmp_path / "rot").iterdir())
    assert LOG_FILE in names and f"{LOG_FILE}.1" in names
    assert all(p.stat().st_size <= 1_100_000 for p in (tmp_path / "rot").iterdir())
