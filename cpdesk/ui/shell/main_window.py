"""The main window: reacts to the session state; hosts sign-in, the desktop and the curtain.

- signed out / signing in → the sign-in view; locked → the same view in unlock mode;
- active → the desktop (search and record); curtained → the privacy curtain over it all.

Privacy contract: on lock and sign-out every child value is dropped (desktop cleared,
dialogs closed, clipboard cleared) *before* the unlock screen shows. The window title is
"cpdesk" plus the environment when not live — never child data.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from cpdesk import __version__
from cpdesk.api.errors import ApiError
from cpdesk.auth.session import ENVIRONMENT_LABELS, LockReason, Session, State, Transition
from cpdesk.domain import Environment, RoleKind
from cpdesk.ui.common.announce import announce
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.stepwise import Building, finish
from cpdesk.ui.common.widgets import ElidedLabel, restyle
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.shell.privacy_screen import (
    IdleMonitor,
    PrivacyScreen,
    close_open_dialogs,
)
from cpdesk.ui.signin.controller import SignInController
from cpdesk.ui.signin.view import SignInView

if TYPE_CHECKING:  # imported where the signed-in pages are built (issue 18: cold start)
    from cpdesk.domain import ServiceMeta
    from cpdesk.privacy import DisplayContext
    from cpdesk.ui.shell.directory_page import DesktopPage
    from cpdesk.ui.shell.page_tabs import PageTabs

# What the signed-in pages import, in the order :meth:`MainWindow.prepare_pages` warms them.
# Small pieces: what a page module imports first comes before it (one module per turn).
SIGNED_IN_MODULES = (
    "cpdesk.domain.objects",  # usually loaded already, by the first directory call's thread
    # cpdesk.privacy's common modules, no longer loaded by the start (the status bar's count
    # and the record context import them where they are used)
    "cpdesk.validation",
    "cpdesk.formatting",
    "cpdesk.privacy.copying",
    "cpdesk.privacy.display",
    "cpdesk.privacy.contacts",
    "cpdesk.privacy.together",
    "cpdesk.privacy.lists",
    "cpdesk.ui.common.table",
    "cpdesk.ui.common.wording",
    "cpdesk.ui.directory.results_model",
    "cpdesk.ui.directory.search_form_grid",
    "cpdesk.ui.directory.search_view",
    "cpdesk.privacy.record",
    "cpdesk.ui.directory.record_sections",
    "cpdesk.ui.directory.record_summary",
    "cpdesk.ui.directory.record_together",
    "cpdesk.ui.directory.record_view",
    "cpdesk.ui.directory.reason_dialog",
    "cpdesk.ui.directory.override_dialog",
    "cpdesk.ui.together.consent_box",
    "cpdesk.ui.together.involvement_dialogs",
    "cpdesk.ui.together.report_dialogs",
    "cpdesk.ui.together.convene_dialog",
    "cpdesk.ui.together.shield_request_dialog",
    "cpdesk.ui.shell.record_together",
    "cpdesk.ui.shell.directory_page",
    "cpdesk.ui.common.page",
    "cpdesk.ui.together.activity_view",
    "cpdesk.ui.together.manager_view",
    "cpdesk.ui.together.review_view",
    "cpdesk.ui.together.shields_view",
    "cpdesk.ui.together.audit_view",
    "cpdesk.ui.together.alerts_view",
    "cpdesk.ui.shell.page_tabs",
    "cpdesk.ui.shell.settings_dialog",  # reachable signed out too (its button, at start)
)


def _context_for(session: Session) -> DisplayContext:
    from cpdesk.privacy import DisplayContext  # after sign-in (cpdesk.privacy.display)

    role = session.info.role if session.info else None
    return DisplayContext(role=role.role if role else RoleKind.PRACTITIONER, today=date.today(),
                          authority=role.local_authority if role else None)


class MainWindow(QMainWindow):
    def __init__(self, worker: DirectoryWorker, session: Session,
                 controller: SignInController,
                 make_signin_view: Callable[[QWidget], SignInView],
                 clipboard: ClipboardGuard, idle: IdleMonitor, server_url: str,
                 capture_note: str | None = None) -> None:
        super().__init__()
        self._worker = worker
        self._session = session
        self._controller = controller
        self._clipboard = clipboard
        self._idle = idle
        self._server_url = server_url
        self.meta: ServiceMeta | None = None
        self.setWindowTitle("cpdesk")
        self.setMinimumSize(1024, 680)

        # The signed-in pages (search and record, the page tabs) are built on first use —
        # sign-in, or prepare_pages() once the sign-in window is up — not at start (issue 18).
        self._desktop: DesktopPage | None = None
        self._tabs: PageTabs | None = None
        self._desktop_built: list[Callable[[DesktopPage], None]] = []
        self._desktop_in_progress: DesktopPage | None = None  # the warm-up's, unfinished
        self._tabs_in_progress: PageTabs | None = None
        self._warm_up: Building | None = None  # prepare_pages' steps, while they run
        self.last_warm_up_step = ""  # the name of the warm-up's last piece (benchmarks)
        # Built top-down, each widget under its parent from the start: moving a finished
        # tree under another parent re-resolves the stylesheet of every widget in it.
        frame = QWidget(self)
        frame.setObjectName("windowFrame")
        self.frame_layout = QVBoxLayout(frame)  # a training banner goes above the screen
        self.frame_layout.setContentsMargins(0, 0, 0, 0)
        self.frame_layout.setSpacing(0)
        content = QWidget()
        self._content_layout = QVBoxLayout(content)
        self._content_layout.setContentsMargins(0, 0, 0, 0)
        self._content_layout.setSpacing(0)
        self.privacy = PrivacyScreen(content, frame)
        self.privacy.lift_allowed = False
        self.frame_layout.addWidget(self.privacy, 1)
        self.pages = QStackedWidget(content)
        self.pages.setObjectName("mainPages")
        self._content_layout.addWidget(self.pages, 1)
        self.signin_page = self._signin_page(make_signin_view)
        self.pages.addWidget(self.signin_page)
        self.setCentralWidget(frame)

        self._build_status_bar(capture_note)

        session.add_listener(self._on_transition)
        self.privacy.watch_window(self)
        self.privacy.lock_requested.connect(lambda: controller.lock(LockReason.USER))
        self.privacy.covered_changed.connect(self._on_covered_changed)
        idle.curtain_due.connect(session.curtain)
        idle.lock_requested.connect(lambda: controller.lock(LockReason.IDLE))
        # Issue 16: the unread child-is-here alerts, counted in the status bar at sign-in.
        self._alerts_request: int | None = None
        worker.action_finished.connect(self._on_alerts)
        self.alerts_button.clicked.connect(self._show_alerts)
        controller.certificate_warning.connect(self._show_certificate_warning)
        worker.meta_finished.connect(self._on_meta)
        worker.meta_failed.connect(self._on_meta_failed)
        self._show_signed_out()

    # -- building ------------------------------------------------------------------------

    def _signin_page(self, make_signin_view: Callable[[QWidget], SignInView]) -> QWidget:
        page = QWidget(self.pages)
        page.setObjectName("signinPage")
        outer = QVBoxLayout(page)
        outer.setContentsMargins(48, 32, 48, 32)
        title = QLabel(self.tr("ContactPoint directory"))
        title.setObjectName("appTitle")
        subtitle = QLabel(self.tr("Find who else is working with a child, and how to reach "
                                  "them."))
        subtitle.setObjectName("pageSubtitle")
        # Issue 16: the sign-in card sits where the eye lands, centred, not in a corner.
        outer.addStretch(1)
        centre = Qt.AlignmentFlag.AlignHCenter
        outer.addWidget(title, alignment=centre)
        outer.addWidget(subtitle, alignment=centre)
        card = QFrame(page)
        card.setObjectName("signinCard")
        card.setFixedWidth(620)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        # Made under its card: not moved there finished (see __init__).
        self.signin_view = make_signin_view(card)
        card_layout.addWidget(self.signin_view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 0, Qt.AlignmentFlag.AlignTop)
        row.addStretch(1)
        outer.addSpacing(24)
        outer.addLayout(row)
        self.connection_message = QLabel()
        self.connection_message.setObjectName("errorMessage")
        self.connection_message.setWordWrap(True)
        self.connection_message.setAlignment(centre)
        self.connection_message.hide()
        outer.addWidget(self.connection_message)
        self.retry_button = QPushButton(self.tr("&Try connecting again"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setAccessibleName(self.tr("Try connecting again"))
        self.retry_button.clicked.connect(self.refresh)
        self.retry_button.hide()
        outer.addWidget(self.retry_button, alignment=centre)
        outer.addStretch(2)
        return page

    def _build_status_bar(self, capture_note: str | None) -> None:
        status = QStatusBar(self)  # under its window from the start, as in __init__
        status.setObjectName("statusBar")
        self.environment_badge = QLabel()
        self.environment_badge.setObjectName("environmentBadge")
        self.environment_badge.hide()
        self.status_text = ElidedLabel(self.tr("Connecting to {url}…").format(
            url=self._server_url))
        self.status_text.setObjectName("statusText")
        # Its name is its text (who is signed in, as what); what it is goes in the description.
        self.status_text.setAccessibleDescription(self.tr("Signed-in user and role"))
        # Shrinks (ending in "…") rather than pushing the Lock and Sign out buttons off the bar.
        self.status_text.setSizePolicy(QSizePolicy.Policy.Ignored,
                                       QSizePolicy.Policy.Preferred)
        status.addWidget(self.environment_badge)
        status.addWidget(self.status_text, 1)
        self.capture_note = QLabel(capture_note or "")
        self.capture_note.setObjectName("captureNote")
        self.capture_note.setVisible(bool(capture_note))
        status.addPermanentWidget(self.capture_note)
        self.lock_button = QPushButton(self.tr("Lock (Ctrl+L)"))
        self.lock_button.setObjectName("lockButton")
        self.lock_button.setAccessibleName(self.tr("Lock the screen"))
        self.lock_button.clicked.connect(lambda: self._controller.lock(LockReason.USER))
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_out_button.setObjectName("signOutButton")
        self.sign_out_button.setAccessibleName(self.tr("Sign out"))
        self.sign_out_button.clicked.connect(self.sign_out)
        self.alerts_button = QPushButton()
        self.alerts_button.setObjectName("alertsButton")
        self.alerts_button.hide()
        status.addPermanentWidget(self.alerts_button)
        status.addPermanentWidget(self.lock_button)
        status.addPermanentWidget(self.sign_out_button)
        self.setStatusBar(status)

    # -- the signed-in pages, built on first use (issue 18) ------------------------------

    @property
    def desktop(self) -> DesktopPage:
        """Search beside the open record; built on first use (what the warm-up has not built
        yet is built now: a page is never shown half made)."""
        return self._desktop if self._desktop is not None else self._build_desktop()

    @property
    def tabs(self) -> PageTabs:
        """The page tabs and the working-together pages; built on first use (likewise)."""
        return self._tabs if self._tabs is not None else self._build_tabs()

    @property
    def built_desktop(self) -> DesktopPage | None:
        """The desktop if it has been built (None before: nothing to clear or to mark)."""
        return self._desktop

    def when_desktop_built(self, callback: Callable[[DesktopPage], None]) -> None:
        """Call *callback* with the desktop once it is built (at once if it is)."""
        if self._desktop is not None:
            callback(self._desktop)
        else:
            self._desktop_built.append(callback)

    def prepare_pages(self) -> None:
        """Build the signed-in pages a small piece per event-loop turn, behind pending input
        and paint, while the user signs in: their modules one by one, then the desktop's
        parts (the search form a row at a time, the results, the record view, the dialogs),
        then the tabs' pages one by one — each piece well under a frame on a quiet machine,
        so neither the start nor her typing waits for them. A page asked for before its
        turn (she signed in first) is finished at once, and the warm-up goes on past it."""
        if self._warm_up is not None or self._tabs is not None:
            return
        self._warm_up = self._warm_up_steps()
        QTimer.singleShot(0, self, self._warm_up_step)

    def _warm_up_steps(self) -> Building:
        from importlib import import_module

        for name in SIGNED_IN_MODULES:
            import_module(name)
            yield f"import {name}"
        if self._desktop is None:
            desktop = self._start_desktop()
            yield "desktop started"
            yield from desktop.building  # nothing left if it was finished meanwhile
            self._build_desktop()
            yield "desktop added"
        if self._tabs is None:
            tabs = self._start_tabs()
            yield "page tabs started"
            yield from tabs.building
            self._build_tabs()
            yield "page tabs added"

    def _warm_up_step(self) -> None:
        if self._warm_up is None:
            return
        step = next(self._warm_up, None)
        if step is None:
            self._warm_up = None
            return
        self.last_warm_up_step = step
        QTimer.singleShot(0, self, self._warm_up_step)

    def _start_desktop(self) -> DesktopPage:
        if self._desktop_in_progress is None:
            from cpdesk.ui.shell.directory_page import DesktopPage

            self._desktop_in_progress = DesktopPage(
                self._worker, self._clipboard, _context_for(self._session), self.pages,
                in_steps=True)
        return self._desktop_in_progress

    def _build_desktop(self) -> DesktopPage:
        if self._desktop is not None:
            return self._desktop
        desktop = self._start_desktop()
        finish(desktop.building)
        self.pages.addWidget(desktop)
        desktop.session_expired.connect(
            lambda: self._controller.lock(LockReason.SESSION_ENDED))
        self._desktop = desktop
        callbacks, self._desktop_built = self._desktop_built, []
        for callback in callbacks:
            callback(desktop)
        return desktop

    def _start_tabs(self) -> PageTabs:
        if self._tabs_in_progress is None:
            from cpdesk.ui.shell.page_tabs import PageTabs

            self._tabs_in_progress = PageTabs(self.pages, self.desktop, self._worker,
                                              self._clipboard, self, in_steps=True)
        return self._tabs_in_progress

    def _build_tabs(self) -> PageTabs:
        if self._tabs is not None:
            return self._tabs
        tabs = self._start_tabs()
        finish(tabs.building)
        self._content_layout.insertWidget(0, tabs.bar)
        tabs.session_expired.connect(lambda: self._controller.lock(LockReason.SESSION_ENDED))
        tabs.alerts.unread_changed.connect(self._show_unread)
        self._tabs = tabs
        return tabs

    def _show_alerts(self) -> None:
        from cpdesk.ui.shell.page_tabs import ALERTS

        self.tabs.show_page(ALERTS)

    # -- public --------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        """The session this window follows (its state drives every page)."""
        return self._session

    def refresh(self) -> None:
        """Ask the server what it is (environment, version) off the GUI thread."""
        self.retry_button.hide()
        self.connection_message.hide()
        self._worker.request_meta()

    def sign_out(self) -> None:
        self._controller.sign_out()  # the transition ends the server session

    def lock_after_crash(self) -> None:
        """Something went wrong inside: lock the screen at once and end the server session
        (best effort), so nothing of a session in an unknown state goes on."""
        self.privacy.lock_requested.emit()
        self._worker.request_logout()

    # -- session -------------------------------------------------------------------------

    def _on_transition(self, transition: Transition) -> None:
        new = transition.new
        if new in (State.LOCKED, State.SIGNED_OUT):
            self._drop_child_data()
            # The server too: a lock suspends the session until the card unlocks it, and
            # every sign-out path (button, lock screen, card removal by policy, quit) ends it.
            if new is State.LOCKED:
                self._worker.request_lock()
                self.signin_view.show_unlock(self._session.username or "")
                announce(self.signin_view, self.tr("Locked. Enter your PIN to unlock."))
            elif transition.old is not State.SIGNING_IN:
                self._worker.request_logout()
            self._show_signed_out()
        elif new is State.ACTIVE:
            self.privacy.lift_allowed = True
            self.privacy.uncover()
            if transition.old is not State.CURTAINED:
                self.desktop.set_context(_context_for(self._session))
                info = self._session.info
                self.desktop.set_user(info.user if info else None, info.role if info else None)
                self.tabs.start(_context_for(self._session).role)
                self._alerts_request = self._worker.request_alerts()
                self.pages.setCurrentWidget(self.desktop)
                self._focus_search()
                self._idle.start()
            if transition.old is State.LOCKED:
                announce(self.desktop.search_view.family_name, self.tr("Unlocked."))
            self._show_status()
        elif new is State.CURTAINED:
            self.privacy.cover()

    def _focus_search(self) -> None:
        """The first search field, now and again once the sign-in page has reset itself
        (its reset focuses its own first field; the keyboard must not stay on a hidden page)."""
        self.desktop.search_view.family_name.setFocus()
        QTimer.singleShot(0, self, self._refocus_search)

    def _refocus_search(self) -> None:
        if self.pages.currentWidget() is self.desktop:
            self.desktop.search_view.family_name.setFocus()

    def _drop_child_data(self) -> None:
        """Lock and sign-out: every child value goes before anything else is shown."""
        self._idle.stop()
        close_open_dialogs()
        if self._desktop is not None:
            self._desktop.clear()
        if self._tabs is not None:
            self._tabs.clear()
        self._alerts_request = None
        self._show_unread(0)
        self._clipboard.clear_now()
        self.privacy.lift_allowed = False
        self.privacy.uncover()

    def _show_signed_out(self) -> None:
        self.pages.setCurrentWidget(self.signin_page)
        self.lock_button.setEnabled(False)
        self.sign_out_button.setEnabled(self._session.state is State.LOCKED)
        self._show_status()

    def _on_alerts(self, request_id: int, inbox: object) -> None:
        from cpdesk.domain import AlertInbox  # the domain's objects load on first use

        if request_id != self._alerts_request or not isinstance(inbox, AlertInbox):
            return
        self._alerts_request = None
        self._show_unread(inbox.unread)

    def _show_unread(self, count: int) -> None:
        from cpdesk.privacy import unread_text  # after sign-in

        text = unread_text(count)
        self.alerts_button.setText(text)
        self.alerts_button.setAccessibleName(text or self.tr("Alerts"))
        self.alerts_button.setVisible(bool(text))

    def _show_status(self) -> None:
        status = self._session.status()
        active = self._session.state in (State.ACTIVE, State.CURTAINED)
        self.lock_button.setEnabled(active)
        self.sign_out_button.setEnabled(active or self._session.state is State.LOCKED)
        if status is not None:
            text = status.text()
            if self._session.state is State.LOCKED:
                text = self.tr("Locked · {who}").format(who=text)
            self.status_text.setText(text)
        elif self.meta is not None:
            self.status_text.setText(self._meta_text(self.meta))

    def _on_covered_changed(self, covered: bool) -> None:
        if covered:
            self._session.curtain()
        else:
            self._session.lift_curtain()

    def _show_certificate_warning(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # rarely: not made at start

        QMessageBox.warning(self, self.tr("Security certificate"), text)

    # -- server --------------------------------------------------------------------------

    def _meta_text(self, meta: ServiceMeta) -> str:
        return self.tr("Not signed in · {env} environment · server {sid} · API v{api} · "
                       "cpdesk {ver}").format(env=ENVIRONMENT_LABELS[meta.environment],
                                              sid=meta.server_id, api=meta.api_version,
                                              ver=__version__)

    def _on_meta(self, meta: ServiceMeta) -> None:
        self.meta = meta
        label = ENVIRONMENT_LABELS[meta.environment]
        self.environment_badge.setText(label.upper())
        self.environment_badge.setProperty("environment", meta.environment.value)
        restyle(self.environment_badge)
        self.environment_badge.show()
        if meta.environment is not Environment.LIVE:
            self.setWindowTitle(f"cpdesk [{label.upper()}]")
        self._show_status()

    def _on_meta_failed(self, error: ApiError) -> None:
        self.connection_message.setText(error.message)
        self.connection_message.show()
        self.retry_button.show()
        self.status_text.setText(self.tr("Not connected to {url}").format(url=self._server_url))

    # -- closing -------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            # Ask for the keyboard when first shown: without a window manager (kiosk, a
            # virtual display) nothing else would, and a screen reader then finds no focus.
            QTimer.singleShot(0, self, self.activateWindow)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._drop_child_data()
        self._worker.request_logout()  # a no-op when no session is held
        super().closeEvent(event)
