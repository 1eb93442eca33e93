"""Token and account commands: ``demo-tokens``, ``users add``, ``enrol``, ``trainees``.

Secrets (password, PIN, SO PIN) are asked for when not given (``secrets_input.py``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mock_server.cli.common import Subparsers, db_path, default_data_dir, default_db, existing_db
from mock_server.cli.secrets_input import SecretMissing, read_secret
from mock_server.data.users import ROLE_KINDS, UserError, UserStore
from mock_server.tokens.softhsm import SoftHsmMissing, TokenDir, find_module

_SERVE_FIRST = " Run `cpdesk-mock serve --db {db}` once to create it."


def _module_and_tokens(args: argparse.Namespace) -> tuple[str, TokenDir] | None:
    """``--module`` (else SoftHSM2's) and the ``--dir`` token folder; None, said, when there
    is no module."""
    try:
        module = args.module or find_module()
    except SoftHsmMissing as exc:
        print(exc, file=sys.stderr)
        return None
    return module, TokenDir(Path(args.dir) if args.dir else default_data_dir() / "softhsm")


def run_demo_tokens(args: argparse.Namespace) -> int:
    from mock_server.tokens.demo_users import DEMO_USERS
    from mock_server.tokens.devtokens import ensure_demo_tokens

    found = _module_and_tokens(args)
    if found is None:
        return 1
    module, token_dir = found
    prepared = ensure_demo_tokens(module, token_dir)
    if args.db:
        from mock_server.tokens.enrol import enrol_demo_tokens

        if existing_db(Path(args.db), f" Start `cpdesk-mock serve --db {args.db}` first"
                       " (it creates the database), then run this again.") is None:
            return 1
        for enrolled in enrol_demo_tokens(args.db, module, token_dir):
            print(f"  {enrolled.username:<14} enrolled: certificate on token"
                  f" {enrolled.token_label}, expires {enrolled.not_after}")
    print(f"SOFTHSM2_CONF={token_dir.conf}")
    print(f"PKCS#11 module: {module}")
    users = {u.username: u for u in DEMO_USERS}
    for token in prepared:
        user = users[token.username]
        state = "created" if token.created else "ready"
        print(f"  {user.username:<14} password {user.password:<18} token {token.token_label:<15}"
              f" PIN {user.pin}  ({state}, serial {token.serial})")
    return 0


def run_users_add(args: argparse.Namespace) -> int:
    db = existing_db(Path(args.db), _SERVE_FIRST.format(db=args.db))
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


def run_enrol(args: argparse.Namespace) -> int:
    import pkcs11
    from pkcs11 import KeyType

    from mock_server.tokens.ca import CertificateAuthority
    from mock_server.tokens.card_keys import CardError
    from mock_server.tokens.enrol import CardLogin, enrol

    db = existing_db(Path(args.db), _SERVE_FIRST.format(db=args.db))
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


def run_trainees(args: argparse.Namespace) -> int:
    from mock_server.tokens.trainees import create_trainees, sheet

    db = db_path(args)
    if not 1 <= args.count <= 200:
        print("Give a number of trainees between 1 and 200.", file=sys.stderr)
        return 2
    if existing_db(db, f" Start `cpdesk-mock serve --training --db {db}` once to create"
                       " it.") is None:
        return 1
    found = _module_and_tokens(args)
    if found is None:
        return 1
    module, token_dir = found
    made = create_trainees(db, module, token_dir, args.count, prefix=args.prefix,
                           organisation=args.organisation,
                           local_authority=args.local_authority)
    print(sheet(made, token_dir, module))
    return 0


def register(sub: Subparsers) -> None:
    tokens = sub.add_parser("demo-tokens",
                            help="create (idempotently) the demo users' SoftHSM2 tokens")
    tokens.add_argument("--dir", default=None, help="token directory (default: user data dir)")
    tokens.add_argument("--module", default=None, help="PKCS#11 module (default: SoftHSM2)")
    tokens.add_argument("--db", default=None,
                        help="also register the demo users in this (existing) database and"
                             " enrol their tokens: certificate from its CA onto each token")
    tokens.set_defaults(func=run_demo_tokens)

    users = sub.add_parser("users", help="manage users").add_subparsers(dest="users_command",
                                                                         required=True)
    add = users.add_parser("add", help="add a user, or a further role of one")
    add.add_argument("username", help="the new user's sign-in name, e.g. tess.tester")
    add.add_argument("--password", help="the user's password (omit it to be asked, or to "
                     "read it from standard input: safer than the command line)")
    add.add_argument("--role", required=True, choices=ROLE_KINDS,
                     help="what the user may do in the directory")
    add.add_argument("--organisation", required=True,
                     help="the user's organisation (shown with what they record)")
    add.add_argument("--local-authority", required=True,
                     help="the user's local authority (a manager sees only this area)")
    add.add_argument("--display-name", help="name shown to colleagues")
    add.add_argument("--job-title", help="job title shown to colleagues")
    add.add_argument("--phone", help="work phone shown to colleagues (a drama-range number)")
    add.add_argument("--email", help="work e-mail shown to colleagues (@example.org)")
    add.add_argument("--db", default=str(default_db()), help="SQLite file")
    add.set_defaults(func=run_users_add)

    en = sub.add_parser("enrol", help="key pair on a PKCS#11 token, certificate, registration")
    en.add_argument("username", help="the existing user whose card or token is enrolled")
    en.add_argument("--module", required=True, help="PKCS#11 module (for SoftHSM2, export"
                    " SOFTHSM2_CONF first)")
    en.add_argument("--token-label", required=True, help="label of the token or card to use")
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
    en.add_argument("--key-type", choices=("rsa", "ec"), default="rsa",
                    help="key to generate on the token (default rsa: RSA-2048; ec: P-256)")
    en.add_argument("--valid-days", type=int, default=None,
                    help="certificate lifetime (default 730; short ones test expiry warnings)")
    en.add_argument("--db", default=str(default_db()), help="SQLite file")
    en.set_defaults(func=run_enrol)

    parser = sub.add_parser(
        "trainees", help="create N trainee accounts with software tokens and print their sheet")
    parser.add_argument("count", type=int, help="how many trainees")
    parser.add_argument("--module", default=None, help="PKCS#11 module (default: SoftHSM2)")
    parser.add_argument("--db", default=None, help="SQLite file (default: user data dir)")
    parser.add_argument("--dir", default=None,
                        help="SoftHSM2 token directory (default: user data dir)")
    parser.add_argument("--prefix", default="trainee", help="user name prefix")
    parser.add_argument("--organisation", default="Training room",
                        help="the trainees' organisation (default: Training room)")
    parser.add_argument("--local-authority", default="Bolton",
                        help="the trainees' local authority (default: Bolton)")
    parser.set_defaults(func=run_trainees)
