"""Child-is-here alerts (issue 16): the inbox of the lead professional and the area team.

A nurse at urgent care told the lead professional (and the child's area team) that the child
is there: when, where, and how to reach her. No child's name and no free text — the directory
ID opens the record (with a reason) from the search. Shown afresh each time the page opens;
the alerts shown are then marked read, and ``unread_changed`` tells the status bar.

Privacy: directory IDs are child-linked, so ``clear()`` (lock, sign-out) empties the model.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from cpdesk.domain import AlertInbox, ChildAlert
from cpdesk.privacy import ALERT_HEADERS, alert_cells
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.together.activity_view import ListPage


class AlertsView(ListPage):
    ACTION = "alerts"
    unread_changed = Signal(int)

    def __init__(self, worker: DirectoryWorker, parent: QWidget | None = None) -> None:
        super().__init__(worker, "alerts", self.tr("Alerts"),
                         self.tr("A practitioner at urgent or emergency care has told you, as "
                                 "the child's lead professional or area team, that the child "
                                 "is with them. Call them on the number shown. Search the "
                                 "directory ID to open the record."), ALERT_HEADERS, parent)

    def request(self) -> int:
        return self._worker.request_alerts()

    def cells(self, item: object) -> tuple[str, ...] | None:
        return alert_cells(item) if isinstance(item, ChildAlert) else None

    def loading_text(self) -> str:
        return self.tr("Loading your alerts…")

    def empty_text(self) -> str:
        return self.tr("No alerts: when a child you work with attends urgent care and the "
                       "practitioner there tells you, it is listed here.")

    def _on_finished(self, request_id: int, items: object) -> None:
        if request_id != self._pending or not isinstance(items, AlertInbox):
            return
        super()._on_finished(request_id, items.items)
        for alert in items.items:  # seen now: read for this user
            if not alert.read:
                self._worker.request_alert_read(alert.reference)
        self.unread_changed.emit(0)
