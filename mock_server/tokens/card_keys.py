"""The PKCS#11 side of enrolment, for SoftHSM tokens and real cards alike.

Real cards differ from SoftHSM (issue 12): labels are fixed by the card, ``CKA_ID`` selects
the card's key slot (OpenPGP: 01 signature, 02 decryption, 03 authentication), and a card may
generate keys and store certificates only under its SO (administrator) PIN. So:

- the key is addressed by ``CKA_ID``; the default is 03 on an OpenPGP card, else ``KEY_ID``;
- with an SO PIN, key generation and the certificate write log in as SO, else as the user;
- with ``existing_key`` nothing is generated: the key already on the card is used.

Errors are :class:`CardError` with a one-line message, never a PIN.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pkcs11
from cryptography.hazmat.primitives import serialization
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

from mock_server.tokens.demo_users import CERT_LABEL, KEY_ID, KEY_LABEL

OPENPGP_AUTH_KEY_ID = b"\x03"


class CardError(Exception):
    """An enrolment step on the token failed; the message is one line, safe to print."""


def text(value: Any) -> str:
    return (value.decode() if isinstance(value, bytes) else str(value)).strip()


def find_token(lib: Any, token_label: str) -> Any:
    try:
        return lib.get_token(token_label=token_label)
    except pkcs11.NoSuchToken:
        raise CardError(f"No initialised token labelled {token_label!r} in that module."
                        ) from None
    except pkcs11.MultipleTokensReturned:
        raise CardError(f"Several tokens are labelled {token_label!r}; remove all but one."
                        ) from None


def default_key_id(token: Any) -> bytes:
    """Where the authentication key lives: OpenPGP cards have a fixed slot for it."""
    if text(token.label).startswith("OpenPGP card"):
        return OPENPGP_AUTH_KEY_ID
    return KEY_ID


@contextlib.contextmanager
def session(token: Any, *, pin: str | None = None, so_pin: str | None = None) -> Iterator[Any]:
    """A read-write session logged in as the user (``pin``) or as SO (``so_pin``)."""
    who = "SO PIN" if so_pin is not None else "PIN"
    try:
        opened = token.open(rw=True, user_pin=pin, so_pin=so_pin)
    except (pkcs11.PinIncorrect, pkcs11.PinInvalid, pkcs11.PinLenRange,
            pkcs11.UserNotLoggedIn):
        # OpenSC answers a wrong PIN on an OpenPGP card with CKR_USER_NOT_LOGGED_IN.
        raise CardError(f"The {who} is not correct for that token.") from None
    except pkcs11.PinLocked:
        raise CardError(f"The token's {who} is locked.") from None
    except pkcs11.PKCS11Error as exc:
        raise CardError(f"The token refused the {who} login ({type(exc).__name__}).") from None
    with opened:
        yield opened


def _objects(session: Any, object_class: ObjectClass, key_id: bytes) -> list[Any]:
    return list(session.get_objects({Attribute.CLASS: object_class, Attribute.ID: key_id}))


def spki_of(session: Any, key_id: bytes) -> bytes | None:
    """SubjectPublicKeyInfo DER of the public key with this ``CKA_ID`` (None: no such key)."""
    for pub in _objects(session, ObjectClass.PUBLIC_KEY, key_id):
        if pub.key_type == KeyType.EC:
            from pkcs11.util.ec import encode_ec_public_key

            return bytes(encode_ec_public_key(pub))
        from pkcs11.util.rsa import encode_rsa_public_key

        loaded = serialization.load_der_public_key(encode_rsa_public_key(pub))
        return loaded.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    return None


def has_private_key(session: Any, key_id: bytes) -> bool:
    return bool(_objects(session, ObjectClass.PRIVATE_KEY, key_id))


def _refused(what: str, exc: Exception) -> CardError:
    if isinstance(exc, pkcs11.UserNotLoggedIn | pkcs11.GeneralError):
        return CardError(f"The token would not {what} under this login ({type(exc).__name__});"
                         " a card that needs its administrator PIN for that takes --so-pin.")
    return CardError(f"The token could not {what} ({type(exc).__name__}).")


def generate_keypair(session: Any, key_id: bytes, key_type: KeyType = KeyType.RSA) -> None:
    """A new key pair made on the token, under ``key_id`` (the card may ignore the label)."""
    try:
        if key_type is KeyType.EC:
            from pkcs11.util.ec import encode_named_curve_parameters

            params = session.create_domain_parameters(
                KeyType.EC,
                {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")},
                local=True,
            )
            params.generate_keypair(store=True, label=KEY_LABEL, id=key_id)
        else:
            session.generate_keypair(KeyType.RSA, 2048, store=True, label=KEY_LABEL, id=key_id)
    except pkcs11.PKCS11Error as exc:
        raise _refused("generate the key pair", exc) from None


def write_certificate(session: Any, key_id: bytes, der: bytes, subject_der: bytes,
                      issuer_der: bytes, serial_der: bytes) -> None:
    """The certificate onto the token under the key's ``CKA_ID``, replacing an older one."""
    for old in _objects(session, ObjectClass.CERTIFICATE, key_id):
        with contextlib.suppress(pkcs11.PKCS11Error):  # a card may only overwrite in place
            old.destroy()
    try:
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
            Attribute.TOKEN: True,
            Attribute.PRIVATE: False,
            Attribute.LABEL: CERT_LABEL,
            Attribute.ID: key_id,
            Attribute.SUBJECT: subject_der,
            Attribute.ISSUER: issuer_der,
            Attribute.SERIAL_NUMBER: serial_der,
            Attribute.VALUE: der,
        })
    except pkcs11.PKCS11Error as exc:
        raise _refused("store the certificate", exc) from None


def certificates_of(session: Any, key_id: bytes) -> list[bytes]:
    return [bytes(obj[Attribute.VALUE])
            for obj in _objects(session, ObjectClass.CERTIFICATE, key_id)]
