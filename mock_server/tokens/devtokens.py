"""Developer token helper: demo users' SoftHSM2 tokens with keys generated on the token.

``cpdesk-mock demo-tokens`` runs :func:`ensure_demo_tokens`. It is idempotent: an existing
token and key are kept, a missing one is made. The demo command, the test suite and trainers
all use it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pkcs11
from pkcs11 import KeyType

from mock_server.tokens.card_keys import generate_keypair, has_private_key
from mock_server.tokens.demo_users import DEMO_USERS, KEY_ID, SO_PIN, DemoUser
from mock_server.tokens.softhsm import TokenDir, init_token


@dataclass(frozen=True, slots=True)
class PreparedToken:
    username: str
    token_label: str
    serial: str
    created: bool


def load_module(module_path: str, token_dir: TokenDir) -> Any:
    """Load the PKCS#11 module for this token directory (one module per process)."""
    token_dir.ensure().activate()
    return pkcs11.lib(module_path)


def ensure_keypair(lib: Any, token_label: str, pin: str,
                   key_type: KeyType = KeyType.RSA) -> bool:
    """Generate the authentication key pair on the token unless it exists. True when made."""
    token = lib.get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        if has_private_key(session, KEY_ID):
            return False
        generate_keypair(session, KEY_ID, key_type)
        return True


def ensure_demo_tokens(module_path: str, token_dir: TokenDir,
                       users: Iterable[DemoUser] = DEMO_USERS) -> list[PreparedToken]:
    users = list(users)
    token_dir.ensure()
    made_tokens = {u.username: init_token(token_dir, u.token_label, u.pin, SO_PIN)
                   for u in users}
    lib = load_module(module_path, token_dir)
    if any(made_tokens.values()):
        lib.reinitialize()
    prepared = []
    for user in users:
        created_key = ensure_keypair(lib, user.token_label, user.pin)
        serial = lib.get_token(token_label=user.token_label).serial
        serial_text = serial.decode() if isinstance(serial, bytes) else str(serial)
        prepared.append(PreparedToken(user.username, user.token_label, serial_text.strip(),
                                      made_tokens[user.username] or created_key))
    return prepared
