"""Lock cpdesk when the operating system locks, suspends or switches away from the session.

A ward PC is shared: when the nurse locks the screen (Win+L, Super+L), walks away and the
screensaver comes on, the machine suspends, or another user takes the console, a child's
record must not sit in an unlocked cpdesk window behind it. :class:`OsSessionWatcher` emits
``os_locked(reason)`` — ``"screen locked"``, ``"suspend"`` or ``"session switched"`` — as soon
as the platform tells it; the composition root turns that into
``controller.lock(LockReason.OS_LOCK)``. It may fire more than once for one OS event (a GNOME
lock is both logind's ``LockedHint`` and the screensaver's ``ActiveChanged``): locking a locked
session is a no-op.

Linux (and any other D-Bus desktop), through Qt's own QtDBus — no new dependency:

- system bus, ``org.freedesktop.login1`` (systemd-logind, or elogind):

  - ``org.freedesktop.login1.Session.Lock`` on this process's session — what
    ``loginctl lock-session`` and ``lock-sessions`` send; → "screen locked";
  - ``org.freedesktop.login1.Manager.PrepareForSleep(true)`` → "suspend" (``false`` is the
    resume, ignored);
  - ``org.freedesktop.DBus.Properties.PropertiesChanged`` on the session: ``Active`` false
    (fast user switch, another VT) → "session switched"; ``LockedHint`` true (the desktop's
    own lock screen came up — GNOME, KDE and others set it) → "screen locked".

  The session is looked up without blocking, by ``Manager.GetSession`` with "" (logind's
  name for the caller's own session, found by this process's PID — the same answer as
  ``GetSessionByPID(getpid())``, which PySide cannot call: it has no way to send the ``u``
  that method takes), then ``$XDG_SESSION_ID``, then "auto" (the user's display session, for
  a process started outside the session scope, as GNOME's systemd-launched apps are). If
  none answers, ``Lock`` from *any* session is taken (over-locking is the safe side) and
  ``PropertiesChanged`` (watched for every session, matched on arg0) is not acted on.
- session bus: ``ActiveChanged(true)`` from ``org.freedesktop.ScreenSaver`` (KDE and others,
  on ``/ScreenSaver`` and ``/org/freedesktop/ScreenSaver``) and ``org.gnome.ScreenSaver``
  (``/org/gnome/ScreenSaver``) → "screen locked"; ``ActiveChanged(false)`` is ignored.

Only signals sent by the owner of those well-known names are taken (on the system bus only
root can own ``org.freedesktop.login1``), and only with the expected argument types: another
local user cannot forge a lock, nor crash the client with a mistyped signal.

Windows: ``WTSRegisterSessionNotification`` on the window's HWND and a Qt native event filter
for ``WM_WTSSESSION_CHANGE`` (``WTS_SESSION_LOCK`` → "screen locked", ``WTS_CONSOLE_DISCONNECT``
and ``WTS_REMOTE_DISCONNECT`` → "session switched") and ``WM_POWERBROADCAST`` with
``PBT_APMSUSPEND`` → "suspend". The window is registered again if Qt re-creates its HWND.

macOS: not watched (it would need ``NSDistributedNotificationCenter``'s
``com.apple.screenIsLocked`` and ``NSWorkspaceWillSleepNotification``); the start-up log says so.

Nothing here polls, blocks start-up or raises: where there is no bus, no logind and no
screensaver, :meth:`OsSessionWatcher.start` logs one info line and the watcher stays silent.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QTimer,
    Signal,
    Slot,
)

if TYPE_CHECKING:
    from PySide6.QtDBus import QDBusConnection, QDBusError, QDBusMessage, QDBusObjectPath
    from PySide6.QtWidgets import QWidget

_log = logging.getLogger(__name__)

REASON_SCREEN_LOCKED = "screen locked"
REASON_SUSPEND = "suspend"
REASON_SESSION_SWITCHED = "session switched"

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
LOGIND_MANAGER = "org.freedesktop.login1.Manager"
LOGIND_SESSION = "org.freedesktop.login1.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
# (service, path, interface) of the screensavers' ActiveChanged(b); "" is any path.
SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
LOOKUP_TIMEOUT_MS = 5_000  # a GetSession call; asynchronous, so start-up never waits for it

_names = itertools.count(1)


class OsSessionWatcher(QObject):
    """Emits ``os_locked(reason)`` when the OS session locks, suspends or is switched away.

    ``window``: the main window; its HWND is registered for session notifications on
    Windows, and it becomes the parent unless ``parent`` is given. ``system_bus`` and
    ``session_bus``: D-Bus addresses; ``None`` means the usual bus (which honours
    ``DBUS_SYSTEM_BUS_ADDRESS`` / ``DBUS_SESSION_BUS_ADDRESS``), ``""`` means do not use that
    bus. ``session_id``: the logind session to try after the caller's own; ``None`` reads
    ``XDG_SESSION_ID``, ``""`` tries none. ``platform`` is ``sys.platform`` (for tests).
    Threading: GUI thread only.
    """

    os_locked = Signal(str)

    def __init__(self, window: QWidget | None = None, *, system_bus: str | None = None,
                 session_bus: str | None = None, session_id: str | None = None,
                 platform: str = sys.platform, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self._window = window
        self._system_address = system_bus
        self._session_address = session_bus
        self._session_id = (os.environ.get("XDG_SESSION_ID", "") if session_id is None
                            else session_id)
        self._platform = platform
        self._started = False
        self._bus_names: list[str] = []
        self._system: QDBusConnection | None = None
        self._lookups: list[str] = []
        self._session_path: str | None = None
        self._watching: list[str] = []
        self._windows: _WindowsSessionNotifications | None = None

    @property
    def session_path(self) -> str | None:
        """The logind session object watched, once found (``None`` before, or if none)."""
        return self._session_path

    @property
    def watching(self) -> tuple[str, ...]:
        """What is being listened to: some of "logind", "screensaver", "wts"."""
        return tuple(self._watching)

    def start(self) -> None:
        """Subscribe to what this platform offers; one info line says what. Never raises."""
        if self._started:
            return
        self._started = True
        try:
            if self._platform == "win32":
                notes = self._start_windows()
            elif self._platform == "darwin":
                notes = ["not implemented on macOS"]
            else:
                notes = self._start_dbus()
        except Exception as exc:  # never let a lock watcher stop the client starting
            notes = [f"failed: {type(exc).__name__}: {exc}"]
        if self._watching:
            _log.info("OS session lock watch: %s", ", ".join(self._watching))
        else:
            _log.info("OS session lock watch is off (%s)", "; ".join(notes) or "nothing found")

    def stop(self) -> None:
        """Stop listening (idempotent). Also done when the watcher is destroyed."""
        self._lookups.clear()
        self._system = None
        _close_buses(self._bus_names)
        if self._windows is not None:
            self._windows.close()
            self._windows = None
        self._watching.clear()

    # -- D-Bus -----------------------------------------------------------------------------

    def _start_dbus(self) -> list[str]:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return ["QtDBus is not available"]
        self.destroyed.connect(_closer(self._bus_names))
        notes: list[str] = []
        system = self._open_bus(QDBusConnection.BusType.SystemBus, self._system_address,
                                "system", notes)
        if system is not None and self._watch_logind(system):
            self._watching.append("logind")
        session = self._open_bus(QDBusConnection.BusType.SessionBus, self._session_address,
                                 "session", notes)
        if session is not None and self._watch_screensavers(session):
            self._watching.append("screensaver")
        return notes

    def _open_bus(self, kind: QDBusConnection.BusType, address: str | None, label: str,
                  notes: list[str]) -> QDBusConnection | None:
        from PySide6.QtDBus import QDBusConnection

        if address == "":
            notes.append(f"no {label} bus: turned off")
            return None
        name = f"cpdesk-os-session-{label}-{next(_names)}"
        bus = (QDBusConnection.connectToBus(kind, name) if address is None
               else QDBusConnection.connectToBus(address, name))
        self._bus_names.append(name)
        if not bus.isConnected():
            notes.append(f"no {label} bus: {bus.lastError().message() or 'not connected'}")
            return None
        return bus

    def _watch_logind(self, bus: QDBusConnection) -> bool:
        lock = bus.connect(LOGIND, "", LOGIND_SESSION, "Lock", self,
                           _slot("_on_logind_lock(QDBusMessage)"))
        sleep = bus.connect(LOGIND, LOGIND_PATH, LOGIND_MANAGER, "PrepareForSleep", "b", self,
                            _slot("_on_prepare_for_sleep(bool)"))
        # Every session's, matched on arg0 (few and rare); only this session's are acted on.
        props = bus.connect(LOGIND, "", PROPERTIES, "PropertiesChanged", [LOGIND_SESSION],
                            "sa{sv}as", self, _slot("_on_session_properties("
                                                    "QString,QVariantMap,QStringList,QDBusMessage)"))
        if not (lock or sleep or props):
            return False
        self._system = bus
        self._lookups = list(dict.fromkeys(["", self._session_id, "auto"]))  # in this order
        self._look_up_next_session()
        return True

    def _look_up_next_session(self) -> None:
        from PySide6.QtDBus import QDBusMessage

        bus = self._system
        if bus is None:
            return
        if not self._lookups:
            _log.info("OS session lock watch: logind did not name this session; "
                      "a Lock of any session locks cpdesk")
            return
        call = QDBusMessage.createMethodCall(LOGIND, LOGIND_PATH, LOGIND_MANAGER, "GetSession")
        call.setArguments([self._lookups.pop(0)])
        if not bus.callWithCallback(call, self, _slot("_on_session_found(QDBusObjectPath)"),
                                    _slot("_on_session_error(QDBusError)"),
                                    LOOKUP_TIMEOUT_MS):
            self._lookups.clear()
            self._look_up_next_session()

    @Slot("QDBusObjectPath")
    def _on_session_found(self, path: QDBusObjectPath) -> None:
        bus = self._system
        if bus is None or self._session_path is not None:
            return
        self._session_path = path.path()
        self._lookups.clear()
        _log.debug("OS session lock watch: logind session %s", self._session_path)

    @Slot("QDBusError")
    def _on_session_error(self, error: QDBusError) -> None:
        _log.debug("OS session lock watch: GetSession failed: %s", error.name())
        self._look_up_next_session()

    @Slot("QDBusMessage")
    def _on_logind_lock(self, message: QDBusMessage) -> None:
        # Until the session is known (and if it never is), any session's Lock counts.
        if self._session_path is None or message.path() == self._session_path:
            self._report(REASON_SCREEN_LOCKED)

    @Slot(bool)
    def _on_prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self._report(REASON_SUSPEND)

    @Slot(str, "QVariantMap", "QStringList", "QDBusMessage")
    def _on_session_properties(self, interface: str, changed: dict[str, object],
                               invalidated: list[str], message: QDBusMessage) -> None:
        if interface != LOGIND_SESSION or message.path() != self._session_path:
            return
        if _unwrap(changed.get("Active", True)) is False:
            self._report(REASON_SESSION_SWITCHED)
        elif _unwrap(changed.get("LockedHint", False)) is True:
            self._report(REASON_SCREEN_LOCKED)

    def _watch_screensavers(self, bus: QDBusConnection) -> bool:
        watched = False
        for service, path, interface in SCREENSAVERS:
            watched |= bus.connect(service, path, interface, "ActiveChanged", "b", self,
                                   _slot("_on_screensaver_active(bool)"))
        return watched

    @Slot(bool)
    def _on_screensaver_active(self, active: bool) -> None:
        if active:
            self._report(REASON_SCREEN_LOCKED)

    # -- Windows ---------------------------------------------------------------------------

    def _start_windows(self) -> list[str]:
        if self._window is None:
            return ["no window to register for session notifications"]
        app = QCoreApplication.instance()
        if app is None:
            return ["no application object"]
        self._windows = _WindowsSessionNotifications(self._window, app, self._report)
        note = self._windows.open()
        if note is not None:
            self._windows.close()
            self._windows = None
            return [note]
        self._watching.append("wts")
        return []

    def _report(self, reason: str) -> None:
        _log.info("OS session: %s; locking", reason)
        self.os_locked.emit(reason)


def _slot(signature: str) -> Any:
    """``SLOT(signature)``: PySide's stubs ask QtDBus for bytes, but it takes only this str."""
    return SLOT(signature)


def _unwrap(value: object) -> object:
    """The value inside a D-Bus variant (PySide hands a{sv} values over as QDBusVariant)."""
    variant = getattr(value, "variant", None)
    return variant() if callable(variant) else value


def _close_buses(names: list[str]) -> None:
    if not names:
        return
    from PySide6.QtDBus import QDBusConnection

    for name in names:
        QDBusConnection.disconnectFromBus(name)
    names.clear()


def _closer(names: list[str]) -> Callable[[], None]:
    """For ``destroyed``: closes the named connections without touching the dead watcher."""
    return lambda *_: _close_buses(names)


# -- Windows messages --------------------------------------------------------------------------

WM_WTSSESSION_CHANGE = 0x02B1
WM_POWERBROADCAST = 0x0218
WTS_CONSOLE_DISCONNECT = 0x2
WTS_REMOTE_DISCONNECT = 0x4
WTS_SESSION_LOCK = 0x7
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0
WINDOWS_EVENT_TYPE = b"windows_generic_MSG"  # what Qt's window procedure hands the filters


class _Msg(ctypes.Structure):
    """The head of Win32's ``MSG`` (the fields after ``lParam`` are not read)."""

    _fields_ = (
        ("hwnd", ctypes.c_void_p),
        ("message", ctypes.c_uint32),   # UINT
        ("wParam", ctypes.c_size_t),    # WPARAM = UINT_PTR
        ("lParam", ctypes.c_ssize_t),   # LPARAM = LONG_PTR
    )


def windows_lock_reason(message: int, wparam: int) -> str | None:
    """The lock reason a window message means, or None."""
    if message == WM_WTSSESSION_CHANGE:
        if wparam == WTS_SESSION_LOCK:
            return REASON_SCREEN_LOCKED
        if wparam in (WTS_CONSOLE_DISCONNECT, WTS_REMOTE_DISCONNECT):
            return REASON_SESSION_SWITCHED
    elif message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND:
        return REASON_SUSPEND
    return None


def decode_native_message(event_type: bytes, address: int, hwnd: int) -> str | None:
    """The lock reason in the ``MSG`` at ``address`` if it was sent to ``hwnd``, or None."""
    if event_type != WINDOWS_EVENT_TYPE or not address or not hwnd:
        return None
    msg = _Msg.from_address(address)
    if (msg.hwnd or 0) != hwnd:  # every top-level window gets WM_POWERBROADCAST: count ours
        return None
    return windows_lock_reason(msg.message, msg.wParam)


class WindowsMessageFilter(QAbstractNativeEventFilter):
    """Hands the messages for one HWND to :func:`decode_native_message`; never filters out."""

    def __init__(self, report: Callable[[str], None], hwnd: int = 0) -> None:
        super().__init__()
        self.hwnd = hwnd
        self._report = report

    def nativeEventFilter(self, event_type: QByteArray | bytes | bytearray | memoryview,
                          message: int) -> object:
        try:
            kind = bytes(event_type.data() if isinstance(event_type, QByteArray) else event_type)
            reason = decode_native_message(kind, int(message), self.hwnd)
            if reason is not None:
                self._report(reason)
        except Exception:  # nothing may escape into the window procedure
            _log.exception("OS session: could not handle a window message")
        return False, 0


class _WindowsSessionNotifications(QObject):
    """WTS registration of the window's HWND plus the app-wide native event filter.

    Registered again on ``WinIdChange`` (Qt re-creates a window's HWND on some flag changes).
    Never runs off Windows; the Win32 calls are the documented ones, with explicit argtypes so
    a 64-bit HWND is not truncated.
    """

    def __init__(self, window: QWidget, app: QCoreApplication,
                 report: Callable[[str], None]) -> None:
        super().__init__(window)
        self._window = window
        self._app = app
        # Reported from the event loop, not from inside the window procedure: the lock
        # closes dialogs and hides content, which is no work for a WM_ handler.
        self.filter = WindowsMessageFilter(
            lambda reason: QTimer.singleShot(0, self, partial(report, reason)))
        self._wtsapi: ctypes.CDLL | None = None

    def open(self) -> str | None:
        """Register; a note saying why not if it could not."""
        try:
            wtsapi = ctypes.WinDLL("wtsapi32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
        except (AttributeError, OSError) as exc:
            return f"wtsapi32 is not available: {exc}"
        wtsapi.WTSRegisterSessionNotification.argtypes = (ctypes.c_void_p, ctypes.c_uint32)
        wtsapi.WTSRegisterSessionNotification.restype = ctypes.c_int
        wtsapi.WTSUnRegisterSessionNotification.argtypes = (ctypes.c_void_p,)
        wtsapi.WTSUnRegisterSessionNotification.restype = ctypes.c_int
        self._wtsapi = wtsapi
        self._app.installNativeEventFilter(self.filter)  # WM_POWERBROADCAST needs no register
        note = self._register()
        if self.filter.hwnd == 0:
            return note
        if note is not None:  # suspend is still seen: WM_POWERBROADCAST needs no registration
            _log.warning("OS session lock watch: %s", note)
        self._window.installEventFilter(self)
        return None

    def _register(self) -> str | None:
        hwnd = int(self._window.winId())
        if self._wtsapi is None or not hwnd:
            return "the window has no native handle"
        self.filter.hwnd = hwnd
        if not self._wtsapi.WTSRegisterSessionNotification(hwnd, NOTIFY_FOR_THIS_SESSION):
            error = ctypes.get_last_error()  # type: ignore[attr-defined,unused-ignore]
            return f"WTSRegisterSessionNotification failed (error {error})"
        return None

    def _unregister(self) -> None:
        if self._wtsapi is not None and self.filter.hwnd:
            self._wtsapi.WTSUnRegisterSessionNotification(self.filter.hwnd)
        self.filter.hwnd = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WinIdChange:
            self._unregister()
            note = self._register()
            if note is not None:
                _log.warning("OS session lock watch: %s", note)
        return False

    def close(self) -> None:
        self._window.removeEventFilter(self)
        self._unregister()
        self._app.removeNativeEventFilter(self.filter)
        self.deleteLater()
