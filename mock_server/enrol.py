"""Enrolment: key pair on the token, certificate from the mock CA onto the token, registered.

``enrol`` is what ``cpdesk-mock enrol`` runs: it generates the authentication key pair ON the
PKCS#11 token (or keeps the one already there), reads the public key, has the mock CA issue
an X.509 certificate for it, writes the certificate onto the token as a ``CKO_CERTIFICATE``
beside the key (same ``CKA_ID``), and registers it as the user's enrolled certificate.
Re-enrolling replaces the certificate on the token and in the database.

``ensure_demo_users`` registers the demo users of ``demo_users.py``;
``enrol_demo_tokens`` enrols their SoftHSM tokens (``cpdesk-mock demo-tokens --db``).

Privacy: the PIN goes only to the token; it is never logged or stored.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography import x509
from pkcs11 import KeyType

from mock_server import card_keys
from mock_server.ca import CertificateAuthority
from mock_server.card_keys import (
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
from mock_server.demo_users import DEMO_USERS, KEY_ID, DemoUser
from mock_server.devtokens import ensure_demo_tokens
from mock_server.secrets_input import SecretMissing, read_secret
from mock_server.softhsm import TokenDir
from mock_server.users import ROLE_KINDS, UserError, UserStore, hash_password


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


_DEMO_HASHES: dict[tuple[str, str], str] = {}


def ensure_demo_users(users: UserStore, demo: tuple[DemoUser, ...] = DEMO_USERS) -> None:
    """Register the demo users and their roles (idempotent).

    Their (public, synthetic) passwords are hashed once per process, so that every new
    test database does not pay the slow KDF again.
    """
    for user in demo:
        key = (user.username, user.password)
        if key not in _DEMO_HASHES:
            _DEMO_HASHES[key] = hash_password(user.password)
        for role in user.roles:
            users.add(user.username, user.password, role.role, role.organisation,
                      role.local_authority, display_name=user.display_name,
                      job_title=user.job_title, phone=user.phone, email=user.email,
                      password_hash=_DEMO_HASHES[key])


def enrol_demo_tokens(db_path: str | Path, module_path: str, token_dir: TokenDir,
                      demo: tuple[DemoUser, ...] = DEMO_USERS) -> list[Enrolment]:
    """Demo tokens made (idempotently), demo users registered, each token enrolled."""
    from mock_server.devtokens import load_module

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


# -- command line: `cpdesk-mock users add`, `cpdesk-mock enrol` -----------------------------


def _existing_db(path: str) -> Path | None:
    db = Path(path)
    if db.exists():
        return db
    print(f"No database at {db}. Run `cpdesk-mock serve --db {db}` once to create it.",
          file=sys.stderr)
    return None


def cmd_users_add(args: argparse.Namespace) -> int:
    db = _existing_db(args.db)
    if db is None:
        return 1
    users = UserStore(db)
    try:
        password = read_secret("Password", args.password)
        user = users.add(args.username, password, args.role, args.organisation,
                         args.local_authority, display_name=args.display_name,
                         job_title=args.job_title, phone=args.phone, email=args.email)
    except (UserError, SecretMissing) as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        users.close()
    for role in user.roles:
        print(f"{user.username}  {role.role_id}  {role.role:<12} {role.organisation}"
              f" ({role.local_authority})")
    return 0


def _hex_id(value: str) -> str:
    try:
        bytes.fromhex(value)
    except ValueError:
        raise argparse.ArgumentTypeError("give the key ID in hex, e.g. 03") from None
    return value


def _key_id(value: str | None) -> bytes | None:
    return None if value is None else bytes.fromhex(value)


def cmd_enrol(args: argparse.Namespace) -> int:
    import pkcs11

    db = _existing_db(args.db)
    if db is None:
        return 1
    users = UserStore(db)
    try:
        lib = pkcs11.lib(args.module)
        pin = read_secret("PIN", args.pin)
        so_pin = read_secret("SO PIN", args.so_pin) if args.ask_so_pin or args.so_pin \
            else None
        login = CardLogin(pin, so_pin=so_pin, existing_key=args.existing_key,
                          key_id=_key_id(args.key_id))
        result = enrol(lib, users, CertificateAuthority.beside(db), args.username,
                       args.token_label, login,
                       KeyType.EC if args.key_type == "ec" else KeyType.RSA,
                       validity_days=args.valid_days)
    except (UserError, CardError, SecretMissing) as exc:
        print(exc, file=sys.stderr)
        return 1
    except pkcs11.PKCS11Error as exc:
        print(f"The PKCS#11 module {args.module} reported a problem ({type(exc).__name__}).",
              file=sys.stderr)
        return 1
    finally:
        users.close()
    state = "new key pair generated on the token" if result.key_created else "existing key"
    print(f"Enrolled {result.username}: token {result.token_label} (serial {result.serial}),"
          f" {state}, certificate written to the token, expires {result.not_after}.")
    return 0


def add_commands(sub: Any, default_db: Callable[[], Path]) -> None:
    """Add ``users add`` and ``enrol`` to the ``cpdesk-mock`` sub-command parser."""
    users = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command",
                                                                         required=True)
    add = users.add_parser("add", help="add a user, or a further role of one")
    add.add_argument("username")
    add.add_argument("--password", help="the user's password (omit it to be asked, or to "
                     "read it from standard input: safer than the command line)")
    add.add_argument("--role", required=True, choices=ROLE_KINDS)
    add.add_argument("--organisation", required=True)
    add.add_argument("--local-authority", required=True)
    add.add_argument("--display-name")
    add.add_argument("--job-title")
    add.add_argument("--phone")
    add.add_argument("--email")
    add.add_argument("--db", default=str(default_db()), help="SQLite file")
    add.set_defaults(func=cmd_users_add)

    en = sub.add_parser("enrol", help="key pair on a PKCS#11 token, certificate, registration")
    en.add_argument("username")
    en.add_argument("--module", required=True, help="PKCS#11 module (for SoftHSM2, export"
                    " SOFTHSM2_CONF first)")
    en.add_argument("--token-label", required=True)
    en.add_argument("--pin", help="the token's user PIN (omit it to be asked, or to read it"
                    " from standard input: safer than the command line)")
    en.add_argument("--ask-so-pin", action="store_true",
                    help="ask for the SO PIN (or read it from the next line of standard input)")
    en.add_argument("--so-pin", help="the token's SO (administrator) PIN, for cards that"
                    " generate keys and store certificates only under it (OpenPGP cards)")
    en.add_argument("--existing-key", action="store_true",
                    help="use the key pair already on the token; generate nothing")
    en.add_argument("--key-id", type=_hex_id, default=None,
                    help="CKA_ID of the authentication key in hex (default 03 on an OpenPGP"
                    " card, else 01)")
    en.add_argument("--key-type", choices=("rsa", "ec"), default="rsa")
    en.add_argument("--valid-days", type=int, default=None,
                    help="certificate lifetime (default 730; short ones test expiry warnings)")
    en.add_argument("--db", default=str(default_db()), help="SQLite file")
    en.set_defaults(func=cmd_enrol)
