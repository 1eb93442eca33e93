"""A screen-reader user does the whole job through the real accessibility bus (issue 19).

A private session bus (``dbus-daemon``) with ``at-spi-bus-launcher`` and its registry, the
real client (``python -m cpdesk``) on the X display with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``,
the mock server as a subprocess, a user whose password and PIN are sentinels on a fresh
SoftHSM token. ``screen_reader.py`` runs under the system Python with ``pyatspi``, listens to
every event and walks the journey (sign in with mistakes, search, reason, record, copy, lock,
unlock; the privacy curtain over an open record; the shielded and sensitive named children)
as a screen reader user would; this side asserts on its report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from mock_server.data.named_children import SENSITIVE, SHIELDED
from mock_server.tokens.softhsm import TokenDir
from tests.integration.journey_setup import (
    ROOT,
    Sentinels,
    enrol_user,
    mock_server,
    plant_child,
    stop,
    x_display,
)
from tests.integration.test_journey import found_in, sandbox_env

SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
MASK = "\u25cf"
pytestmark = pytest.mark.timeout(300)


def _missing() -> list[str]:
    missing = [p for p in (SYSTEM_PYTHON, BUS_LAUNCHER) if not Path(p).exists()]
    missing += [tool for tool in ("dbus-daemon", "dbus-send") if shutil.which(tool) is None]
    if not missing and subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"],
                                      capture_output=True, check=False).returncode:
        missing.append("python3-pyatspi")
    return missing


@contextmanager
def accessibility_bus(display: str, runtime: Path) -> Iterator[dict[str, str]]:
    """A session bus of our own and the AT-SPI bus behind it; the environment to reach both."""
    assert not _missing(), f"missing (scripts/bootstrap.sh installs them): {_missing()}"
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    launcher = None
    try:
        assert bus.stdout is not None
        address = bus.stdout.readline().strip()
        assert address, "dbus-daemon gave no address"
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "DISPLAY": display,
               "XDG_RUNTIME_DIR": str(runtime)}
        launcher = subprocess.Popen([BUS_LAUNCHER, "--launch-immediately"], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        a11y = ""
        while not a11y:  # polling the launcher's readiness on the bus, not sleeping blindly
            assert launcher.poll() is None, "at-spi-bus-launcher exited"
            assert time.monotonic() < deadline, "the AT-SPI bus did not come up"
            asked = subprocess.run(
                ["dbus-send", "--session", "--print-reply=literal", "--dest=org.a11y.Bus",
                 "/org/a11y/bus", "org.a11y.Bus.GetAddress"], env=env, capture_output=True,
                text=True, timeout=10, check=False)
            a11y = asked.stdout.strip() if asked.returncode == 0 else ""
            if not a11y:
                time.sleep(0.1)
        yield {"DBUS_SESSION_BUS_ADDRESS": address, "AT_SPI_BUS_ADDRESS": a11y}
    finally:
        for proc in (launcher, bus):
            if proc is not None:
                stop(proc)
        if bus.stdout is not None:
            bus.stdout.close()


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str) -> dict[str, Any]:
    """Run the journey once; the report and the sentinels for the tests below."""
    tmp = tmp_path_factory.mktemp("a11y")
    sentinels = Sentinels.make()
    token_dir = TokenDir(tmp / "softhsm").ensure()
    db = tmp / "server" / "directory.sqlite3"
    db.parent.mkdir()
    runtime = tmp / "runtime"
    runtime.mkdir(mode=0o700)
    report_path, fifo = tmp / "report.json", tmp / "clipboard.fifo"
    os.mkfifo(fifo)
    with x_display() as display, accessibility_bus(display, runtime) as bus_env, \
            mock_server(db, children=500) as url:
        child = plant_child(db, sentinels)
        user = enrol_user(db, softhsm_module, token_dir, sentinels)
        env = {**sandbox_env(tmp / "sandbox", display, token_dir), **bus_env,
               "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1", "QT_ACCESSIBILITY": "1"}
        client = subprocess.Popen(
            [sys.executable, "-m", "cpdesk", "--server", url, "--pkcs11-module",
             softhsm_module, "--profile", "test"], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        owner = subprocess.Popen([sys.executable, "-m", "tests.a11y.clipboard_owner",
                                  str(fifo)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True)
        try:
            assert owner.stdout is not None and owner.stdout.readline().strip() == "ready"
            plan = {"username": user.username, "display_name": user.display_name,
                    "password": sentinels.password, "pin": sentinels.pin,
                    "family_name": sentinels.family_name, "dob": child.dob.strftime("%d-%m-%Y"),
                    "at_write_probe": "typed-by-an-assistive-tool",
                    "address_marker": sentinels.address_marker, "client_pid": client.pid,
                    "named_children": [
                        {"step": step, "family_name": child.family_name,
                         "dob": child.dob.strftime("%d-%m-%Y")}
                        for step, child in (("shielded opened", SHIELDED),
                                            ("sensitive opened", SENSITIVE))],
                    "report": str(report_path), "clipboard_fifo": str(fifo)}
            reader = subprocess.run([SYSTEM_PYTHON, str(ROOT / "tests/a11y/screen_reader.py")],
                                    input=json.dumps(plan) + "\n", env={**env, "PYTHONPATH": ""},
                                    capture_output=True, text=True, timeout=240, check=False)
        finally:
            with open(fifo, "w", encoding="utf-8") as quit_owner:
                quit_owner.write("quit\n")
            client.terminate()
            try:
                out, _ = client.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                client.kill()
                out, _ = client.communicate()
            owner.wait(10)
            if owner.stdout is not None:
                owner.stdout.close()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    raw = report_path.read_bytes()
    return {"report": report, "raw": raw, "sentinels": sentinels, "reader": reader,
            "client_output": out, "user": user}


def _steps(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {step["step"]: step for step in report["steps"]}


def test_the_whole_journey_can_be_done_over_at_spi(journey: dict[str, Any]) -> None:
    report = journey["report"]
    assert report.get("complete"), (report.get("error"), journey["reader"].stderr[-3000:],
                                    journey["client_output"][-3000:])
    assert set(_steps(report)) >= {"empty form", "wrong password", "wrong PIN", "signed in",
                                   "search", "record opened", "copied", "curtained",
                                   "curtain lifted", "shielded opened", "sensitive opened",
                                   "locked", "unlocked"}


def test_no_password_or_pin_character_reaches_the_bus(journey: dict[str, Any]) -> None:
    sentinels: Sentinels = journey["sentinels"]
    for secret in sentinels.secrets:
        assert not found_in(journey["raw"], secret), "a secret in an accessibility event"
    events = journey["report"]["events"]
    secret_text = [e for e in events if e["role"] == "password text"
                   and e["type"].startswith("object:text-changed")]
    assert secret_text, "no text event from a secret field: the test saw nothing"
    # Typed and pasted (and the assistive tool's write) alike: bullets only, one per character.
    typed = [e for e in secret_text if e["data"]]
    assert all(set(e["data"]) == {MASK} for e in typed
               if e["data"] != "typed-by-an-assistive-tool"), \
        [e["data"][:40] for e in typed if set(e["data"]) != {MASK}][:5]
    pasted = [e for e in typed if e["type"].endswith(":insert")
              and len(e["data"]) == len(sentinels.password)]
    assert pasted, "the pasted password was not seen (as bullets) on the bus"


def test_errors_and_status_changes_are_announced(journey: dict[str, Any]) -> None:
    steps = _steps(journey["report"])
    assert "Enter" in steps["empty form"]["said"]
    assert "PIN" in steps["wrong PIN"]["said"]
    assert "found" in steps["search"]["said"]
    assert steps["record opened"]["said"].startswith("Record opened:")
    assert "Copied" in steps["copied"]["said"]
    assert steps["locked"]["said"].startswith("Locked")
    assert steps["unlocked"]["said"].startswith("Unlocked")
    user = journey["user"]
    assert user.display_name in steps["status bar"]["name"]
    assert steps["status bar"]["description"] == "Signed-in user and role"


def test_no_traps(journey: dict[str, Any]) -> None:
    steps = _steps(journey["report"])
    signed_in = steps["signed in"]
    assert signed_in["search_focused"]
    assert signed_in["focus"] is not None and signed_in["focus"]["name"] == "Family name", \
        signed_in["focus"]
    # Enter in Details after Tab passed Cancel opened the record (it did not cancel).
    assert steps["record opened"]["passed_cancel"]


def test_every_value_is_read_with_its_caption(journey: dict[str, Any]) -> None:
    record = journey["report"]["record"]
    sentinels: Sentinels = journey["sentinels"]
    values = {v["name"]: v for v in record["values"]}
    captioned = [v for v in record["values"] if v["description"] and v["labelled_by"]]
    assert captioned, "no value label carries its caption"
    for v in captioned:
        # The description is the caption, or says more around it (Who to call: "Phone of
        # NAME, ROLE, ORGANISATION", labelled by NAME).
        assert any(caption in v["description"] for caption in v["labelled_by"]), v
        assert v["name"] != v["description"], f"a value named after its caption: {v}"
    # Who to call: the number is read, then whose it is (issue 19).
    calls = [v for v in captioned if v["description"].startswith("Phone of ")]
    assert calls and all(v["name"] not in v["description"] for v in calls), calls
    address = next((n for n in values if sentinels.address_marker in n), None)
    assert address is not None, "the address is not readable"
    assert values[address]["description"] == "Address"
    assert "07700 900777" in values, "the parent's phone is not readable"
    assert record["copy_buttons"] and all("'s " in name for name in record["copy_buttons"]), \
        record["copy_buttons"]
    assert record["unnamed_buttons"] == []
    assert record["unnamed_focusable"] == []


def test_nothing_of_the_child_is_in_the_tree_while_locked(journey: dict[str, Any]) -> None:
    sentinels: Sentinels = journey["sentinels"]
    tree = json.dumps(journey["report"]["locked_tree"], ensure_ascii=False).encode()
    for marker in sentinels.child_markers:
        assert not found_in(tree, marker), marker
    showing = {n["name"] for n in journey["report"]["locked_showing"]}
    assert "Family name" not in showing


def test_nothing_of_the_child_is_in_the_tree_under_the_curtain(journey: dict[str, Any]) -> None:
    """Another program took the keyboard with the planted child's record open: the curtain
    fell, and neither a showing node nor a hidden one carries a value of the child (a hidden
    widget stays in the tree, readable); the key that lifts it brings the record back."""
    report = journey["report"]
    sentinels: Sentinels = journey["sentinels"]
    showing = report["curtain_showing"]
    assert any(n["name"] == "Screen hidden for privacy" for n in showing), showing[:20]
    assert "Family name" not in {n["name"] for n in showing}
    for nodes in (showing, report["curtain_tree"]):
        tree = json.dumps(nodes, ensure_ascii=False).encode()
        for marker in sentinels.child_markers:
            assert not found_in(tree, marker), marker
    # The same markers were readable just before, and are again once lifted.
    assert _steps(report)["curtain lifted"]["address_back"]


@pytest.mark.parametrize(("step", "notice"), [
    ("shielded opened", "This record is shielded."),
    ("sensitive opened", "One or more sensitive services are involved with this child."),
])
def test_shielded_and_sensitive_notices_are_announced(journey: dict[str, Any], step: str,
                                                      notice: str) -> None:
    opened = _steps(journey["report"])[step]
    said = [opened["said"], *opened["said_after"]]
    assert opened["said"].startswith("Record opened:"), said
    assert any(notice in text for text in said), said
