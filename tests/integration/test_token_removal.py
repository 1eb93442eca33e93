"""Real SoftHSM tokens on the token thread: a failed login leaves no session open, a removed
token (folder moved out of tokendir) is reported within a second, a re-inserted one again."""

from __future__ import annotations

import ctypes
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from cpdesk.auth.signin import Failure
from cpdesk.auth.token import Pkcs11Module, WrongPin
from cpdesk.ui.signin.token_thread import TokenThread, TokenWatcher
from mock_server.tokens.demo_users import SO_PIN
from mock_server.tokens.devtokens import ensure_keypair, load_module
from mock_server.tokens.softhsm import TokenDir, init_token, token_folders

LABEL = "cpdesk-removal"
PIN = "515253"


def live_sessions(module_path: str) -> set[int]:
    """Session handles the module answers C_GetSessionInfo for (SoftHSM has no count)."""
    dll = ctypes.CDLL(module_path)
    info = ctypes.create_string_buffer(64)  # CK_SESSION_INFO is 4 CK_ULONGs
    return {h for h in range(1, 512)
            if dll.C_GetSessionInfo(ctypes.c_ulong(h), ctypes.byref(info)) == 0}


def folder_of(token_dir: TokenDir, label: str) -> Path:
    for folder in token_folders(token_dir):
        if label.encode() in (folder / "token.object").read_bytes():
            return folder
    raise LookupError(label)


@pytest.fixture(scope="module")
def removable(softhsm_module: str, token_dir: TokenDir) -> str:
    """A token of its own, so moving it never disturbs the demo tokens."""
    made = init_token(token_dir, LABEL, PIN, SO_PIN)
    lib = load_module(softhsm_module, token_dir)
    if made:
        lib.reinitialize()
    ensure_keypair(lib, LABEL, PIN)
    serial = lib.get_token(token_label=LABEL).serial
    return (serial.decode() if isinstance(serial, bytes) else str(serial)).strip()


@pytest.fixture
def token_thread(softhsm_module: str) -> Iterator[TokenThread]:
    thread = TokenThread(lambda: Pkcs11Module(softhsm_module))
    yield thread
    thread.stop()


def test_failed_login_closes_the_session_it_opened(softhsm_module: str, removable: str) -> None:
    module = Pkcs11Module(softhsm_module)
    token = module.open(removable)
    before = live_sessions(softhsm_module)
    with pytest.raises(WrongPin):
        token.login(bytearray(b"000000"))
    assert live_sessions(softhsm_module) == before
    token.login(bytearray(PIN.encode()))
    assert len(live_sessions(softhsm_module) - before) == 1  # the probe sees open sessions
    token.logout()
    assert live_sessions(softhsm_module) == before


def test_removal_and_reinsertion_of_a_softhsm_token(qtbot: QtBot, token_dir: TokenDir,
                                                    removable: str,
                                                    token_thread: TokenThread) -> None:
    with qtbot.waitSignal(token_thread.tokens_listed, timeout=10_000) as listed:
        token_thread.request_tokens()
    assert removable in {t.serial for t in listed.args[0]}
    watcher = TokenWatcher(token_thread)
    watcher.watch(removable)
    folder = folder_of(token_dir, LABEL)
    outside = token_dir.root / "removed-card"
    try:
        with qtbot.waitSignal(watcher.token_removed, timeout=1000) as removed:
            shutil.move(folder, outside)
        assert removed.args == [removable]
        with qtbot.waitSignal(token_thread.failed, timeout=5000) as absent:
            token_thread.request_verify_pin(removable, bytearray(PIN.encode()))
        assert absent.args[1].kind is Failure.TOKEN_REMOVED
        with qtbot.waitSignal(watcher.token_inserted, timeout=3000) as inserted:
            shutil.move(outside, folder)
        assert inserted.args == [removable]
    finally:
        if outside.exists():
            shutil.move(outside, folder)
    pin = bytearray(PIN.encode())
    with qtbot.waitSignal(token_thread.pin_verified, timeout=5000) as verified:
        token_thread.request_verify_pin(removable, pin)
    assert verified.args[1] == removable and pin == bytearray(len(PIN))
    watcher.stop()


def test_open_module_loads_the_configured_module(softhsm_module: str, removable: str) -> None:
    from cpdesk.auth.discovery import open_module

    assert removable in {t.serial for t in open_module(softhsm_module).tokens()}
