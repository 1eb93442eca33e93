"""keyring: only the last user name per server; refused or missing backends remember nothing."""

from __future__ import annotations

import keyring
import pytest
from keyring.backends import chainer, fail, null

from cpdesk.remembered import (
    SERVICE,
    RememberedUser,
    backend_name,
    choose_backend,
    open_in_background,
)
from tests.unit.memory_keyring import BrokenKeyring, MemoryKeyring, PlaintextKeyring


def test_remembers_the_last_user_name_per_server() -> None:
    backend = MemoryKeyring()
    remembered = RememberedUser(backend)
    assert remembered.available
    assert remembered.remember("https://a.example.org/", "nurse.demo")
    remembered.remember("https://b.example.org", "welfare.demo")
    remembered.remember("https://a.example.org", "manager.demo")
    assert remembered.last_user("https://a.example.org") == "manager.demo"
    assert remembered.last_user("https://B.example.org/") == "welfare.demo"
    assert remembered.last_user("https://c.example.org") is None
    # Only user names under our service: nothing else is ever written.
    assert {service for service, _ in backend.items} == {SERVICE}
    assert set(backend.items.values()) == {"manager.demo", "welfare.demo"}
    remembered.forget("https://a.example.org")
    assert remembered.last_user("https://a.example.org") is None


@pytest.mark.parametrize("refused", [fail.Keyring(), null.Keyring(), PlaintextKeyring()])
def test_insecure_or_missing_backends_remember_nothing(refused: object) -> None:
    remembered = RememberedUser(refused)
    assert not remembered.available
    assert not remembered.remember("https://a.example.org", "nurse.demo")
    assert remembered.last_user("https://a.example.org") is None
    assert backend_name(remembered.backend).startswith("none")


def test_chainer_uses_a_secure_backend_and_skips_plaintext(
        monkeypatch: pytest.MonkeyPatch) -> None:
    secure = MemoryKeyring()
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring(), secure])
    assert choose_backend(chainer.ChainerBackend()) is secure
    monkeypatch.setattr(chainer.ChainerBackend, "backends", [PlaintextKeyring()])
    assert choose_backend(chainer.ChainerBackend()) is None


def test_system_without_a_backend_does_not_remember() -> None:
    # This machine has no keyring daemon: the real system lookup gives the fail backend.
    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(fail.Keyring())
        remembered = RememberedUser()
        assert not remembered.available
        assert remembered.last_user("https://a.example.org") is None
        keyring.set_keyring(MemoryKeyring())
        assert RememberedUser().remember("https://a.example.org", "nurse.demo")
    finally:
        keyring.set_keyring(previous)


def test_backend_errors_are_swallowed() -> None:
    remembered = RememberedUser(BrokenKeyring())
    assert remembered.available
    assert not remembered.remember("https://a.example.org", "nurse.demo")
    assert remembered.last_user("https://a.example.org") is None


def test_disabled_by_setting_remembers_nothing() -> None:
    backend = MemoryKeyring()
    remembered = RememberedUser(backend, enabled=False)
    assert not remembered.remember("https://a.example.org", "nurse.demo")
    assert backend.items == {}


def test_background_open_gives_the_system_choice_or_nothing() -> None:
    previous = keyring.get_keyring()
    try:
        keyring.set_keyring(MemoryKeyring())
        remembered = open_in_background(True)(5.0)
        assert remembered.available
        assert not open_in_background(False)(5.0).available
    finally:
        keyring.set_keyring(previous)
