"""The real-card leg's shared stack: one private pcscd with a vpcd reader for the whole test
session, its environment set in this process before anything loads OpenSC's module (the
PC/SC client library reads ``PCSCLITE_CSOCK_NAME`` once per process).

Missing packages fail the leg with the line to run; they never skip it silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.conftest import PCSC_ROOT
from tests.realcard.stack import CardStack, missing_packages


@pytest.fixture(scope="session")
def card_stack() -> Iterator[CardStack]:
    """In the folder whose socket and OpenSC configuration tests/conftest.py named in the
    environment at start-up."""
    missing = missing_packages()
    if missing:
        pytest.fail("The real-card leg needs these packages (scripts/test installs them when "
                    f"run as root): sudo apt-get install -y {' '.join(missing)}",
                    pytrace=False)
    with CardStack(PCSC_ROOT) as stack:
        assert {key: os.environ.get(key) for key in stack.env} == stack.env, \
            "the card stack's socket is not the one the test process was started with"
        yield stack
