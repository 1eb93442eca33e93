"""The mock server's own certificate authority (ECDSA P-256), kept beside the database.

``<db>.ca/ca-key.pem`` and ``<db>.ca/ca-cert.pem`` are made on first use. The CA issues an
X.509 authentication certificate for a public key generated on a user's token; the server
then accepts exactly the certificate it enrolled for that user. Synthetic, for a mock only:
the CA key is stored unencrypted with owner-only permissions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_NAME = "cpdesk mock directory CA"
DEFAULT_VALIDITY_DAYS = 730


@dataclass(frozen=True, slots=True)
class IssuedCertificate:
    der: bytes
    subject_der: bytes
    issuer_der: bytes
    serial_der: bytes  # DER INTEGER, as CKA_SERIAL_NUMBER wants it
    not_after: datetime


def ca_dir_for(db_path: str | Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".ca")


def _der_integer(value: int) -> bytes:
    body = value.to_bytes((value.bit_length() + 8) // 8, "big")
    return bytes([0x02, len(body)]) + body


class CertificateAuthority:
    def __init__(self, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> None:
        self._key = key
        self.certificate = cert

    @classmethod
    def beside(cls, db_path: str | Path) -> CertificateAuthority:
        return cls.load_or_create(ca_dir_for(db_path))

    @classmethod
    def load_or_create(cls, directory: Path) -> CertificateAuthority:
        key_path, cert_path = directory / "ca-key.pem", directory / "ca-cert.pem"
        if key_path.exists() and cert_path.exists():
            key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
            if not isinstance(key, ec.EllipticCurvePrivateKey):
                raise ValueError("The mock CA key is not an EC key.")
            return cls(key, x509.load_pem_x509_certificate(cert_path.read_bytes()))
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, CA_NAME),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "cpdesk mock")])
        now = datetime.now(UTC)
        cert = (x509.CertificateBuilder()
                .subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(minutes=5))
                .not_valid_after(now + timedelta(days=3650))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(
                    digital_signature=False, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=True,
                    crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
                .sign(key, hashes.SHA256()))
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return cls(key, cert)

    def issue(self, public_key_der: bytes, username: str, organisation: str = "",
              *, days: int = DEFAULT_VALIDITY_DAYS,
              now: datetime | None = None) -> IssuedCertificate:
        """An authentication certificate for this SubjectPublicKeyInfo (DER)."""
        public_key = serialization.load_der_public_key(public_key_der)
        now = now or datetime.now(UTC)
        attributes = [x509.NameAttribute(NameOID.COMMON_NAME, username)]
        if organisation:
            attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
        subject = x509.Name(attributes)
        serial = x509.random_serial_number()
        cert = (x509.CertificateBuilder()
                .subject_name(subject).issuer_name(self.certificate.subject)
                .public_key(public_key)  # type: ignore[arg-type]
                .serial_number(serial)
                .not_valid_before(now - timedelta(minutes=5))
                .not_valid_after(now + timedelta(days=days))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(
                    digital_signature=True, content_commitment=False, key_encipherment=False,
                    data_encipherment=False, key_agreement=False, key_cert_sign=False,
                    crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]),
                               critical=False)
                .sign(self._key, hashes.SHA256()))
        return IssuedCertificate(
            der=cert.public_bytes(serialization.Encoding.DER),
            subject_der=subject.public_bytes(),
            issuer_der=self.certificate.subject.public_bytes(),
            serial_der=_der_integer(serial),
            not_after=cert.not_valid_after_utc,
        )

    def issued(self, der: bytes, public_key_der: bytes, *, min_days_left: int = 0) -> bool:
        """True when this CA signed ``der`` for this key and it stays valid that long."""
        try:
            cert = x509.load_der_x509_certificate(der)
            self._key.public_key().verify(cert.signature, cert.tbs_certificate_bytes,
                                          ec.ECDSA(hashes.SHA256()))
        except (ValueError, InvalidSignature):
            return False
        spki = cert.public_key().public_bytes(serialization.Encoding.DER,
                                              serialization.PublicFormat.SubjectPublicKeyInfo)
        left = cert.not_valid_after_utc - datetime.now(UTC)
        return spki == public_key_der and left > timedelta(days=min_days_left)
