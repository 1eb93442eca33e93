"""Background calls: ``request_*`` in, ``*_finished`` / ``*_failed`` out (queued to the GUI).

Threading contract: the GUI thread never touches the network. Each request runs the
DirectoryClient call on a QThreadPool thread; the result comes back as a signal, which Qt
queues to the receiver's (GUI) thread. Failures carry only the ApiError (whose message is
plain English with no personal data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cpdesk.api.client import DirectoryClient
from cpdesk.api.errors import ApiError
from cpdesk.domain import Reason, SearchCriteria

if TYPE_CHECKING:
    from datetime import date


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[Any], None],
                 failed: Callable[[ApiError], None]) -> None:
        super().__init__()
        self._fn, self._done, self._failed = fn, done, failed

    def run(self) -> None:
        try:
            result = self._fn()
        except ApiError as exc:
            self._failed(exc)
        except Exception:  # a bug must not kill the pool thread silently
            self._failed(ApiError("An unexpected error occurred; the details are in the log."))
            raise
        else:
            self._done(result)


class DirectoryWorker(QObject):
    """Runs DirectoryClient calls off the GUI thread."""

    meta_finished = Signal(object)  # ServiceMeta
    meta_failed = Signal(object)  # ApiError
    # Search and record results carry the caller's request id, so stale answers can be dropped.
    search_finished = Signal(int, object)  # request_id, SearchResult
    search_failed = Signal(int, object)  # request_id, ApiError
    record_finished = Signal(int, object)  # request_id, ChildRecord
    record_failed = Signal(int, object)  # request_id, ApiError

    def __init__(self, client: DirectoryClient, pool: QThreadPool | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client
        self._pool = pool or QThreadPool.globalInstance()

    def request_meta(self) -> None:
        self._pool.start(_Call(self._client.meta, self.meta_finished.emit,
                               self.meta_failed.emit))

    def request_search(self, criteria: SearchCriteria, request_id: int) -> None:
        self._pool.start(_Call(lambda: self._client.search(criteria),
                               lambda result: self.search_finished.emit(request_id, result),
                               lambda error: self.search_failed.emit(request_id, error)))

    def request_record(self, directory_id: str, reason: Reason, request_id: int) -> None:
        self._pool.start(_Call(lambda: self._client.view_record(directory_id, reason),
                               lambda record: self.record_finished.emit(request_id, record),
                               lambda error: self.record_failed.emit(request_id, error)))

    # -- working together (actions, activity, queue, override) ------------------------------
    # Each request_* below returns the request id its answer will carry.

    action_finished = Signal(int, object)  # request_id, result (Involvement, reference, None…)
    action_failed = Signal(int, object)  # request_id, ApiError

    def _action(self, call: Callable[[], Any]) -> int:
        self._last_action_id = getattr(self, "_last_action_id", 0) + 1
        request_id = self._last_action_id
        self._pool.start(_Call(call, lambda result: self.action_finished.emit(request_id, result),
                               lambda error: self.action_failed.emit(request_id, error)))
        return request_id

    def request_services(self) -> int:
        return self._action(self._client.services)

    def request_record_involvement(self, directory_id: str, service: str, job_title: str,
                                   since: date, lead_professional: bool,
                                   caf_holder: bool, replace_lead: bool = False) -> int:
        return self._action(lambda: self._client.record_involvement(
            directory_id, service, job_title, since, lead_professional, caf_holder,
            replace_lead=replace_lead))

    def request_end_involvement(self, involvement_id: str, ended: date) -> int:
        return self._action(lambda: self._client.end_involvement(involvement_id, ended))

    def request_report_inaccuracy(self, directory_id: str, section: str,
                                  description: str) -> int:
        return self._action(lambda: self._client.report_inaccuracy(directory_id, section,
                                                                   description))

    def request_sensitive_contact(self, directory_id: str, message: str) -> int:
        return self._action(lambda: self._client.request_sensitive_contact(directory_id,
                                                                           message))

    def request_activity(self, limit: int = 50) -> int:
        return self._action(lambda: self._client.my_activity(limit))

    def request_review(self) -> int:
        return self._action(self._client.access_review)

    def request_queue(self) -> int:
        return self._action(self._client.queue)

    def request_resolve(self, reference: str, note: str) -> int:
        return self._action(lambda: self._client.resolve_queue_item(reference, note))

    def request_override(self, directory_id: str, reason: Reason, justification: str,
                         request_id: int) -> None:
        """A manager's shield override; answered like a record view (``record_*``)."""
        self._pool.start(_Call(
            lambda: self._client.shield_override(directory_id, reason, justification),
            lambda record: self.record_finished.emit(request_id, record),
            lambda error: self.record_failed.emit(request_id, error)))

    def request_logout(self) -> None:
        """End the server session (the client forgets its token whatever the answer)."""
        if self._client.has_session:
            self._pool.start(_Call(self._client.logout, lambda _result: None,
                                   lambda _error: None))

    def request_lock(self) -> None:
        """Suspend the server session (best effort, short timeout: the lock never waits)."""
        if self._client.has_session:
            self._pool.start(_Call(self._client.lock, lambda _result: None,
                                   lambda _error: None))
