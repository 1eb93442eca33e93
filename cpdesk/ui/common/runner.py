"""The one background runner: a call off the GUI thread, answered by request id.

Threading contract (architecture rule 3): :meth:`Runner.start` is called on the GUI thread and
returns the request id at once; the call runs on a ``QThreadPool`` thread; its outcome — a
:class:`Done` or a :class:`Failed` — comes back queued to the GUI thread, where the callbacks
given to ``start`` run
with it. :meth:`Runner.forget` drops an outcome not yet delivered (a superseded
request), :meth:`Runner.forget_all` every one (lock, cancel).

Failures: the caller names the error type it expects (``ApiError``, ``SignInFailure``…); any
other exception is a bug, answered with the caller's error built from :data:`UNEXPECTED_ERROR`
(so no screen is left waiting) and then re-raised on the pool thread, where the crash hook
logs it. :func:`settle` is the same rule for a call made in place (the token thread).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

UNEXPECTED_ERROR = "An unexpected error occurred; the details are in the log."


@dataclass(frozen=True, slots=True)
class Done:
    request_id: int
    value: Any


@dataclass(frozen=True, slots=True)
class Failed:
    request_id: int
    error: Exception  # the expected error, or the fallback made from UNEXPECTED_ERROR
    unexpected: Exception | None = None  # the bug behind a fallback: for the log only


Outcome = Done | Failed
Fallback = Callable[[str], Exception]


def settle(request_id: int, call: Callable[[], Any],
           expected: type[Exception] | tuple[type[Exception], ...],
           fallback: Fallback) -> Outcome:
    """Run ``call`` here and now; never raises."""
    try:
        return Done(request_id, call())
    except expected as exc:
        return Failed(request_id, exc)
    except Exception as exc:  # a bug must answer the request, not leave a screen waiting
        return Failed(request_id, fallback(UNEXPECTED_ERROR), exc)


class _Job(QRunnable):
    def __init__(self, request_id: int, call: Callable[[], Any], runner: Runner) -> None:
        super().__init__()
        self._request_id, self._call, self._runner = request_id, call, runner

    def run(self) -> None:
        outcome = settle(self._request_id, self._call, self._runner.expected,
                         self._runner.fallback)
        self._runner.settled.emit(outcome)  # queued to the runner's (GUI) thread
        if isinstance(outcome, Failed) and outcome.unexpected is not None:
            raise outcome.unexpected  # to the crash hook: a bug is logged, not swallowed


class Runner(QObject):
    """Starts calls on a thread pool; delivers each outcome once, on the GUI thread."""

    settled = Signal(object)  # Outcome (emitted on the pool thread)

    def __init__(self, expected: type[Exception] | tuple[type[Exception], ...],
                 fallback: Fallback, pool: QThreadPool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.expected, self.fallback = expected, fallback
        self._pool = pool or QThreadPool.globalInstance()
        self._next_id = 0
        self._waiting: dict[int, tuple[Callable[[Done], None], Callable[[Failed], None]]] = {}
        self.settled.connect(self._deliver)

    def start(self, call: Callable[[], Any], done: Callable[[Done], None] = lambda _d: None,
              failed: Callable[[Failed], None] = lambda _f: None) -> int:
        """Run ``call`` off the GUI thread; ``done(Done)`` or ``failed(Failed)`` follows."""
        self._next_id += 1
        request_id = self._next_id
        self._waiting[request_id] = (done, failed)
        self._pool.start(_Job(request_id, call, self))
        return request_id

    def forget(self, request_id: int) -> None:
        self._waiting.pop(request_id, None)

    def forget_all(self) -> None:
        self._waiting.clear()

    def _deliver(self, outcome: Outcome) -> None:
        callbacks = self._waiting.pop(outcome.request_id, None)
        if callbacks is None:
            return  # forgotten: superseded, cancelled or locked meanwhile
        if isinstance(outcome, Done):
            callbacks[0](outcome)
        else:
            callbacks[1](outcome)
