"""Issue 18 (cold start): what the sign-in window's modules load, and what they leave for later.

The domain's dataclasses (``cpdesk.domain.objects``) and the answers' parsers (``cpdesk.api.wire``)
are loaded by the first directory call, on its worker thread; the record, list and
working-together rules of ``cpdesk.privacy`` by the signed-in pages. A module-level import of
one of them on the start path would put it back on the main thread before the window is up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# What cpdesk.app.main imports before the sign-in window is shown.
START_PATH = ("cpdesk.app", "cpdesk.api.client", "cpdesk.auth.session", "cpdesk.auth.signin",
              "cpdesk.environment_check", "cpdesk.ui.shell.main_window",
              "cpdesk.ui.signin.controller", "cpdesk.ui.signin.view",
              "cpdesk.validation",
              "cpdesk.config", "cpdesk.ui.shell.color_scheme", "cpdesk.ui.common.first_paint",
              "cpdesk.logging_setup", "cpdesk.crash", "cpdesk.remembered",
              "cpdesk.auth.discovery",
              "cpdesk.ui.common.clipboard", "cpdesk.ui.common.workers",
              "cpdesk.ui.shell.privacy_screen", "cpdesk.ui.shell.settings_button",
              "cpdesk.ui.signin.token_thread", "cpdesk.ui.shell.crash_bridge",
              "cpdesk.ui.shell.translations")
LATER = ("cpdesk.domain.objects", "cpdesk.api.wire", "cpdesk.api.wire_together",
         "cpdesk.privacy.record", "cpdesk.privacy.lists", "cpdesk.privacy.together",
         # the status bar's alert count and the record context, after sign-in
         "cpdesk.privacy.display",
         # read or written only when there is an answer, a TLS failure or a settings file
         "ssl", "json", "tomllib", "tomli_w",
         # the clipboard's digest, on the first copy
         "hashlib")


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


def test_each_warm_up_step_imports_one_module_of_cpdesk() -> None:
    """prepare_pages imports SIGNED_IN_MODULES one per event-loop turn, so that no turn is long:
    after the start path, each step may bring in only its own module (and its package's
    ``__init__``), never a chain of others the list has not warmed yet."""
    code = ("from cpdesk.ui.shell.main_window import SIGNED_IN_MODULES\n"
            "for name in SIGNED_IN_MODULES:\n"
            "    had = {m for m in sys.modules if m.startswith('cpdesk')}\n"
            "    importlib.import_module(name)\n"
            "    new = {m for m in sys.modules if m.startswith('cpdesk')} - had - {name}\n"
            "    extra = sorted(m for m in new if not name.startswith(m + '.'))\n"
            "    if extra:\n"
            "        print('STEP', name, *extra)\n")
    script = ("import importlib, sys\n"
              f"for name in {START_PATH!r}:\n    importlib.import_module(name)\n{code}")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, timeout=120)
    assert [line for line in done.stdout.splitlines() if line.startswith("STEP")] == []


def test_a_name_asked_for_loads_its_module_then() -> None:
    asked = _loaded_after(("cpdesk.domain", "cpdesk.privacy"),
                          "from cpdesk.domain import ChildRecord\n"
                          "from cpdesk.privacy import record_display\n"
                          "assert ChildRecord.__name__ == 'ChildRecord'\n"
                          "assert callable(record_display)")
    assert {"cpdesk.domain.objects", "cpdesk.privacy.record"} <= asked
    assert "cpdesk.api.wire" not in asked


# What cpdesk.app.main starts once the window is painted, and what each of them imports:
# the token thread's first card scan, the OS-lock watcher's D-Bus connection, training mode
# (it acts on the server's meta), the first directory call (httpx), the keyring.
AFTER_PAINT = ("cpdesk.auth.token", "pkcs11", "asn1crypto", "cpdesk.ui.shell.os_session",
               "PySide6.QtDBus", "cpdesk.ui.training.mode", "httpx", "keyring",
               # the log file, opened with the first record ("running", after the paint)
               "logging.handlers",
               # the settings dialog: on the button's first press, or the warm-up's last step
               "cpdesk.ui.shell.settings_dialog",
               # and, off Windows and without CPDESK_STALL_WATCHDOG=1, never
               "cpdesk.ui.shell.policy_registry", "cpdesk.ui.shell.stall_watchdog")
_FIRST_PAINT = f"""
import gc
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication([sys.argv[0]])
seen = {{}}

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if ("painted" not in seen and event.type() == QEvent.Type.Paint
                and isinstance(watched, QMainWindow)):
            seen["painted"] = [n for n in {AFTER_PAINT!r} if n in sys.modules]
            seen["collecting"] = gc.isenabled()
            seen["icon"] = not app.windowIcon().isNull()
        return False

spy = FirstPaint()
app.installEventFilter(spy)  # every object's events, from before the window exists

def started() -> None:  # the card scan and the OS-lock watcher, after the paint
    if "painted" in seen and gc.isenabled() and {{
            "cpdesk.auth.token", "cpdesk.ui.shell.os_session", "cpdesk.ui.training.mode"}} <= set(
                sys.modules):  # the collector is the last part: everything has started
        print("COLLECTING", seen["collecting"], gc.isenabled())
        print("ICON", seen["icon"], not app.windowIcon().isNull())
        print("PAINTED", *seen["painted"])
        app.quit()

timer = QTimer()
timer.timeout.connect(started)
timer.start(10)
from cpdesk.app import main
sys.exit(main(["--server", "http://127.0.0.1:9", "--profile", "test"]))
"""


def test_the_card_scan_os_watcher_http_keyring_and_collector_start_after_the_first_paint(
        tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           **{f"XDG_{kind}_HOME": str(tmp_path / kind) for kind in ("CONFIG", "DATA",
                                                                      "STATE", "CACHE")}}
    done = subprocess.run([sys.executable, "-c", _FIRST_PAINT], capture_output=True, text=True,
                          check=False, timeout=120, env=env)
    printed = [line for line in done.stdout.splitlines() if line.startswith("PAINTED")]
    assert printed, done.stderr[-3000:]
    assert printed[0].split()[1:] == []  # none of them before the window was painted
    # The garbage collector: off while the window is made, on again once it is painted.
    assert "COLLECTING False True" in done.stdout.splitlines()
    # The window icon (drawn from the SVG): set after the paint.
    assert "ICON False True" in done.stdout.splitlines()


def test_the_start_reads_the_same_policy_sources_as_the_registry_reader_would() -> None:
    from cpdesk.app import policy_sources
    from cpdesk.ui.shell.policy_registry import system_policy_sources

    for platform in ("linux", "darwin", "win32"):
        assert policy_sources(platform) == system_policy_sources(platform), platform


def test_the_stall_watchdog_is_switched_on_by_its_own_variable() -> None:
    from cpdesk.app import STALL_WATCHDOG_VAR
    from cpdesk.ui.shell.stall_watchdog import ENV_VAR

    assert STALL_WATCHDOG_VAR == ENV_VAR


def test_off_windows_the_start_leaves_the_registry_and_the_stall_watchdog_alone() -> None:
    code = ("from cpdesk.app import policy_sources\n"
            "assert policy_sources('linux')\n"
            "print('LOADED', *(n for n in ('cpdesk.ui.shell.policy_registry',"
            " 'cpdesk.ui.shell.stall_watchdog') if n in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", f"import sys\n{code}"], capture_output=True,
                          text=True, check=True, timeout=120)
    assert done.stdout.split() == ["LOADED"]


def test_the_log_file_is_opened_with_its_first_record(tmp_path: Path) -> None:
    code = ("import logging, sys\n"
            "from pathlib import Path\n"
            "from cpdesk.logging_setup import configure_logging\n"
            "path = configure_logging(Path(sys.argv[1]))\n"
            "print('BEFORE', path.exists(), 'logging.handlers' in sys.modules)\n"
            "logging.getLogger('cpdesk.test').info('first %s', 'secret')\n"
            "logging.getLogger().handlers[-1].flush()\n"
            "print('AFTER', path.exists(), 'logging.handlers' in sys.modules)\n"
            "print('TEXT', path.read_text().strip().split(' ', 2)[-1])\n")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True,
                          text=True, check=True, timeout=120)
    lines = done.stdout.splitlines()
    assert lines[:2] == ["BEFORE False False", "AFTER True True"]
    assert lines[2] == "TEXT INFO cpdesk.test first [redacted]"  # the same allow-list format
