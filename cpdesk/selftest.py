"""``cpdesk --self-test``: what an IT department checks after installing, without a display.

Prints versions, the keyring backend (or that none is used), the PKCS#11 module that would be
loaded, the TLS trust in use, the log folder and the admin policy in force (file, keys and
values), and the cards in the reader as the PKCS#11 module shows them: label, serial, slots,
PIN flags, and the certificate and key sign-in would use (no PIN is asked). Nothing here
contacts the server. Exit status 0 when the installation is complete (Qt loads, a PKCS#11
module is found and loads), 1 otherwise; no card in the reader is not a fault.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Callable
from typing import TextIO

from cpdesk import __version__
from cpdesk.config import Settings

_DISTRIBUTIONS = {"pkcs11": "python-pkcs11"}


def _version(module: str) -> str:
    try:
        imported = __import__(module)
    except Exception as exc:
        return f"missing ({type(exc).__name__})"
    version = getattr(imported, "__version__", None)
    if version is None:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as dist_version

        try:
            version = dist_version(_DISTRIBUTIONS.get(module, module))
        except PackageNotFoundError:
            version = "present"
    return str(version)


def card_lines(module_path: str) -> list[tuple[str, str]]:
    """The module's own description and one block per card; raises TokenError when the
    module does not load or cannot list its slots."""
    from cpdesk.auth.token import Pkcs11Module
    from cpdesk.auth.token_report import card_reports

    module = Pkcs11Module(module_path)
    lines = [("PKCS#11 library", module.description)]
    reports = card_reports(module)
    if not reports:
        lines.append(("cards", "none in the reader"))
    for n, card in enumerate(reports, 1):
        slots = "1 slot" if card.slots == 1 else f"{card.slots} slots"
        lines += [(f"card {n}", f"{card.label} (serial {card.serial}; {card.maker}; {slots})"),
                  (f"card {n} flags", card.flags),
                  (f"card {n} certificate", card.certificate)]
    return lines


def report(settings: Settings) -> tuple[list[tuple[str, str]], bool]:
    ok = True
    lines: list[tuple[str, str]] = [
        ("cpdesk", __version__),
        ("Python", f"{platform.python_version()} ({sys.platform}, "
                   f"{'bundled' if getattr(sys, 'frozen', False) else 'source'})"),
    ]
    try:
        from cpdesk.ui.shell.versions import qt_versions

        lines.extend(qt_versions())
    except Exception as exc:
        ok = False
        lines.append(("Qt", f"FAILED to load ({type(exc).__name__})"))
    from cpdesk.ui.common.assets import missing_files

    missing = missing_files()
    if missing:
        ok = False
        lines.append(("resources", "MISSING: " + ", ".join(missing)))
    else:
        lines.append(("resources", "stylesheets and catalogue present"))
    for module in ("httpx", "truststore", "keyring", "pkcs11", "cryptography", "platformdirs"):
        lines.append((module, _version(module)))

    from cpdesk.remembered import RememberedUser, backend_name

    remembered = RememberedUser(enabled=settings.remember_username)
    lines.append(("keyring backend", backend_name(remembered.backend)))

    from cpdesk.auth.discovery import find_module
    from cpdesk.auth.token import TokenError

    try:
        module = find_module(settings.pkcs11_module)
        lines.append(("PKCS#11 module", f"{module} ({settings.source('pkcs11_module').value})"))
    except TokenError as exc:
        ok = False
        lines.append(("PKCS#11 module", f"NOT FOUND: {exc}"))
    else:
        try:
            lines.extend(card_lines(module))
        except TokenError as exc:
            ok = False
            lines.append(("PKCS#11 library", f"FAILED: {exc}"))

    trust = "operating system store (truststore)"
    if settings.extra_ca_file:
        trust += f" + {settings.extra_ca_file}"
    lines.append(("TLS trust", trust))
    proxy = settings.proxy or "system settings"
    if settings.no_proxy:
        proxy += f" (not for: {settings.no_proxy})"
    lines.append(("proxy", proxy))

    from cpdesk.logging_setup import default_log_dir

    lines.append(("log folder", str(default_log_dir())))
    lines.append(("policy files", ", ".join(settings.policy_paths) or "none in force"))
    for key in sorted(settings.locked):
        lines.append((f"policy: {key}", f"{getattr(settings, key)!s} "
                                        f"(in force: {settings.source(key).value})"))
    for key in ("server_url", "profile", "idle_lock_minutes", "capture_protection",
                "token_removal", "log_level"):
        lines.append((f"setting: {key}", f"{getattr(settings, key)!s} "
                                         f"({settings.source(key).value})"))
    return lines, ok


def run(settings: Settings, out: TextIO | None = None,
        reporter: Callable[[Settings], tuple[list[tuple[str, str]], bool]] = report) -> int:
    lines, ok = reporter(settings)
    stream = sys.stdout if out is None else out
    if stream is None:  # a windowed (no console) Windows build: the report goes to a file
        from cpdesk.logging_setup import default_log_dir

        default_log_dir().mkdir(parents=True, exist_ok=True)
        with (default_log_dir() / "selftest.txt").open("w", encoding="utf-8") as handle:
            return run(settings, handle, reporter)
    width = max(len(name) for name, _ in lines)
    stream.write("cpdesk self-test\n")
    for name, value in lines:
        stream.write(f"  {name.ljust(width)}  {value}\n")
    stream.write("result: OK\n" if ok else "result: PROBLEMS FOUND\n")
    stream.flush()
    return 0 if ok else 1
