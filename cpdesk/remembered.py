"""The last user name per server, in the OS keyring — nothing secret, nothing required.

Privacy contract: only a user name and the last card's serial are stored, keyed by the
server's base URL; never a password, PIN, session or child data. With no secure backend
(none installed, the ``fail``/``null`` backends, or a plaintext one such as
``keyrings.alt``) nothing is remembered and nothing fails. A backend error is swallowed:
remembering is a convenience.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

SERVICE = "cpdesk"
_log = logging.getLogger(__name__)

_REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def _priority(backend: Any) -> float:
    try:
        return float(backend.priority)
    except Exception:  # a backend's priority property may probe the system and raise
        return -1.0


def is_secure(backend: Any) -> bool:
    """Refuses the fail/null backends and every plaintext or unlisted-priority backend."""
    module = type(backend).__module__
    name = type(backend).__name__.lower()
    if module.startswith(_REFUSED_MODULES) or "plaintext" in name:
        return False
    return _priority(backend) >= 1


def choose_backend(backend: Any | None = None) -> Any | None:
    """The secure backend to use (the system's by default), or None."""
    if backend is None:
        try:
            import keyring

            backend = keyring.get_keyring()
        except Exception:
            return None
    from keyring.backends.chainer import ChainerBackend

    if isinstance(backend, ChainerBackend):
        secure = [inner for inner in backend.backends if is_secure(inner)]
        return secure[0] if secure else None
    return backend if is_secure(backend) else None


def backend_name(backend: Any | None) -> str:
    if backend is None:
        return "none (user names are not remembered)"
    return f"{type(backend).__module__}.{type(backend).__name__}"


class RememberedUser:
    """Reads and writes the last user name for a server through one chosen backend."""

    def __init__(self, backend: Any | None = None, *, enabled: bool = True,
                 use_system: bool = True) -> None:
        chosen = choose_backend(backend) if (backend is not None or use_system) else None
        self._backend = chosen if enabled else None

    @property
    def backend(self) -> Any | None:
        return self._backend

    @property
    def available(self) -> bool:
        return self._backend is not None

    def last_user(self, server_url: str) -> str | None:
        return self._read(_key(server_url))

    def remember(self, server_url: str, username: str) -> bool:
        return bool(username) and self._write(_key(server_url), username)

    def last_card(self, server_url: str) -> str | None:
        """The serial of the card last signed in with (issue 16): preselected among several.
        A card serial only — no child data, nothing secret."""
        return self._read(_card_key(server_url))

    def remember_card(self, server_url: str, serial: str) -> bool:
        return bool(serial) and self._write(_card_key(server_url), serial)

    def _read(self, key: str) -> str | None:
        if self._backend is None:
            return None
        try:
            value = self._backend.get_password(SERVICE, key)
        except Exception as exc:
            _log.warning("keyring read failed (%s)", type(exc).__name__)
            return None
        return value if isinstance(value, str) and value else None

    def _write(self, key: str, value: str) -> bool:
        if self._backend is None:
            return False
        try:
            self._backend.set_password(SERVICE, key, value)
        except Exception as exc:
            _log.warning("keyring write failed (%s)", type(exc).__name__)
            return False
        return True

    def forget(self, server_url: str) -> None:
        if self._backend is None:
            return
        try:
            self._backend.delete_password(SERVICE, _key(server_url))
        except Exception as exc:
            _log.info("keyring delete skipped (%s)", type(exc).__name__)


def _key(server_url: str) -> str:
    return "last-user:" + server_url.rstrip("/").lower()


def _card_key(server_url: str) -> str:
    return "last-card:" + server_url.rstrip("/").lower()


def open_in_background(enabled: bool = True) -> Callable[[float], RememberedUser]:
    """Finding the system keyring takes ~150 ms (entry points, D-Bus probes): start it on a
    thread while Qt starts; the returned function waits at most *timeout* seconds for it and
    otherwise gives a RememberedUser that remembers nothing this time."""
    box: list[RememberedUser] = []
    thread = threading.Thread(target=lambda: box.append(RememberedUser(enabled=enabled)),
                              name="keyring-open", daemon=True)
    thread.start()

    def result(timeout: float) -> RememberedUser:
        thread.join(timeout)
        return box[0] if box else RememberedUser(use_system=False)

    return result
