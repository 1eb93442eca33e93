"""Pkcs11Token: the smartcard (or SoftHSM) behind the PKCS#11 module.

Threading: every call into this module must happen on the one token thread that owns the
``pkcs11.lib`` (architecture rule 3); nothing here is thread-safe.

PIN handling: the PIN arrives as a ``bytearray``; it is passed to the token and zeroed by
:func:`zero` in a ``finally`` — it is never stored, logged or put in an exception.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass

KEY_LABEL = "cpdesk-auth"


class TokenError(Exception):
    """A token operation failed; the message is safe to show."""


class WrongPin(TokenError):
    pass


class PinLocked(TokenError):
    pass


class TokenAbsent(TokenError):
    pass


@dataclass(frozen=True, slots=True)
class TokenInfo:
    label: str
    serial: str
    manufacturer: str
    model: str


def zero(secret: bytearray) -> None:
    for i in range(len(secret)):
        secret[i] = 0


class _PinView:
    """Hands the PIN to python-pkcs11, which calls ``.encode()`` on what it is given.

    The module needs an immutable copy for the length of the C_Login call; this keeps it
    out of ``str`` (no interning, no accidental formatting) and short-lived.
    """

    __slots__ = ("_pin",)

    def __init__(self, pin: bytearray) -> None:
        self._pin = pin

    def encode(self, *_args: object) -> bytes:
        return bytes(self._pin)

    def __repr__(self) -> str:
        return "<PIN>"


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def token_info(token: Any) -> TokenInfo:
    return TokenInfo(label=_text(token.label), serial=_text(token.serial),
                     manufacturer=_text(token.manufacturer_id), model=_text(token.model))


class Pkcs11Module:
    """The loaded PKCS#11 module (one per process)."""

    def __init__(self, module_path: str) -> None:
        self.path = module_path
        self._lib = pkcs11.lib(module_path)

    def tokens(self) -> list[TokenInfo]:
        infos = []
        for slot in self._lib.get_slots(token_present=True):
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                continue  # removed between enumeration and query
            if token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
                infos.append(token_info(token))
        return infos

    def open(self, serial: str) -> Pkcs11Token:
        for slot in self._lib.get_slots(token_present=True):
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                continue
            if _text(token.serial) == serial:
                return Pkcs11Token(self, token)
        raise TokenAbsent("The security token is not present.")

    def reinitialize(self) -> None:
        self._lib.reinitialize()


class Pkcs11Token:
    """One token; :meth:`login` opens a session that :meth:`logout` closes."""

    def __init__(self, module: Pkcs11Module, token: Any) -> None:
        self._module = module
        self._token = token
        self.info = token_info(token)
        self._session: Any = None

    @property
    def flags(self) -> int:
        return int(self._token.flags)

    def login(self, pin: bytearray) -> None:
        """Log in with the PIN, which is zeroed afterwards whatever happens."""
        try:
            self._session = self._token.open(user_pin=_PinView(pin))
        except pkcs11.PinIncorrect:
            raise WrongPin("The PIN is not correct.") from None
        except pkcs11.PinLocked:
            raise PinLocked("This token's PIN is locked.") from None
        except (pkcs11.TokenNotPresent, pkcs11.DeviceRemoved):
            raise TokenAbsent("The security token was removed.") from None
        finally:
            zero(pin)

    def logout(self) -> None:
        if self._session is not None:
            try:
                self._session.close()
            finally:
                self._session = None

    def _private_key(self) -> Any:
        if self._session is None:
            raise TokenError("Not logged in to the token.")
        return self._session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=KEY_LABEL)

    def key_type(self) -> KeyType:
        return KeyType(self._private_key().key_type)

    def sign(self, data: bytes) -> tuple[str, bytes]:
        """Sign with the authentication key: (api algorithm name, signature bytes).

        RSA uses CKM_SHA256_RSA_PKCS. ECDSA hashes in software and signs with raw CKM_ECDSA
        (SoftHSM and many cards have no CKM_ECDSA_SHA256); the raw r‖s is DER-encoded.
        """
        key = self._private_key()
        if key.key_type == KeyType.EC:
            from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

            raw = key.sign(hashlib.sha256(data).digest(), mechanism=Mechanism.ECDSA)
            half = len(raw) // 2
            der = encode_dss_signature(int.from_bytes(raw[:half], "big"),
                                       int.from_bytes(raw[half:], "big"))
            return "ECDSA-P256-SHA256", der
        return "RSA-PKCS1v15-SHA256", key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS)

    def public_key_der(self) -> bytes:
        """SubjectPublicKeyInfo DER of the authentication key."""
        if self._session is None:
            raise TokenError("Not logged in to the token.")
        pub = self._session.get_key(object_class=ObjectClass.PUBLIC_KEY, label=KEY_LABEL)
        if pub.key_type == KeyType.EC:
            from pkcs11.util.ec import encode_ec_public_key

            return bytes(encode_ec_public_key(pub))
        from cryptography.hazmat.primitives import serialization
        from pkcs11.util.rsa import encode_rsa_public_key

        loaded = serialization.load_der_public_key(encode_rsa_public_key(pub))
        return loaded.public_bytes(serialization.Encoding.DER,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)

    def certificate_der(self) -> bytes | None:
        if self._session is None:
            raise TokenError("Not logged in to the token.")
        for cert in self._session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
            return bytes(cert[Attribute.VALUE])
        return None

