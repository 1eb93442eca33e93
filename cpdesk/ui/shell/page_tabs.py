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
                 clipboard: ClipboardGuard, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pages = pages
        self.desktop = desktop
        self.activity = ActivityView(worker)
        self.manager = ManagerView(worker, clipboard)
        self.review = ReviewView(worker)
        self.alerts = AlertsView(worker)  # issue 16: child-is-here alerts
        pages.addWidget(self.activity)
        pages.addWidget(self.manager)
        pages.addWidget(self.review)
        self.shields = ShieldsView(worker)  # issue 17: the area's trained shielders
        self.audit = AuditReviewView(worker)  # issue 17: every view of the area's children
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
