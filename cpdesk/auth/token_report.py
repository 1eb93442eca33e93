"""What ``cpdesk --self-test`` says about the cards in the reader, without a PIN.

For each physical card: its label, serial, maker and model, how many slots it shows, its PIN
flags, and the authentication certificate sign-in would send (subject, expiry, the key ID it
pairs with and whether a public key with that ID is on the card). Certificates and public
keys are public objects, so no PIN is asked; the private key is paired after the PIN, at
sign-in, by the same rules (``token_keys``).

Threading: whoever calls it owns the module (the self-test has no token thread).
"""

from __future__ import annotations

from dataclasses import dataclass

import pkcs11
from cryptography import x509
from pkcs11 import Attribute, ObjectClass

from cpdesk.auth.token import PinStatus, Pkcs11Module, TokenError, token_info, translate
from cpdesk.auth.token_keys import certificate_score, certificates, public_key_spki


@dataclass(frozen=True, slots=True)
class CardReport:
    label: str
    serial: str
    maker: str
    slots: int
    flags: str
    certificate: str


def _flags(status: PinStatus) -> str:
    named = [name for name, on in (("PIN locked", status.locked),
                                   ("PIN final try", status.final_try),
                                   ("PIN count low", status.count_low)) if on]
    return ", ".join(named) or "PIN OK"


def _describe_certificate(session: object) -> str:
    best: tuple[int, bytes, bytes] | None = None
    for key_id, der in certificates(session):
        score = certificate_score(der)
        if score is not None and (best is None or score > best[0]):
            best = (score, key_id, der)
    if best is None:
        return "none usable (enrol this card)"
    _, key_id, der = best
    cert = x509.load_der_x509_certificate(der)
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    subject = str(names[0].value) if names else cert.subject.rfc4514_string()
    publics = list(session.get_objects(  # type: ignore[attr-defined]
        {Attribute.CLASS: ObjectClass.PUBLIC_KEY, Attribute.ID: key_id}))
    key = "public key on the card" if any(public_key_spki(p) for p in publics) else \
        "public key not shown before the PIN"
    return (f"{subject}, expires {cert.not_valid_after_utc.date().isoformat()}, "
            f"key ID {key_id.hex() or '(none)'} ({key})")


def card_reports(module: Pkcs11Module) -> list[CardReport]:
    """One report per card present; raises TokenError when the module cannot list them."""
    reports = []
    for serial, slots in module.cards().items():
        info = token_info(slots[0])
        try:
            token = module.open(serial)
            flags = _flags(token.pin_status())
            with token.slot_token.open() as session:
                certificate = _describe_certificate(session)
        except pkcs11.PKCS11Error as exc:
            raise translate(exc, module.path) from None
        except TokenError as exc:
            flags, certificate = "unreadable", str(exc)
        reports.append(CardReport(info.label, serial, f"{info.manufacturer} {info.model}",
                                  len(slots), flags, certificate))
    return reports
