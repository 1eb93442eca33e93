"""The real-card leg's shared stack: one private pcscd with a vpcd reader for the whole test
session, its environment set in this process before anything loads OpenSC's module (the
PC/SC client library reads ``PCSCLITE_CSOCK_NAME`` once per process).

Missing packages fail the leg with the line to run; they never skip it silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.realcard.stack import CardStack, missing_packages


@pytest.fixture(scope="session")
def card_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CardStack]:
    missing = missing_packages()
    if missing:
        pytest.fail("The real-card leg needs these packages (scripts/test installs them when "
                    f"run as root): sudo apt-get install -y {' '.join(missing)}",
                    pytrace=False)
    with CardStack(tmp_path_factory.mktemp("realcard")) as stack:
        saved = {key: os.environ.get(key) for key in stack.env}
        os.environ.update(stack.env)
        try:
            yield stack
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
