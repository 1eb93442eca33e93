"""Sign-in through ``p11-kit-proxy.so`` (how a Linux desktop reaches its modules) with SoftHSM2
registered behind it, through the real client's screens in a process of its own.

p11-kit-proxy hands out a new, uninitialised function list on every ``C_GetFunctionList``, so
a client that fetches a second list for its own C_Login is refused; this proves the client
uses the one list python-pkcs11 initialised.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mock_server.tokens.demo_users import DEMO_USERS
from mock_server.tokens.softhsm import TokenDir
from tests.integration.journey_setup import ROOT
from tests.integration.signin_server import LiveServer

PROXY_PATHS = ("/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so",
               "/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so", "/usr/lib64/p11-kit-proxy.so",
               "/usr/lib/p11-kit-proxy.so")


def proxy_module() -> str:
    found = next((p for p in PROXY_PATHS if Path(p).is_file()), None)
    assert found is not None, ("p11-kit-proxy.so is missing: apt-get install p11-kit "
                               "p11-kit-modules (scripts/test installs them as root)")
    return found


def sign_in_through(module: str, env: dict[str, str], plan: dict[str, str]) -> dict[str, str]:
    done = subprocess.run([sys.executable, "-m", "tests.realcard.signin_driver"],
                          input=json.dumps({"module": module, **plan}), cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture
def proxy_env(tmp_path: Path, softhsm_module: str, token_dir: TokenDir) -> dict[str, str]:
    """A home whose p11-kit user configuration registers SoftHSM2 (as its package does)."""
    home = tmp_path / "home"
    modules = home / ".config" / "pkcs11" / "modules"
    modules.mkdir(parents=True)
    (modules / "softhsm2.module").write_text(f"module: {softhsm_module}\n")
    return {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT), **token_dir.env()}


def test_sign_in_through_p11kit_proxy_with_softhsm_behind_it(
        server: LiveServer, proxy_env: dict[str, str]) -> None:
    nurse = DEMO_USERS[0]
    result = sign_in_through(proxy_module(), proxy_env, {
        "server_url": server.url, "username": nurse.username, "password": nurse.password,
        "pin": nurse.pin, "card": nurse.token_label + " "})
    assert result["signed_in"], result
    assert result["error"] == ""


def test_wrong_pin_through_p11kit_proxy_is_a_wrong_pin(
        server: LiveServer, proxy_env: dict[str, str]) -> None:
    nurse = DEMO_USERS[0]
    result = sign_in_through(proxy_module(), proxy_env, {
        "server_url": server.url, "username": nurse.username, "password": nurse.password,
        "pin": "000000", "card": nurse.token_label + " "})
    assert not result["signed_in"]
    assert result["error"].startswith("The PIN is not correct. 2 tries left"), result
