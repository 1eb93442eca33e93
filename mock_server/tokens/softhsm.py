"""Private SoftHSM2 token directories for the demo, the tests and trainers.

A token directory holds ``softhsm2.conf`` and ``tokens/``. Whoever loads the PKCS#11
module must export ``SOFTHSM2_CONF`` pointing at that file *before* the first
``pkcs11.lib()`` load (SoftHSM reads it once per process).

Keys are generated **on the token** (``C_GenerateKeyPair``), never imported.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODULE_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib64/pkcs11/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
)


class SoftHsmMissing(RuntimeError):
    """SoftHSM2 is not installed."""


def find_module() -> str:
    for candidate in DEFAULT_MODULE_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    raise SoftHsmMissing(
        "SoftHSM2 is not installed (no libsofthsm2.so found). "
        "On Debian: apt-get install softhsm2"
    )


@dataclass(frozen=True, slots=True)
class TokenDir:
    """A private SoftHSM2 configuration: ``<root>/softhsm2.conf`` and ``<root>/tokens``."""

    root: Path

    @property
    def conf(self) -> Path:
        return self.root / "softhsm2.conf"

    @property
    def tokens(self) -> Path:
        return self.root / "tokens"

    def ensure(self) -> TokenDir:
        self.tokens.mkdir(parents=True, exist_ok=True, mode=0o700)
        text = (
            f"directories.tokendir = {self.tokens}\n"
            "objectstore.backend = file\n"
            "log.level = ERROR\n"
            "slots.removable = true\n"
        )
        if not self.conf.exists() or self.conf.read_text() != text:
            self.conf.write_text(text)
        return self

    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf)}

    def activate(self) -> None:
        """Point this process's SoftHSM at this directory (before the first lib load)."""
        os.environ["SOFTHSM2_CONF"] = str(self.conf)


def _util() -> str:
    util = shutil.which("softhsm2-util")
    if util is None:
        raise SoftHsmMissing(
            "softhsm2-util is not on PATH. On Debian: apt-get install softhsm2"
        )
    return util


def token_labels(token_dir: TokenDir) -> set[str]:
    """Labels of the initialised tokens in this directory (without loading the module)."""
    out = subprocess.run(
        [_util(), "--show-slots"], env={**os.environ, **token_dir.env()},
        capture_output=True, text=True, check=True,
    ).stdout
    labels = set()
    for line in out.splitlines():
        stripped = line.strip()
        if stripped.startswith("Label:"):
            label = stripped.removeprefix("Label:").strip()
            if label:
                labels.add(label)
    return labels


def init_token(token_dir: TokenDir, label: str, pin: str, so_pin: str) -> bool:
    """Initialise a token with this label unless one exists. True when one was made."""
    if label in token_labels(token_dir):
        return False
    subprocess.run(
        [_util(), "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", so_pin],
        env={**os.environ, **token_dir.env()}, capture_output=True, text=True, check=True,
    )
    return True


def token_folders(token_dir: TokenDir) -> Iterable[Path]:
    return sorted(p for p in token_dir.tokens.iterdir() if p.is_dir())
