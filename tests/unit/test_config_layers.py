"""Settings precedence (defaults < user < policy < env < command line) and policy locking."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpdesk.config import (
    DEFAULT_SERVER_URL,
    Settings,
    Source,
    TomlPolicy,
    load_settings,
    save_user_settings,
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, argv: list[str] | None = None, env: dict[str, str] | None = None,
          policy: str | None = None, user: str | None = None) -> Settings:
    policy_file = tmp_path / "policy.toml"
    user_file = tmp_path / "settings.toml"
    if policy is not None:
        _write(policy_file, policy)
    if user is not None:
        _write(user_file, user)
    return load_settings(argv or [], env or {}, policy_sources=[TomlPolicy(policy_file)],
                         user_file=user_file)


def test_defaults_when_nothing_is_set(tmp_path: Path) -> None:
    settings = _load(tmp_path)
    assert settings.server_url == DEFAULT_SERVER_URL
    assert settings.idle_lock_minutes == 5
    assert settings.capture_protection is True
    assert settings.source("server_url") is Source.DEFAULT
    assert not settings.locked


def test_each_layer_beats_the_one_below(tmp_path: Path) -> None:
    user = 'server_url = "https://user.example.org"\nprofile = "training"\n'
    assert _load(tmp_path, user=user).server_url == "https://user.example.org"
    assert _load(tmp_path, user=user).source("profile") is Source.USER

    policy = 'server_url = "https://policy.example.org"\n'
    s = _load(tmp_path, user=user, policy=policy)
    assert (s.server_url, s.source("server_url")) == ("https://policy.example.org",
                                                      Source.POLICY)
    assert s.profile == "training"  # the user's value stands where policy is silent

    env = {"CPDESK_SERVER_URL": "https://env.example.org"}
    s = _load(tmp_path, env=env, user=user, policy=policy)
    assert (s.server_url, s.source("server_url")) == ("https://env.example.org",
                                                      Source.ENVIRONMENT)

    s = _load(tmp_path, ["--server", "https://cli.example.org"], env, policy, user)
    assert (s.server_url, s.source("server_url")) == ("https://cli.example.org",
                                                      Source.COMMAND_LINE)
    assert s.is_locked("server_url")  # still managed: the dialog cannot change it


def test_policy_keys_are_locked_and_others_are_not(tmp_path: Path) -> None:
    policy = ('[cpdesk]\npkcs11_module = "/opt/card/pkcs11.so"\n'
              'token_removal = "sign-out"\nproxy = "http://proxy.example.org:3128"\n')
    s = _load(tmp_path, policy=policy)
    assert s.locked == {"pkcs11_module", "token_removal", "proxy"}
    assert s.token_removal == "sign-out"
    assert s.is_locked("pkcs11_module") and not s.is_locked("server_url")
    assert s.policy_paths == (str(tmp_path / "policy.toml"),)


def test_idle_lock_policy_is_a_ceiling_users_may_only_shorten(tmp_path: Path) -> None:
    policy = "idle_lock_minutes = 3\n"
    assert _load(tmp_path, policy=policy, user="idle_lock_minutes = 2\n").idle_lock_minutes == 2
    longer = _load(tmp_path, policy=policy, user="idle_lock_minutes = 10\n")
    assert (longer.idle_lock_minutes, longer.source("idle_lock_minutes")) == (3, Source.POLICY)
    env = _load(tmp_path, env={"CPDESK_IDLE_LOCK_MINUTES": "12"}, policy=policy)
    assert env.idle_lock_minutes == 3
    assert _load(tmp_path, ["--idle-lock-minutes", "1"], policy=policy).idle_lock_minutes == 1


@pytest.mark.parametrize("value", ["0", "16", "-3", "soon"])
def test_idle_lock_out_of_range_is_ignored(tmp_path: Path, value: str) -> None:
    s = _load(tmp_path, env={"CPDESK_IDLE_LOCK_MINUTES": value})
    assert (s.idle_lock_minutes, s.source("idle_lock_minutes")) == (5, Source.DEFAULT)


def test_capture_protection_user_choice_only_where_policy_allows(tmp_path: Path) -> None:
    user = "capture_protection = false\n"
    assert _load(tmp_path, user=user).capture_protection is True
    allowed = _load(tmp_path, user=user, policy="allow_user_capture_choice = true\n")
    assert allowed.capture_protection is False and allowed.user_may_change_capture()
    off = _load(tmp_path, policy="capture_protection = false\n")
    assert off.capture_protection is False and off.is_locked("capture_protection")
    assert not off.user_may_change_capture()


def test_user_settings_cannot_set_policy_only_keys(tmp_path: Path) -> None:
    user = 'proxy = "http://evil.example.org"\ntoken_removal = "lock"\nextra_ca_file = "/x"\n'
    s = _load(tmp_path, user=user)
    assert s.proxy is None and s.extra_ca_file is None
    assert s.source("token_removal") is Source.DEFAULT


def test_broken_files_are_ignored(tmp_path: Path) -> None:
    s = _load(tmp_path, policy="server_url = [unterminated", user='profile = "nonsense"\n')
    assert s.server_url == DEFAULT_SERVER_URL and s.profile == "live" and not s.locked


def test_later_policy_source_wins_and_all_are_reported(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.toml", 'server_url = "https://a.example.org"\n')
    second = _write(tmp_path / "b.toml", 'server_url = "https://b.example.org"\n')
    s = load_settings([], {}, policy_sources=[TomlPolicy(first), TomlPolicy(second)],
                      user_file=tmp_path / "none.toml")
    assert s.server_url == "https://b.example.org"
    assert s.policy_paths == (str(first), str(second))


def test_saved_user_settings_load_back(tmp_path: Path) -> None:
    path = save_user_settings({"server_url": 'https://q"uote.example.org',
                               "idle_lock_minutes": 4, "remember_username": False,
                               "pkcs11_module": None}, tmp_path / "cfg" / "settings.toml")
    s = load_settings([], {}, policy_sources=[], user_file=path)
    assert s.server_url == 'https://q"uote.example.org'
    assert s.idle_lock_minutes == 4 and s.remember_username is False
    assert s.source("idle_lock_minutes") is Source.USER
    with pytest.raises(ValueError):
        save_user_settings({"proxy": "http://x"}, path)


def test_existing_flags_and_environment_names_still_work(tmp_path: Path) -> None:
    env = {"CPDESK_PKCS11_MODULE": "/env/module.so", "CPDESK_DEMO_USER": "nurse.demo",
           "CPDESK_PROFILE": "test"}
    s = _load(tmp_path, ["--pkcs11-module", "/cli/module.so", "--self-test"], env)
    assert s.pkcs11_module == "/cli/module.so"
    assert s.demo_username == "nurse.demo" and s.profile == "test" and s.self_test
    assert Settings(server_url="http://x").server_url == "http://x"
