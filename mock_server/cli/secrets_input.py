"""Secrets for the admin commands without putting them on the command line.

``cpdesk-mock users add`` and ``cpdesk-mock enrol`` take the password, PIN and SO PIN as
arguments only when given; otherwise they ask, as other admin tools do: at a terminal with a
hidden prompt (``getpass``), else one line per secret from standard input (for scripts:
``printf '%s\\n' "$PIN" "$SO_PIN" | cpdesk-mock enrol ... --ask-so-pin``). An argument stays
in the shell history and in ``ps`` for everyone on the machine to read.
"""

from __future__ import annotations

import getpass
import sys
from typing import TextIO


class SecretMissing(Exception):
    """No secret was given (an empty line, or standard input ended)."""


def read_secret(prompt: str, given: str | None, stdin: TextIO | None = None) -> str:
    """``given`` when it was passed; else a hidden prompt at a terminal; else one line."""
    if given is not None:
        return given
    stream = stdin or sys.stdin
    if stream.isatty():
        value = getpass.getpass(f"{prompt}: ")
    else:
        line = stream.readline()
        value = line.rstrip("\r\n")
    if not value:
        raise SecretMissing(f"No {prompt.lower()} was given.")
    return value
