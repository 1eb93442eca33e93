"""Composition root: settings, http client, token thread, session, windows.

No global application object: everything is built here and handed in through constructors;
tests build their own graph with :func:`build`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# cpdesk.config and cpdesk.remembered are imported in main, after _quicker_pyside_import_hook:
# every module imported before it costs PySide's slower source check (issue 18: cold start).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from cpdesk.api.client import DirectoryClient
    from cpdesk.auth.session import Session
    from cpdesk.config import PolicySource, Settings
    from cpdesk.remembered import RememberedUser
    from cpdesk.ui.common.workers import DirectoryWorker
    from cpdesk.ui.shell.main_window import MainWindow
    from cpdesk.ui.signin.controller import SignInController
    from cpdesk.ui.signin.token_thread import TokenThread, TokenWatcher
    from cpdesk.ui.signin.view import SignInView


@dataclass
class Client:
    """The built object graph (the parts a test or ``main`` needs to reach)."""

    window: MainWindow
    api: DirectoryClient
    token_thread: TokenThread
    watcher: TokenWatcher
    # The keyring's answer when it comes after the window (``main`` opens it once the window
    # is up): the RememberedUser from then on, with the last user name and card it holds.
    use_remembered: Callable[[RememberedUser, str | None, str | None], None]
    # The token thread (its first card scan), the OS-lock watcher and training mode: started
    # by ``build``, or by ``main`` once the window is painted, one per event-loop turn.
    background: tuple[Callable[[], None], ...]

    def start_background(self) -> None:
        """Start what waits for the first paint, now (each part once)."""
        for part in self.background:
            part()

    def close(self) -> None:
        """Close the window (drops child data, ends the server session), let the background
        calls finish, then stop the token thread and the HTTP client."""
        from PySide6.QtCore import QThreadPool

        self.window.close()
        QThreadPool.globalInstance().waitForDone(5000)
        self.token_thread.stop()
        self.api.close()


def build(settings: Settings, app: QApplication, *,
          remembered: RememberedUser | None = None, start_background: bool = True) -> Client:
    """The object graph. *start_background* False: the token thread, the OS-lock watcher
    and training mode wait for :attr:`Client.background` (``main`` starts them after the
    first paint)."""
    from PySide6.QtCore import QTimer

    from cpdesk.api.client import DirectoryClient
    from cpdesk.auth.discovery import open_module
    from cpdesk.auth.session import Session
    from cpdesk.environment_check import EnvironmentCheckedApi
    from cpdesk.remembered import RememberedUser
    from cpdesk.ui.common.clipboard import ClipboardGuard
    from cpdesk.ui.common.workers import DirectoryWorker
    from cpdesk.ui.shell.main_window import MainWindow
    from cpdesk.ui.shell.privacy_screen import (
        IdleMonitor,
        capture_protection,
        protect_every_window,
    )
    from cpdesk.ui.shell.settings_button import add_settings_button
    from cpdesk.ui.signin.controller import SignInController
    from cpdesk.ui.signin.token_thread import TokenThread, TokenWatcher
    from cpdesk.ui.signin.view import SignInView

    api = DirectoryClient(settings.server_url, extra_ca_file=settings.extra_ca_file,
                          proxy=settings.proxy, no_proxy=settings.no_proxy)
    module_setting = settings.pkcs11_module
    token_thread = TokenThread(lambda: open_module(module_setting), start=False)
    session = Session()
    watcher = TokenWatcher(token_thread)
    controller = SignInController(EnvironmentCheckedApi(api, settings.profile), token_thread,
                                  session, watcher=watcher,
                                  removal_policy=removal_policy(settings))
    current = [remembered or RememberedUser(enabled=settings.remember_username)]

    def make_signin_view(parent: QWidget) -> SignInView:
        return SignInView(controller, settings.demo_username
                          or current[0].last_user(settings.server_url), parent,
                          last_card=current[0].last_card(settings.server_url))
    worker = DirectoryWorker(api)
    clipboard = ClipboardGuard(app.clipboard())
    idle = IdleMonitor(app, lock_after_ms=settings.idle_lock_minutes * 60_000)
    protection = capture_protection() if settings.capture_protection else None
    window = MainWindow(worker, session, controller, make_signin_view, clipboard, idle,
                        settings.server_url)
    signin_view = window.signin_view
    controller.signed_in.connect(
        lambda _info: current[0].remember(settings.server_url, session.username or ""))
    signin_view.card_used.connect(
        lambda serial: current[0].remember_card(settings.server_url, serial))

    def use_remembered(found: RememberedUser, username: str | None,
                       last_card: str | None) -> None:
        current[0] = found
        signin_view.offer_remembered(username, last_card)
    window.privacy.lock_on_minimise = settings.lock_on_minimise
    add_settings_button(window, settings, idle)
    # The first keystroke goes to sign-in, not the status bar (after the window is shown).
    QTimer.singleShot(0, window, signin_view.focus_first_empty)
    note = protect_every_window(protection, window) if protection else window.tr(
        "Screen capture protection is turned off by your organisation")
    if note:
        window.capture_note.setText(note)
        window.capture_note.show()
    for child in (worker, controller, watcher, clipboard, idle):
        child.setParent(window)

    client = Client(window, api, token_thread, watcher, use_remembered, (
        token_thread.start,  # once: a no-op after that (or after stop)
        _once(lambda: _lock_with_the_os(window, session, controller)),
        # Before the server's meta is asked for (main: after these), which is what tells
        # training mode to show its banner.
        _once(lambda: _training_mode(window, worker, session, settings, api, signin_view))))
    if start_background:
        client.start_background()
    return client


def _once(action: Callable[[], None]) -> Callable[[], None]:
    done: list[bool] = []

    def once() -> None:
        if not done:
            done.append(True)
            action()
    return once


def _training_mode(window: MainWindow, worker: DirectoryWorker, session: Session,
                   settings: Settings, api: DirectoryClient, signin_view: SignInView) -> None:
    """Training mode's banner, title and profile check: it acts on the server's meta, so
    it is made with the work that waits for the first paint (``Client.start_background``)."""
    from cpdesk.ui.training.mode import TrainingMode

    training = TrainingMode(
        window, worker.meta_finished, session, settings.profile, api.training_reset,
        signin_form=signin_view, message=window.connection_message, record_view=None,
        clear_desktop=lambda: window.desktop.clear(),
        session_expired=lambda: window.desktop.session_expired.emit())
    # The desktop is built on first use (issue 18): the training watermark joins it then.
    window.when_desktop_built(lambda desktop: training.attach_record_view(desktop.record_view))


def _lock_with_the_os(window: MainWindow, session: Session,
                      controller: SignInController) -> None:
    """The OS screen lock, a user switch or suspend lock cpdesk too (issue 14); a sign-in in
    progress is left alone (nothing is shown to lose)."""
    from cpdesk.auth.session import LockReason, State
    from cpdesk.ui.shell.os_session import OsSessionWatcher

    def os_locked(_reason: str) -> None:
        if session.state in (State.ACTIVE, State.CURTAINED):
            controller.lock(LockReason.OS_LOCK)

    os_session = OsSessionWatcher(window)  # a child of the window: closes with it
    os_session.os_locked.connect(os_locked)
    os_session.start()


def removal_policy(settings: Settings) -> str:
    from cpdesk.ui.signin.controller import REMOVAL_LOCKS, REMOVAL_SIGNS_OUT

    signs_out = settings.token_removal == "sign-out"  # noqa: S105 - an action name
    return REMOVAL_SIGNS_OUT if signs_out else REMOVAL_LOCKS


def main(argv: Sequence[str] | None = None) -> int:
    _quicker_pyside_import_hook()
    from cpdesk.config import load_settings
    from cpdesk.remembered import RememberedUser

    settings = load_settings(sys.argv[1:] if argv is None else argv,
                             policy_sources=policy_sources())
    if settings.self_test:
        from cpdesk.selftest import run

        return run(settings)
    problem = no_display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    prevent_bus_autolaunch(os.environ)
    _collect_after_start()
    from cpdesk.crash import CrashHandlers
    from cpdesk.logging_setup import configure_logging, log_level_number

    crash = CrashHandlers()
    crash.install(configure_logging(level=log_level_number(settings.log_level)).parent)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    _quicker_pyside_import_hook()
    from cpdesk.ui.common.assets import app_icon
    from cpdesk.ui.common.first_paint import AfterFirstPaint
    from cpdesk.ui.shell.color_scheme import SchemeFollower

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("cpdesk")
    SchemeFollower(app)  # the stylesheet, with dark overrides under a dark system scheme
    if os.environ.get(STALL_WATCHDOG_VAR) == "1":  # off unless set (benchmarks)
        from cpdesk.ui.shell.stall_watchdog import install_from_env

        install_from_env(app)
    from cpdesk.ui.shell.crash_bridge import CrashBridge, install_qt_message_handler
    from cpdesk.ui.shell.translations import install_translator

    install_qt_message_handler()
    install_translator(app)
    # Nothing remembered yet: the keyring is opened once the window is up (below).
    client = build(settings, app, remembered=RememberedUser(use_system=False),
                   start_background=False)
    crash.add_callback(CrashBridge(client.window.lock_after_crash, client.window).crashed)
    _size_to_screen(client.window, app)
    painted = AfterFirstPaint(client.window)
    client.window.show()
    # Once the window is painted, not beside its construction and first paint (each holds
    # the interpreter for milliseconds to tens of them; issue 18, cold start), one per
    # event-loop turn so that her first keystrokes go between them: the token thread's first
    # card scan, the OS-lock watcher, training mode, the window icon, the first directory call
    # (httpx's import and the TLS context, on a worker thread), the keyring; then the
    # signed-in pages, a piece per turn while she signs in.
    for part in client.background:
        painted.then(part)
    # Every window's icon, the taskbar's and the window switcher's: drawn from the SVG (the
    # icon engine plugin, QtSvg, the pixmaps the window system is given) after the paint.
    painted.then(lambda: app.setWindowIcon(app_icon()))
    painted.then(client.window.refresh)
    if settings.remember_username:
        painted.then(lambda: _open_keyring(client, settings.server_url))
    painted.then(lambda: QTimer.singleShot(PREPARE_PAGES_AFTER_MS, client.window,
                                           client.window.prepare_pages))
    painted.then(_collect_from_now_on)
    painted.then(_say_running)
    _quit_on_signals(client.window)
    try:
        return app.exec()
    finally:
        _collect_from_now_on()  # whatever happened before the paint
        client.close()


def _collect_after_start() -> None:
    """No cyclic garbage collection until the window is painted (:func:`_collect_from_now_on`).
    Starting allocates tens of thousands of objects that live as long as the process
    (modules, functions, classes, PySide's wrappers and enums): the collector ran about 30
    times over them before the first paint and found next to nothing to free — 7-8 ms of the
    start with bytecode, 20 ms and more when cpdesk's sources are compiled as they load
    (issue 18: cold start). Reference counting still frees everything else at once."""
    gc.disable()


def _collect_from_now_on() -> None:
    """The collector back on, with what the start made moved out of its way (``gc.freeze``):
    otherwise its first passes after the paint would walk all of it again, a stall while she
    types. A cycle left unreachable during the start stays in memory (a few objects, once)."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


# stall_watchdog.ENV_VAR, read here so that its module is imported only when it is set (a
# test checks they agree).
STALL_WATCHDOG_VAR = "CPDESK_STALL_WATCHDOG"


def policy_sources(platform: str = sys.platform) -> list[PolicySource]:
    """Where admin policy comes from: on Windows ``policy_registry.system_policy_sources``
    (the policy file and the registry, read through QSettings); elsewhere the policy file
    alone, as it returns there, without importing QSettings and the registry reader at start
    (issue 18: cold start)."""
    if platform == "win32":
        from cpdesk.ui.shell.policy_registry import system_policy_sources

        return system_policy_sources(platform)
    from cpdesk.config import default_policy_sources

    return default_policy_sources()


# After the first paint and the background work begun after it (the card scan, the server's
# meta, the keyring), which would otherwise share the interpreter with the pages' first pieces.
PREPARE_PAGES_AFTER_MS = 300


def _open_keyring(client: Client, server_url: str) -> None:
    """Finding the system keyring (entry points, every backend's module, D-Bus probes) takes
    ~0.15 s of the interpreter: on a pool thread once the window is up, not beside the start,
    where it held the main thread back. The sign-in page takes the last user name and card
    when they come, where she has typed nothing yet (``SignInView.offer_remembered``)."""
    from cpdesk.remembered import RememberedUser
    from cpdesk.ui.common.runner import Runner

    def open_and_read() -> tuple[RememberedUser, str | None, str | None]:
        found = RememberedUser()
        return found, found.last_user(server_url), found.last_card(server_url)

    runner = Runner(OSError, OSError, parent=client.window)
    runner.start(open_and_read, lambda done: client.use_remembered(*done.value))


def _quicker_pyside_import_hook() -> None:
    """Once PySide6 is imported, its import hook asks of every module imported after it whether
    the module's source mentions "PySide6" (PYSIDE-2029, for ``__feature__``), through
    ``inspect.getsource``: linecache, encoding detection and a split into lines, about a tenth
    of cpdesk's start-up imports. The same question, asked of the file's bytes; anything that
    is not a plain ``.py`` file still goes to PySide's own check."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "cpdesk_quick", False):
        return

    def mod_uses_pyside(module: object) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return bool(original(module))
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(original(module))

    mod_uses_pyside.cpdesk_quick = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = mod_uses_pyside  # type: ignore[union-attr]


NO_DISPLAY = ("cpdesk is a desktop program and needs a screen: no display was found "
              "(DISPLAY or WAYLAND_DISPLAY). Start it from the desktop, or on a server under "
              "a virtual screen (xvfb-run -a cpdesk). cpdesk --self-test needs no screen.")


def no_display_problem(environ: Mapping[str, str] | None = None,
                       platform: str = sys.platform) -> str | None:
    """On Linux and the BSDs, the plain message for a start without a screen (Qt would abort
    with its own "reinstalling may fix this"); None when a screen, or a Qt platform chosen on
    purpose (offscreen, vnc...), is there."""
    env = os.environ if environ is None else environ
    if platform.startswith(("win", "darwin")):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return None
    return NO_DISPLAY


def prevent_bus_autolaunch(environ: MutableMapping[str, str],
                           platform: str = sys.platform) -> None:
    """With no session bus to find, libdbus would "autolaunch" one on the X display (through
    dbus-launch) when Qt's accessibility bridge or the OS-lock watcher asks for the session
    bus, and that dbus-daemon outlives cpdesk: one left behind per start. Say where the bus is
    (the systemd user bus socket) or that there is none, so nothing is launched."""
    if platform.startswith(("win", "darwin")) or environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return
    runtime = environ.get("XDG_RUNTIME_DIR")
    user_bus = Path(runtime) / "bus" if runtime else None
    if user_bus is not None and user_bus.is_socket():
        environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={user_bus}"
    else:
        environ["DBUS_SESSION_BUS_ADDRESS"] = "disabled:"


def _quit_on_signals(window: QWidget) -> None:
    """Ctrl+C in the terminal and SIGTERM quit as closing the window does: child data
    dropped, the server session ended, the token closed. A timer lets Python see the signal
    while Qt's event loop runs."""
    import signal

    from PySide6.QtCore import QTimer

    def close(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGINT, close)
    signal.signal(signal.SIGTERM, close)
    heartbeat = QTimer(window)
    heartbeat.timeout.connect(lambda: None)  # wakes the interpreter for signal handlers
    heartbeat.start(200)


def _say_running() -> None:
    """The log's first line of a start, once the window is painted: the log file is opened
    with its first record (logging_setup), which need not come before (issue 18)."""
    import logging

    logging.getLogger(__name__).info("running; Ctrl+C or SIGTERM quits")


def _size_to_screen(window: QWidget, app: QApplication) -> None:
    """Open at a comfortable size: 1400 x 900, or 90 % of a smaller screen."""
    screen = app.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    width = min(1400, int(available.width() * 0.9))
    height = min(900, int(available.height() * 0.9))
    window.resize(max(width, window.minimumWidth()), max(height, window.minimumHeight()))
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
