"""Finding the PKCS#11 module: the configured path, else the usual OpenSC and SoftHSM places.

Plain Python; nothing here loads the module (that happens on the token thread).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cpdesk.auth.token_types import TokenError, TokenInfo

if TYPE_CHECKING:
    from cpdesk.auth.token import Pkcs11Module

OPENSC_PATHS: tuple[str, ...] = (
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib64/opensc-pkcs11.so",
    "/usr/lib/opensc-pkcs11.so",
    "/usr/local/lib/opensc-pkcs11.so",
    "/Library/OpenSC/lib/opensc-pkcs11.so",
    "/opt/homebrew/lib/opensc-pkcs11.so",
    r"C:\Windows\System32\opensc-pkcs11.dll",
    r"C:\Program Files\OpenSC Project\OpenSC\pkcs11\opensc-pkcs11.dll",
)
P11KIT_PROXY_PATHS: tuple[str, ...] = (
    "/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so",
    "/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so",
    "/usr/lib64/p11-kit-proxy.so",
    "/usr/lib/p11-kit-proxy.so",
)
SOFTHSM_PATHS: tuple[str, ...] = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)


class ModuleNotFound(TokenError):
    """No PKCS#11 module could be found; the message is safe to show."""


class NoToken(TokenError):
    """No (or not the chosen) token is present; the message is safe to show."""


def candidate_paths(platform: str = sys.platform) -> tuple[str, ...]:
    """OpenSC first (real cards), then p11-kit-proxy (every module the desktop registered),
    then SoftHSM (developers and trainers)."""
    if platform.startswith("win"):
        return tuple(p for p in OPENSC_PATHS if p.startswith("C:"))
    return tuple(p for p in OPENSC_PATHS + P11KIT_PROXY_PATHS + SOFTHSM_PATHS
                 if not p.startswith("C:"))


def find_module(setting: str | None, *, candidates: Iterable[str] | None = None,
                exists: Callable[[str], bool] = lambda p: Path(p).is_file()) -> str:
    """The module to load: the setting when given (it must exist), else the first found."""
    if setting:
        if exists(setting):
            return setting
        raise ModuleNotFound(
            "The smartcard software set in the settings was not found. "
            "Contact your IT support."
        )
    for path in candidate_paths() if candidates is None else candidates:
        if exists(path):
            return path
    raise ModuleNotFound(
        "No smartcard software (PKCS#11 module) was found on this computer. "
        "Contact your IT support."
    )


def pick_token(tokens: list[TokenInfo], serial: str | None = None) -> TokenInfo | None:
    """The token to use: the one asked for, else the only one present; None when the user picks.

    Raises :class:`NoToken` when none (or not the one asked for) is present.
    """
    if not tokens:
        raise NoToken("No security token found. Insert your smartcard and try again.")
    if serial is not None:
        for token in tokens:
            if token.serial == serial:
                return token
        raise NoToken("That security token is no longer present. Insert it and try again.")
    if len(tokens) == 1:
        return tokens[0]
    return None



def open_module(setting: str | None) -> Pkcs11Module:
    """Load the configured (or first found) module. Threading: call on the token thread,
    e.g. as the factory handed to ``TokenThread``: ``TokenThread(lambda: open_module(path))``.
    """
    from cpdesk.auth.token import Pkcs11Module  # python-pkcs11, on the token thread

    return Pkcs11Module(find_module(setting))
