"""Admin policy from the Windows policy registry key, read through QSettings.

``HKEY_LOCAL_MACHINE\\Software\\Policies\\cpdesk`` (then ``HKEY_CURRENT_USER\\...``, which
Group Policy also writes): value names are the policy keys of ``docs/deployment.md``
(``server_url``, ``idle_lock_minutes`` as a DWORD, ...). On other platforms there is no
registry source; the TOML policy file applies everywhere.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QSettings

from cpdesk.config import POLICY_KEYS, PolicySource, default_policy_sources

MACHINE_KEY = r"HKEY_LOCAL_MACHINE\Software\Policies\cpdesk"
USER_KEY = r"HKEY_CURRENT_USER\Software\Policies\cpdesk"


@dataclass(frozen=True, slots=True)
class RegistryPolicy:
    key: str
    # NativeFormat is the registry on Windows; tests read the same layout from an INI file.
    format: QSettings.Format = QSettings.Format.NativeFormat

    @property
    def name(self) -> str:
        return self.key

    def read(self) -> Mapping[str, object]:
        store = QSettings(self.key, self.format)
        values: dict[str, object] = {}
        for name in store.childKeys():
            if name in POLICY_KEYS:
                values[name] = store.value(name)
        return values


def system_policy_sources(platform: str = sys.platform) -> list[PolicySource]:
    """The policy file, then (Windows) the user and machine keys; the machine key wins."""
    sources: list[PolicySource] = list(default_policy_sources())
    if platform == "win32":
        sources += [RegistryPolicy(USER_KEY), RegistryPolicy(MACHINE_KEY)]
    return sources
