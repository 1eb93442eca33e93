"""The authentication key is found by what it is, on a real SoftHSM token whose labels are
not ours: a private key that can sign, paired by CKA_ID with a certificate holding its public
key; a client-authentication certificate beats an e-mail one; a certificate whose key is not
the private key's, or whose key usage forbids signing, is never sent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

from cpdesk.auth.signin import Failure, SignInFailure, TokenSigner
from cpdesk.auth.token import Pkcs11Module
from cpdesk.auth.token_keys import certificate_score
from mock_server.tokens.demo_users import SO_PIN
from mock_server.tokens.devtokens import load_module
from mock_server.tokens.softhsm import TokenDir, init_token

PIN = "731731"
ISSUER_KEY = ec.generate_private_key(ec.SECP256R1())


def certificate(spki: bytes, name: str, *, purposes: list[x509.ObjectIdentifier] | None,
                signing: bool = True) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder()
               .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
               .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test CA")]))
               .public_key(serialization.load_der_public_key(spki))  # type: ignore[arg-type]
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(minutes=1))
               .not_valid_after(now + timedelta(days=30))
               .add_extension(x509.KeyUsage(
                   digital_signature=signing, content_commitment=False,
                   key_encipherment=not signing, data_encipherment=False, key_agreement=False,
                   key_cert_sign=False, crl_sign=False, encipher_only=False,
                   decipher_only=False), critical=True))
    if purposes is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage(purposes), critical=False)
    return builder.sign(ISSUER_KEY, hashes.SHA256())


def spki_of(public: object) -> bytes:
    from pkcs11.util.rsa import encode_rsa_public_key

    return serialization.load_der_public_key(
        encode_rsa_public_key(public)).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def store(session: object, cert: x509.Certificate, key_id: bytes, label: str) -> None:
    session.create_object({  # type: ignore[attr-defined]
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.TOKEN: True,
        Attribute.PRIVATE: False, Attribute.LABEL: label, Attribute.ID: key_id,
        Attribute.SUBJECT: cert.subject.public_bytes(),
        Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})


@pytest.fixture
def card(softhsm_module: str, token_dir: TokenDir) -> tuple[str, dict[str, bytes], str]:
    """A token laid out like a real card: three key pairs under card-chosen labels."""
    label = f"card-{uuid.uuid4().hex[:10]}"
    init_token(token_dir, label, PIN, SO_PIN)
    lib = load_module(softhsm_module, token_dir)
    lib.reinitialize()
    certs: dict[str, bytes] = {}
    with lib.get_token(token_label=label).open(rw=True, user_pin=PIN) as session:
        keys = {key_id: session.generate_keypair(KeyType.RSA, 2048, store=True,
                                                 label=name, id=key_id)
                for key_id, name in ((b"\x01", "Signature key"), (b"\x02", "Encryption key"),
                                     (b"\x03", "Authentication key"))}
        mail = certificate(spki_of(keys[b"\x01"][0]), "mail",
                           purposes=[ExtendedKeyUsageOID.EMAIL_PROTECTION])
        no_signing = certificate(spki_of(keys[b"\x02"][0]), "encryption", purposes=None,
                                 signing=False)
        client = certificate(spki_of(keys[b"\x03"][0]), "client",
                             purposes=[ExtendedKeyUsageOID.CLIENT_AUTH])
        for cert, key_id, name in ((mail, b"\x01", "SIG certificate"),
                                   (no_signing, b"\x02", "ENC certificate"),
                                   (client, b"\x03", "AUT certificate")):
            store(session, cert, key_id, name)
            certs[name] = cert.public_bytes(serialization.Encoding.DER)
    return serial_of(lib, label), certs, label


def serial_of(lib: object, label: str) -> str:
    serial = lib.get_token(token_label=label).serial  # type: ignore[attr-defined]
    return (serial.decode() if isinstance(serial, bytes) else str(serial)).strip()


def test_client_authentication_certificate_and_its_key_are_chosen(
        softhsm_module: str, card: tuple[str, dict[str, bytes], str]) -> None:
    serial, certs, _ = card
    module = Pkcs11Module(softhsm_module)
    module.refresh()
    signed = TokenSigner(module).sign(serial, bytearray(PIN.encode()), b"challenge")
    assert signed.certificate_der == certs["AUT certificate"]
    public = x509.load_der_x509_certificate(signed.certificate_der).public_key()
    public.verify(signed.signature, b"challenge",  # type: ignore[union-attr,call-arg]
                  padding.PKCS1v15(), hashes.SHA256())


def test_a_certificate_whose_key_is_not_the_private_key_is_never_sent(
        softhsm_module: str, card: tuple[str, dict[str, bytes], str],
        token_dir: TokenDir) -> None:
    """The AUT certificate replaced by one for another key under the same CKA_ID: the
    e-mail certificate (which does pair) is the only honest choice left."""
    serial, certs, label = card
    lib = load_module(softhsm_module, token_dir)
    stranger = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    with lib.get_token(token_label=label).open(rw=True, user_pin=PIN) as session:
        for old in list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE,
                                             Attribute.ID: b"\x03"})):
            old.destroy()
        store(session, certificate(stranger, "stranger",
                                   purposes=[ExtendedKeyUsageOID.CLIENT_AUTH]), b"\x03", "AUT")
    signed = TokenSigner(Pkcs11Module(softhsm_module)).sign(serial, bytearray(PIN.encode()),
                                                            b"challenge")
    assert signed.certificate_der == certs["SIG certificate"]


def test_a_token_without_a_usable_certificate_says_so(
        softhsm_module: str, token_dir: TokenDir) -> None:
    label = f"bare-{uuid.uuid4().hex[:10]}"
    init_token(token_dir, label, PIN, SO_PIN)
    lib = load_module(softhsm_module, token_dir)
    lib.reinitialize()
    with lib.get_token(token_label=label).open(rw=True, user_pin=PIN) as session:
        session.generate_keypair(KeyType.RSA, 2048, store=True, label="k", id=b"\x07")
    serial = serial_of(lib, label)
    with pytest.raises(SignInFailure) as failure:
        TokenSigner(Pkcs11Module(softhsm_module)).sign(serial, bytearray(PIN.encode()), b"x")
    assert failure.value.kind is Failure.NO_CERTIFICATE


def test_certificate_scores_rank_purposes() -> None:
    spki = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    def score(**kwargs: object) -> int | None:
        cert = certificate(spki, "x", **kwargs)  # type: ignore[arg-type]
        return certificate_score(cert.public_bytes(serialization.Encoding.DER))

    client = score(purposes=[ExtendedKeyUsageOID.CLIENT_AUTH])
    anything = score(purposes=None)
    mail = score(purposes=[ExtendedKeyUsageOID.EMAIL_PROTECTION])
    assert client is not None and anything is not None and mail is not None
    assert client > anything > mail
    assert score(purposes=None, signing=False) is None
    assert certificate_score(b"not a certificate") is None
