"""Policy through QSettings (the Windows policy registry key's reader), exercised with the
same key layout in an INI file; and the platform's list of policy sources."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from cpdesk.config import Source, TomlPolicy, load_settings
from cpdesk.ui.shell.policy_registry import (
    MACHINE_KEY,
    USER_KEY,
    RegistryPolicy,
    system_policy_sources,
)


def _registry(path: Path, values: dict[str, object]) -> RegistryPolicy:
    store = QSettings(str(path), QSettings.Format.IniFormat)
    for key, value in values.items():
        store.setValue(key, value)
    store.sync()
    return RegistryPolicy(str(path), QSettings.Format.IniFormat)


def test_registry_values_become_locked_policy(tmp_path: Path) -> None:
    machine = _registry(tmp_path / "machine.ini", {
        "server_url": "https://directory.example.org", "idle_lock_minutes": 3,
        "capture_protection": 0, "unknown_key": "ignored"})
    settings = load_settings([], {}, policy_sources=[machine],
                             user_file=tmp_path / "user.toml")
    assert settings.server_url == "https://directory.example.org"
    assert settings.idle_lock_minutes == 3 and settings.capture_protection is False
    assert settings.locked == {"server_url", "idle_lock_minutes", "capture_protection"}
    assert settings.source("server_url") is Source.POLICY
    assert settings.policy_paths == (str(tmp_path / "machine.ini"),)


def test_machine_key_wins_over_user_key_and_file(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text('server_url = "https://file.example.org"\nprofile = "test"\n',
                           encoding="utf-8")
    user = _registry(tmp_path / "user.ini", {"server_url": "https://user.example.org"})
    machine = _registry(tmp_path / "machine.ini", {"server_url": "https://machine.example.org"})
    settings = load_settings([], {}, policy_sources=[TomlPolicy(policy_file), user, machine],
                             user_file=tmp_path / "user.toml")
    assert settings.server_url == "https://machine.example.org"
    assert settings.profile == "test"


def test_windows_reads_the_policy_keys_elsewhere_only_the_file() -> None:
    windows = system_policy_sources("win32")
    assert [s.name for s in windows[-2:]] == [USER_KEY, MACHINE_KEY]
    assert isinstance(windows[0], TomlPolicy)
    assert all(isinstance(s, TomlPolicy) for s in system_policy_sources("linux"))
