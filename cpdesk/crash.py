"""Last-resort handlers: an unexpected error is logged safely, the user told plainly, and the
window locked.

- ``sys.excepthook`` and ``threading.excepthook``: the error goes to the log through the
  allow-list formatter (type and frames; no message, no local variables), then every
  registered *on_crash* callback runs. Callbacks must be thread-safe: the Qt side
  (:mod:`cpdesk.ui.shell.crash_bridge`) queues its work to the GUI thread.
- ``faulthandler`` writes native crashes' Python stacks to ``faults.log`` beside the log.
- Core dumps are turned off (``RLIMIT_CORE`` = 0) so no memory image with child data is
  ever written; on Linux the process is also made non-dumpable (``PR_SET_DUMPABLE`` = 0), so
  another process of the same user can neither ptrace it nor read its memory
  (``/proc/<pid>/mem``, ``environ``), and no core is written whatever the limit.
"""

from __future__ import annotations

import ctypes
import faulthandler
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

_log = logging.getLogger("cpdesk.crash")
FAULT_FILE = "faults.log"
PLAIN_MESSAGE = ("Something went wrong inside cpdesk. The screen has been locked to keep "
                 "records safe. If it happens again, tell your IT service desk the time.")

CrashCallback = Callable[[], None]

# <linux/prctl.h>
PR_GET_DUMPABLE = 3
PR_SET_DUMPABLE = 4


def _prctl(option: int, arg: int = 0) -> int | None:
    """``prctl(option, arg, 0, 0, 0)`` through libc; None where there is no such call."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                      ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return int(prctl(option, arg, 0, 0, 0))


def dumpable() -> bool | None:
    """Whether this process may be dumped or ptraced by its user (Linux); None elsewhere."""
    result = _prctl(PR_GET_DUMPABLE)
    return None if result is None or result < 0 else result != 0


def disable_core_dumps() -> bool:
    """True when the core size limit is set (POSIX); False where the platform has no such
    limit. On Linux the process is made non-dumpable first (``PR_SET_DUMPABLE`` = 0)."""
    _prctl(PR_SET_DUMPABLE, 0)
    try:
        import resource
    except ImportError:
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return True


class CrashHandlers:
    """Installs and removes the hooks; keeps the previous ones to restore."""

    def __init__(self) -> None:
        self._callbacks: list[CrashCallback] = []
        self._previous_sys = sys.excepthook
        self._previous_thread = threading.excepthook
        self._fault_file: IO[str] | None = None
        self.crashes = 0

    def add_callback(self, callback: CrashCallback) -> None:
        self._callbacks.append(callback)

    def install(self, log_dir: Path | None = None) -> None:
        self._previous_sys = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            self._fault_file = (log_dir / FAULT_FILE).open("a", encoding="utf-8")
            faulthandler.enable(self._fault_file, all_threads=True)
        disable_core_dumps()

    def uninstall(self) -> None:
        sys.excepthook = self._previous_sys
        threading.excepthook = self._previous_thread
        if self._fault_file is not None:
            faulthandler.disable()
            self._fault_file.close()
            self._fault_file = None

    def _on_exception(self, kind: type[BaseException], value: BaseException,
                      tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous_sys(kind, value, tb)
            return
        _log.critical("unhandled exception", exc_info=(kind, value, tb))
        self._notify()

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        if args.exc_value is None:
            _log.critical("unhandled exception in a thread")
        else:
            _log.critical("unhandled exception in a thread",
                          exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
        self._notify()

    def _notify(self) -> None:
        self.crashes += 1
        for callback in list(self._callbacks):
            try:
                callback()
            except Exception:
                _log.critical("crash callback failed", exc_info=True)
