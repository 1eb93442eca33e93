"""C_Login / C_Logout through the function list python-pkcs11 already initialised.

Why not python-pkcs11's ``token.open(user_pin=...)``: when C_Login fails it leaves the session
it opened behind (product.md §3: a failed login must close its session), and it wants the PIN
as an immutable ``str``. Here the session is opened without a PIN by python-pkcs11 (so it can
always be closed), and the PIN goes to C_Login straight from the caller's ``bytearray``.

Why not a second ``C_GetFunctionList``: some modules hand out a *new* function list on every
call — p11-kit-proxy does, and its fresh list is uninitialised and knows none of the sessions
python-pkcs11 opened. So the one list python-pkcs11 holds is used. python-pkcs11 (0.9–0.10)
keeps that ``CK_FUNCTION_LIST *`` as the first C field of its ``lib`` object, right after the
Python object header (``cdef class HasFuncList``). Before trusting it, the list is checked:
its version must be a PKCS#11 2.x/3.x version and its ``C_GetInfo`` must describe the same
library python-pkcs11 describes. Anything else refuses to load the module.
"""

from __future__ import annotations

import ctypes
from typing import Any

CKR_OK = 0x0
CKU_SO = 0
CKU_USER = 1
CKR_PIN_LEN_RANGE = 0xA2

# Index of each function among the pointers of CK_FUNCTION_LIST (after CK_VERSION).
_C_GET_INFO = 2
_C_LOGIN = 18
_C_LOGOUT = 19

_LOGIN = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_void_p,
                          ctypes.c_ulong)
_LOGOUT = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_ulong)
_GET_INFO = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.c_void_p)


class _Version(ctypes.Structure):
    _fields_ = (("major", ctypes.c_ubyte), ("minor", ctypes.c_ubyte))


class _Info(ctypes.Structure):
    """CK_INFO (PKCS#11 v2.40 §3.1)."""

    _fields_ = (("cryptoki_version", _Version), ("manufacturer_id", ctypes.c_char * 32),
                ("flags", ctypes.c_ulong), ("library_description", ctypes.c_char * 32),
                ("library_version", _Version))


class FunctionListUnavailable(Exception):
    """python-pkcs11's function list could not be found or did not check out."""


def _padded(text: bytes) -> str:
    return text.decode("utf-8", "replace").rstrip(" \x00")


def function_list_of(lib: Any) -> int:
    """The address of the ``CK_FUNCTION_LIST`` python-pkcs11's ``lib`` object is using."""
    address = ctypes.c_void_p.from_address(id(lib) + object.__basicsize__).value
    if not address:
        raise FunctionListUnavailable("no function list")
    version = _Version.from_address(address)
    if version.major not in (2, 3):
        raise FunctionListUnavailable("not a PKCS#11 function list")
    pointers = ctypes.cast(ctypes.c_void_p(address), ctypes.POINTER(ctypes.c_void_p))
    info = _Info()
    if _GET_INFO(pointers[1 + _C_GET_INFO])(ctypes.addressof(info)) != CKR_OK:
        raise FunctionListUnavailable("C_GetInfo failed")
    if (_padded(info.manufacturer_id) != str(lib.manufacturer_id).rstrip()
            or _padded(info.library_description) != str(lib.library_description).rstrip()):
        raise FunctionListUnavailable("the function list describes another library")
    return int(address)


class RawLogin:
    """C_Login with a PIN read in place from a ``bytearray``; C_Logout. Token thread only."""

    def __init__(self, lib: Any) -> None:
        address = function_list_of(lib)
        pointers = ctypes.cast(ctypes.c_void_p(address), ctypes.POINTER(ctypes.c_void_p))
        # pointers[0] is CK_VERSION padded to pointer size; functions follow in order.
        self._login = _LOGIN(pointers[1 + _C_LOGIN])
        self._logout = _LOGOUT(pointers[1 + _C_LOGOUT])

    def login(self, session_handle: int, pin: bytearray, user_type: int = CKU_USER) -> int:
        """The CK_RV of C_Login; the PIN is not copied (the caller zeroes it)."""
        if not pin:
            return CKR_PIN_LEN_RANGE
        view = (ctypes.c_char * len(pin)).from_buffer(pin)
        try:
            return int(self._login(session_handle, user_type, ctypes.addressof(view), len(pin)))
        finally:
            del view

    def logout(self, session_handle: int) -> int:
        return int(self._logout(session_handle))
