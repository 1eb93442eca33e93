"""What the sign-in screens and steps know of a token, without python-pkcs11 (issue 18:
about 40 ms to import, which the sign-in window does not need): the errors, the PIN flags,
the token's description, the protocols the sign-in flow works through, and whose card it is.
``token`` and ``token_keys`` hold the PKCS#11 side (the token thread) and re-export these.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Protocol

# cryptography (about 40 ms to import) is imported where a certificate is read, on the token
# thread, not when the sign-in window is built (docs/performance.md, cold start).


class TokenError(Exception):
    """A token operation failed; the message is safe to show."""


class WrongPin(TokenError):
    pass


class PinLocked(TokenError):
    pass


class TokenAbsent(TokenError):
    pass


class NoCertificate(TokenError):
    pass


@dataclass(frozen=True, slots=True)
class PinStatus:
    """The token's PIN flags, read fresh before each try (SoftHSM never sets them)."""

    count_low: bool = False
    final_try: bool = False
    locked: bool = False

    @classmethod
    def from_flags(cls, flags: int) -> PinStatus:
        import pkcs11  # on the token thread, where the flags are read

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


def certificate_score(der: bytes) -> int | None:
    """How well a certificate fits sign-in: higher is better; None = must not be used."""
    from cryptography import x509
    from cryptography.x509.oid import ExtendedKeyUsageOID

    try:
        cert = x509.load_der_x509_certificate(der)
        extensions = cert.extensions
    except ValueError:
        return None
    score = 1
    with contextlib.suppress(x509.ExtensionNotFound):
        usage = extensions.get_extension_for_class(x509.KeyUsage).value
        if not usage.digital_signature:
            return None
        score += 2
    with contextlib.suppress(x509.ExtensionNotFound):
        purposes = extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
        if ExtendedKeyUsageOID.CLIENT_AUTH in purposes:
            score += 4
        elif ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE not in purposes:
            score -= 1  # e.g. e-mail protection only: usable, but a last resort
    return score


@dataclass(frozen=True, slots=True)
class CardHolder:
    """Whose card it is, from its sign-in certificate's subject (issue 16: card first)."""

    name: str  # the subject's common name: the directory user name on enrolled cards
    organisation: str | None


def card_holder(ders: list[bytes]) -> CardHolder | None:
    """The holder named by the best sign-in certificate among ``ders`` (None: none fits)."""
    scored = [(score, der) for der in ders if (score := certificate_score(der)) is not None]
    if not scored:
        return None
    best = max(scored, key=lambda pair: pair[0])[1]
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    subject = x509.load_der_x509_certificate(best).subject

    def first(oid: x509.ObjectIdentifier) -> str | None:
        found = subject.get_attributes_for_oid(oid)
        value = found[0].value if found else None
        return value.strip() or None if isinstance(value, str) else None

    name = first(NameOID.COMMON_NAME)
    return None if name is None else CardHolder(name, first(NameOID.ORGANIZATION_NAME))
