"""The practitioner's desktop: search on the left, the open record on the right.

Flow: ``SearchView.open_requested`` → :class:`ReasonDialog` (asked every time) →
``DirectoryWorker.request_record`` → ``record_finished`` (stale request ids dropped) →
``RecordView.show_record``, built behind "Opening the record…" → ``RecordView.shown`` → the
record, whole. A 401 anywhere emits ``session_expired``; the window locks.

The page owns the open record (:attr:`DesktopPage.record`): an involvement recorded or ended
patches the page's copy, which is pushed down to the record view again; the view never hands
its record back. The page composes screens of two features (``ui/directory`` and
``ui/together``), which is why it lives in the shell.

Privacy: :meth:`clear` drops every child value from the search form, results model, record
view and the record message; the window calls it on lock and sign-out.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.domain import AlertSent, ChildRecord, Involvement, Reason, Role, UserProfile
from cpdesk.privacy import DisplayContext
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.stepwise import Building, finish
from cpdesk.ui.common.wording import explain
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.directory.override_dialog import OverrideDialog
from cpdesk.ui.directory.reason_dialog import ReasonDialog
from cpdesk.ui.directory.record_view import RecordView
from cpdesk.ui.directory.search_view import SearchView
from cpdesk.ui.shell.record_together import RecordTogetherActions
from cpdesk.ui.together.involvement_dialogs import (
    ActionDialog,
    EndInvolvementDialog,
    RecordInvolvementDialog,
)
from cpdesk.ui.together.report_dialogs import ContactRequestDialog, InaccuracyDialog

# With a record open, the results' side of the page is as wide as its shown columns need (no
# locality cut to "B…") where the record keeps RECORD_AT_LEAST px (its width at the window's
# 1024 px minimum, where the record is checked whole); never less than RESULTS_AT_LEAST of it.
RESULTS_AT_LEAST = 0.37
RECORD_AT_LEAST = 640


class DesktopPage(QWidget):
    session_expired = Signal()

    def __init__(self, worker: DirectoryWorker, clipboard: ClipboardGuard,
                 context: DisplayContext, parent: QWidget | None = None, *,
                 in_steps: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("desktopPage")
        self._worker = worker
        self._context = context
        self.record: ChildRecord | None = None  # the open record, as last pushed down
        self._pending_record: int | None = None
        self._pending_override: int | None = None
        self._record_reason: Reason | None = None  # the reason the open record was opened with
        self._pending_child_here: int | None = None
        self._clipboard = clipboard
        self.profile: UserProfile | None = None  # set by the window on sign-in
        self.action_dialog: ActionDialog | None = None
        # Built a piece per event-loop turn while the user signs in (issue 18: no stall over
        # a frame), or at once: the window uses the page only once ``building`` has finished.
        self.building: Building = self._build(worker, clipboard, context)
        if not in_steps:
            finish(self.building)

    def _build(self, worker: DirectoryWorker, clipboard: ClipboardGuard,
               context: DisplayContext) -> Building:
        # Top-down, each widget under its parent from the start: moving a finished tree
        # under another parent re-resolves the stylesheet of every widget in it (issue 18).
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter)
        self.search_view = SearchView(worker, context, splitter, in_steps=True)
        splitter.addWidget(self.search_view)
        yield from self.search_view.building
        self.record_stack = QStackedWidget(splitter)
        self.record_stack.setObjectName("recordArea")
        splitter.addWidget(self.record_stack)
        self.record_placeholder = QLabel(self.tr(
            "Open a child from the results to see who is working with them."),
            self.record_stack)
        self.record_placeholder.setObjectName("recordPlaceholder")
        self.record_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.record_placeholder.setWordWrap(True)
        self.record_message = QLabel(self.record_stack)
        self.record_message.setObjectName("recordMessage")
        self.record_message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.record_message.setWordWrap(True)
        self.record_stack.addWidget(self.record_placeholder)
        self.record_stack.addWidget(self.record_message)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 840])
        yield "record area"
        self.record_view = RecordView(clipboard, context, self.record_stack)
        self.record_stack.addWidget(self.record_view)
        yield "record view"
        self.reason_dialog = ReasonDialog(self)
        self.override_dialog = OverrideDialog(self)
        yield "reason and override dialogs"

        self.search_view.open_requested.connect(self.open_record)
        self.search_view.search_started.connect(self._new_search)
        self.record_view.child_here_requested.connect(self._child_here)
        worker.action_finished.connect(self._on_child_here)
        worker.action_failed.connect(self._on_child_here_failed)
        self.search_view.session_expired.connect(self.session_expired.emit)
        self.record_view.close_requested.connect(self.close_record)
        self.record_view.request_contact.connect(self._request_contact)
        self.record_view.override_requested.connect(self._override)
        self.record_view.involvement_requested.connect(self._record_involvement)
        self.record_view.end_involvement_requested.connect(self._end_involvement)
        self.record_view.inaccuracy_requested.connect(self._report_inaccuracy)
        # Issue 17: convene, shield request and the household, from the open record.
        self.together = RecordTogetherActions(self.record_view.together, worker, clipboard,
                                              self.reason_dialog, self.open_record, self)
        self.together.session_expired.connect(self.session_expired.emit)
        worker.record_finished.connect(self._on_record)
        self.record_view.shown.connect(self._on_record_built)
        worker.record_failed.connect(self._on_record_failed)
        self.clear()
        yield "desktop assembled"

    # -- public --------------------------------------------------------------------------

    def set_user(self, profile: UserProfile | None, role: Role | None) -> None:
        """Who is signed in: their profile (for involvement dialogs) and active role's local
        authority, into the display context (a manager may end involvements of that
        authority's children: ``privacy`` decides)."""
        self.profile = profile
        self.set_context(replace(self._context,
                                 authority=role.local_authority if role else None))

    @property
    def worker(self) -> DirectoryWorker:
        return self._worker

    def set_context(self, context: DisplayContext) -> None:
        self._context = context
        self.search_view.set_context(context)
        self.record_view.set_context(context)

    def open_record(self, directory_id: str) -> None:
        """Ask the reason (every time), then fetch the record off the GUI thread."""
        reason = self.reason_dialog.ask()
        if reason is None:
            return
        self.request_record(directory_id, reason)

    def request_record(self, directory_id: str, reason: Reason) -> None:
        self._pending_override = None
        self._record_reason = reason
        self.record = None
        # Asked first: the server answers while this turn empties the record shown before
        # (its answer is queued to this thread, so it cannot arrive before that is done).
        self._pending_record = self._worker.request_record(directory_id, reason)
        self.record_view.put_aside()  # emptied; its frames and cards kept to refill (issue 18)
        self._show_message(self.tr("Opening the record…"))

    def close_record(self, *, keep_focus: bool = False) -> None:
        self._pending_record = self._pending_override = self._record_reason = None
        self._pending_child_here = None
        self.record = None
        self.record_view.put_aside()
        self.record_stack.setCurrentWidget(self.record_placeholder)
        self._show_record_area(False)
        if not keep_focus:
            self.search_view.setFocus()

    def _new_search(self) -> None:
        """A new search closes the open record (issue 16): no other child beside the
        new results. The focus stays in the search."""
        if self.record is not None or self._pending_record is not None:
            self.close_record(keep_focus=True)

    def _show_record_area(self, shown: bool) -> None:
        """The results use the window's width until a record opens beside them."""
        if shown == self.record_stack.isVisibleTo(self):
            return
        self.record_stack.setVisible(shown)
        self.search_view.set_compact(shown)
        if shown:
            width = max(self.width(), 800)
            least = int(width * RESULTS_AT_LEAST)
            results = min(max(self.search_view.width_for_results(), least),
                          max(least, width - RECORD_AT_LEAST))
            self.splitter.setSizes([results, width - results])

    def clear(self) -> None:
        """Drop every child value on this page (lock, sign-out, session end)."""
        self._pending_record = self._pending_override = self._record_reason = None
        self.record = None
        self.reason_dialog.clear()
        self.search_view.clear()
        self.record_view.clear()
        self.record_message.clear()
        self.record_stack.setCurrentWidget(self.record_placeholder)
        self._show_record_area(False)

    # -- results -------------------------------------------------------------------------

    def _on_record(self, request_id: int, record: ChildRecord) -> None:
        if request_id not in (self._pending_record, self._pending_override):
            return  # stale: the user opened another record, closed it, or the screen locked
        if request_id == self._pending_override:
            # A manager's override: the full record replaces the shielded one, built out of
            # sight as any record is, never on screen half built over the shielded view.
            self.record_view.put_aside()
            self._show_message(self.tr("Opening the shielded details…"))
        self._pending_record = self._pending_override = None
        self.record = record
        # Built a piece per turn (the GUI thread never stalls long); a record asked for
        # behind "Opening the record…" is built out of sight and shown whole, once built
        # (_on_record_built): never half a record that could be misread.
        self.record_view.show_record(record, progressive=True)

    def _on_record_built(self) -> None:
        if self.record is None or self.record_view.record is not self.record:
            return
        if self.record_stack.currentWidget() is not self.record_view:
            # Issue 18: shown and laid out in this turn, painted in a later one, so that the
            # event loop runs between the two (neither is a frame long; both together were).
            # Until the paint the screen still shows "Opening the record…", never part of a
            # record.
            self.record_stack.setUpdatesEnabled(False)
            try:
                self.record_stack.setCurrentWidget(self.record_view)
                self.record_view.close_button.setFocus()
            finally:  # whatever happens, the area paints again a turn later
                QTimer.singleShot(0, self.record_stack, self._paint_record_area)
        self._show_record_area(True)

    def _paint_record_area(self) -> None:
        self.record_stack.setUpdatesEnabled(True)  # repaints the whole area

    def _on_record_failed(self, request_id: int, error: ApiError) -> None:
        if request_id == self._pending_override and request_id is not None:
            self._pending_override = None
            if isinstance(error, SessionExpired):
                self.session_expired.emit()
            else:  # the shielded view stays; the refusal is explained under it
                self.record_view.status.setText(explain(error, "override"))
            return
        if request_id != self._pending_record:
            return
        self._pending_record = None
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self._show_message(error.message)

    def _show_message(self, text: str) -> None:
        self.record_message.setText(text)
        self.record_stack.setCurrentWidget(self.record_message)
        self._show_record_area(True)

    # -- child-is-here alert (issue 16) ----------------------------------------------------

    def _child_here(self, directory_id: str) -> None:
        """One audited action: the setting, time and the sender's contact details go to the
        lead professional and the area team; no free text."""
        if self.record is None or self.record.directory_id != directory_id:
            return
        self.record_view.child_here_button.setEnabled(False)
        self.record_view.status.setText(self.tr("Telling them…"))
        self._pending_child_here = self._worker.request_child_here(directory_id)

    def _on_child_here(self, request_id: int, sent: object) -> None:
        if request_id != self._pending_child_here or not isinstance(sent, AlertSent):
            return
        self._pending_child_here = None
        at = sent.sent_at.astimezone().strftime("%H:%M")
        if sent.lead_professional_told is None:  # shielded: nothing more is said
            text = self.tr("Sent at {at} to the ContactPoint team. Reference {ref}.")
        elif sent.lead_professional_told:
            text = self.tr("Sent at {at} to the lead professional and the {team} ContactPoint "
                           "team. Reference {ref}.")
        else:
            text = self.tr("Sent at {at} to the {team} ContactPoint team (the lead "
                           "professional is not a directory user: call them). Reference {ref}.")
        self.record_view.child_here_sent(text.format(at=at, ref=sent.reference,
                                                     team=sent.area_team or ""))

    def _on_child_here_failed(self, request_id: int, error: ApiError) -> None:
        if request_id != self._pending_child_here:
            return
        self._pending_child_here = None
        if isinstance(error, SessionExpired):
            self.session_expired.emit()
            return
        self.record_view.child_here_button.setEnabled(True)
        self.record_view.status.setText(explain(error, "alert"))

    # -- working together (product.md §6–§7) ---------------------------------------------

    def _open_dialog(self, dialog: ActionDialog) -> None:
        dialog.session_expired.connect(self.session_expired.emit)
        self.action_dialog = dialog
        dialog.open()

    def _request_contact(self, directory_id: str) -> None:
        display = self.record_view.display
        self._open_dialog(ContactRequestDialog(
            self._worker, self._clipboard, directory_id, self,
            urgent=display.out_of_hours if display else None))  # issue 16: the duty team

    def _report_inaccuracy(self, directory_id: str) -> None:
        self._open_dialog(InaccuracyDialog(self._worker, self._clipboard, directory_id, self))

    def _record_involvement(self, directory_id: str) -> None:
        dialog = RecordInvolvementDialog(self._worker, self._clipboard, directory_id,
                                         self.profile, self)
        dialog.recorded.connect(lambda inv: self._show_involvement(directory_id, inv))
        self._open_dialog(dialog)

    def _end_involvement(self, involvement_id: str) -> None:
        record = self.record
        found = next((i for i in (record.involvements or ()) if
                      i.involvement_id == involvement_id), None) if record else None
        if record is None or found is None:
            return
        directory_id = record.directory_id
        dialog = EndInvolvementDialog(self._worker, self._clipboard, found, self)
        dialog.ended.connect(lambda iid, ended: self._show_ended(directory_id, iid, ended))
        self._open_dialog(dialog)

    def _show_involvement(self, directory_id: str, involvement: Involvement) -> None:
        """The record updates at once with the involvement the server recorded."""
        record = self.record
        if record is None or record.directory_id != directory_id \
                or record.involvements is None:
            return
        self._push(replace(record, involvements=(*record.involvements, involvement)))
        self.record_view.status.setText(self.tr("Your involvement is recorded. Other "
                                                "practitioners see it now."))

    def _show_ended(self, directory_id: str, involvement_id: str, ended: date) -> None:
        record = self.record
        if record is None or record.directory_id != directory_id \
                or record.involvements is None:
            return
        involvements = tuple(replace(i, ended=ended) if i.involvement_id == involvement_id
                             else i for i in record.involvements)
        self._push(replace(record, involvements=involvements))
        self.record_view.status.setText(self.tr("The involvement is ended. It stays on the "
                                                "record, greyed, for 365 days."))

    def _override(self, directory_id: str) -> None:
        """Manager only: warning, justification, then the full record until the user leaves
        it. Nothing is remembered: the next time it is asked again."""
        reason = self._record_reason
        if reason is None:
            return
        justification = self.override_dialog.ask()
        if justification is None or self.record is None \
                or self.record.directory_id != directory_id:
            return
        self.record_view.status.setText(self.tr("Asking for the shielded details…"))
        self._pending_override = self._worker.request_override(directory_id, reason,
                                                               justification)

    def _push(self, record: ChildRecord) -> None:
        """The page's record changed: keep it, and show it."""
        self.record = record
        self.record_view.show_record(record)
