"""PKCS#11 operations on the stack's token, run in a child process that has the stack's env.

libpcsclite reads ``PCSCLITE_CSOCK_NAME`` once per process, so anything that loads
opensc-pkcs11.so for a given :class:`~tests.realcard.stack.CardStack` should be a child process
started with ``env=stack.environ()``. Usage (from the repository root)::

    python -m tests.realcard.p11_child MODULE list
    python -m tests.realcard.p11_child MODULE provision [--so-pin P] [--key-id 03] [--bits 2048]
    python -m tests.realcard.p11_child MODULE sign [--pin P] [--key-id 03] [--data HEX]
    python -m tests.realcard.p11_child MODULE login --pin P
    python -m tests.realcard.p11_child MODULE watch     # line commands on stdin, see _watch

Each command prints one JSON object per result line on stdout.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
import time
from typing import Any

import pkcs11
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from pkcs11 import Attribute, CertificateType, KeyType, Mechanism, ObjectClass, TokenFlag
from pkcs11.exceptions import PKCS11Error

# The OpenPGP "User PIN" token (keys 2 = DEC and 3 = AUT); "User PIN (sig)" holds key 1.
USER_PIN_TOKEN = "OpenPGP card (User PIN)"


def _emit(obj: dict[str, Any]) -> None:
    print(json.dumps(obj), flush=True)


def _tokens(lib: pkcs11.lib) -> list[dict[str, Any]]:
    result = []
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        result.append(
            {
                "slot": slot.slot_id,
                "label": token.label,
                "serial": token.serial.decode("ascii", "replace").strip(),
                "flags": [flag.name for flag in TokenFlag if flag and flag in token.flags],
            }
        )
    return result


def _user_pin_token(lib: pkcs11.lib) -> pkcs11.Token:
    return lib.get_token(token_label=USER_PIN_TOKEN)


def _objects(session: pkcs11.Session) -> list[dict[str, Any]]:
    result = []
    for obj in session.get_objects():
        try:
            cls = obj[Attribute.CLASS]
            if cls not in (
                ObjectClass.PRIVATE_KEY,
                ObjectClass.PUBLIC_KEY,
                ObjectClass.CERTIFICATE,
            ):
                continue
            result.append(
                {
                    "class": ObjectClass(cls).name,
                    "label": obj[Attribute.LABEL],
                    "id": bytes(obj[Attribute.ID]).hex(),
                }
            )
        except PKCS11Error:
            continue
    return result


def _public_key(session: pkcs11.Session, key_id: bytes) -> rsa.RSAPublicKey:
    pub = session.get_key(ObjectClass.PUBLIC_KEY, KeyType.RSA, id=key_id)
    n = int.from_bytes(pub[Attribute.MODULUS], "big")
    e = int.from_bytes(pub[Attribute.PUBLIC_EXPONENT], "big")
    return rsa.RSAPublicNumbers(e, n).public_key()


def _self_signed(public_key: rsa.RSAPublicKey, common_name: str) -> x509.Certificate:
    # Signed by a throwaway key: only the subject public key has to be the token's.
    issuer_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=365))
        .sign(issuer_key, hashes.SHA256())
    )


def provision(
    lib: pkcs11.lib, so_pin: str, key_id: bytes, bits: int, common_name: str
) -> dict[str, Any]:
    """As the SO (OpenPGP admin PIN): generate an RSA key pair on the card, store a cert."""
    with _user_pin_token(lib).open(rw=True, so_pin=so_pin) as session:
        started = time.monotonic()
        # OpenSC needs only CKA_ID (1 = SIG, 2 = DEC, 3 = AUT) and CKA_MODULUS_BITS; the key
        # type comes from the mechanism. Labels given here are not stored on the card.
        session.generate_keypair(KeyType.RSA, bits, id=key_id, store=True)
        keygen_s = time.monotonic() - started
    # OpenSC 0.23 bug (pkcs15init/pkcs15-openpgp.c, openpgp_generate_key_rsa): the public key
    # object it creates takes the modulus/exponent *bit* lengths as byte lengths
    # (CKA_MODULUS 2048 bytes, CKA_PUBLIC_EXPONENT 010001 + 21 zero bytes, CKA_MODULUS_BITS
    # 16384) until the token is bound again: re-initialise, then read the key from the card.
    lib.reinitialize()
    with _user_pin_token(lib).open(rw=True, so_pin=so_pin) as session:
        cert = _self_signed(_public_key(session, key_id), common_name)
        started = time.monotonic()
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.ID: key_id,
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
        cert_s = time.monotonic() - started
    return {
        "keygen_s": keygen_s,
        "cert_s": cert_s,
        "cert_der": cert.public_bytes(serialization.Encoding.DER).hex(),
    }


def sign(lib: pkcs11.lib, pin: str, key_id: bytes, data: bytes) -> dict[str, Any]:
    """User login, CKM_SHA256_RSA_PKCS with the key ``key_id``, verified against the token's
    public key and its certificate."""
    token = _user_pin_token(lib)
    with token.open(user_pin=pin) as session:
        objects = _objects(session)
        key = session.get_key(ObjectClass.PRIVATE_KEY, KeyType.RSA, id=key_id)
        started = time.monotonic()
        signature = key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS)
        sign_s = time.monotonic() - started
        public_key = _public_key(session, key_id)
        public_key.verify(signature, data, padding.PKCS1v15(), hashes.SHA256())
        cert_der = b""
        for cert_obj in session.get_objects(
            {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.ID: key_id}
        ):
            cert_der = bytes(cert_obj[Attribute.VALUE])
        if cert_der:
            cert = x509.load_der_x509_certificate(cert_der)
            assert cert.public_key().public_numbers() == public_key.public_numbers()
    return {
        "signature": signature.hex(),
        "sign_s": sign_s,
        "verified": True,
        "cert_der": cert_der.hex(),
        "objects": objects,
    }


def login(lib: pkcs11.lib, pin: str) -> dict[str, Any]:
    """User login once; report the PKCS#11 outcome and the token flags afterwards."""
    token = _user_pin_token(lib)
    try:
        with token.open(user_pin=pin):
            result = "OK"
    except PKCS11Error as exc:
        result = type(exc).__name__
    flags = _user_pin_token(lib).flags
    return {"result": result, "flags": [f.name for f in TokenFlag if f and f in flags]}


def _token_present(lib: Any) -> bool:
    """As a client polls: a slot that vanishes mid-listing (SLOT_ID_INVALID while the card
    is pulled) means the list is changing; the next poll sees where it settled."""
    try:
        return bool(lib.get_slots(token_present=True))
    except pkcs11.SlotIDInvalid:
        return False


def _watch(lib: pkcs11.lib) -> None:
    """One library instance for the whole session (no re-C_Initialize). Line commands:
    ``absent`` / ``present``: poll C_GetSlotList(token_present) every 20 ms until the token is
    gone / back, then answer; ``sign PIN``: as :func:`sign` with key 03; ``quit``."""
    _emit({"ready": True, "tokens": _tokens(lib)})
    for line in sys.stdin:
        command, *args = line.split()
        if command == "quit":
            return
        if command in ("absent", "present"):
            started = time.monotonic()
            want_present = command == "present"
            polls = 0
            while _token_present(lib) != want_present:
                polls += 1
                time.sleep(0.02)
            _emit({command: True, "after_s": time.monotonic() - started, "polls": polls})
        elif command == "sign":
            _emit(sign(lib, args[0], b"\x03", b"watch"))
        elif command == "tokens":
            _emit({"tokens": _tokens(lib)})
        else:
            _emit({"error": f"unknown command {command}"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("module")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    p = sub.add_parser("provision")
    p.add_argument("--so-pin", default="12345678")
    p.add_argument("--key-id", default="03")
    p.add_argument("--bits", type=int, default=2048)
    p.add_argument("--cn", default="cpdesk test card")
    p = sub.add_parser("sign")
    p.add_argument("--pin", default="123456")
    p.add_argument("--key-id", default="03")
    p.add_argument("--data", default=b"cpdesk".hex())
    p = sub.add_parser("login")
    p.add_argument("--pin", required=True)
    sub.add_parser("watch")
    args = parser.parse_args(argv)

    lib = pkcs11.lib(args.module)
    if args.command == "list":
        _emit({"tokens": _tokens(lib)})
    elif args.command == "provision":
        _emit(provision(lib, args.so_pin, bytes.fromhex(args.key_id), args.bits, args.cn))
    elif args.command == "sign":
        _emit(sign(lib, args.pin, bytes.fromhex(args.key_id), bytes.fromhex(args.data)))
    elif args.command == "login":
        _emit(login(lib, args.pin))
    elif args.command == "watch":
        _watch(lib)
    return 0


if __name__ == "__main__":
    sys.exit(main())
