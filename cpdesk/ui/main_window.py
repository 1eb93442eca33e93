"""The main window: reacts to the server's state; hosts the pages of the client.

The window title never holds child data: it is "cpdesk" plus the environment only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QPushButton,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from cpdesk import __version__
from cpdesk.api.errors import ApiError
from cpdesk.domain import Environment, ServiceMeta
from cpdesk.ui.workers import DirectoryWorker

ENVIRONMENT_LABELS = {
    Environment.LIVE: "Live",
    Environment.TRAINING: "Training",
    Environment.TEST: "Test",
}


class ServerPanel(QFrame):
    """What the client knows about the directory server it is connected to."""

    def __init__(self, server_url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        form = QFormLayout(self)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.server = QLabel(server_url)
        self.environment = QLabel(self.tr("Connecting…"))
        self.environment.setObjectName("serverEnvironment")
        self.server_id = QLabel("—")
        self.server_id.setObjectName("serverId")
        self.api_version = QLabel("—")
        self.api_version.setObjectName("serverApiVersion")
        self.client_version = QLabel(__version__)
        for label, widget in (
            (self.tr("Directory server"), self.server),
            (self.tr("Environment"), self.environment),
            (self.tr("Server"), self.server_id),
            (self.tr("API version"), self.api_version),
            (self.tr("cpdesk version"), self.client_version),
        ):
            caption = QLabel(label)
            caption.setObjectName("fieldLabel")
            caption.setBuddy(widget)
            widget.setAccessibleName(label)
            form.addRow(caption, widget)

    def show_meta(self, meta: ServiceMeta) -> None:
        self.environment.setText(ENVIRONMENT_LABELS[meta.environment])
        self.server_id.setText(meta.server_id)
        self.api_version.setText(meta.api_version)


class MainWindow(QMainWindow):
    def __init__(self, worker: DirectoryWorker, server_url: str,
                 demo_username: str | None = None) -> None:
        super().__init__()
        self._worker = worker
        self.setWindowTitle("cpdesk")
        self.setMinimumSize(820, 560)

        page = QWidget()
        page.setObjectName("centralPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(16)
        title = QLabel(self.tr("ContactPoint directory"))
        title.setObjectName("pageTitle")
        subtitle = QLabel(self.tr("Find who else is working with a child, and how to reach them."))
        subtitle.setObjectName("pageSubtitle")
        layout.addWidget(title)
        layout.addWidget(subtitle)

        self.server_panel = ServerPanel(server_url)
        layout.addWidget(self.server_panel)

        self.message = QLabel()
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)

        self.retry_button = QPushButton(self.tr("&Try again"))
        self.retry_button.setObjectName("retryButton")
        self.retry_button.setAccessibleName(self.tr("Try connecting again"))
        self.retry_button.clicked.connect(self.refresh)
        self.retry_button.hide()
        layout.addWidget(self.retry_button, alignment=Qt.AlignmentFlag.AlignLeft)

        if demo_username:
            demo = QLabel(self.tr("Demo user ready: {user}").format(user=demo_username))
            demo.setObjectName("demoUser")
            layout.addWidget(demo)
        layout.addStretch(1)
        self.setCentralWidget(page)

        status = QStatusBar()
        status.setObjectName("statusBar")
        self.environment_badge = QLabel()
        self.environment_badge.setObjectName("environmentBadge")
        self.environment_badge.hide()
        self.status_text = QLabel(self.tr("Connecting to {url}…").format(url=server_url))
        self.status_text.setObjectName("statusText")
        status.addWidget(self.environment_badge)
        status.addWidget(self.status_text, 1)
        self.setStatusBar(status)

        worker.meta_finished.connect(self._on_meta)
        worker.meta_failed.connect(self._on_meta_failed)

    def refresh(self) -> None:
        self.retry_button.hide()
        self.message.hide()
        self.server_panel.environment.setText(self.tr("Connecting…"))
        self._worker.request_meta()

    def _on_meta(self, meta: ServiceMeta) -> None:
        self.server_panel.show_meta(meta)
        label = ENVIRONMENT_LABELS[meta.environment]
        self.environment_badge.setText(label.upper())
        self.environment_badge.setProperty("environment", meta.environment.value)
        self.environment_badge.style().unpolish(self.environment_badge)
        self.environment_badge.style().polish(self.environment_badge)
        self.environment_badge.show()
        self.status_text.setText(self.tr("{env} environment · server {sid} · API v{api} · "
                                         "cpdesk {ver}").format(env=label, sid=meta.server_id,
                                                                api=meta.api_version,
                                                                ver=__version__))
        if meta.environment is not Environment.LIVE:
            self.setWindowTitle(f"cpdesk [{label.upper()}]")

    def _on_meta_failed(self, error: ApiError) -> None:
        self.server_panel.environment.setText(self.tr("Not connected"))
        self.message.setText(error.message)
        self.message.show()
        self.retry_button.show()
        self.status_text.setText(self.tr("Not connected"))
