"""``scripts/demo`` as a user runs it (issue 20, item 9): it serves, prepares the demo tokens,
opens the client — and SIGTERM to the script quits the client cleanly and stops the server,
leaving nothing running."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.integration.journey_setup import ROOT, free_port, x_display


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _children_of(pid: int) -> list[int]:
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                          check=False)
    found = [int(p) for p in done.stdout.split()]
    return found + [grand for child in found for grand in _children_of(child)]


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_sigterm_to_the_demo_stops_client_and_server(tmp_path: Path) -> None:
    with x_display() as display:
        env = {**os.environ, "DISPLAY": display, "CPDESK_DEMO_DIR": str(tmp_path / "demo"),
               "CPDESK_DEMO_PORT": str(free_port()), "HOME": str(tmp_path / "home"),
               "XDG_STATE_HOME": str(tmp_path / "state"), "QT_QPA_PLATFORM": "xcb"}
        env.pop("CPDESK_EXTRAS", None)
        demo = subprocess.Popen(["bash", str(ROOT / "scripts" / "demo")], cwd=ROOT, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        seen: list[str] = []
        try:
            assert demo.stdout is not None
            deadline = time.monotonic() + 400
            for line in demo.stdout:
                seen.append(line)
                if "Opening cpdesk" in line:
                    break
                assert time.monotonic() < deadline, "the demo did not get to the client"
            client = None
            while client is None and time.monotonic() < deadline:
                client = next((p for p in _children_of(demo.pid)
                               if "cpdesk --server" in Path(f"/proc/{p}/cmdline").read_text()
                               .replace("\0", " ")), None)
                time.sleep(0.2)  # polling for the client process to appear
            assert client is not None, "".join(seen[-20:])
            family = _children_of(demo.pid)
            demo.send_signal(signal.SIGTERM)
            demo.wait(timeout=60)
        finally:
            if demo.poll() is None:
                demo.kill()
                demo.wait()
        deadline = time.monotonic() + 30
        while any(_alive(p) for p in family) and time.monotonic() < deadline:
            time.sleep(0.2)  # the client's clean quit, then the server's stop
        assert not [p for p in family if _alive(p)], "processes left running after SIGTERM"
