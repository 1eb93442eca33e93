"""``cpdesk-mock trainees N --module MODULE``: N trainee accounts, each with its own token.

For each trainee: a practitioner account (user name ``trainee01``…, a random password), a new
SoftHSM2 token (label ``trainee-01``…, a random 6-digit PIN and a random SO PIN that is not
kept), an authentication key pair generated on the token, and a certificate from the mock CA
written onto the token and registered — the same enrolment as ``cpdesk-mock enrol``.
Numbers already taken (by an account or a token label) are skipped, so running it again adds
more trainees. The sheet printed at the end is for the trainer to hand out: the passwords
and PINs exist nowhere else (training sandbox only; the records are fictional).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mock_server.data.users import UserStore
from mock_server.tokens.ca import CertificateAuthority
from mock_server.tokens.devtokens import load_module
from mock_server.tokens.enrol import enrol
from mock_server.tokens.softhsm import TokenDir, init_token, token_labels

_WORDS = ("amber", "birch", "cedar", "delta", "ember", "fjord", "grove", "heron", "ivory",
          "juniper", "kestrel", "linden", "maple", "nectar", "otter", "pebble", "quartz",
          "raven", "saffron", "thistle", "umber", "violet", "willow", "yarrow")


@dataclass(frozen=True, slots=True)
class Trainee:
    username: str
    password: str
    pin: str
    token_label: str
    serial: str
    certificate_expires: date


def _password() -> str:
    return (f"{secrets.choice(_WORDS).capitalize()}-{secrets.choice(_WORDS)}-"
            f"{secrets.randbelow(9000) + 1000}")


def _pin() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def create_trainees(db: Path, module: str, token_dir: TokenDir, count: int, *,
                    prefix: str = "trainee", organisation: str = "Training room",
                    local_authority: str = "Bolton") -> list[Trainee]:
    """Make ``count`` trainees with enrolled tokens; the caller prints the sheet."""
    token_dir.ensure()
    users = UserStore(db)
    try:
        labels = token_labels(token_dir)
        planned: list[tuple[str, str, str, str]] = []
        number = 0
        while len(planned) < count:
            number += 1
            username, label = f"{prefix}{number:02d}", f"{prefix}-{number:02d}"
            if users.get(username) is not None or label in labels:
                continue
            planned.append((username, label, _password(), _pin()))
        for _username, label, _unused, pin in planned:
            init_token(token_dir, label, pin, secrets.token_hex(8))
        lib = load_module(module, token_dir)
        lib.reinitialize()
        ca = CertificateAuthority.beside(db)
        made = []
        for n, (username, label, password, pin) in enumerate(planned, start=1):
            users.add(username, password, "practitioner", organisation, local_authority,
                      display_name=f"Trainee {username.removeprefix(prefix)}",
                      job_title="Trainee practitioner", phone=f"01632 960{900 + n % 100:03d}",
                      email=f"{username}@example.org")
            done = enrol(lib, users, ca, username, label, pin)
            made.append(Trainee(username, password, pin, label, done.serial, done.not_after))
        return made
    finally:
        users.close()


def sheet(trainees: list[Trainee], token_dir: TokenDir, module: str) -> str:
    lines = [
        "Training accounts — cpdesk training sandbox (fictional records only)",
        f"Tokens: export SOFTHSM2_CONF={token_dir.conf} before starting cpdesk",
        f"PKCS#11 module: {module}",
        "",
        f"{'user name':<14} {'password':<26} {'token':<14} {'PIN':<8} certificate until",
    ]
    for t in trainees:
        lines.append(f"{t.username:<14} {t.password:<26} {t.token_label:<14} {t.pin:<8}"
                     f" {t.certificate_expires.isoformat()}")
    return "\n".join(lines)
