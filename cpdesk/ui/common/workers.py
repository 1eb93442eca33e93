"""Background calls: ``request_*`` in, ``*_finished`` / ``*_failed`` out (queued to the GUI).

Threading contract: the GUI thread never touches the network. Each request runs the
DirectoryClient call through the one background :class:`~cpdesk.ui.common.runner.Runner`
(a QThreadPool thread); the answer is emitted on the GUI thread. Every ``request_*`` returns
the request id its answer will carry (one scheme: the runner mints them), so a screen keeps
the id it waits for and drops stale answers. Failures carry only the ApiError (whose message
is plain English with no personal data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal, SignalInstance

from cpdesk.api.client import DirectoryClient
from cpdesk.api.errors import ApiError
from cpdesk.ui.common.runner import Runner

if TYPE_CHECKING:
    from datetime import date

    from cpdesk.domain import Consent, Reason, SearchCriteria


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
        self._runner = Runner(ApiError, ApiError, pool, self)

    def _start(self, call: Callable[[], Any], finished: SignalInstance,
               failed: SignalInstance) -> int:
        """Run ``call``; its answer is emitted as ``finished``/``failed(request_id, …)``."""
        return self._runner.start(call, lambda d: finished.emit(d.request_id, d.value),
                                  lambda f: failed.emit(f.request_id, f.error))

    def request_meta(self) -> int:
        return self._runner.start(self._client.meta, lambda d: self.meta_finished.emit(d.value),
                                  lambda f: self.meta_failed.emit(f.error))

    def request_search(self, criteria: SearchCriteria) -> int:
        return self._start(lambda: self._client.search(criteria), self.search_finished,
                           self.search_failed)

    def request_record(self, directory_id: str, reason: Reason) -> int:
        return self._start(lambda: self._client.view_record(directory_id, reason),
                           self.record_finished, self.record_failed)

    # -- working together (actions, activity, queue, override) ------------------------------

    action_finished = Signal(int, object)  # request_id, result (Involvement, reference, None…)
    action_failed = Signal(int, object)  # request_id, ApiError

    def _action(self, call: Callable[[], Any]) -> int:
        return self._start(call, self.action_finished, self.action_failed)

    def request_child_here(self, directory_id: str) -> int:
        """Issue 16: tell the lead professional and the area team the child is here."""
        return self._action(lambda: self._client.child_here(directory_id))

    def request_alerts(self) -> int:
        return self._action(self._client.alerts)

    def request_alert_read(self, reference: str) -> int:
        return self._action(lambda: self._client.mark_alert_read(reference))

    def request_services(self) -> int:
        return self._action(self._client.services)

    def request_record_involvement(self, directory_id: str, service: str, job_title: str,
                                   since: date, lead_professional: bool,
                                   caf_holder: bool, replace_lead: bool = False,
                                   consent: Consent | None = None) -> int:
        return self._action(lambda: self._client.record_involvement(
            directory_id, service, job_title, since, lead_professional, caf_holder,
            replace_lead=replace_lead, consent=consent))

    def request_end_involvement(self, involvement_id: str, ended: date) -> int:
        return self._action(lambda: self._client.end_involvement(involvement_id, ended))

    def request_report_inaccuracy(self, directory_id: str, section: str,
                                  description: str) -> int:
        return self._action(lambda: self._client.report_inaccuracy(directory_id, section,
                                                                   description))

    def request_sensitive_contact(self, directory_id: str, message: str,
                                  consent: Consent | None = None) -> int:
        return self._action(lambda: self._client.request_sensitive_contact(
            directory_id, message, consent))

    def request_convene(self, directory_id: str, involvement_ids: tuple[str, ...],
                        consent: Consent) -> int:
        return self._action(lambda: self._client.convene(directory_id, involvement_ids,
                                                         consent))

    def request_household(self, directory_id: str, reason: Reason) -> int:
        return self._action(lambda: self._client.household(directory_id, reason))

    def request_shield(self, directory_id: str, reason: str, parent: int | None) -> int:
        return self._action(lambda: self._client.request_shield(directory_id, reason, parent))

    def request_audit_views(self, days: int = 7) -> int:
        return self._action(lambda: self._client.audit_views(days))

    def request_audit_export(self, days: int, flagged_only: bool, purpose: str) -> int:
        return self._action(lambda: self._client.export_audit_views(days, flagged_only,
                                                                    purpose))

    def request_activity(self, limit: int = 50) -> int:
        return self._action(lambda: self._client.my_activity(limit))

    def request_review(self) -> int:
        return self._action(self._client.access_review)

    def request_queue(self) -> int:
        return self._action(self._client.queue)

    def request_resolve(self, reference: str, note: str, outcome: str | None = None,
                        resolution: str | None = None) -> int:
        return self._action(lambda: self._client.resolve_queue_item(
            reference, note, outcome=outcome, resolution=resolution))

    def request_shield_work(self) -> int:
        return self._action(self._client.shield_work)

    def request_set_shield(self, directory_id: str, action: str, note: str, *,
                           subject: str | None = None, parent_ref: str | None = None,
                           request: str | None = None, review_on: date | None = None) -> int:
        return self._action(lambda: self._client.set_shield(
            directory_id, action, note, subject=subject, parent_ref=parent_ref,
            request=request, review_on=review_on))

    def request_override(self, directory_id: str, reason: Reason, justification: str) -> int:
        """A manager's shield override; answered like a record view (``record_*``)."""
        return self._start(
            lambda: self._client.shield_override(directory_id, reason, justification),
            self.record_finished, self.record_failed)

    def request_logout(self) -> None:
        """End the server session (the client forgets its token whatever the answer)."""
        if self._client.has_session:
            self._runner.start(self._client.logout)

    def request_lock(self) -> None:
        """Suspend the server session (best effort, short timeout: the lock never waits)."""
        if self._client.has_session:
            self._runner.start(self._client.lock)
