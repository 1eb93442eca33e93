"""Issue 18 (cold start): what the sign-in window's modules load, and what they leave for later.

The domain's dataclasses (``cpdesk.domain.objects``) and the answers' parsers (``cpdesk.api.wire``)
are loaded by the first directory call, on its worker thread; the record, list and
working-together rules of ``cpdesk.privacy`` by the signed-in pages. A module-level import of
one of them on the start path would put it back on the main thread before the window is up.
"""

from __future__ import annotations

import subprocess
import sys

# What cpdesk.app.main imports before the sign-in window is shown.
START_PATH = ("cpdesk.app", "cpdesk.api.client", "cpdesk.auth.session", "cpdesk.auth.signin",
              "cpdesk.environment_check", "cpdesk.ui.shell.main_window",
              "cpdesk.ui.signin.controller", "cpdesk.ui.signin.view",
              "cpdesk.ui.training.mode", "cpdesk.validation", "cpdesk.privacy.display",
              "cpdesk.privacy.contacts")
LATER = ("cpdesk.domain.objects", "cpdesk.api.wire", "cpdesk.api.wire_together",
         "cpdesk.privacy.record", "cpdesk.privacy.lists", "cpdesk.privacy.together")


def _loaded_after(imports: tuple[str, ...], code: str = "") -> set[str]:
    script = ("import importlib, sys\n"
              f"for name in {imports!r}:\n    importlib.import_module(name)\n"
              f"{code}\n"
              f"print(' '.join(sorted(n for n in {LATER!r} if n in sys.modules)))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    return set(done.stdout.split())


def test_the_start_path_leaves_the_domain_objects_wire_and_privacy_rules_for_later() -> None:
    assert _loaded_after(START_PATH) == set()


def test_a_name_asked_for_loads_its_module_then() -> None:
    asked = _loaded_after(("cpdesk.domain", "cpdesk.privacy"),
                          "from cpdesk.domain import ChildRecord\n"
                          "from cpdesk.privacy import record_display\n"
                          "assert ChildRecord.__name__ == 'ChildRecord'\n"
                          "assert callable(record_display)")
    assert {"cpdesk.domain.objects", "cpdesk.privacy.record"} <= asked
    assert "cpdesk.api.wire" not in asked
