"""Rotating logs in ``platformdirs.user_log_dir("cpdesk")`` that cannot carry personal data.

Privacy contract (what reaches the file):
- the time, level, logger name and the message *template*; arguments only when they are
  numbers, booleans, enums, None or explicitly marked :class:`Safe` — every other argument
  (a string, a URL, an object) is replaced by ``[redacted]``;
- ``extra=`` fields only from :data:`ALLOWED_FIELDS`, with the same argument rule;
- for an exception: its type and the stack frames (file, line, function) — never its message
  (messages can quote input) and never local variables.
Third-party loggers that log URLs or bodies (httpx, httpcore) are held at WARNING.
"""

from __future__ import annotations

import logging
import traceback
from enum import Enum
from pathlib import Path
from types import TracebackType

import platformdirs

LOG_FILE = "cpdesk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
REDACTED = "[redacted]"
ALLOWED_FIELDS = ("event", "status", "code", "request_id", "duration_ms", "count", "attempt")
_QUIET = ("httpx", "httpcore", "hpack", "keyring", "urllib3", "asyncio")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


class Safe(str):
    """A string the caller vouches for (a key name, a state): logged as it is."""


def default_log_dir() -> Path:
    return Path(platformdirs.user_log_dir("cpdesk", appauthor=False))


def _safe_value(value: object) -> object:
    if value is None or isinstance(value, bool | int | float | Safe):
        return value
    if isinstance(value, Enum):
        return value.name
    return REDACTED


def format_exception_safely(exc_info: ExcInfo | tuple[None, None, None]) -> str:
    """Type name and frames only: no message, no locals."""
    kind, _value, tb = exc_info
    if kind is None:
        return ""
    lines = [f"{kind.__module__}.{kind.__qualname__} (message withheld)"]
    for frame in traceback.extract_tb(tb):
        lines.append(f"  at {Path(frame.filename).name}:{frame.lineno} in {frame.name}")
    return "\n".join(lines)


class AllowListFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        template = str(record.msg)
        args = record.args
        if isinstance(args, dict):
            safe_args: object = {key: _safe_value(value) for key, value in args.items()}
        elif args:
            safe_args = tuple(_safe_value(value) for value in args)
        else:
            safe_args = None
        try:
            message = template % safe_args if safe_args is not None else template
        except (TypeError, ValueError, KeyError):
            message = template
        extras = [f"{key}={_safe_value(getattr(record, key))}"
                  for key in ALLOWED_FIELDS if hasattr(record, key)]
        if extras:
            message = f"{message} [{' '.join(extras)}]"
        clean = logging.LogRecord(record.name, record.levelno, record.pathname, record.lineno,
                                  message, None, None, record.funcName)
        clean.created, clean.msecs = record.created, record.msecs
        text = super().format(clean)
        if record.exc_info and record.exc_info[0] is not None:
            text += "\n" + format_exception_safely(record.exc_info)
        if record.stack_info:
            text += "\n  (stack withheld)"
        return text


def log_level_number(name: str) -> int:
    """The logging level for a ``log_level`` setting ("warning", "info" or "debug")."""
    return {"warning": logging.WARNING, "debug": logging.DEBUG}.get(name, logging.INFO)


class _FileOnFirstRecord(logging.Handler):
    """The rotating log file, opened when the first record comes rather than when logging is
    configured: ``logging.handlers`` (socket, pickle, queue: ~8 ms) is imported then, and the
    start writes no record before its window is painted (issue 18: cold start). Records go
    to the file exactly as through the rotating handler itself (same formatter)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def _opened(self) -> logging.Handler:
        if self._file is None:  # under this handler's lock (Handler.handle): once
            import logging.handlers

            self._file = logging.handlers.RotatingFileHandler(
                self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
            self._file.setFormatter(self.formatter)
        return self._file

    def emit(self, record: logging.LogRecord) -> None:
        self._opened().emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure_logging(log_dir: Path | None = None, level: int = logging.INFO) -> Path:
    """Install the rotating file handler on the root logger; returns the log file's path
    (the file is opened with the first record).

    Calling it again replaces our handler (tests point it at a temporary folder)."""
    directory = default_log_dir() if log_dir is None else log_dir
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / LOG_FILE
    handler = _FileOnFirstRecord(path)
    handler.setFormatter(AllowListFormatter())
    handler.set_name("cpdesk-file")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "cpdesk-file"]:
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)
    for name in _QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return path


def remove_logging() -> None:
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "cpdesk-file"]:
        root.removeHandler(old)
        old.close()
