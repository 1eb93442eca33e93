"""Pkcs11Token: the smartcard (or SoftHSM) behind the PKCS#11 module.

Threading: every call into this module must happen on the one token thread that owns the
``pkcs11.lib`` (architecture rule 3); nothing here is thread-safe.

PIN handling: the PIN arrives as a ``bytearray``; it is passed to C_Login from that buffer
(no copy) and zeroed by :func:`zero` in a ``finally`` — it is never stored, logged or put in
an exception.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
from dataclasses import dataclass
from typing import Any, Protocol

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
class PinStatus:
    """The token's PIN flags, read fresh before each try (SoftHSM never sets them)."""

    count_low: bool = False
    final_try: bool = False
    locked: bool = False

    @classmethod
    def from_flags(cls, flags: int) -> PinStatus:
        return cls(count_low=bool(flags & pkcs11.TokenFlag.USER_PIN_COUNT_LOW),
                   final_try=bool(flags & pkcs11.TokenFlag.USER_PIN_FINAL_TRY),
                   locked=bool(flags & pkcs11.TokenFlag.USER_PIN_LOCKED))


@dataclass(frozen=True, slots=True)
class TokenInfo:
    label: str
    serial: str
    manufacturer: str
    model: str


def zero(secret: bytearray) -> None:
    for i in range(len(secret)):
        secret[i] = 0


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace").strip()
    return str(value).strip()


def token_info(token: Any) -> TokenInfo:
    return TokenInfo(label=_text(token.label), serial=_text(token.serial),
                     manufacturer=_text(token.manufacturer_id), model=_text(token.model))


class TokenHandle(Protocol):
    """One opened token, as the sign-in flow uses it (Pkcs11Token, or a fake in unit tests)."""

    @property
    def info(self) -> TokenInfo: ...
    def pin_status(self) -> PinStatus: ...
    def login(self, pin: bytearray) -> None: ...
    def logout(self) -> None: ...
    def sign(self, data: bytes) -> tuple[str, bytes]: ...
    def certificate_der(self) -> bytes | None: ...


class TokenModule(Protocol):
    """A PKCS#11 module, as the token thread uses it."""

    def tokens(self) -> list[TokenInfo]: ...
    def open(self, serial: str) -> TokenHandle: ...
    def refresh(self) -> None: ...


# CK_RV values the login maps (PKCS#11 v2.40).
_CKR_OK = 0x0
_CKR_DEVICE_REMOVED = 0x32
_CKR_PIN_INCORRECT = 0xA0
_CKR_PIN_INVALID = 0xA1
_CKR_PIN_LEN_RANGE = 0xA2
_CKR_PIN_LOCKED = 0xA4
_CKR_SESSION_HANDLE_INVALID = 0xB3
_CKR_TOKEN_NOT_PRESENT = 0xE0
_CKR_USER_ALREADY_LOGGED_IN = 0x100
_CKU_USER = 1
# Index of C_Login / C_Logout among the function pointers of CK_FUNCTION_LIST.
_C_LOGIN_INDEX = 18
_C_LOGOUT_INDEX = 19


class _RawLogin:
    """C_Login / C_Logout called through the module's own function list.

    Why not python-pkcs11's ``token.open(user_pin=...)``: when C_Login fails it leaves the
    session it opened behind (product.md §3: a failed login must close its session), and it
    needs the PIN as an immutable ``bytes`` copy. Here the session is opened without a PIN
    by python-pkcs11 (so it can always be closed), and the PIN goes to C_Login straight from
    the caller's ``bytearray`` without a copy.
    """

    _FN = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_void_p, ctypes.c_ulong)
    _LOGOUT = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_ulong)

    def __init__(self, module_path: str) -> None:
        dll = ctypes.CDLL(module_path)  # the same loaded image python-pkcs11 uses
        table = ctypes.c_void_p()
        if dll.C_GetFunctionList(ctypes.byref(table)) != _CKR_OK or not table.value:
            raise TokenError("The PKCS#11 module could not be used.")
        pointers = ctypes.cast(table, ctypes.POINTER(ctypes.c_void_p))
        # pointers[0] is CK_VERSION padded to pointer size; functions follow in order.
        self._login = self._FN(pointers[1 + _C_LOGIN_INDEX])
        self._logout = self._LOGOUT(pointers[1 + _C_LOGOUT_INDEX])

    def login(self, session_handle: int, pin: bytearray) -> int:
        if not pin:
            return _CKR_PIN_LEN_RANGE
        view = (ctypes.c_char * len(pin)).from_buffer(pin)
        try:
            return int(self._login(session_handle, _CKU_USER, ctypes.addressof(view), len(pin)))
        finally:
            del view

    def logout(self, session_handle: int) -> None:
        self._logout(session_handle)


class Pkcs11Module:
    """The loaded PKCS#11 module (one per process)."""

    def __init__(self, module_path: str) -> None:
        self.path = module_path
        self._lib = pkcs11.lib(module_path)
        self._raw = _RawLogin(module_path)

    def _slots(self) -> list[Any]:
        try:
            return list(self._lib.get_slots(token_present=True))
        except pkcs11.PKCS11Error:
            raise TokenError("The smartcard software reported a problem. Try again.") from None

    def tokens(self) -> list[TokenInfo]:
        infos = []
        for slot in self._slots():
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                continue  # removed between enumeration and query
            if token.flags & pkcs11.TokenFlag.TOKEN_INITIALIZED:
                infos.append(token_info(token))
        return infos

    def open(self, serial: str) -> Pkcs11Token:
        for slot in self._slots():
            try:
                token = slot.get_token()
            except pkcs11.PKCS11Error:
                continue
            if _text(token.serial) == serial:
                return Pkcs11Token(self, token)
        raise TokenAbsent("The security token is not present.")

    def reinitialize(self) -> None:
        self._lib.reinitialize()

    def refresh(self) -> None:
        """Re-read the module's view of the slots so a re-inserted SoftHSM token appears.

        Only between operations: every open session and token object becomes invalid.
        """
        self._lib.reinitialize()


def _login_error(rv: int) -> TokenError:
    if rv in (_CKR_PIN_INCORRECT, _CKR_PIN_INVALID, _CKR_PIN_LEN_RANGE):
        return WrongPin("The PIN is not correct.")
    if rv == _CKR_PIN_LOCKED:
        return PinLocked("This token's PIN is locked.")
    if rv in (_CKR_TOKEN_NOT_PRESENT, _CKR_DEVICE_REMOVED, _CKR_SESSION_HANDLE_INVALID):
        return TokenAbsent("The security token was removed.")
    return TokenError("The security token refused the sign-in.")


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
            except pkcs11.PKCS11Error:
                raise TokenAbsent("The security token is not present.") from None
            rv = self._module._raw.login(int(session.handle), pin)
            if rv in (_CKR_OK, _CKR_USER_ALREADY_LOGGED_IN):
                self._session = session
                return
            with contextlib.suppress(pkcs11.PKCS11Error):  # a removed token took it along
                session.close()
            raise _login_error(rv)
        finally:
            zero(pin)

    def logout(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            try:
                self._module._raw.logout(int(session.handle))
                session.close()
            except pkcs11.PKCS11Error:
                pass  # removed token: nothing left to close

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
        try:
            return self._sign(data)
        except pkcs11.PKCS11Error:
            raise TokenError("The security token could not sign the sign-in request.") from None

    def _sign(self, data: bytes) -> tuple[str, bytes]:
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
        try:
            for cert in self._session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
                return bytes(cert[Attribute.VALUE])
        except pkcs11.PKCS11Error:
            raise TokenError("The certificate on the security token could not be read.") from None
        return None

