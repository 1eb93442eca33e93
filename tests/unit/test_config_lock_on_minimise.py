"""``lock_on_minimise`` (issue 14): minimising locks by default; only admin policy (the file or
the registry key) may make it curtain instead — not user settings, the environment or a flag,
which anyone at a shared PC can set."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from cpdesk.config import (
    ENV_NAMES,
    POLICY_KEYS,
    USER_KEYS,
    Settings,
    Source,
    TomlPolicy,
    load_settings,
    save_user_settings,
)
from cpdesk.ui.shell.policy_registry import RegistryPolicy


def _load(tmp_path: Path, argv: list[str] | None = None, env: dict[str, str] | None = None,
          policy: str | None = None, user: str | None = None) -> Settings:
    policy_file = tmp_path / "policy.toml"
    user_file = tmp_path / "settings.toml"
    if policy is not None:
        policy_file.write_text(policy, encoding="utf-8")
    if user is not None:
        user_file.write_text(user, encoding="utf-8")
    return load_settings(argv or [], env or {}, policy_sources=[TomlPolicy(policy_file)],
                         user_file=user_file)


def test_minimising_locks_by_default(tmp_path: Path) -> None:
    settings = _load(tmp_path)
    assert settings.lock_on_minimise is True
    assert settings.source("lock_on_minimise") is Source.DEFAULT
    assert not settings.is_locked("lock_on_minimise")
    assert Settings().lock_on_minimise is True


@pytest.mark.parametrize("value", ["false", "0", '"no"', '"off"'])
def test_admin_policy_may_make_minimising_only_curtain(tmp_path: Path, value: str) -> None:
    settings = _load(tmp_path, policy=f"lock_on_minimise = {value}\n")
    assert settings.lock_on_minimise is False
    assert settings.source("lock_on_minimise") is Source.POLICY
    assert settings.is_locked("lock_on_minimise")
    assert _load(tmp_path, policy="[cpdesk]\nlock_on_minimise = true\n").lock_on_minimise


def test_the_policy_registry_key_may_set_it(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "machine.ini"), QSettings.Format.IniFormat)
    store.setValue("lock_on_minimise", 0)  # a DWORD 0 under Software\Policies\cpdesk
    store.sync()
    settings = load_settings([], {}, policy_sources=[RegistryPolicy(
        str(tmp_path / "machine.ini"), QSettings.Format.IniFormat)],
        user_file=tmp_path / "user.toml")
    assert settings.lock_on_minimise is False and settings.is_locked("lock_on_minimise")


def test_nobody_at_the_pc_can_turn_the_lock_off(tmp_path: Path) -> None:
    assert "lock_on_minimise" in POLICY_KEYS
    assert "lock_on_minimise" not in USER_KEYS and "lock_on_minimise" not in ENV_NAMES
    user = _load(tmp_path, user="lock_on_minimise = false\n")
    env = _load(tmp_path, env={"CPDESK_LOCK_ON_MINIMISE": "0"})
    for settings in (user, env):
        assert settings.lock_on_minimise is True
        assert settings.source("lock_on_minimise") is Source.DEFAULT
    with pytest.raises(SystemExit):
        _load(tmp_path, ["--lock-on-minimise", "false"])
    with pytest.raises(ValueError):
        save_user_settings({"lock_on_minimise": False}, tmp_path / "settings.toml")


def test_an_invalid_policy_value_is_ignored(tmp_path: Path) -> None:
    settings = _load(tmp_path, policy='lock_on_minimise = "sometimes"\n')
    assert settings.lock_on_minimise is True
    assert not settings.is_locked("lock_on_minimise")
