"""The desktop page's working-together actions on the open record (issue 17), composed here
because they join two features: the record's section (``ui/directory/record_together.py``)
and the dialogs (``ui/together``: convene, shield request).

- *Bring the team together…* opens the convene dialog with the practitioners the record shows.
- *Ask for a shield…* opens the shield-request dialog (the child, or a parent or carer).
- *Brothers and sisters…* asks a reason for access (the same dialog as opening a record),
  then the household; each brother or sister is opened with a reason of its own.

A 401 anywhere is passed on as ``session_expired``; the window locks.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import Reason, Sibling
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.directory.record_together import RecordTogether
from cpdesk.ui.together.convene_dialog import ConveneDialog
from cpdesk.ui.together.involvement_dialogs import ActionDialog
from cpdesk.ui.together.shield_request_dialog import ShieldRequestDialog


class RecordTogetherActions(QObject):
    session_expired = Signal()

    def __init__(self, section: RecordTogether, worker: DirectoryWorker,
                 clipboard: ClipboardGuard, reason_dialog: ReasonDialog,
                 open_record: Callable[[str], None], owner: QWidget) -> None:
        super().__init__(owner)
        self._section = section
        self._worker = worker
        self._clipboard = clipboard
        self._reason_dialog = reason_dialog
        self._owner = owner
        self._pending_household: int | None = None
        self._household_for: str | None = None
        self.dialog: ActionDialog | None = None
        section.convene_requested.connect(self._convene)
        section.shield_request_requested.connect(self._shield_request)
        section.household_requested.connect(self._household)
        section.sibling_requested.connect(open_record)
        worker.action_finished.connect(self._on_finished)
        worker.action_failed.connect(self._on_failed)

    def clear(self) -> None:
        self._pending_household = self._household_for = None

    def _open(self, dialog: ActionDialog) -> None:
        dialog.session_expired.connect(self.session_expired.emit)
        self.dialog = dialog
        dialog.open()

    def _convene(self, directory_id: str) -> None:
        display = self._section.display
        if display is None or not display.offer_convene:
            return
        self._open(ConveneDialog(self._worker, self._clipboard, directory_id,
                                 display.convene_choices, self._owner))

    def _shield_request(self, directory_id: str) -> None:
        display = self._section.display
        if display is None or not display.offer_shield_request:
            return
        self._open(ShieldRequestDialog(self._worker, self._clipboard, directory_id,
                                       display.shield_subjects, self._owner))

    def _household(self, directory_id: str) -> None:
        reason: Reason | None = self._reason_dialog.ask()
        if reason is None:
            return
        self._section.household_loading()
        self._household_for = directory_id
        self._pending_household = self._worker.request_household(directory_id, reason)

    def _on_finished(self, request_id: int, result: object) -> None:
        if request_id != self._pending_household or not isinstance(result, tuple):
            return
        directory_id = self._household_for or ""
        self.clear()
        self._section.show_siblings(directory_id,
                                    tuple(s for s in result if isinstance(s, Sibling)),
                                    date.today())

    def _on_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending_household:
            return
        self.clear()
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self._section.household_failed(explain(error, "household"))
