"""Private D-Bus daemons and fake logind / screensaver services for the OS-session tests.

:class:`PrivateBus` runs its own ``dbus-daemon`` with a minimal config in a temporary
folder (it never touches the machine's buses). :class:`FakeService` owns well-known names on
such a bus from this process (QtDBus), answers logind's ``GetSession`` from a table and emits
signals as the owner of those names — as real logind and screensavers do, so the watcher's
sender filtering is exercised too.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from PySide6.QtCore import QMetaType
from PySide6.QtDBus import (
    QDBusArgument,
    QDBusConnection,
    QDBusMessage,
    QDBusObjectPath,
    QDBusVariant,
    QDBusVirtualObject,
)

LOGIND_PATH = "/org/freedesktop/login1"
SESSION_PATH = "/org/freedesktop/login1/session/"

_CONFIG = textwrap.dedent("""\
    <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
     "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
    <busconfig>
      <type>session</type>
      <listen>unix:dir={folder}</listen>
      <auth>EXTERNAL</auth>
      <policy context="default">
        <allow send_destination="*" eavesdrop="true"/>
        <allow eavesdrop="true"/>
        <allow own="*"/>
      </policy>
    </busconfig>
    """)


class PrivateBus:
    """A ``dbus-daemon`` of its own; ``address`` to connect to; ``close()`` ends it."""

    def __init__(self) -> None:
        daemon = shutil.which("dbus-daemon")
        if daemon is None:
            raise RuntimeError("dbus-daemon is missing: scripts/bootstrap.sh installs it")
        self.folder = Path(tempfile.mkdtemp(prefix="cpdesk-dbus-"))
        config = self.folder / "bus.conf"
        config.write_text(_CONFIG.format(folder=self.folder), encoding="utf-8")
        self._process = subprocess.Popen(
            [daemon, f"--config-file={config}", "--print-address", "--nofork"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert self._process.stdout is not None
        self.address = self._process.stdout.readline().strip()
        if not self.address:
            self.close()
            raise RuntimeError("dbus-daemon did not start")

    def close(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        shutil.rmtree(self.folder, ignore_errors=True)


class _Manager(QDBusVirtualObject):
    """``org.freedesktop.login1.Manager.GetSession(s) -> o`` from a name → id table."""

    def __init__(self, service: FakeService) -> None:
        super().__init__()
        self._service = service

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        self._service.calls.append((message.member(), list(message.arguments())))
        name = message.arguments()[0] if message.arguments() else None
        if message.member() == "GetSession" and name in self._service.sessions:
            reply = message.createReply()
            reply.setArguments([QDBusObjectPath(SESSION_PATH + self._service.sessions[name])])
        else:
            reply = message.createErrorReply("org.freedesktop.login1.NoSuchSession",
                                             f"No session {name!r} known")
        self._service.bus.send(reply)
        return True


class FakeService:
    """Owns ``names`` on the bus at ``address``; answers GetSession when it is logind."""

    _count = 0

    def __init__(self, address: str, *names: str, sessions: dict[str, str] | None = None
                 ) -> None:
        FakeService._count += 1
        self.connection_name = f"fake-service-{FakeService._count}"
        self.bus = QDBusConnection.connectToBus(address, self.connection_name)
        assert self.bus.isConnected(), self.bus.lastError().message()
        for name in names:
            assert self.bus.registerService(name), name
        self.sessions = sessions or {}
        self.calls: list[tuple[str, list[object]]] = []
        self._manager = _Manager(self)
        if "org.freedesktop.login1" in names:
            assert self.bus.registerVirtualObject(LOGIND_PATH, self._manager)

    def emit(self, path: str, interface: str, member: str, *args: object) -> None:
        signal = QDBusMessage.createSignal(path, interface, member)
        signal.setArguments(list(args))
        assert self.bus.send(signal)

    def session_properties(self, session: str, changed: dict[str, object],
                           interface: str = "org.freedesktop.login1.Session") -> None:
        """``PropertiesChanged`` as logind sends it: ``sa{sv}as``, nothing invalidated."""
        invalidated = QDBusArgument()
        invalidated.beginArray(QMetaType(QMetaType.Type.QString))
        invalidated.endArray()
        self.emit(SESSION_PATH + session, "org.freedesktop.DBus.Properties",
                  "PropertiesChanged", interface,
                  {key: QDBusVariant(value) for key, value in changed.items()}, invalidated)

    def close(self) -> None:
        QDBusConnection.disconnectFromBus(self.connection_name)
