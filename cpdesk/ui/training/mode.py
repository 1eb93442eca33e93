"""Training mode that cannot be mistaken for live, and the environment check before sign-in.

:class:`TrainingMode` is attached to the main window by the composition root. When the
window learns the server's environment (``DirectoryWorker.meta_finished``):

- a training server puts an amber banner ``trainingBanner`` — "TRAINING — fictional records
  only" — across the top of the window for the whole session (sign-in, desktop, lock
  screen), the "TRAINING" watermark over the record view, and "[TRAINING]" in the title;
- a server this installation's profile must refuse (see ``cpdesk.environment_check``) blocks
  the sign-in form with a plain message saying which way round the mismatch is.

A signed-in trainer also gets **Reset sandbox** in the banner: after a confirmation the
server puts the sandbox back to its starting state and signs trainees out; this window drops
every record it shows.

Threading: the reset call runs through the one background runner (``ui/common/runner.py``,
a ``QThreadPool`` thread); its result comes back on the GUI thread.
The banner never shows child data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, Signal, SignalInstance
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cpdesk.api.errors import ApiError, SessionExpired
from cpdesk.auth.session import Session, State, Transition
from cpdesk.domain import Environment, RoleKind
from cpdesk.environment_check import mismatch, normalise_profile
from cpdesk.ui.common.runner import Runner

if TYPE_CHECKING:
    from cpdesk.domain import ServiceMeta

BANNER_TEXT = "TRAINING — fictional records only"
AMBER = QColor("#ffb81c")
INK = QColor("#212b32")


class TrainingBanner(QFrame):
    """The amber strip; ``reset_button`` is shown to a signed-in trainer only."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingBanner")
        self.setAccessibleName(self.tr("Training mode: fictional records only"))
        palette = self.palette()
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            palette.setColor(role, AMBER)
        palette.setColor(QPalette.ColorRole.WindowText, INK)
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        self.label = QLabel(self.tr(BANNER_TEXT))
        self.label.setObjectName("trainingBannerText")
        font = self.label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.label.setFont(font)
        self.message = QLabel()
        self.message.setObjectName("trainingResetMessage")
        self.message.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("&Reset sandbox…"))
        self.reset_button.setObjectName("trainingResetButton")
        self.reset_button.setAccessibleName(self.tr("Reset the training sandbox"))
        self.reset_button.hide()
        layout.addWidget(self.label)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.reset_button)


class TrainingMode(QObject):
    """Banner, watermark, title and the profile check for one main window."""

    reset_finished = Signal()
    reset_failed = Signal(object)  # ApiError

    def __init__(self, window: QMainWindow, meta_finished: SignalInstance, session: Session,
                 profile: str, reset_call: Callable[[], None], *,
                 signin_form: QWidget, message: QLabel, record_view: QWidget | None,
                 clear_desktop: Callable[[], None], session_expired: Callable[[], None],
                 pool: QThreadPool | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.profile = normalise_profile(profile)
        self.training = False
        self.refusal: str | None = None
        self._session = session
        self._reset_call = reset_call
        self._signin_form = signin_form
        self._message = message
        self._record_view = record_view
        self._clear_desktop = clear_desktop
        self._session_expired = session_expired
        self._runner = Runner(ApiError, ApiError, pool, self)

        self.banner = TrainingBanner()
        self.banner.hide()
        self.banner.reset_button.clicked.connect(self.confirm_reset)
        self._install_banner()
        meta_finished.connect(self.on_meta)
        session.add_listener(self._on_transition)

    def attach_record_view(self, record_view: QWidget) -> None:
        """The record view to watermark, when it is built after this (the main window builds
        its desktop on first use)."""
        self._record_view = record_view
        self._mark_record_view()

    def _mark_record_view(self) -> None:
        set_training = getattr(self._record_view, "set_training", None)
        if set_training is not None:
            set_training(self.training)

    def _install_banner(self) -> None:
        """Put the banner above the window's content: first in the central widget's own
        top-to-bottom layout when it has one (nothing is moved; moving the built window
        under another widget re-resolves the stylesheet of every widget in it), else in a
        new central widget around the old one."""
        central = self.window.centralWidget()
        own = central.layout() if central is not None else None
        if isinstance(own, QBoxLayout) and own.direction() is QBoxLayout.Direction.TopToBottom:
            own.insertWidget(0, self.banner)
            return
        central = self.window.takeCentralWidget()
        frame = QWidget()
        frame.setObjectName("trainingFrame")
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        if central is not None:
            layout.addWidget(central, 1)
        self.window.setCentralWidget(frame)

    # -- the server's environment ----------------------------------------------------------

    def on_meta(self, meta: ServiceMeta) -> None:
        self.training = meta.environment is Environment.TRAINING
        self.banner.setVisible(self.training)
        self._mark_record_view()
        if self.training:
            self.window.setWindowTitle("cpdesk [TRAINING]")
        self.refusal = mismatch(self.profile, meta.environment)
        self._signin_form.setEnabled(self.refusal is None)
        if self.refusal is not None:
            self._message.setText(self.refusal)
            self._message.show()
        self._update_reset_button()

    # -- the trainer's reset ---------------------------------------------------------------

    def _on_transition(self, transition: Transition) -> None:
        if transition.new in (State.LOCKED, State.SIGNED_OUT):
            self.banner.message.clear()
        self._update_reset_button()

    def _is_trainer(self) -> bool:
        info = self._session.info
        role = info.role if info is not None else None
        return (role is not None and role.role is RoleKind.TRAINER
                and self._session.state is State.ACTIVE)

    def _update_reset_button(self) -> None:
        self.banner.reset_button.setVisible(self.training and self._is_trainer())

    def confirm_reset(self) -> None:
        answer = QMessageBox.question(
            self.window, self.tr("Reset the training sandbox"),
            self.tr("Put every training record back to its starting state? Everything the "
                    "class has changed is undone and every trainee is signed out."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Yes:
            self.reset()

    def reset(self) -> None:
        """Ask the server to reset (off the GUI thread); the button waits meanwhile."""
        if not self._is_trainer():
            return
        self.banner.reset_button.setEnabled(False)
        self.banner.message.setText(self.tr("Resetting the sandbox…"))
        self._runner.start(self._reset_call, lambda _done: self._on_reset_done(),
                           lambda failed: self._on_reset_failed(failed.error))

    def _on_reset_done(self) -> None:
        self.banner.reset_button.setEnabled(True)
        self._clear_desktop()
        self.banner.message.setText(self.tr(
            "The sandbox is back to its starting state. Trainees have been signed out."))
        self.reset_finished.emit()

    def _on_reset_failed(self, error: Exception) -> None:
        assert isinstance(error, ApiError)  # the runner's expected error or its fallback
        self.banner.reset_button.setEnabled(True)
        if isinstance(error, SessionExpired):
            self.banner.message.clear()
            self._session_expired()
        else:
            self.banner.message.setText(self.tr("The sandbox was not reset: {why}").format(
                why=error.message))
        self.reset_failed.emit(error)
