"""An in-memory keyring backend for tests (a real ``KeyringBackend`` subclass)."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class PlaintextKeyring(MemoryKeyring):
    """Stands for a plaintext file backend (keyrings.alt style): must be refused."""

    priority = 5  # type: ignore[assignment]


class BrokenKeyring(MemoryKeyring):
    """A secure-looking backend whose daemon has gone away."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError("dbus went away")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise RuntimeError("dbus went away")
