"""Settings precedence (defaults < user < env < command line < policy) and policy locking;
the CA file only from policy; the server address's https rule in every layer."""

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

    env = {"CPDESK_SERVER_URL": "https://env.example.org"}
    s = _load(tmp_path, env=env, user=user)
    assert (s.server_url, s.source("server_url")) == ("https://env.example.org",
                                                      Source.ENVIRONMENT)

    s = _load(tmp_path, ["--server", "https://cli.example.org"], env, user=user)
    assert (s.server_url, s.source("server_url")) == ("https://cli.example.org",
                                                      Source.COMMAND_LINE)
    assert not s.is_locked("server_url")

    policy = 'server_url = "https://policy.example.org"\n'
    s = _load(tmp_path, ["--server", "https://cli.example.org"], env, policy, user)
    assert (s.server_url, s.source("server_url")) == ("https://policy.example.org",
                                                      Source.POLICY)
    assert s.is_locked("server_url")
    assert s.profile == "training"  # the user's value stands where policy is silent


def test_policy_beats_environment_and_command_line_for_every_key_it_sets(
        tmp_path: Path) -> None:
    policy = ('server_url = "https://policy.example.org"\nprofile = "live"\n'
              'pkcs11_module = "/policy/module.so"\ncapture_protection = true\n'
              'allow_user_capture_choice = false\ntoken_removal = "sign-out"\n'
              'proxy = "http://proxy.example.org:3128"\nno_proxy = ".example.org"\n'
              'remember_username = false\nlog_level = "warning"\n')
    env = {"CPDESK_LOG_LEVEL": "debug", "CPDESK_SERVER_URL": "https://env.example.org",
           "CPDESK_PROFILE": "training",
           "CPDESK_PKCS11_MODULE": "/env/module.so", "CPDESK_CAPTURE_PROTECTION": "0",
           "CPDESK_ALLOW_USER_CAPTURE_CHOICE": "1", "CPDESK_TOKEN_REMOVAL": "lock",
           "CPDESK_PROXY": "http://env-proxy.example.org", "CPDESK_NO_PROXY": "*",
           "CPDESK_REMEMBER_USERNAME": "1"}
    argv = ["--server", "https://cli.example.org", "--profile", "test",
            "--pkcs11-module", "/cli/module.so", "--proxy", "http://cli-proxy.example.org",
            "--no-proxy", "*", "--log-level", "debug"]
    for args, environ in ((argv, {}), ([], env), (argv, env)):
        s = _load(tmp_path, args, environ, policy)
        assert s.locked == {"server_url", "profile", "pkcs11_module", "capture_protection",
                            "allow_user_capture_choice", "token_removal", "proxy",
                            "no_proxy", "remember_username", "log_level"}
        for key in s.locked:
            assert s.source(key) is Source.POLICY, key
        assert (s.server_url, s.profile, s.pkcs11_module) == (
            "https://policy.example.org", "live", "/policy/module.so")
        assert s.capture_protection is True and not s.user_may_change_capture()
        assert (s.token_removal, s.proxy, s.no_proxy, s.remember_username) == (
            "sign-out", "http://proxy.example.org:3128", ".example.org", False)
        assert s.log_level == "warning"
    # Where policy is silent, the environment and command line still apply for this run.
    s = _load(tmp_path, argv, env, policy='token_removal = "sign-out"\n')
    assert (s.server_url, s.source("server_url")) == ("https://cli.example.org",
                                                      Source.COMMAND_LINE)
    assert (s.pkcs11_module, s.source("pkcs11_module")) == ("/cli/module.so",
                                                            Source.COMMAND_LINE)
    assert (s.log_level, s.source("log_level")) == ("debug", Source.COMMAND_LINE)


def test_log_level_choices_and_their_logging_levels(tmp_path: Path) -> None:
    import logging

    from cpdesk.logging_setup import log_level_number

    assert _load(tmp_path, [], {}).log_level == "info"
    assert _load(tmp_path, [], {"CPDESK_LOG_LEVEL": "DEBUG"}).log_level == "debug"
    assert _load(tmp_path, [], {"CPDESK_LOG_LEVEL": "loud"}).log_level == "info"
    with pytest.raises(SystemExit) as exit_info:
        _load(tmp_path, ["--log-level", "loud"], {})
    assert exit_info.value.code == 2
    assert [log_level_number(n) for n in ("warning", "info", "debug")] == [
        logging.WARNING, logging.INFO, logging.DEBUG]


def test_extra_ca_file_comes_from_policy_only(tmp_path: Path) -> None:
    env = {"CPDESK_EXTRA_CA_FILE": "/home/user/rogue.pem"}
    s = _load(tmp_path, env=env, user='extra_ca_file = "/home/user/rogue.pem"\n')
    assert s.extra_ca_file is None and s.source("extra_ca_file") is Source.DEFAULT
    with pytest.raises(SystemExit):
        _load(tmp_path, ["--extra-ca-file", "/home/user/rogue.pem"])
    s = _load(tmp_path, env=env, policy='extra_ca_file = "/etc/pki/corporate.pem"\n')
    assert (s.extra_ca_file, s.source("extra_ca_file")) == ("/etc/pki/corporate.pem",
                                                            Source.POLICY)


HTTP_REFUSED = ("The directory server address must start with https:// "
                "(http:// is only for a server on this computer).")


@pytest.mark.parametrize("url", ["http://directory.example.org", "http://10.1.2.3:8765",
                                 "http://127.0.0.1.example.org", "ftp://directory.example.org",
                                 "http://[fe80::1]:8765"])
def test_plain_http_to_another_computer_is_ignored_in_every_layer(tmp_path: Path,
                                                                  url: str) -> None:
    for s in (_load(tmp_path, user=f'server_url = "{url}"\n'),
              _load(tmp_path, env={"CPDESK_SERVER_URL": url}),
              _load(tmp_path, policy=f'server_url = "{url}"\n')):
        assert (s.server_url, s.source("server_url")) == (DEFAULT_SERVER_URL, Source.DEFAULT)
        assert not s.is_locked("server_url")
    # A refused layer leaves the next one down in force.
    s = _load(tmp_path, env={"CPDESK_SERVER_URL": url},
              user='server_url = "https://user.example.org"\n')
    assert (s.server_url, s.source("server_url")) == ("https://user.example.org", Source.USER)


def test_plain_http_to_another_computer_is_refused_on_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        _load(tmp_path, ["--server", "http://directory.example.org"])
    assert HTTP_REFUSED in capsys.readouterr().err


def test_settings_dialog_save_path_refuses_plain_http_to_another_computer(
        tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    with pytest.raises(ValueError, match=r"must start with https://") as refused:
        save_user_settings({"server_url": "http://directory.example.org",
                            "idle_lock_minutes": 4}, path)
    assert str(refused.value) == HTTP_REFUSED
    assert not path.exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://127.0.0.2:9000/",
                                 "http://localhost:8765", "http://[::1]:8765",
                                 "https://directory.example.org", "https://10.1.2.3:8443"])
def test_https_anywhere_and_plain_http_on_this_computer_are_accepted(tmp_path: Path,
                                                                     url: str) -> None:
    s = _load(tmp_path, ["--server", url])
    assert (s.server_url, s.source("server_url")) == (url, Source.COMMAND_LINE)
    assert _load(tmp_path, env={"CPDESK_SERVER_URL": url}).server_url == url
    assert _load(tmp_path, policy=f'server_url = "{url}"\n').server_url == url
    path = save_user_settings({"server_url": url}, tmp_path / "settings.toml")
    assert load_settings([], {}, policy_sources=[], user_file=path).server_url == url


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
    cli = _load(tmp_path, ["--idle-lock-minutes", "9"], policy=policy)
    assert (cli.idle_lock_minutes, cli.source("idle_lock_minutes")) == (3, Source.POLICY)


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


def test_saved_settings_with_control_characters_and_quotes_load_back_whole(
        tmp_path: Path) -> None:
    odd = '/opt/with "quotes" \\ back\\slash\x07bell\ttab/module.so'
    save_user_settings({"pkcs11_module": odd, "profile": "training"}, tmp_path / "settings.toml")
    s = _load(tmp_path)
    assert (s.pkcs11_module, s.profile) == (odd, "training")
    assert s.source("profile") is Source.USER
