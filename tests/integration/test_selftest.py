"""``cpdesk --self-test`` in a fresh process without a display: versions, keyring backend,
PKCS#11 module and the admin policy in force."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


def isolated_env(tmp_path: Path) -> dict[str, str]:
    """No display, HOME and the XDG folders inside tmp_path; the site policy folder too."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DISPLAY", "WAYLAND", "QT_QPA", "CPDESK_", "XDG_"))}
    env.update(HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
               XDG_DATA_HOME=str(tmp_path / "home" / ".local" / "share"),
               XDG_STATE_HOME=str(tmp_path / "home" / ".local" / "state"),
               XDG_CACHE_HOME=str(tmp_path / "home" / ".cache"),
               XDG_CONFIG_DIRS=str(tmp_path / "etc-xdg"), TMPDIR=str(tmp_path))
    return env


def write_policy(tmp_path: Path, module: str) -> Path:
    policy = tmp_path / "etc-xdg" / "cpdesk" / "policy.toml"
    policy.parent.mkdir(parents=True)
    policy.write_text('[cpdesk]\nserver_url = "https://directory.example.org"\n'
                      f'pkcs11_module = "{module}"\nidle_lock_minutes = 3\n'
                      'token_removal = "sign-out"\n', encoding="utf-8")
    return policy


def test_self_test_reports_policy_keyring_and_module(tmp_path: Path, softhsm_module: str) -> None:
    policy = write_policy(tmp_path, softhsm_module)
    result = subprocess.run([sys.executable, "-m", "cpdesk", "--self-test"],
                            env=isolated_env(tmp_path), capture_output=True, text=True,
                            timeout=60, check=False)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "cpdesk self-test" in out and "result: OK" in out
    assert "PySide6" in out and "Qt " in out
    assert "keyring backend" in out and "none (user names are not remembered)" in out
    assert re.search(rf"PKCS#11 module +{re.escape(softhsm_module)} \(admin policy\)", out)
    assert str(policy) in out
    assert re.search(r"policy: idle_lock_minutes +3 \(in force: admin policy\)", out)
    assert "policy: token_removal" in out and "sign-out" in out
    # Nothing was written outside the temporary profile, and no log was needed.
    assert not (tmp_path / "home" / ".local" / "state" / "cpdesk").exists()


def test_self_test_fails_when_the_module_is_missing(tmp_path: Path) -> None:
    write_policy(tmp_path, str(tmp_path / "no-such-module.so"))
    result = subprocess.run([sys.executable, "-m", "cpdesk", "--self-test"],
                            env=isolated_env(tmp_path), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 1
    assert "NOT FOUND" in result.stdout and "result: PROBLEMS FOUND" in result.stdout


def test_without_a_console_the_report_goes_to_the_log_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cpdesk import selftest
    from cpdesk.config import Settings

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setattr(sys, "stdout", None)
    code = selftest.run(Settings(), reporter=lambda _s: ([("cpdesk", "x")], True))
    report = tmp_path / "state" / "cpdesk" / "log" / "selftest.txt"
    assert code == 0
    assert "result: OK" in report.read_text(encoding="utf-8")


def test_self_test_lists_cards_with_flags_and_the_certificate_sign_in_would_send(
        tmp_path: Path, softhsm_module: str, demo_tokens: object,
        enrolled: tuple[Path, dict[str, str]]) -> None:
    """The enrolled demo tokens, read by the self-test's own process without a PIN."""
    write_policy(tmp_path, softhsm_module)
    env = {**isolated_env(tmp_path), "SOFTHSM2_CONF": os.environ["SOFTHSM2_CONF"]}
    result = subprocess.run([sys.executable, "-m", "cpdesk", "--self-test"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"PKCS#11 library +SoftHSM", out)
    _, serials = enrolled
    nurse_serial = serials["nurse.demo"]
    match = re.search(rf"card (\d+) +cpdesk-nurse \(serial {nurse_serial}; SoftHSM project "
                      r"SoftHSM v2; 1 slot\)", out)
    assert match, out
    n = match.group(1)
    assert re.search(rf"card {n} flags +PIN (OK|count low)", out)
    assert re.search(rf"card {n} certificate +nurse\.demo, expires \d{{4}}-\d\d-\d\d, key ID 01"
                     r" \(public key on the card\)", out)


def test_self_test_reports_a_module_that_does_not_load(tmp_path: Path) -> None:
    broken = tmp_path / "broken-pkcs11.so"
    broken.write_bytes(b"not a shared library")
    write_policy(tmp_path, str(broken))
    result = subprocess.run([sys.executable, "-m", "cpdesk", "--self-test"],
                            env=isolated_env(tmp_path), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 1
    assert re.search(r"PKCS#11 library +FAILED: The smartcard software \(broken-pkcs11\.so\)"
                     r" could not be loaded", result.stdout), result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_version_is_printed_without_a_display(tmp_path: Path) -> None:
    from cpdesk import __version__

    done = subprocess.run([sys.executable, "-m", "cpdesk", "--version"],
                          env=isolated_env(tmp_path), capture_output=True, text=True,
                          timeout=60, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"cpdesk {__version__}")


@pytest.mark.parametrize(("args", "says"), [
    (["--idle-lock-minutes", "30"], "argument --idle-lock-minutes: give a whole number of "
                                    "minutes from 1 to 15"),
    (["--server", "notaurl"], "argument --server: "),
])
def test_invalid_arguments_are_one_line_errors(tmp_path: Path, args: list[str],
                                               says: str) -> None:
    """Issue 20, item 9: not a warning and "result: OK", but rc 2 and one line."""
    done = subprocess.run([sys.executable, "-m", "cpdesk", *args, "--self-test"],
                          env=isolated_env(tmp_path), capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2
    assert "result: OK" not in done.stdout and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith(f"cpdesk: error: {says}")
