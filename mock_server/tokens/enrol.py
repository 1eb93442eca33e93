"""Enrolment: key pair on the token, certificate from the mock CA onto the token, registered.

``enrol`` is what ``cpdesk-mock enrol`` runs: it generates the authentication key pair ON the
PKCS#11 token (or keeps the one already there), reads the public key, has the mock CA issue
an X.509 certificate for it, writes the certificate onto the token as a ``CKO_CERTIFICATE``
beside the key (same ``CKA_ID``), and registers it as the user's enrolled certificate.
Re-enrolling replaces the certificate on the token and in the database.

``enrol_demo_tokens`` registers the demo users of ``demo_users.py`` and enrols their SoftHSM
tokens (``cpdesk-mock demo-tokens --db``).

Privacy: the PIN goes only to the token; it is never logged or stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography import x509
from pkcs11 import KeyType

from mock_server.data.users import UserError, UserStore
from mock_server.tokens import card_keys
from mock_server.tokens.ca import CertificateAuthority
from mock_server.tokens.card_keys import (
    CardError,
    certificates_of,
    default_key_id,
    find_token,
    generate_keypair,
    has_private_key,
    spki_of,
    text,
    write_certificate,
)
from mock_server.tokens.demo_users import DEMO_USERS, KEY_ID, DemoUser, ensure_demo_users
from mock_server.tokens.devtokens import ensure_demo_tokens
from mock_server.tokens.softhsm import TokenDir


@dataclass(frozen=True, slots=True)
class Enrolment:
    username: str
    token_label: str
    serial: str
    key_created: bool
    certificate_der: bytes
    not_after: date


@dataclass(frozen=True, slots=True)
class CardLogin:
    """How to reach the key on the token: the user PIN, and the SO PIN when the card
    generates keys and stores certificates only under it."""

    pin: str
    so_pin: str | None = None
    existing_key: bool = False
    key_id: bytes | None = None


def public_key_spki(session: Any, key_id: bytes = KEY_ID) -> bytes:
    """SubjectPublicKeyInfo DER of the authentication key on the token."""
    spki = spki_of(session, key_id)
    if spki is None:
        raise CardError(f"The token holds no public key with ID {key_id.hex()}.")
    return spki


def _current_certificate(session: Any, ca: CertificateAuthority, spki: bytes,
                         key_id: bytes) -> tuple[bytes, date] | None:
    for der in certificates_of(session, key_id):
        if ca.issued(der, spki, min_days_left=90):
            return der, x509.load_der_x509_certificate(der).not_valid_after_utc.date()
    return None


def _prepare_key(token: Any, login: CardLogin, key_id: bytes, key_type: KeyType) -> bool:
    """The key pair under ``key_id`` exists afterwards; True when it was made now."""
    with card_keys.session(token, pin=login.pin) as user:
        present = has_private_key(user, key_id) and spki_of(user, key_id) is not None
    if login.existing_key and not present:
        raise CardError(f"The token holds no key pair with ID {key_id.hex()} to use.")
    if present:
        return False  # keep the key already on the token (a card cannot make it again)
    if login.so_pin is not None:
        with card_keys.session(token, so_pin=login.so_pin) as admin:
            generate_keypair(admin, key_id, key_type)
    else:
        with card_keys.session(token, pin=login.pin) as user:
            generate_keypair(user, key_id, key_type)
    return True


def enrol(lib: Any, users: UserStore, ca: CertificateAuthority, username: str,
          token_label: str, pin: str | CardLogin, key_type: KeyType = KeyType.RSA,
          validity_days: int | None = None, reuse_existing: bool = False) -> Enrolment:
    """Enrol the token for the user; ``reuse_existing`` keeps a valid certificate this CA
    already issued for the key on the token (so repeated demo set-ups leave tokens alone).

    Raises :class:`UserError` or :class:`CardError` (one-line messages)."""
    login = pin if isinstance(pin, CardLogin) else CardLogin(pin)
    user = users.get(username)
    if user is None:
        raise UserError("No such user; add the user before enrolling a token.")
    token = find_token(lib, token_label)
    key_id = login.key_id or default_key_id(token)
    key_created = _prepare_key(token, login, key_id, key_type)
    if key_created:
        # OpenSC 0.23 reports a just-generated RSA key's public half wrongly (bit lengths
        # read as byte lengths) until the card is bound again: read it after a re-bind.
        lib.reinitialize()
        token = find_token(lib, token_label)
    organisation = user.roles[0].organisation if user.roles else ""
    with card_keys.session(token, pin=login.pin) as session:
        spki = public_key_spki(session, key_id)
        if reuse_existing:
            kept = _current_certificate(session, ca, spki, key_id)
            if kept is not None:
                users.set_certificate(username, kept[0], kept[1])
                return Enrolment(username, token_label, text(token.serial), key_created,
                                 kept[0], kept[1])
    issued = (ca.issue(spki, username, organisation) if validity_days is None
              else ca.issue(spki, username, organisation, days=validity_days))
    with card_keys.session(token, pin=None if login.so_pin else login.pin,
                           so_pin=login.so_pin) as writer:
        write_certificate(writer, key_id, issued.der, issued.subject_der, issued.issuer_der,
                          issued.serial_der)
    with card_keys.session(token, pin=login.pin) as session:
        if issued.der not in certificates_of(session, key_id):
            raise CardError("The token did not keep the certificate written to it.")
    not_after = issued.not_after.date()
    users.set_certificate(username, issued.der, not_after)
    return Enrolment(username, token_label, text(token.serial), key_created, issued.der,
                     not_after)


def enrol_demo_tokens(db_path: str | Path, module_path: str, token_dir: TokenDir,
                      demo: tuple[DemoUser, ...] = DEMO_USERS) -> list[Enrolment]:
    """Demo tokens made (idempotently), demo users registered, each token enrolled."""
    from mock_server.tokens.devtokens import load_module

    ensure_demo_tokens(module_path, token_dir, demo)
    lib = load_module(module_path, token_dir)
    users = UserStore(db_path)
    try:
        ensure_demo_users(users, demo)
        ca = CertificateAuthority.beside(db_path)
        return [enrol(lib, users, ca, u.username, u.token_label, u.pin, reuse_existing=True)
                for u in demo]
    finally:
        users.close()
