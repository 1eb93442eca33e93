"""The OS session watcher: logind and screensaver signals on private D-Bus daemons, the
Windows message decoding on fake MSG structs, and silence where nothing is available."""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent
from PySide6.QtDBus import QDBusConnection
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cpdesk.ui.shell.os_session import (
    PBT_APMSUSPEND,
    REASON_SCREEN_LOCKED,
    REASON_SESSION_SWITCHED,
    REASON_SUSPEND,
    WINDOWS_EVENT_TYPE,
    WM_POWERBROADCAST,
    WM_WTSSESSION_CHANGE,
    WTS_CONSOLE_DISCONNECT,
    WTS_REMOTE_DISCONNECT,
    WTS_SESSION_LOCK,
    OsSessionWatcher,
    WindowsMessageFilter,
    decode_native_message,
    windows_lock_reason,
)
from tests.ui.dbus_support import SESSION_PATH, FakeService, PrivateBus

LOGIND = "org.freedesktop.login1"
SESSION = "org.freedesktop.login1.Session"
MANAGER = "org.freedesktop.login1.Manager"
FREEDESKTOP_SAVER = "org.freedesktop.ScreenSaver"
GNOME_SAVER = "org.gnome.ScreenSaver"
QUIET_MS = 300  # how long "no signal" is waited for
LOG = "cpdesk.ui.shell.os_session"

WatcherFactory = Callable[..., OsSessionWatcher]


@pytest.fixture
def system_bus() -> Iterator[PrivateBus]:
    bus = PrivateBus()
    yield bus
    bus.close()


@pytest.fixture
def session_bus() -> Iterator[PrivateBus]:
    bus = PrivateBus()
    yield bus
    bus.close()


@pytest.fixture
def services() -> Iterator[list[FakeService]]:
    made: list[FakeService] = []
    yield made
    for service in made:
        service.close()


@pytest.fixture
def logind(system_bus: PrivateBus, services: list[FakeService]) -> FakeService:
    """logind that knows the caller's session ("") as c1."""
    service = FakeService(system_bus.address, LOGIND, sessions={"": "c1", "c1": "c1"})
    services.append(service)
    return service


@pytest.fixture
def screensaver(session_bus: PrivateBus, services: list[FakeService]) -> FakeService:
    service = FakeService(session_bus.address, FREEDESKTOP_SAVER, GNOME_SAVER)
    services.append(service)
    return service


@pytest.fixture
def make_watcher(system_bus: PrivateBus, session_bus: PrivateBus
                 ) -> Iterator[WatcherFactory]:
    made: list[OsSessionWatcher] = []

    def make(**options: object) -> OsSessionWatcher:
        settings: dict[str, object] = {"system_bus": system_bus.address,
                                       "session_bus": session_bus.address,
                                       "session_id": "", "platform": "linux", **options}
        watcher = OsSessionWatcher(**settings)  # type: ignore[arg-type]
        watcher.start()
        made.append(watcher)
        return watcher

    yield make
    for watcher in made:
        watcher.stop()


def _found(qtbot: QtBot, watcher: OsSessionWatcher, session: str) -> None:
    """Wait for the session lookup (its reply also means every subscription is in place)."""
    qtbot.waitUntil(lambda: watcher.session_path == SESSION_PATH + session, timeout=1000)


# -- logind ---------------------------------------------------------------------------------


def test_lock_of_this_session_locks_and_another_sessions_does_not(
        qtbot: QtBot, logind: FakeService, make_watcher: WatcherFactory) -> None:
    watcher = make_watcher()
    _found(qtbot, watcher, "c1")
    assert ("GetSession", [""]) in logind.calls  # the caller's own session, by its PID
    assert "logind" in watcher.watching
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        logind.emit(SESSION_PATH + "c2", SESSION, "Lock")
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        logind.emit(SESSION_PATH + "c1", SESSION, "Lock")
    assert blocker.args == [REASON_SCREEN_LOCKED]


def test_prepare_for_sleep_true_locks_and_false_does_not(
        qtbot: QtBot, logind: FakeService, make_watcher: WatcherFactory) -> None:
    watcher = make_watcher()
    _found(qtbot, watcher, "c1")
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        logind.emit("/org/freedesktop/login1", MANAGER, "PrepareForSleep", False)
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        logind.emit("/org/freedesktop/login1", MANAGER, "PrepareForSleep", True)
    assert blocker.args == [REASON_SUSPEND]


def test_session_going_inactive_locks_as_a_switch(
        qtbot: QtBot, logind: FakeService, make_watcher: WatcherFactory) -> None:
    watcher = make_watcher()
    _found(qtbot, watcher, "c1")
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        logind.session_properties("c1", {"Active": True})
        logind.session_properties("c1", {"IdleHint": True, "LockedHint": False})
        logind.session_properties("c2", {"Active": False})  # another session: not ours
        logind.session_properties("c1", {"Active": False}, interface="org.example.Other")
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        logind.session_properties("c1", {"Active": False})
    assert blocker.args == [REASON_SESSION_SWITCHED]


def test_locked_hint_locks(qtbot: QtBot, logind: FakeService,
                           make_watcher: WatcherFactory) -> None:
    watcher = make_watcher()
    _found(qtbot, watcher, "c1")
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        logind.session_properties("c1", {"LockedHint": True})
    assert blocker.args == [REASON_SCREEN_LOCKED]


def test_xdg_session_id_then_auto_when_the_caller_has_no_session(
        qtbot: QtBot, system_bus: PrivateBus, services: list[FakeService],
        make_watcher: WatcherFactory) -> None:
    logind = FakeService(system_bus.address, LOGIND, sessions={"c7": "c7", "auto": "c9"})
    services.append(logind)
    watcher = make_watcher(session_id="c7")
    _found(qtbot, watcher, "c7")
    assert [args for _, args in logind.calls] == [[""], ["c7"]]
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        logind.emit(SESSION_PATH + "c1", SESSION, "Lock")
    with qtbot.waitSignal(watcher.os_locked, timeout=1000):
        logind.emit(SESSION_PATH + "c7", SESSION, "Lock")

    other = make_watcher(session_id="")  # no XDG_SESSION_ID: the user's display session
    _found(qtbot, other, "c9")


def test_any_sessions_lock_counts_when_logind_names_none(
        qtbot: QtBot, system_bus: PrivateBus, services: list[FakeService],
        make_watcher: WatcherFactory, caplog: pytest.LogCaptureFixture) -> None:
    logind = FakeService(system_bus.address, LOGIND, sessions={})
    services.append(logind)
    caplog.set_level(logging.INFO, logger=LOG)
    watcher = make_watcher(session_id="c7")
    qtbot.waitUntil(lambda: len(logind.calls) == 3, timeout=1000)
    qtbot.waitUntil(lambda: "did not name this session" in caplog.text, timeout=1000)
    assert watcher.session_path is None
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        logind.session_properties("c4", {"Active": False})  # whose? not acted on
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        logind.emit(SESSION_PATH + "c4", SESSION, "Lock")
    assert blocker.args == [REASON_SCREEN_LOCKED]


def test_signals_not_from_logind_or_mistyped_are_ignored(
        qtbot: QtBot, system_bus: PrivateBus, logind: FakeService,
        services: list[FakeService], make_watcher: WatcherFactory) -> None:
    """Another local user's process cannot lock (or crash) the client by forging signals."""
    watcher = make_watcher()
    _found(qtbot, watcher, "c1")
    impostor = FakeService(system_bus.address, "org.example.Impostor")
    services.append(impostor)
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        impostor.emit(SESSION_PATH + "c1", SESSION, "Lock")
        impostor.emit("/org/freedesktop/login1", MANAGER, "PrepareForSleep", True)
        impostor.session_properties("c1", {"Active": False})
        logind.emit("/org/freedesktop/login1", MANAGER, "PrepareForSleep", "yes")  # not "b"
        logind.emit(SESSION_PATH + "c1", "org.freedesktop.DBus.Properties",
                    "PropertiesChanged", SESSION, ["Active"], [])  # not "sa{sv}as"
    with qtbot.waitSignal(watcher.os_locked, timeout=1000):  # still listening
        logind.emit(SESSION_PATH + "c1", SESSION, "Lock")


# -- screensaver ----------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "interface"), [
    ("/org/freedesktop/ScreenSaver", FREEDESKTOP_SAVER),
    ("/ScreenSaver", FREEDESKTOP_SAVER),
    ("/org/gnome/ScreenSaver", GNOME_SAVER),
])
def test_screensaver_active_locks_and_inactive_does_not(
        qtbot: QtBot, screensaver: FakeService, make_watcher: WatcherFactory,
        path: str, interface: str) -> None:
    watcher = make_watcher(system_bus="")
    assert watcher.watching == ("screensaver",)
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        screensaver.emit(path, interface, "ActiveChanged", False)
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        screensaver.emit(path, interface, "ActiveChanged", True)
    assert blocker.args == [REASON_SCREEN_LOCKED]


def test_screensaver_that_starts_later_is_heard(
        qtbot: QtBot, session_bus: PrivateBus, services: list[FakeService],
        make_watcher: WatcherFactory) -> None:
    watcher = make_watcher(system_bus="")
    late = FakeService(session_bus.address, FREEDESKTOP_SAVER)
    services.append(late)
    with qtbot.waitSignal(watcher.os_locked, timeout=1000):
        late.emit("/ScreenSaver", FREEDESKTOP_SAVER, "ActiveChanged", True)


# -- nothing there, stopping -----------------------------------------------------------------


def test_nothing_available_logs_one_line_and_stays_silent(
        qtbot: QtBot, tmp_path: object, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=LOG)
    watcher = OsSessionWatcher(system_bus=f"unix:path={tmp_path}/no-system-bus",
                               session_bus=f"unix:path={tmp_path}/no-session-bus",
                               session_id="", platform="linux")
    watcher.start()
    watcher.start()  # a second start is a no-op
    assert watcher.watching == ()
    records = [r for r in caplog.records if r.name == LOG]
    assert len(records) == 1
    assert records[0].levelno == logging.INFO
    assert "off" in records[0].getMessage() and "no system bus" in records[0].getMessage()
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        pass
    watcher.stop()
    watcher.stop()


def test_bus_without_logind_falls_back_quietly(
        qtbot: QtBot, system_bus: PrivateBus, make_watcher: WatcherFactory,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOG)
    watcher = make_watcher(session_id="c3")  # the GetSession calls fail: nobody owns login1
    assert "logind" in watcher.watching
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        qtbot.waitUntil(lambda: "did not name this session" in caplog.text, timeout=1000)
    assert watcher.session_path is None
    assert not [r for r in caplog.records if r.levelno > logging.INFO]


def test_stop_ends_listening_and_closes_the_connections(
        qtbot: QtBot, logind: FakeService, screensaver: FakeService,
        make_watcher: WatcherFactory) -> None:
    watcher = make_watcher()
    _found(qtbot, watcher, "c1")
    names = list(watcher._bus_names)
    assert len(names) == 2
    watcher.stop()
    assert watcher.watching == ()
    assert not any(QDBusConnection(name).isConnected() for name in names)
    with qtbot.assertNotEmitted(watcher.os_locked, wait=QUIET_MS):
        logind.emit(SESSION_PATH + "c1", SESSION, "Lock")
        screensaver.emit("/ScreenSaver", FREEDESKTOP_SAVER, "ActiveChanged", True)


def test_parented_to_the_window_and_closed_with_it(
        qtbot: QtBot, logind: FakeService, system_bus: PrivateBus) -> None:
    window = QWidget()
    watcher = OsSessionWatcher(window, system_bus=system_bus.address, session_bus="",
                               session_id="", platform="linux")
    assert watcher.parent() is window
    watcher.start()
    _found(qtbot, watcher, "c1")
    names = list(watcher._bus_names)
    window.deleteLater()
    qtbot.waitUntil(lambda: not any(QDBusConnection(n).isConnected() for n in names),
                    timeout=1000)


@pytest.mark.parametrize("platform", ["darwin", "win32"])
def test_other_platforms_without_support_start_quietly(
        qtbot: QtBot, platform: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=LOG)
    window = QWidget()
    watcher = OsSessionWatcher(window if platform == "win32" else None, platform=platform)
    watcher.start()  # on this Linux machine there is no wtsapi32: a note, no exception
    assert watcher.watching == ()
    assert "OS session lock watch is off" in caplog.text
    watcher.stop()
    window.deleteLater()


# -- Windows message decoding ------------------------------------------------------------------


class _Point(ctypes.Structure):
    _fields_ = (("x", ctypes.c_int32), ("y", ctypes.c_int32))


class _FullMsg(ctypes.Structure):
    """Win32's whole ``MSG``, as the window procedure would hand it to Qt's filters."""

    _fields_ = (("hwnd", ctypes.c_void_p), ("message", ctypes.c_uint32),
                ("wParam", ctypes.c_size_t), ("lParam", ctypes.c_ssize_t),
                ("time", ctypes.c_uint32), ("pt", _Point), ("lPrivate", ctypes.c_uint32))


HWND = 0x0004_0A2C


def _msg(message: int, wparam: int, hwnd: int = HWND, lparam: int = 0) -> _FullMsg:
    return _FullMsg(hwnd, message, wparam, lparam, 123456, _Point(10, 20), 0)


@pytest.mark.parametrize(("message", "wparam", "reason"), [
    (WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, REASON_SCREEN_LOCKED),
    (WM_WTSSESSION_CHANGE, WTS_CONSOLE_DISCONNECT, REASON_SESSION_SWITCHED),
    (WM_WTSSESSION_CHANGE, WTS_REMOTE_DISCONNECT, REASON_SESSION_SWITCHED),
    (WM_WTSSESSION_CHANGE, 0x8, None),   # WTS_SESSION_UNLOCK
    (WM_WTSSESSION_CHANGE, 0x1, None),   # WTS_CONSOLE_CONNECT
    (WM_WTSSESSION_CHANGE, 0x5, None),   # WTS_SESSION_LOGON
    (WM_POWERBROADCAST, PBT_APMSUSPEND, REASON_SUSPEND),
    (WM_POWERBROADCAST, 0x12, None),     # PBT_APMRESUMEAUTOMATIC
    (WM_POWERBROADCAST, 0x7, None),      # PBT_APMRESUMESUSPEND
    (0x0010, WTS_SESSION_LOCK, None),    # WM_CLOSE
    (0x0201, PBT_APMSUSPEND, None),      # WM_LBUTTONDOWN
])
def test_windows_messages_decoded(message: int, wparam: int, reason: str | None) -> None:
    assert windows_lock_reason(message, wparam) == reason
    msg = _msg(message, wparam)
    assert decode_native_message(WINDOWS_EVENT_TYPE, ctypes.addressof(msg), HWND) == reason


def test_windows_messages_for_other_windows_or_types_are_ignored() -> None:
    lock = _msg(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    address = ctypes.addressof(lock)
    assert decode_native_message(WINDOWS_EVENT_TYPE, address, HWND + 4) is None
    assert decode_native_message(b"windows_dispatcher_MSG", address, HWND) is None
    assert decode_native_message(b"xcb_generic_event_t", address, HWND) is None
    assert decode_native_message(WINDOWS_EVENT_TYPE, 0, HWND) is None
    assert decode_native_message(WINDOWS_EVENT_TYPE, address, 0) is None
    suspend_elsewhere = _msg(WM_POWERBROADCAST, PBT_APMSUSPEND, hwnd=0x777)
    assert decode_native_message(WINDOWS_EVENT_TYPE, ctypes.addressof(suspend_elsewhere),
                                 HWND) is None


def test_windows_filter_reports_and_never_swallows_the_message() -> None:
    reasons: list[str] = []
    event_filter = WindowsMessageFilter(reasons.append, HWND)
    for msg in (_msg(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK), _msg(WM_WTSSESSION_CHANGE, 0x8),
                _msg(WM_POWERBROADCAST, PBT_APMSUSPEND)):
        result = event_filter.nativeEventFilter(QByteArray(WINDOWS_EVENT_TYPE),
                                                ctypes.addressof(msg))
        assert result == (False, 0)
    assert reasons == [REASON_SCREEN_LOCKED, REASON_SUSPEND]
    assert event_filter.nativeEventFilter(WINDOWS_EVENT_TYPE, 0) == (False, 0)


def test_windows_filter_lets_nothing_escape(caplog: pytest.LogCaptureFixture) -> None:
    """An exception must not unwind into the window procedure: logged, message passed on."""
    def broken(reason: str) -> None:
        raise RuntimeError(reason)

    event_filter = WindowsMessageFilter(broken, 0)
    event_filter.hwnd = HWND
    msg = _msg(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK)
    with caplog.at_level(logging.ERROR, logger=LOG):
        result = event_filter.nativeEventFilter(WINDOWS_EVENT_TYPE, ctypes.addressof(msg))
    assert result == (False, 0)
    assert "could not handle a window message" in caplog.text


class _FakeWtsapi:
    """Stands in for ``ctypes.WinDLL("wtsapi32")``: records the calls, answers success."""

    def __init__(self, name: str, use_last_error: bool = False) -> None:
        assert name == "wtsapi32" and use_last_error
        self.calls: list[tuple[str, int, int | None]] = []
        self.WTSRegisterSessionNotification = _FakeFunction(
            lambda hwnd, flags: self.calls.append(("register", hwnd, flags)) or 1)
        self.WTSUnRegisterSessionNotification = _FakeFunction(
            lambda hwnd: self.calls.append(("unregister", hwnd, None)) or 1)


class _FakeFunction:
    def __init__(self, call: Callable[..., int]) -> None:
        self._call = call
        self.argtypes: object = None
        self.restype: object = None

    def __call__(self, *args: int) -> int:
        return self._call(*args)


def test_windows_glue_registers_reports_from_the_event_loop_and_unregisters(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Win32 calls faked: registration on the window's HWND (again after WinIdChange),
    a decoded WM_WTSSESSION_CHANGE reported after the window procedure returns, clean stop."""
    made: list[_FakeWtsapi] = []

    def win_dll(name: str, use_last_error: bool = False) -> _FakeWtsapi:
        made.append(_FakeWtsapi(name, use_last_error))
        return made[-1]

    monkeypatch.setattr(ctypes, "WinDLL", win_dll, raising=False)
    monkeypatch.setattr(ctypes, "get_last_error", lambda: 0, raising=False)
    window = QWidget()
    qtbot.addWidget(window)
    watcher = OsSessionWatcher(window, platform="win32")
    watcher.start()
    assert watcher.watching == ("wts",)
    hwnd = int(window.winId())
    wtsapi = made[0]
    assert wtsapi.calls == [("register", hwnd, 0)]
    assert wtsapi.WTSRegisterSessionNotification.argtypes == (ctypes.c_void_p, ctypes.c_uint32)

    windows = watcher._windows
    assert windows is not None
    lock = _msg(WM_WTSSESSION_CHANGE, WTS_SESSION_LOCK, hwnd=hwnd)
    reported: list[str] = []
    watcher.os_locked.connect(reported.append)
    with qtbot.waitSignal(watcher.os_locked, timeout=1000) as blocker:
        assert windows.filter.nativeEventFilter(WINDOWS_EVENT_TYPE,
                                                ctypes.addressof(lock)) == (False, 0)
        assert reported == []  # not from inside the window procedure
    assert blocker.args == [REASON_SCREEN_LOCKED]

    QCoreApplication.sendEvent(window, QEvent(QEvent.Type.WinIdChange))
    assert wtsapi.calls[1:] == [("unregister", hwnd, None), ("register", hwnd, 0)]
    watcher.stop()
    assert wtsapi.calls[-1] == ("unregister", hwnd, None)
    assert watcher.watching == ()
