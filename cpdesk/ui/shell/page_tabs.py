"""The page switcher of a signed-in window: Search · My activity · Manager workspace ·
Access review · Alerts (issue 16: child-is-here alerts, for every role).

The pages live in the window's page stack beside the sign-in page; this tab bar switches
between them. "Manager workspace" and "Access review" are offered only in the manager role
(so are issue 17's "Shielding", for the area's trained shielders, and "Audit review").
My activity, the queue and the review are loaded afresh each time their page is shown (they
change as people work). ``clear()`` (lock, sign-out) empties them and returns to Search.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QTabBar, QWidget

from cpdesk.domain import RoleKind
from cpdesk.ui.common.clipboard import ClipboardGuard
from cpdesk.ui.common.stepwise import Building, finish
from cpdesk.ui.common.workers import DirectoryWorker
from cpdesk.ui.shell.directory_page import DesktopPage
from cpdesk.ui.together.activity_view import ActivityView
from cpdesk.ui.together.alerts_view import AlertsView
from cpdesk.ui.together.audit_view import AuditReviewView
from cpdesk.ui.together.manager_view import ManagerView
from cpdesk.ui.together.review_view import ReviewView
from cpdesk.ui.together.shields_view import ShieldsView

SEARCH, ACTIVITY, MANAGER, REVIEW = range(4)
SHIELDS, AUDIT = REVIEW + 1, REVIEW + 2  # issue 17: the shielders' page, the audit review
MANAGER_ONLY = (MANAGER, REVIEW, SHIELDS, AUDIT)
ALERTS = AUDIT + 1  # issue 16: child-is-here alerts, for every role


class PageTabs(QObject):
    session_expired = Signal()

    def __init__(self, pages: QStackedWidget, desktop: DesktopPage, worker: DirectoryWorker,
                 clipboard: ClipboardGuard, parent: QObject | None = None, *,
                 in_steps: bool = False) -> None:
        super().__init__(parent)
        self._pages = pages
        self.desktop = desktop
        # A page per event-loop turn while the user signs in (issue 18), or all at once; the
        # window uses the tabs only once ``building`` has finished.
        self.building: Building = self._build(pages, worker, clipboard)
        if not in_steps:
            finish(self.building)

    def _build(self, pages: QStackedWidget, worker: DirectoryWorker,
               clipboard: ClipboardGuard) -> Building:
        # Each page made under the page stack from the start (a finished tree moved under a
        # styled parent has its stylesheet resolved again) and added to it at the end.
        self.activity = ActivityView(worker, pages)
        yield "My activity"
        self.manager = ManagerView(worker, clipboard, pages, in_steps=True)
        yield from self.manager.building
        self.review = ReviewView(worker, pages)
        yield "Access review"
        self.alerts = AlertsView(worker, pages)  # issue 16: child-is-here alerts
        yield "Alerts"
        self.shields = ShieldsView(worker, pages, in_steps=True)  # issue 17: shielders' page
        yield from self.shields.building
        self.audit = AuditReviewView(worker, pages)  # issue 17: views of the area's children
        yield "Audit review"
        pages.addWidget(self.activity)
        pages.addWidget(self.manager)
        pages.addWidget(self.review)
        pages.addWidget(self.shields)
        pages.addWidget(self.audit)
        pages.addWidget(self.alerts)
        self.bar = QTabBar()
        self.bar.setObjectName("pageTabs")
        self.bar.setAccessibleName(self.tr("Pages"))
        self.bar.setExpanding(False)
        self.bar.setDrawBase(False)
        # Mnemonics (issue 19): the tab bar is on every page, so its keys must not clash with
        # any page's, nor the record's; there are fewer free letters than tabs, so Search, My
        # activity and the manager's own pages (Manager workspace, Access review, Shielding)
        # have none (docs/accessibility.md).
        for text in (self.tr("Search"), self.tr("My activity"),
                     self.tr("Manager workspace"), self.tr("Access review")):
            self.bar.addTab(text)
        for text in (self.tr("Shielding"), self.tr("A&udit review")):  # issue 17
            self.bar.addTab(text)
        self.bar.addTab(self.tr("A&lerts"))  # issue 16
        self.bar.currentChanged.connect(self._on_tab)
        self.activity.session_expired.connect(self.session_expired.emit)
        self.manager.session_expired.connect(self.session_expired.emit)
        self.review.session_expired.connect(self.session_expired.emit)
        self.alerts.session_expired.connect(self.session_expired.emit)
        self.manager.open_record.connect(self._open_record)
        for page in (self.shields, self.audit):  # issue 17
            page.session_expired.connect(self.session_expired.emit)
            page.open_record.connect(self._open_record)
        self.bar.hide()
        yield "page tabs assembled"

    @property
    def pages(self) -> tuple[QWidget, ...]:
        return (self.desktop, self.activity, self.manager, self.review, self.shields,
                self.audit, self.alerts)

    def start(self, role: RoleKind | None) -> None:
        """Signed in (or unlocked): the tabs for this role, on the Search page."""
        for index in MANAGER_ONLY:
            self.bar.setTabVisible(index, role is RoleKind.MANAGER)
        self.show_page(SEARCH)
        self.bar.show()

    def show_page(self, index: int) -> None:
        if self.bar.currentIndex() != index:
            self.bar.setCurrentIndex(index)  # → _on_tab
        else:
            self._on_tab(index)

    def clear(self) -> None:
        self.activity.clear()
        self.manager.clear()
        self.review.clear()
        self.shields.clear()
        self.audit.clear()
        self.alerts.clear()
        self.bar.blockSignals(True)
        self.bar.setCurrentIndex(SEARCH)
        self.bar.blockSignals(False)
        self.bar.hide()

    def _on_tab(self, index: int) -> None:
        if index in MANAGER_ONLY and not self.bar.isTabVisible(index):
            index = SEARCH
        page = self.pages[index]
        self._pages.setCurrentWidget(page)
        if page is self.activity:
            self.activity.refresh()
        elif page is self.manager:
            self.manager.refresh()
        elif page is self.review:
            self.review.refresh()
        elif page is self.shields:
            self.shields.refresh()
        elif page is self.audit:
            self.audit.refresh()
        elif page is self.alerts:
            self.alerts.refresh()

    def _open_record(self, directory_id: str) -> None:
        self.show_page(SEARCH)
        self.desktop.open_record(directory_id)
