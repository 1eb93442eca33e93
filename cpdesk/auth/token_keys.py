"""Finding the authentication key on a token by what it is, not by a label we chose.

A card's labels are fixed by the card (OpenSC's OpenPGP card says "Authentication key", "AUT
certificate") and ``CKA_ID`` selects a key slot, so the key is found as: a private key that
can sign (``CKA_SIGN``), paired by ``CKA_ID`` with a certificate whose public key is that
key's. When several pairs qualify, the certificate that allows client authentication wins,
then one that allows digital signatures. Certificates whose key usage forbids signing are
never used.

Threading: token thread only (every function reads PKCS#11 objects).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pkcs11
from pkcs11 import Attribute, KeyType, ObjectClass

# The pkcs11-free part (the sign-in window's), re-exported.
from cpdesk.auth.token_types import CardHolder as CardHolder
from cpdesk.auth.token_types import card_holder as card_holder
from cpdesk.auth.token_types import certificate_score as certificate_score


@dataclass(frozen=True, slots=True)
class AuthKey:
    """The chosen key pair: its private key object, its certificate, how well it fits."""

    private_key: Any
    key_id: bytes
    key_type: KeyType
    certificate_der: bytes
    score: int


def _attribute(obj: Any, attribute: Attribute) -> Any:
    try:
        return obj[attribute]
    except (pkcs11.AttributeTypeInvalid, pkcs11.AttributeSensitive):
        return None


def public_key_spki(public_key: Any) -> bytes | None:
    """SubjectPublicKeyInfo DER of a public key object (None when it cannot be encoded)."""
    from cryptography.hazmat.primitives import serialization

    try:
        if public_key.key_type == KeyType.EC:
            from pkcs11.util.ec import encode_ec_public_key

            return bytes(encode_ec_public_key(public_key))
        if public_key.key_type == KeyType.RSA:
            from pkcs11.util.rsa import encode_rsa_public_key

            loaded = serialization.load_der_public_key(encode_rsa_public_key(public_key))
            return loaded.public_bytes(serialization.Encoding.DER,
                                       serialization.PublicFormat.SubjectPublicKeyInfo)
    except (pkcs11.AttributeTypeInvalid, ValueError):
        return None
    return None


def _certificate_spki(der: bytes) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    return x509.load_der_x509_certificate(der).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def _pairs(private_key: Any, public_keys: list[Any], der: bytes) -> bool:
    """The certificate holds this private key's public half (checked where the token lets)."""
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import rsa

    key_id = _attribute(private_key, Attribute.ID)
    try:
        cert_spki = _certificate_spki(der)
        cert_public = x509.load_der_x509_certificate(der).public_key()
    except ValueError:
        return False
    for public in public_keys:
        if _attribute(public, Attribute.ID) == key_id:
            spki = public_key_spki(public)
            if spki is not None:
                return spki == cert_spki
    modulus = _attribute(private_key, Attribute.MODULUS)
    if modulus and isinstance(cert_public, rsa.RSAPublicKey):
        return int.from_bytes(bytes(modulus), "big") == cert_public.public_numbers().n
    return True  # nothing to compare on this token: the CKA_ID pairing has to do


def certificates(session: Any) -> list[tuple[bytes, bytes]]:
    """(CKA_ID, DER) of every X.509 certificate the session can see."""
    found = []
    for cert in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        value = _attribute(cert, Attribute.VALUE)
        if value:
            found.append((bytes(_attribute(cert, Attribute.ID) or b""), bytes(value)))
    return found


def best_certificate_score(session: Any) -> int | None:
    """The best score among the certificates visible without logging in (slot choice)."""
    scores = [s for _, der in certificates(session) if (s := certificate_score(der)) is not None]
    return max(scores, default=None)


def find_auth_key(session: Any) -> AuthKey | None:
    """The authentication key pair in a logged-in session, or None when no pair qualifies."""
    certs = certificates(session)
    public_keys = list(session.get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY}))
    best: AuthKey | None = None
    for private_key in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY}):
        if _attribute(private_key, Attribute.SIGN) is False:
            continue
        key_id = bytes(_attribute(private_key, Attribute.ID) or b"")
        for cert_id, der in certs:
            score = certificate_score(der)
            if cert_id != key_id or score is None:
                continue
            if not _pairs(private_key, public_keys, der):
                continue
            if best is None or score > best.score:
                best = AuthKey(private_key, key_id, KeyType(private_key.key_type), der, score)
    return best
