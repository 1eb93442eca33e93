"""The real-card stack end to end: pcscd + vpcd + virtual OpenPGP card + opensc-pkcs11.so.

Every PKCS#11 call runs in a child process (tests.realcard.p11_child) with the stack's env.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from typing import IO, Any

import pytest

from tests.realcard.stack import (
    ADMIN_PIN,
    REPO_ROOT,
    USER_PIN,
    CardStack,
)

pytestmark = pytest.mark.slow

USER_TOKEN = "OpenPGP card (User PIN)"
SIG_TOKEN = "OpenPGP card (User PIN (sig))"


@pytest.fixture
def stack(card_stack: CardStack) -> CardStack:
    return card_stack


@pytest.fixture
def card(stack: CardStack, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh card (serial: the indirect parameter) inserted for one test, pulled after."""
    serial: str = request.param
    stack.insert_card(serial=serial)
    yield serial
    stack.remove_card()


def _read_json(stream: IO[str] | None) -> dict[str, Any]:
    assert stream is not None
    line = stream.readline()  # the child answers each command with one line
    assert line, "p11 child exited"
    result: dict[str, Any] = json.loads(line)
    return result


@pytest.mark.parametrize("card", ["00000001"], indirect=True)
def test_two_tokens_one_card(stack: CardStack, card: str) -> None:
    tokens = stack.tokens()
    assert [t["label"] for t in tokens] == [USER_TOKEN, SIG_TOKEN]  # slot order
    assert {t["serial"] for t in tokens} == {stack.token_serial(card)} == {"ff0000000001"}


@pytest.mark.parametrize("card", ["0000000A"], indirect=True)
def test_keygen_cert_and_signature(stack: CardStack, card: str) -> None:
    provisioned = stack.run_p11("provision", "--so-pin", ADMIN_PIN, "--key-id", "03")
    signed = stack.run_p11("sign", "--pin", USER_PIN, "--key-id", "03")

    assert signed["verified"]
    assert signed["cert_der"] == provisioned["cert_der"]
    # What OpenSC shows after a user login on the "User PIN" token: its own labels, not ours.
    assert sorted((o["class"], o["label"], o["id"]) for o in signed["objects"]) == [
        ("CERTIFICATE", "AUT certificate", "03"),
        ("PRIVATE_KEY", "Authentication key", "03"),
        ("PUBLIC_KEY", "Authentication key", "03"),
    ]
    print(f"keygen {provisioned['keygen_s']:.3f}s, cert {provisioned['cert_s']:.3f}s")


@pytest.mark.parametrize("card", ["0000000B"], indirect=True)
def test_wrong_pin_counts_down_to_locked_and_persists(stack: CardStack, card: str) -> None:
    first = stack.run_p11("login", "--pin", "000000")
    assert first["result"] == "UserNotLoggedIn"  # CKR_USER_NOT_LOGGED_IN: card says 6982
    assert "USER_PIN_FINAL_TRY" not in first["flags"]
    second = stack.run_p11("login", "--pin", "000000")
    assert second["result"] == "UserNotLoggedIn"
    assert "USER_PIN_FINAL_TRY" in second["flags"]

    # The retry counter lives on the card: pull it and put it back.
    state = stack.card_state_dir(card)
    stack.remove_card()
    stack.insert_card(serial=card, state_dir=state)
    assert "USER_PIN_FINAL_TRY" in stack.tokens()[0]["flags"]

    third = stack.run_p11("login", "--pin", "000000")
    assert third["result"] == "UserNotLoggedIn"
    assert "USER_PIN_LOCKED" in third["flags"]
    assert stack.run_p11("login", "--pin", USER_PIN)["result"] == "PinLocked"


@pytest.mark.parametrize("card", ["0000000C"], indirect=True)
def test_pull_and_reinsert_seen_by_a_running_client(stack: CardStack, card: str) -> None:
    provisioned = stack.run_p11("provision")
    child = subprocess.Popen(
        stack.p11_command("watch"),
        cwd=REPO_ROOT, env=stack.environ(), text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
    )  # fmt: skip
    assert child.stdin is not None
    try:
        assert _read_json(child.stdout)["ready"]

        started = time.monotonic()
        stack.remove_card(wait=False)
        child.stdin.write("absent\n")
        child.stdin.flush()
        gone = _read_json(child.stdout)
        removal_s = time.monotonic() - started

        child.stdin.write("present\n")
        child.stdin.flush()
        started = time.monotonic()
        stack.insert_card(serial=card, state_dir=stack.card_state_dir(card))
        back = _read_json(child.stdout)
        insert_s = time.monotonic() - started

        child.stdin.write(f"sign {USER_PIN}\n")
        child.stdin.flush()
        signed = _read_json(child.stdout)
        child.stdin.write("quit\n")
        child.stdin.flush()
        assert child.wait(30) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    print(f"removal seen after {removal_s:.2f}s, re-insertion after {insert_s:.2f}s")
    assert gone["absent"] and back["present"]
    assert removal_s < 3.0
    assert signed["verified"] and signed["cert_der"] == provisioned["cert_der"]
