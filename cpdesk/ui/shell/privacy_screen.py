"""The privacy screen: curtain, idle monitor, capture exclusion (the clipboard guard is in
``ui/common/clipboard.py``: every screen that copies uses it).

- ``PrivacyScreen`` wraps the window's content. ``cover()`` shows ``privacyCurtain`` and
  moves the content widget into a hidden window that is never shown, so nothing under the
  curtain is painted *or* in the accessibility tree (a hidden child would still be listed
  there, as an invisible node a screen reader or UI Automation client can read); ``uncover()``
  puts it back and gives the focus back to where it was. It covers on window deactivation
  and minimise (``watch_window``) and when the idle monitor says so; a deliberate key press
  (not a held key's auto-repeat) or click (press and release on the curtain) lifts it while
  ``lift_allowed`` (the session is unlocked). Minimising also emits ``lock_requested`` while
  ``lock_on_minimise`` (the default; admin policy may turn it off). Ctrl+L anywhere in the
  window emits ``lock_requested``.
- ``IdleMonitor`` watches every top-level window's input, feeding two timers: the curtain
  after 60 s without input, the lock after 5 min (both injectable). While a curtain is up,
  mouse movement and the wheel are not activity: only a key, a click or a touch is, so a
  mouse moved over the curtain cannot hold the lock off.
- ``CaptureProtection`` hides a top-level window from screen capture where the platform can;
  on Linux it is a no-op that says so. ``CaptureGuard`` (``protect_every_window``) applies it
  to every top-level window the application shows — dialogs, message boxes, menus, pop-ups —
  before it is on screen where Qt allows, and again whenever a window's native handle is
  replaced (``QEvent.WinIdChange``).
- ``close_open_dialogs()`` rejects every open dialog, for the lock.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Protocol

import shiboken6
from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QShortcut,
    QWindow,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

CURTAIN_AFTER_MS = 60_000
LOCK_AFTER_MS = 5 * 60_000

_INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TabletPress,
})
# Input that is not activity while a curtain is up: a mouse moved or nudged over the curtain
# (or anywhere) says nothing about who is at the keyboard.
_MOVEMENT_EVENTS = frozenset({QEvent.Type.MouseMove, QEvent.Type.Wheel})

# The privacy screens covered at the moment (for the idle monitor).
_covered_screens: set[PrivacyScreen] = set()


def curtain_is_up() -> bool:
    """True while a privacy screen of this application is covered in a shown (perhaps
    minimised) window."""
    return any(screen.isVisible() for screen in _covered_screens)


class PrivacyScreen(QWidget):
    """Hosts the content; covers it with the curtain on demand."""

    lock_requested = Signal()
    covered_changed = Signal(bool)

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("privacyScreen")
        self._content = content
        self.lift_allowed = True
        # Minimising locks (while a session is open: ``lift_allowed``); admin policy
        # ``lock_on_minimise = false`` makes it only cover.
        self.lock_on_minimise = True
        self._layout = QStackedLayout(self)
        self._layout.addWidget(content)
        self.curtain = _Curtain(self)
        self.curtain.lift_requested.connect(self._on_lift_requested)
        self._layout.addWidget(self.curtain)
        self._layout.setCurrentWidget(content)
        # Where the content waits while covered: a window (so not one of this widget's
        # accessible children, which are its non-window child widgets) that is never shown
        # (so it has no native window and is not one of the application's either).
        self._vault = QWidget(self, Qt.WindowType.Window)
        self._vault.setObjectName("privacyVault")
        self._refocus: QWidget | None = None
        self._watched: QWidget | None = None
        self.lock_shortcut = QShortcut(QKeySequence("Ctrl+L"), self)
        self.lock_shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        self.lock_shortcut.activated.connect(self.lock_requested.emit)
        self.destroyed.connect(lambda *_: _covered_screens.discard(self))

    @property
    def content(self) -> QWidget:
        return self._content

    @property
    def covered(self) -> bool:
        return self._layout.currentWidget() is self.curtain

    def cover(self) -> None:
        if self.covered:
            return
        focus = self.window().focusWidget()
        self._refocus = focus if focus is not None and self._content.isAncestorOf(focus) \
            else None
        self._layout.setCurrentWidget(self.curtain)
        self.curtain.setFocus(Qt.FocusReason.OtherFocusReason)
        # Hidden is not enough: a hidden child widget stays in the accessibility tree
        # (marked invisible, its names and values still readable). Out of the widget tree,
        # it is in neither; it keeps its state for uncover().
        self._layout.removeWidget(self._content)
        self._content.setParent(self._vault)
        _covered_screens.add(self)
        self.covered_changed.emit(True)

    def uncover(self) -> None:
        if not self.covered:
            return
        self._layout.insertWidget(0, self._content)  # back under this widget, hidden
        self._layout.setCurrentWidget(self._content)
        _covered_screens.discard(self)
        refocus, self._refocus = self._refocus, None
        if (refocus is not None and shiboken6.isValid(refocus)
                and self._content.isAncestorOf(refocus)
                and self.window().focusWidget() in (None, self.curtain)):
            refocus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.covered_changed.emit(False)

    def watch_window(self, window: QWidget) -> None:
        """Cover when this top-level window loses focus or is minimised; on minimise, also
        ask for the lock (``lock_on_minimise``, while a session is open)."""
        if self._watched is not None:
            self._watched.removeEventFilter(self)
        self._watched = window
        window.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._on_application_state)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched:
            kind = event.type()
            minimised = (kind == QEvent.Type.WindowStateChange
                         and isinstance(watched, QWidget) and watched.isMinimized())
            if minimised:
                self.cover()
                if self.lock_on_minimise and self.lift_allowed:
                    self.lock_requested.emit()
            elif kind == QEvent.Type.WindowDeactivate:
                # Decided once the new active window is known (after this event).
                QTimer.singleShot(0, self._cover_unless_own_dialog)
        return False

    def _cover_unless_own_dialog(self) -> None:
        """Our own dialog (reason for access, a warning) taking the focus from the window
        is not "losing focus"; anything else is."""
        active = QApplication.activeWindow()
        if isinstance(active, QDialog | QMessageBox) and _owned_by(active, self._watched):
            return
        self.cover()

    def _on_application_state(self, state: Qt.ApplicationState) -> None:
        # Another program took the focus, whichever of our windows (or dialogs) had it.
        if state != Qt.ApplicationState.ApplicationActive:
            self.cover()

    def _on_lift_requested(self) -> None:
        if self.lift_allowed:
            self.uncover()


def _owned_by(widget: QWidget, owner: QWidget | None) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent is owner:
            return True
        parent = parent.parentWidget()
    return False


def close_open_dialogs() -> int:
    """Reject every open dialog and message box (for lock); how many were closed."""
    closed = 0
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog | QMessageBox) and widget.isVisible():
            widget.reject()
            closed += 1
    return closed


class _Curtain(QWidget):
    lift_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("privacyCurtain")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Screen hidden for privacy"))
        self._pressed = Qt.MouseButton.NoButton
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("Screen hidden for privacy"))
        title.setObjectName("curtainTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = QLabel(self.tr("Press any key or click to continue."))
        hint.setObjectName("curtainHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addStretch(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()
        if not event.isAutoRepeat():  # a key held from before the curtain fell is not deliberate
            self.lift_requested.emit()

    # A click is a press *and* a release of the same button on the curtain: a press dragged
    # off it, or a release of a press made before the curtain fell, does not lift it.

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self._pressed = event.button()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        pressed, self._pressed = self._pressed, Qt.MouseButton.NoButton
        if pressed == event.button() and self.rect().contains(event.position().toPoint()):
            self.lift_requested.emit()


class IdleMonitor(QObject):
    """One input filter on every top-level window, feeding the curtain and lock timers.

    Real keyboard, mouse and touch input reaches a top-level ``QWindow`` before any widget,
    so watching the windows sees all of it — without the cost of an application-wide
    filter, which Qt would call (in Python) for every one of the thousands of non-input
    events a record view generates while it is built. Windows that appear later (dialogs)
    are watched as they take the focus. While a curtain is up (:func:`curtain_is_up`), mouse
    movement and the wheel do not count: only keys, clicks, touch and the pen do.
    """

    curtain_due = Signal()
    lock_requested = Signal()

    def __init__(self, app: QGuiApplication, curtain_after_ms: int = CURTAIN_AFTER_MS,
                 lock_after_ms: int = LOCK_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._app = app
        self._windows: list[QWindow] = []
        self.curtain_timer = QTimer(self)
        self.curtain_timer.setSingleShot(True)
        self.curtain_timer.setInterval(curtain_after_ms)
        self.curtain_timer.timeout.connect(self.curtain_due.emit)
        self.lock_timer = QTimer(self)
        self.lock_timer.setSingleShot(True)
        self.lock_timer.setInterval(lock_after_ms)
        self.lock_timer.timeout.connect(self.lock_requested.emit)
        self._running = False

    def start(self) -> None:
        if not self._running:
            self._running = True
            self._app.focusWindowChanged.connect(self._watch)
            for window in self._app.topLevelWindows():
                self._watch(window)
        self.activity()

    def stop(self) -> None:
        if self._running:
            self._running = False
            self._app.focusWindowChanged.disconnect(self._watch)
            for window in self._windows:
                window.removeEventFilter(self)
            self._windows.clear()
        self.curtain_timer.stop()
        self.lock_timer.stop()

    def set_lock_after_ms(self, ms: int) -> None:
        self.lock_timer.setInterval(ms)

    def activity(self) -> None:
        self.curtain_timer.start()
        self.lock_timer.start()

    def _watch(self, window: QWindow | None) -> None:
        if window is None or window in self._windows:
            return
        window.installEventFilter(self)
        self._windows.append(window)
        window.destroyed.connect(lambda *_: self._forget(window))

    def _forget(self, window: QWindow) -> None:
        if window in self._windows:
            self._windows.remove(window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS and not (kind in _MOVEMENT_EVENTS and curtain_is_up()):
            self.activity()
        return False


# -- screen capture exclusion ------------------------------------------------------------------

UNAVAILABLE_NOTE = "Screen capture protection is not available on this system"


class CaptureProtection(Protocol):
    def protect(self, window: QWidget) -> str | None:
        """Exclude ``window`` from screen capture; a note for the status bar if it cannot."""


class NoCaptureProtection:
    def protect(self, window: QWidget) -> str | None:
        return UNAVAILABLE_NOTE


class WindowsCaptureProtection:
    WDA_EXCLUDEFROMCAPTURE = 0x11

    def protect(self, window: QWidget) -> str | None:
        user32 = ctypes.WinDLL("user32")  # type: ignore[attr-defined,unused-ignore]
        if not user32.SetWindowDisplayAffinity(int(window.winId()),
                                               self.WDA_EXCLUDEFROMCAPTURE):
            return UNAVAILABLE_NOTE
        return None


class MacCaptureProtection:
    """``[[view window] setSharingType:NSWindowSharingNone]`` through the Objective-C runtime."""

    def protect(self, window: QWidget) -> str | None:
        try:
            objc = ctypes.cdll.LoadLibrary("/usr/lib/libobjc.A.dylib")
        except OSError:
            return UNAVAILABLE_NOTE
        send = objc.objc_msgSend
        objc.sel_registerName.restype = ctypes.c_void_p
        objc.sel_registerName.argtypes = [ctypes.c_char_p]
        send.restype = ctypes.c_void_p
        send.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        ns_window = send(ctypes.c_void_p(int(window.winId())),
                         objc.sel_registerName(b"window"))
        if not ns_window:
            return UNAVAILABLE_NOTE
        send.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_long]
        send(ns_window, objc.sel_registerName(b"setSharingType:"), 0)
        return None


class CaptureGuard(QObject):
    """Applies a :class:`CaptureProtection` to every top-level window the application shows.

    Exclusion from capture belongs to one native window: a dialog, a message box or a menu is
    a window of its own, and a window whose native handle is replaced (re-created by Qt)
    loses it. An application-wide event filter would see every window's ``Show``, but it
    would call Python for every event of every object (see :class:`IdleMonitor`), so the
    guard watches the windows themselves, and finds new ones:

    - a window child of a watched window (a dialog or menu with that parent) when it is
      polished, before its first ``Show``;
    - a modal window (every dialog and message box this client shows) when it blocks a
      watched window — before its native window is made visible;
    - any other window when it takes the focus (pop-ups, parentless windows).

    Every watched window is protected again on ``Show`` and on ``WinIdChange`` (new native
    handle). Popped-up tool tips of widgets inside a window are not windows it can find
    without an application-wide filter; this client's tool tips hold no child data.
    """

    def __init__(self, protection: CaptureProtection, app: QGuiApplication,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._protection = protection
        self._watched: set[QWidget] = set()
        self._app = app
        app.focusWindowChanged.connect(self._on_focus_window)

    def protect(self, window: QWidget) -> str | None:
        """Protect ``window`` now and from now on; a note for the status bar if it cannot."""
        self._watch(window)
        return self._protection.protect(window)

    def stop(self) -> None:
        self._app.focusWindowChanged.disconnect(self._on_focus_window)
        for widget in list(self._watched):
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
        self._watched.clear()

    def _watch(self, widget: QWidget) -> bool:
        """Start watching a window; False when already watched or not a window."""
        if (widget in self._watched or not widget.isWindow()
                or widget.windowType() == Qt.WindowType.Desktop):
            return False
        widget.installEventFilter(self)
        self._watched.add(widget)
        widget.destroyed.connect(lambda *_: self._watched.discard(widget))
        return True

    def _apply(self, widget: QWidget) -> None:
        if widget.internalWinId():  # no native window (yet, or being destroyed): nothing to do
            self._protection.protect(widget)

    def _adopt(self, widget: QWidget | None) -> None:
        if widget is not None and self._watch(widget):
            self._apply(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not isinstance(watched, QWidget):
            return False
        if kind in (QEvent.Type.Show, QEvent.Type.WinIdChange):
            self._apply(watched)
        elif kind == QEvent.Type.ChildPolished and isinstance(event, QChildEvent):
            child = event.child()
            if isinstance(child, QWidget):
                self._watch(child)  # protected on its Show
        elif kind == QEvent.Type.WindowBlocked:
            self._adopt(QApplication.activeModalWidget())
        return False

    def _on_focus_window(self, window: QWindow | None) -> None:
        if window is None:
            return
        for widget in QApplication.topLevelWidgets():
            if widget.windowHandle() is window:
                self._adopt(widget)
                return


def protect_every_window(protection: CaptureProtection, window: QWidget) -> str | None:
    """Protect ``window`` and every window the application shows after it, for as long as
    ``window`` lives; the note for the status bar when the platform cannot."""
    app = QApplication.instance()
    if isinstance(protection, NoCaptureProtection) or not isinstance(app, QApplication):
        return protection.protect(window)
    return CaptureGuard(protection, app, parent=window).protect(window)


def capture_protection(platform: str = sys.platform) -> CaptureProtection:
    if platform == "win32":
        return WindowsCaptureProtection()
    if platform == "darwin":
        return MacCaptureProtection()
    return NoCaptureProtection()
