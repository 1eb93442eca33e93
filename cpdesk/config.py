"""Settings: defaults < environment (``CPDESK_*``) < command line.

Admin policy and user settings layers come with the restricted-workstations work.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DEFAULT_SERVER_URL = "http://127.0.0.1:8765"


@dataclass(frozen=True, slots=True)
class Settings:
    server_url: str = DEFAULT_SERVER_URL
    pkcs11_module: str | None = None
    demo_username: str | None = None
    # Which kind of directory this installation is for: "live", "training" or "test".
    # The client refuses a server whose environment does not match (training mode issue).
    profile: str = "live"


def load_settings(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> Settings:
    environ = os.environ if environ is None else environ
    parser = argparse.ArgumentParser(prog="cpdesk", description="ContactPoint directory client")
    parser.add_argument("--server", dest="server_url", default=None,
                        help="directory server base URL")
    parser.add_argument("--pkcs11-module", default=None, help="PKCS#11 module path")
    parser.add_argument("--demo-user", dest="demo_username", default=None,
                        help="pre-fill this user name (demo and training)")
    parser.add_argument("--profile", choices=("live", "training", "test"), default=None,
                        help="which kind of directory server this client is for")
    args = parser.parse_args(list(argv))
    return Settings(
        server_url=args.server_url or environ.get("CPDESK_SERVER_URL") or DEFAULT_SERVER_URL,
        pkcs11_module=args.pkcs11_module or environ.get("CPDESK_PKCS11_MODULE") or None,
        demo_username=args.demo_username or environ.get("CPDESK_DEMO_USER") or None,
        profile=args.profile or environ.get("CPDESK_PROFILE") or "live",
    )
