"""Shared fixtures: offscreen Qt, a private SoftHSM2 token directory, a real mock server.

SoftHSM reads ``SOFTHSM2_CONF`` once, at the first ``pkcs11.lib()`` load in the process, so
the private token directory is chosen here, before any test can load the module.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from mock_server.tokens.softhsm import TokenDir

_TOKEN_ROOT = Path(tempfile.mkdtemp(prefix="cpdesk-softhsm-"))
TOKEN_DIR = TokenDir(_TOKEN_ROOT).ensure()
TOKEN_DIR.activate()

# The real-card leg's private pcscd (tests/realcard) lives here. The PC/SC client library
# reads PCSCLITE_CSOCK_NAME once per process, so it is set before anything can load OpenSC:
# a module loaded early (a client finding OpenSC first) talks to the same socket later.
PCSC_ROOT = Path(tempfile.mkdtemp(prefix="cpdesk-pcsc-"))
os.environ["PCSCLITE_CSOCK_NAME"] = str(PCSC_ROOT / "pcscd.comm")
os.environ["OPENSC_CONF"] = str(PCSC_ROOT / "opensc.conf")


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_TOKEN_ROOT, ignore_errors=True)
    shutil.rmtree(PCSC_ROOT, ignore_errors=True)


@pytest.fixture(scope="session")
def softhsm_module() -> str:
    from mock_server.tokens.softhsm import find_module

    return find_module()


@pytest.fixture(scope="session")
def token_dir() -> TokenDir:
    return TOKEN_DIR


@pytest.fixture(scope="session")
def demo_tokens(softhsm_module: str, token_dir: TokenDir):  # type: ignore[no-untyped-def]
    """The demo users' tokens, made once per test session with keys generated on the token."""
    from mock_server.tokens.devtokens import ensure_demo_tokens

    return ensure_demo_tokens(softhsm_module, token_dir)


@pytest.fixture
def meta_server() -> Iterator[str]:
    """A real mock server (uvicorn, loopback, port 0) serving the default test config."""
    from mock_server.http.app import create_app
    from mock_server.http.runner import ServerThread

    with ServerThread(create_app()) as server:
        yield server.url
