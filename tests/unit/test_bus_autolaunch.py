"""cpdesk never makes libdbus autolaunch a session bus (a dbus-daemon left behind per start):
it names the user bus socket when there is one, and "no bus" otherwise."""

from __future__ import annotations

import socket
from pathlib import Path

from cpdesk.app import prevent_bus_autolaunch


def test_no_bus_anywhere_means_disabled_not_autolaunch(tmp_path: Path) -> None:
    environ = {"DISPLAY": ":99", "XDG_RUNTIME_DIR": str(tmp_path)}
    prevent_bus_autolaunch(environ, platform="linux")
    assert environ["DBUS_SESSION_BUS_ADDRESS"] == "disabled:"


def test_the_user_bus_socket_is_named(tmp_path: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "bus"))
    try:
        environ = {"XDG_RUNTIME_DIR": str(tmp_path)}
        prevent_bus_autolaunch(environ, platform="linux")
        assert environ["DBUS_SESSION_BUS_ADDRESS"] == f"unix:path={tmp_path / 'bus'}"
    finally:
        listener.close()


def test_a_bus_already_given_and_other_platforms_are_left_alone() -> None:
    given = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}
    prevent_bus_autolaunch(given, platform="linux")
    assert given == {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}
    windows: dict[str, str] = {}
    prevent_bus_autolaunch(windows, platform="win32")
    assert windows == {}
