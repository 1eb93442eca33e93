"""Sign-in end to end without Qt: real SoftHSM demo tokens, the real server over HTTP."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import FACTORS_REFUSED, Failure, SignIn, SignInFailure, TokenSigner
from cpdesk.auth.token import Pkcs11Module
from mock_server.tokens.demo_users import DEMO_USERS, DemoUser, demo_user
from mock_server.tokens.softhsm import TokenDir
from tests.integration.signin_server import LiveServer
from tests.signin_steps import sign_in

NURSE = demo_user("nurse.demo")
WELFARE = demo_user("welfare.demo")


@pytest.fixture
def client(server: LiveServer) -> Iterator[DirectoryClient]:
    api = DirectoryClient(server.url)
    yield api
    api.close()


@pytest.fixture(scope="module")
def signer(softhsm_module: str) -> TokenSigner:
    return TokenSigner(Pkcs11Module(softhsm_module))


def pin_of(user: DemoUser) -> bytearray:
    return bytearray(user.pin.encode())


@pytest.mark.parametrize("user", DEMO_USERS, ids=lambda u: u.username)
def test_each_demo_user_signs_in(user: DemoUser, server: LiveServer, client: DirectoryClient,
                                 signer: TokenSigner) -> None:
    pin = pin_of(user)
    session = sign_in(client, signer, user.username, user.password, pin,
                      serial=server.serials[user.username])
    assert pin == bytearray(len(user.pin))
    assert session.user.username == user.username
    assert len(session.roles) == len(user.roles)
    if len(user.roles) > 1:
        assert session.active_role is None  # the user must choose
        session = SignIn(client).choose_role(session.roles[1].role_id)
        assert session.role is not None
        assert session.role.organisation == user.roles[1].organisation
    else:
        assert session.role is not None and session.role.role == user.roles[0].role
    assert client.get_session().user.display_name == user.display_name


def test_wrong_password_is_one_generic_message_after_the_card(
        server: LiveServer, client: DirectoryClient, signer: TokenSigner) -> None:
    """The password is checked with the card's signature: a wrong one, or an unknown user,
    is only refused then, with the message every failed factor gets."""
    for username in (NURSE.username, "nobody.at.all"):
        with pytest.raises(SignInFailure) as caught:
            sign_in(client, signer, username, "Not-the-password-1", pin_of(NURSE),
                    serial=server.serials[NURSE.username])
        assert caught.value.kind is Failure.BAD_CREDENTIALS
        assert str(caught.value) == FACTORS_REFUSED


def test_three_wrong_pins_block_the_token(server: LiveServer, client: DirectoryClient,
                                          softhsm_module: str) -> None:
    signer = TokenSigner(Pkcs11Module(softhsm_module))  # a fresh insertion count
    serial = server.serials[NURSE.username]
    seen = []
    for attempt in range(3):
        with pytest.raises(SignInFailure) as caught:
            sign_in(client, signer, NURSE.username, NURSE.password, bytearray(b"000000"),
                    serial=serial, confirm_final=attempt == 2)
        seen.append((caught.value.kind, caught.value.tries_left))
    assert seen == [(Failure.WRONG_PIN, 2), (Failure.WRONG_PIN, 1), (Failure.TOKEN_BLOCKED, 0)]
    with pytest.raises(SignInFailure) as caught:
        sign_in(client, signer, NURSE.username, NURSE.password, pin_of(NURSE), serial=serial,
                confirm_final=True)
    assert caught.value.kind is Failure.TOKEN_BLOCKED
    assert "Remove it and contact your registration authority" in str(caught.value)


def test_five_failures_lock_the_account_with_minutes_left(
        server: LiveServer, client: DirectoryClient, signer: TokenSigner) -> None:
    kinds = []
    for _ in range(6):
        with pytest.raises(SignInFailure) as caught:
            sign_in(client, signer, WELFARE.username, "Wrong-password-9", pin_of(WELFARE),
                    serial=server.serials[WELFARE.username])
        kinds.append(caught.value.kind)
    assert kinds[:4] == [Failure.BAD_CREDENTIALS] * 4
    assert kinds[4:] == [Failure.ACCOUNT_LOCKED] * 2
    assert "Try again in 15 minutes" in str(caught.value)
    with pytest.raises(SignInFailure) as caught:  # even the right password now
        SignIn(client).request_challenge(WELFARE.username, WELFARE.password)
    assert caught.value.kind is Failure.ACCOUNT_LOCKED


def test_replayed_and_expired_challenges_are_refused(server: LiveServer,
                                                     client: DirectoryClient,
                                                     signer: TokenSigner) -> None:
    flow = SignIn(client)
    serial = server.serials[NURSE.username]
    pending = flow.request_challenge(NURSE.username, NURSE.password)
    signed = signer.sign(serial, pin_of(NURSE), pending.message)
    assert flow.complete(pending, signed).user.username == NURSE.username
    with pytest.raises(SignInFailure) as caught:
        flow.complete(pending, signed)  # replay
    assert caught.value.kind is Failure.CHALLENGE_EXPIRED
    late = flow.request_challenge(NURSE.username, NURSE.password)
    signed = signer.sign(serial, pin_of(NURSE), late.message)
    server.clock.offset += 61
    with pytest.raises(SignInFailure) as caught:
        flow.complete(late, signed)
    assert caught.value.kind is Failure.CHALLENGE_EXPIRED
    assert "took too long, try again" in str(caught.value)


def test_someone_elses_card_is_refused(server: LiveServer, client: DirectoryClient,
                                       signer: TokenSigner) -> None:
    with pytest.raises(SignInFailure) as caught:
        sign_in(client, signer, NURSE.username, NURSE.password, pin_of(WELFARE),
                serial=server.serials[WELFARE.username])
    assert caught.value.kind is Failure.BAD_CREDENTIALS
    assert "the card is your own" in str(caught.value)


def test_unlock_needs_the_server_session_alive(server: LiveServer, client: DirectoryClient,
                                               signer: TokenSigner) -> None:
    serial = server.serials[NURSE.username]
    sign_in(client, signer, NURSE.username, NURSE.password, pin_of(NURSE), serial=serial)
    signer.verify_pin(serial, pin_of(NURSE))
    alive = SignIn(client).confirm_alive()
    assert alive is not None and alive.user.username == NURSE.username
    client.logout()
    assert SignIn(client).confirm_alive() is None


def test_sentinel_password_and_pin_leave_no_trace(server: LiveServer, client: DirectoryClient,
                                                  softhsm_module: str, token_dir: TokenDir,
                                                  enrolled: tuple[Path, dict[str, str]],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    password = "ZZSENTINEL-PW-5d41402a"
    pin = "ZZSENTINEL-PIN-7d793037"
    signer = TokenSigner(Pkcs11Module(softhsm_module))
    texts: list[str] = []
    serial = server.serials[NURSE.username]
    for user_password, user_pin in ((password, NURSE.pin), (NURSE.password, pin)):
        try:
            sign_in(client, signer, NURSE.username, user_password,
                    bytearray(user_pin.encode()), serial=serial)
        except SignInFailure as exc:
            texts += [str(exc), repr(exc.args), repr(exc.__cause__), repr(exc.__context__)]
    assert len(texts) == 8
    logged = [r.getMessage() + repr(r.args) for r in caplog.records]
    assert not [t for t in texts + logged if "ZZSENTINEL" in t]
    for root in (enrolled[0].parent, token_dir.root):  # the server's files and the tokens
        for path in root.rglob("*"):
            if path.is_file() and path.stat().st_size < 50_000_000:
                try:
                    data = path.read_bytes()
                except OSError:
                    continue
                assert b"ZZSENTINEL" not in data, path
