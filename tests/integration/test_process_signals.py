"""The client as a process (issue 20, item 9): without a screen it says so plainly instead of
Qt's abort; Ctrl+C (SIGINT) and SIGTERM quit it cleanly, as closing the window does."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.integration.test_selftest import isolated_env

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_is_a_plain_message_not_an_abort(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "cpdesk", "--server", "http://127.0.0.1:9"],
                          env=isolated_env(tmp_path), capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)
    assert done.returncode == 1
    assert "needs a screen" in done.stderr and "xvfb-run -a cpdesk" in done.stderr
    assert "reinstalling" not in done.stderr.lower() and "Traceback" not in done.stderr


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_quit_cleanly(tmp_path: Path, signum: int) -> None:
    env = {**isolated_env(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    log = tmp_path / "home" / ".local" / "state" / "cpdesk" / "log" / "cpdesk.log"
    process = subprocess.Popen([sys.executable, "-m", "cpdesk", "--server",
                                "http://127.0.0.1:9"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (log.exists() and "Ctrl+C or SIGTERM quits" in log.read_text()):
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the client did not start"
            time.sleep(0.1)  # polling a starting process's log
        process.send_signal(signum)
        _out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "KeyboardInterrupt" not in err and "Traceback" not in err


def _daemons_on_display(display: str) -> list[int]:
    """dbus-daemon processes started for this X display (an autolaunched bus carries it)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if (proc / "comm").read_text().strip() != "dbus-daemon":
                continue
            environ = (proc / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if f"DISPLAY={display}".encode() in environ:
            found.append(int(proc.name))
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="X11 session-bus autolaunch is Linux's")
def test_a_start_on_x_without_a_session_bus_leaves_no_dbus_daemon(tmp_path: Path) -> None:
    import os
    import shutil

    display = os.environ.get("DISPLAY", "")
    assert display, "the test command runs pytest under xvfb-run"
    assert shutil.which("dbus-launch"), "dbus-x11 (installed by the set-up) makes autolaunch real"
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    env = {**isolated_env(tmp_path), "DISPLAY": display, "XDG_RUNTIME_DIR": str(runtime),
           "QT_QPA_PLATFORM": "xcb", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
    if os.environ.get("XAUTHORITY"):
        env["XAUTHORITY"] = os.environ["XAUTHORITY"]
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    log = tmp_path / "home" / ".local" / "state" / "cpdesk" / "log" / "cpdesk.log"
    # Buses other tests started on this display (a private bus carries DISPLAY too) are
    # not this start's doing: only a daemon that appears while cpdesk runs counts.
    before = set(_daemons_on_display(display))
    process = subprocess.Popen([sys.executable, "-m", "cpdesk", "--server",
                                "http://127.0.0.1:9"], env=env, cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (log.exists() and "Ctrl+C or SIGTERM quits" in log.read_text()):
            assert process.poll() is None, process.communicate()[1]
            assert time.monotonic() < deadline, "the client did not start"
            time.sleep(0.1)  # polling a starting process's log
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    left = sorted(set(_daemons_on_display(display)) - before)
    for pid in left:  # never leave one behind, even when the test fails
        os.kill(pid, signal.SIGTERM)
    assert left == [], "cpdesk made libdbus autolaunch a session bus that outlived it"
