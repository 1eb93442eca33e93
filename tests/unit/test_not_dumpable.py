"""``disable_core_dumps()`` makes the process non-dumpable on Linux (``PR_SET_DUMPABLE`` = 0):
no core, and another process of the same user can neither ptrace it nor read its memory (the
kernel's rule for a non-dumpable process; not re-proven here, where the suite runs as root,
whom the rule does not bind).

Process-wide and one-way, so it is checked in child processes, not in the test process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="PR_SET_DUMPABLE is Linux's")

_PROBE = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
before = libc.prctl(3, 0, 0, 0, 0)  # PR_GET_DUMPABLE
from cpdesk.crash import disable_core_dumps
assert disable_core_dumps()
print(before, libc.prctl(3, 0, 0, 0, 0))
"""

_REPORT = """
from cpdesk.crash import disable_core_dumps, dumpable
before = dumpable()
disable_core_dumps()
print(before, dumpable())
"""

def _python(code: str, *args: str) -> list[str]:
    return [sys.executable, "-c", code, *args]


def test_disable_core_dumps_makes_the_process_non_dumpable() -> None:
    result = subprocess.run(_python(_PROBE), cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.split() == ["1", "0"]


def test_dumpable_reports_the_state() -> None:
    result = subprocess.run(_python(_REPORT), cwd=ROOT, capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.split() == ["True", "False"]
