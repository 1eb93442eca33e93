"""Pkcs11Token: the smartcard (or SoftHSM) behind the PKCS#11 module.

Any conforming module: SoftHSM2, OpenSC with a real card, p11-kit-proxy in front of either.
One physical card is one choice: a card that shows several slots with the same serial (OpenSC
gives an OpenPGP card two, "User PIN" and "User PIN (sig)") is listed once, and the slot that
holds the authentication key is used. The key is found by what it is (``token_keys``).

Threading: every call into this module must happen on the one token thread that owns the
``pkcs11.lib`` (architecture rule 3); nothing here is thread-safe.

PIN handling: the PIN arrives as a ``bytearray``; it is passed to C_Login from that buffer
(no copy) and zeroed by :func:`zero` in a ``finally`` — it is never stored, logged or put in
an exception.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path
from typing import Any

import pkcs11
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass

from cpdesk.auth.raw_login import CKR_OK, FunctionListUnavailable, RawLogin
from cpdesk.auth.token_keys import (
    AuthKey,
    best_certificate_score,
    certificates,
    find_auth_key,
    public_key_spki,
)

# The pkcs11-free part (the sign-in window's), re-exported.
from cpdesk.auth.token_types import NoCertificate as NoCertificate
from cpdesk.auth.token_types import PinLocked as PinLocked
from cpdesk.auth.token_types import PinStatus as PinStatus
from cpdesk.auth.token_types import TokenAbsent as TokenAbsent
from cpdesk.auth.token_types import TokenError as TokenError
from cpdesk.auth.token_types import TokenHandle as TokenHandle
from cpdesk.auth.token_types import TokenInfo as TokenInfo
from cpdesk.auth.token_types import TokenModule as TokenModule
from cpdesk.auth.token_types import WrongPin as WrongPin
from cpdesk.auth.token_types import zero as zero


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def token_info(token: Any) -> TokenInfo:
    return TokenInfo(label=_text(token.label), serial=_text(token.serial),
                     manufacturer=_text(token.manufacturer_id), model=_text(token.model))


# CK_RV values with a meaning of their own (PKCS#11 v2.40).
_SLOT_LIST_ATTEMPTS = 3
_CKR_DEVICE_REMOVED = 0x32
_CKR_PIN_INCORRECT = 0xA0
_CKR_PIN_INVALID = 0xA1
_CKR_PIN_LEN_RANGE = 0xA2
_CKR_PIN_LOCKED = 0xA4
_CKR_SESSION_CLOSED = 0xB0
_CKR_SESSION_HANDLE_INVALID = 0xB3
_CKR_TOKEN_NOT_PRESENT = 0xE0
_CKR_USER_ALREADY_LOGGED_IN = 0x100
_CKR_USER_NOT_LOGGED_IN = 0x101  # OpenSC's answer to a wrong PIN on an OpenPGP card
_WRONG_PIN_RVS = (_CKR_PIN_INCORRECT, _CKR_PIN_INVALID, _CKR_PIN_LEN_RANGE,
                  _CKR_USER_NOT_LOGGED_IN)
_REMOVED_RVS = (_CKR_DEVICE_REMOVED, _CKR_SESSION_CLOSED, _CKR_SESSION_HANDLE_INVALID,
                _CKR_TOKEN_NOT_PRESENT)
# The same four as python-pkcs11 raises them, from any call: the card has gone.
_REMOVED_ERRORS: tuple[type[Exception], ...] = (
    pkcs11.DeviceRemoved, pkcs11.SessionClosed, pkcs11.SessionHandleInvalid,
    pkcs11.TokenNotPresent)

REMOVED_MESSAGE = "The security token was removed."


def _module_name(path: str) -> str:
    return Path(path).name or path


def translate(exc: Exception, module_path: str) -> TokenError:
    """A python-pkcs11 error as a TokenError whose message is plain and names the module."""
    if isinstance(exc, TokenError):
        return exc
    if isinstance(exc, _REMOVED_ERRORS):
        return TokenAbsent(REMOVED_MESSAGE)
    if isinstance(exc, pkcs11.PinLocked):
        return PinLocked("This token's PIN is locked.")
    return TokenError(f"The smartcard software ({_module_name(module_path)}) reported a "
                      f"problem ({type(exc).__name__}). Try again, or contact your IT support.")


class Pkcs11Module:
    """The loaded PKCS#11 module (one per process)."""

    def __init__(self, module_path: str) -> None:
        self.path = module_path
        try:
            self._lib = pkcs11.lib(module_path)
            self._raw = RawLogin(self._lib)
        except (pkcs11.PKCS11Error, FunctionListUnavailable, OSError):
            raise TokenError(f"The smartcard software ({_module_name(module_path)}) could not "
                             "be loaded. Contact your IT support.") from None

    @property
    def raw(self) -> RawLogin:
        return self._raw

    @property
    def description(self) -> str:
        return f"{self._lib.manufacturer_id} {self._lib.library_description}".strip()

    def _present(self) -> list[Any]:
        """The initialised tokens present now, in slot order."""
        slots = self._slots_with_tokens()
        found = []
        for slot in slots:
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                continue  # removed between enumeration and query
            if token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
                found.append(token)
        return found

    def _slots_with_tokens(self) -> list[Any]:
        """C_GetSlotList then C_GetSlotInfo per slot: a reader or card that goes away between
        the two answers SLOT_ID_INVALID (seen with OpenSC while a card is pulled). That is a
        changing list, not a fault: ask again (a few times) before reporting an error."""
        for attempt in range(_SLOT_LIST_ATTEMPTS):
            try:
                return list(self._lib.get_slots(token_present=True))
            except pkcs11.SlotIDInvalid as exc:
                if attempt == _SLOT_LIST_ATTEMPTS - 1:
                    raise translate(exc, self.path) from None
            except pkcs11.PKCS11Error as exc:
                raise translate(exc, self.path) from None
        return []

    def cards(self) -> dict[str, list[Any]]:
        """The tokens present, grouped by serial: one entry per physical card."""
        grouped: dict[str, list[Any]] = {}
        for token in self._present():
            grouped.setdefault(_text(token.serial), []).append(token)
        return grouped

    def tokens(self) -> list[TokenInfo]:
        return [token_info(slots[0]) for slots in self.cards().values()]

    def open(self, serial: str) -> Pkcs11Token:
        slots = self.cards().get(serial)
        if not slots:
            raise TokenAbsent("The security token is not present.")
        return Pkcs11Token(self, self._authentication_slot(slots))

    def _authentication_slot(self, slots: list[Any]) -> Any:
        """Of one card's slots, the one whose certificates fit sign-in best (first on a tie).

        Certificates are public objects, so this needs no PIN.
        """
        if len(slots) == 1:
            return slots[0]
        best, best_score = slots[0], None
        for token in slots:
            try:
                with token.open() as session:
                    score = best_certificate_score(session)
            except pkcs11.PKCS11Error:
                continue
            if score is not None and (best_score is None or score > best_score):
                best, best_score = token, score
        return best

    def public_certificates(self, serial: str) -> list[bytes]:
        """The DER certificates on the card's sign-in slot, read without a PIN (certificates
        are public objects): who the card belongs to, before she types anything."""
        slots = self.cards().get(serial)
        if not slots:
            raise TokenAbsent("The security token is not present.")
        try:
            with self._authentication_slot(slots).open() as session:
                return [der for _id, der in certificates(session)]
        except pkcs11.PKCS11Error as exc:
            raise translate(exc, self.path) from None

    def refresh(self) -> None:
        """Re-read the module's view of the slots so a re-inserted SoftHSM token appears.

        Only between operations: every open session and token object becomes invalid. The
        function list stays the same one, so the raw login remains valid.
        """
        self._lib.reinitialize()

    reinitialize = refresh


def _login_error(rv: int, module_path: str) -> TokenError:
    if rv in _WRONG_PIN_RVS:
        return WrongPin("The PIN is not correct.")
    if rv == _CKR_PIN_LOCKED:
        return PinLocked("This token's PIN is locked.")
    if rv in _REMOVED_RVS:
        return TokenAbsent(REMOVED_MESSAGE)
    return TokenError(f"The smartcard software ({_module_name(module_path)}) refused the "
                      f"sign-in (error 0x{rv:X}). Try again, or contact your IT support.")


class Pkcs11Token:
    """One card (the slot of it that holds the authentication key).

    :meth:`login` opens a session that :meth:`logout` closes.
    """

    def __init__(self, module: Pkcs11Module, token: Any) -> None:
        self._module = module
        self._token = token
        self.info = token_info(token)
        self._session: Any = None
        self._key: AuthKey | None = None

    @property
    def flags(self) -> int:
        return int(self._token.flags)

    @property
    def slot_token(self) -> Any:
        """The python-pkcs11 token of the slot in use (for public, PIN-less reads)."""
        return self._token

    def pin_status(self) -> PinStatus:
        """The PIN flags as the token reports them now (a fresh C_GetTokenInfo)."""
        try:
            fresh = self._token.slot.get_token()
        except pkcs11.PKCS11Error:
            raise TokenAbsent("The security token is not present.") from None
        if _text(fresh.serial) != self.info.serial:
            raise TokenAbsent("The security token is not present.")
        self._token = fresh
        return PinStatus.from_flags(int(fresh.flags))

    def login(self, pin: bytearray) -> None:
        """Log in with the PIN, which is zeroed afterwards whatever happens.

        A failed login closes the session it opened before raising.
        """
        try:
            try:
                session = self._token.open()
            except pkcs11.PKCS11Error as exc:
                error = translate(exc, self._module.path)
                raise (TokenAbsent("The security token is not present.")
                       if isinstance(error, TokenAbsent) else error) from None
            rv = self._module.raw.login(int(session.handle), pin)
            if rv in (CKR_OK, _CKR_USER_ALREADY_LOGGED_IN):
                self._session = session
                return
            with contextlib.suppress(pkcs11.PKCS11Error):  # a removed token took it along
                session.close()
            raise _login_error(rv, self._module.path)
        finally:
            zero(pin)

    def logout(self) -> None:
        self._key = None
        if self._session is not None:
            session, self._session = self._session, None
            with contextlib.suppress(pkcs11.PKCS11Error):  # removed token: nothing to close
                self._module.raw.logout(int(session.handle))
                session.close()

    def _logged_in(self) -> Any:
        if self._session is None:
            raise TokenError("Not logged in to the token.")
        return self._session

    def authentication_key(self) -> AuthKey | None:
        """The key pair sign-in uses (None: no private key pairs with a certificate)."""
        if self._key is None:
            try:
                self._key = find_auth_key(self._logged_in())
            except pkcs11.PKCS11Error as exc:
                raise translate(exc, self._module.path) from None
        return self._key

    def _signing_key(self) -> Any:
        """The private key to sign with: the authentication key, else the token's only
        signing key (so a token still without a certificate can prove its key; sign-in
        stops at "holds no certificate")."""
        key = self.authentication_key()
        if key is not None:
            return key.private_key
        candidates = [k for k in self._logged_in().get_objects(
                          {Attribute.CLASS: ObjectClass.PRIVATE_KEY})
                      if k[Attribute.SIGN] is not False]
        if len(candidates) != 1:
            raise NoCertificate("This security token holds no certificate.")
        return candidates[0]

    def key_type(self) -> KeyType:
        return KeyType(self._signing_key().key_type)

    def sign(self, data: bytes) -> tuple[str, bytes]:
        """Sign with the authentication key: (api algorithm name, signature bytes).

        RSA uses CKM_SHA256_RSA_PKCS. ECDSA hashes in software and signs with raw CKM_ECDSA
        (SoftHSM and many cards have no CKM_ECDSA_SHA256); the raw r‖s is DER-encoded.
        """
        try:
            return self._sign(data)
        except (pkcs11.PKCS11Error, TokenError) as exc:
            error = translate(exc, self._module.path)
            if type(error) is TokenError and not isinstance(exc, TokenError):
                error = TokenError("The security token could not sign the sign-in request "
                                   f"({_module_name(self._module.path)}: "
                                   f"{type(exc).__name__}).")
            raise error from None

    def _sign(self, data: bytes) -> tuple[str, bytes]:
        key = self._signing_key()
        if key.key_type == KeyType.EC:
            from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

            raw = key.sign(hashlib.sha256(data).digest(), mechanism=Mechanism.ECDSA)
            half = len(raw) // 2
            der = encode_dss_signature(int.from_bytes(raw[:half], "big"),
                                       int.from_bytes(raw[half:], "big"))
            return "ECDSA-P256-SHA256", der
        return "RSA-PKCS1v15-SHA256", key.sign(data, mechanism=Mechanism.SHA256_RSA_PKCS)

    def public_key_der(self) -> bytes:
        """SubjectPublicKeyInfo DER of the key :meth:`sign` uses."""
        session = self._logged_in()
        key_id = self._signing_key()[Attribute.ID]
        for public in session.get_objects({Attribute.CLASS: ObjectClass.PUBLIC_KEY,
                                           Attribute.ID: key_id}):
            spki = public_key_spki(public)
            if spki is not None:
                return spki
        key = self.authentication_key()
        if key is None:
            raise NoCertificate("This security token holds no certificate.")
        from cryptography import x509
        from cryptography.hazmat.primitives import serialization

        return x509.load_der_x509_certificate(key.certificate_der).public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    def certificate_der(self) -> bytes | None:
        """The certificate of the authentication key (None when the token holds none)."""
        key = self.authentication_key()
        return None if key is None else key.certificate_der
