"""A real SoftHSM2 token: keys generated on the token, a signature verified by cryptography."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

from cpdesk.auth.token import Pkcs11Module, WrongPin
from mock_server.tokens.demo_users import DEMO_USERS, SO_PIN
from mock_server.tokens.devtokens import ensure_demo_tokens, ensure_keypair, load_module
from mock_server.tokens.softhsm import TokenDir, init_token


def test_demo_tokens_are_idempotent(demo_tokens, softhsm_module: str,  # type: ignore[no-untyped-def]
                                    token_dir: TokenDir) -> None:
    again = ensure_demo_tokens(softhsm_module, token_dir)
    assert {t.username for t in again} == {u.username for u in DEMO_USERS}
    assert not any(t.created for t in again)
    assert [t.serial for t in again] == [t.serial for t in demo_tokens]


def test_sign_on_token_and_verify_with_cryptography(demo_tokens,  # type: ignore[no-untyped-def]
                                                    softhsm_module: str) -> None:
    module = Pkcs11Module(softhsm_module)
    nurse = DEMO_USERS[0]
    serial = next(t.serial for t in demo_tokens if t.username == nurse.username)
    assert serial in {t.serial for t in module.tokens()}
    token = module.open(serial)
    pin = bytearray(nurse.pin.encode())
    token.login(pin)
    assert pin == bytearray(len(nurse.pin))  # zeroed after use
    try:
        algorithm, signature = token.sign(b"child-directory-login-v1\ntest")
        public = serialization.load_der_public_key(token.public_key_der())
    finally:
        token.logout()
    assert algorithm == "RSA-PKCS1v15-SHA256"
    public.verify(signature, b"child-directory-login-v1\ntest",  # type: ignore[union-attr,call-arg]
                  padding.PKCS1v15(), hashes.SHA256())
    with pytest.raises(Exception):  # noqa: B017 - any cryptography InvalidSignature
        public.verify(signature, b"tampered",  # type: ignore[union-attr,call-arg]
                      padding.PKCS1v15(), hashes.SHA256())


def test_wrong_pin_is_refused_and_pin_zeroed(demo_tokens, softhsm_module: str) -> None:  # type: ignore[no-untyped-def]
    module = Pkcs11Module(softhsm_module)
    token = module.open(demo_tokens[1].serial)
    pin = bytearray(b"000000")
    with pytest.raises(WrongPin):
        token.login(pin)
    assert pin == bytearray(6)


def test_ecdsa_key_on_token_signs_verifiably(softhsm_module: str, token_dir: TokenDir) -> None:
    init_token(token_dir, "cpdesk-ec-test", "424242", SO_PIN)
    lib = load_module(softhsm_module, token_dir)
    lib.reinitialize()
    from pkcs11 import KeyType

    ensure_keypair(lib, "cpdesk-ec-test", "424242", key_type=KeyType.EC)
    module = Pkcs11Module(softhsm_module)
    info = next(t for t in module.tokens() if t.label == "cpdesk-ec-test")
    token = module.open(info.serial)
    token.login(bytearray(b"424242"))
    try:
        algorithm, signature = token.sign(b"message")
        public = serialization.load_der_public_key(token.public_key_der())
    finally:
        token.logout()
    assert algorithm == "ECDSA-P256-SHA256"
    assert isinstance(public, ec.EllipticCurvePublicKey)
    public.verify(signature, b"message", ec.ECDSA(hashes.SHA256()))
