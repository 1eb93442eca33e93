"""The sign-in flow without Qt: messages for every failure, PIN rules, the PIN zeroed."""

from __future__ import annotations

import logging

import pytest

from cpdesk.api import errors
from cpdesk.auth.signin import (
    MESSAGES,
    Failure,
    PinAdvice,
    SignIn,
    SignInFailure,
    Step,
    TokenSigner,
    build_login_message,
    failure_from_api,
)
from cpdesk.auth.token import PinStatus
from tests.signin_steps import sign_in
from tests.unit.signin_fakes import GOOD_PIN, FakeApi, FakeModule, roles, session_info, token

BLOCKED = ("This token is blocked for this session. Remove it and contact your registration "
           "authority.")


def pin(value: bytes = GOOD_PIN) -> bytearray:
    return bytearray(value)


def test_login_message_is_the_five_lines_of_api_md() -> None:
    message = build_login_message("bolton-mock-01", "nurse.demo", "ch-9", "AAEC+/==")
    assert message == (b"child-directory-login-v1\nbolton-mock-01\nnurse.demo\nch-9\nAAEC+/==")
    assert not message.endswith(b"\n")


def test_successful_sign_in_signs_the_exact_message_and_zeroes_the_pin() -> None:
    card = token()
    api = FakeApi()
    secret = pin()
    session = sign_in(api, TokenSigner(FakeModule(card)), "nurse.test", "pw", secret)
    assert session.active_role == "r1"
    assert secret == bytearray(len(GOOD_PIN))
    assert card.signed == [b"child-directory-login-v1\ntest-server-01\nnurse.test\nch-1\n"
                           b"bm9uY2U="]
    assert api.created == [("ch-1", "RSA-PKCS1v15-SHA256", b"SIG:" + card.signed[0][-8:],
                            b"CERT-DER")]
    assert card.opened == card.closed == 1  # logged out after signing


def test_several_roles_need_a_choice_then_select_role() -> None:
    api = FakeApi(session_info(active=None, role_set=roles("Moorside High", "Hindley Green")))
    flow = SignIn(api)
    signer = TokenSigner(FakeModule(token()))
    pending = flow.request_challenge("welfare.test", "pw")
    session = flow.complete(pending, signer.sign("SER-1", pin(), pending.message))
    assert session.active_role is None
    assert flow.choose_role("r2").active_role == "r2"
    assert api.calls[-1] == "select_role:r2"


@pytest.mark.parametrize(("error", "kind", "text"), [
    (errors.ApiError(code="invalid_credentials"), Failure.BAD_CREDENTIALS,
     "User name or password not recognised."),
    (errors.Unreachable(), Failure.UNREACHABLE, "cannot be reached"),
    (errors.RateLimited(code="rate_limited", retry_after=120), Failure.RATE_LIMITED,
     "Try again in 2 minutes"),
])
def test_challenge_failures_have_plain_messages(error: errors.ApiError, kind: Failure,
                                                text: str) -> None:
    api = FakeApi()
    api.fail_challenge = error
    with pytest.raises(SignInFailure) as caught:
        SignIn(api).request_challenge("nurse.test", "pw")
    assert caught.value.kind is kind and caught.value.step is Step.CREDENTIALS
    assert text in str(caught.value)


def test_locked_account_says_the_minutes_left() -> None:
    exc = errors.AccountLocked(code="account_locked", retry_after=14 * 60 + 5)
    failure = failure_from_api(exc, Step.CREDENTIALS)
    assert failure.kind is Failure.ACCOUNT_LOCKED
    assert "15 minutes" in str(failure) and failure.retry_after == 845


@pytest.mark.parametrize(("code", "kind"), [
    ("challenge_expired", Failure.CHALLENGE_EXPIRED),
    ("challenge_used", Failure.CHALLENGE_EXPIRED),
    ("certificate_not_enrolled", Failure.NOT_ENROLLED),
    ("invalid_signature", Failure.NOT_ENROLLED),
])
def test_session_refusals_are_specific(code: str, kind: Failure) -> None:
    api = FakeApi()
    api.fail_session = errors.ApiError(code=code)
    flow = SignIn(api)
    pending = flow.request_challenge("nurse.test", "pw")
    signed = TokenSigner(FakeModule(token())).sign("SER-1", pin(), pending.message)
    with pytest.raises(SignInFailure) as caught:
        flow.complete(pending, signed)
    assert caught.value.kind is kind
    if kind is Failure.CHALLENGE_EXPIRED:
        assert "took too long, try again" in str(caught.value)
    else:
        assert "not registered to this user" in str(caught.value)


def test_no_token_and_several_tokens() -> None:
    with pytest.raises(SignInFailure) as caught:
        TokenSigner(FakeModule()).choose()
    assert caught.value.kind is Failure.NO_TOKEN
    assert str(caught.value) == MESSAGES[Failure.NO_TOKEN]
    two = TokenSigner(FakeModule(token("A"), token("B")))
    assert two.choose() is None  # the user picks
    chosen = two.choose("B")
    assert chosen is not None and chosen.serial == "B"
    one = TokenSigner(FakeModule(token("A")))
    only = one.choose()
    assert only is not None and only.serial == "A"


def test_three_wrong_pins_block_the_token_for_this_insertion() -> None:
    card = token()
    signer = TokenSigner(FakeModule(card))
    messages = []
    for attempt in range(3):
        wrong = pin(b"000000")
        with pytest.raises(SignInFailure) as caught:
            signer.sign("SER-1", wrong, b"m", confirm_final=attempt == 2)
        assert wrong == bytearray(6)
        messages.append((caught.value.kind, caught.value.tries_left, str(caught.value)))
    assert messages[0] == (Failure.WRONG_PIN, 2,
                           "The PIN is not correct. 2 tries left for this token.")
    assert messages[1] == (Failure.WRONG_PIN, 1,
                           "The PIN is not correct. 1 try left for this token.")
    assert messages[2] == (Failure.TOKEN_BLOCKED, 0, BLOCKED)
    # Even the right PIN is refused now, without touching the card.
    before = card.opened
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", pin(), b"m", confirm_final=True)
    assert caught.value.kind is Failure.TOKEN_BLOCKED and card.opened == before
    assert card.opened == card.closed  # every failed login closed its session
    signer.forget_insertion("SER-1")  # removed and re-inserted
    assert signer.sign("SER-1", pin(), b"m").serial == "SER-1"


def test_third_try_needs_explicit_confirmation() -> None:
    card = token()
    signer = TokenSigner(FakeModule(card))
    for _ in range(2):
        with pytest.raises(SignInFailure):
            signer.sign("SER-1", pin(b"1"), b"m")
    assert signer.advice("SER-1") is PinAdvice.FINAL_TRY
    opened = card.opened
    unconfirmed = pin()
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", unconfirmed, b"m")
    assert caught.value.kind is Failure.CONFIRM_FINAL_TRY
    assert card.opened == opened and unconfirmed == bytearray(len(GOOD_PIN))
    assert signer.sign("SER-1", pin(), b"m", confirm_final=True).signature


def test_token_pin_flags() -> None:
    low = token(status=PinStatus(count_low=True))
    signer = TokenSigner(FakeModule(low))
    assert signer.advice("SER-1") is PinAdvice.COUNT_LOW
    assert signer.sign("SER-1", pin(), b"m").signature  # a warning, not a stop

    final = token(status=PinStatus(final_try=True))
    signer = TokenSigner(FakeModule(final))
    assert signer.advice("SER-1") is PinAdvice.FINAL_TRY
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", pin(), b"m")
    assert caught.value.kind is Failure.CONFIRM_FINAL_TRY and final.opened == 0
    assert signer.sign("SER-1", pin(), b"m", confirm_final=True).signature

    locked = token(status=PinStatus(locked=True))
    signer = TokenSigner(FakeModule(locked))
    assert signer.advice("SER-1") is PinAdvice.LOCKED
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", pin(), b"m", confirm_final=True)
    assert caught.value.kind is Failure.PIN_LOCKED and locked.opened == 0
    assert "locked" in str(caught.value)


def test_removed_token_and_missing_certificate() -> None:
    card = token()
    signer = TokenSigner(FakeModule(card))
    card.present = False
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", pin(), b"m")
    assert caught.value.kind is Failure.TOKEN_REMOVED
    bare = token(certificate=None)
    with pytest.raises(SignInFailure) as caught:
        TokenSigner(FakeModule(bare)).sign("SER-1", pin(), b"m")
    assert caught.value.kind is Failure.NO_CERTIFICATE and bare.opened == bare.closed


def test_unlock_confirms_the_server_session() -> None:
    api = FakeApi()
    assert SignIn(api).confirm_alive() is api.session
    api.fail_get = errors.SessionExpired(code="session_expired")
    assert SignIn(api).confirm_alive() is None


def test_secrets_never_reach_logs_or_exception_text(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    sentinel_pin = b"ZZSENTINEL-PIN-9931"
    sentinel_password = "ZZSENTINEL-PW-7712"
    texts: list[str] = []
    card = token()
    signer = TokenSigner(FakeModule(card))
    api = FakeApi()
    for fail in (None, errors.ApiError(code="invalid_credentials")):
        api.fail_challenge = fail
        try:
            sign_in(api, signer, "nurse.test", sentinel_password, bytearray(sentinel_pin),
                    confirm_final=True)
        except SignInFailure as exc:
            texts += [str(exc), repr(exc), repr(exc.args)]
    assert card.seen_pins == [sentinel_pin]  # it reached the token, once
    assert api.passwords == [sentinel_password, sentinel_password]
    haystack = "\n".join(texts + [r.getMessage() for r in caplog.records])
    assert texts and "ZZSENTINEL" not in haystack
