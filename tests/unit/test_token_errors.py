"""What the middleware's return values mean to the user (issue 12's table): OpenSC's
CKR_USER_NOT_LOGGED_IN at C_Login is a wrong PIN; the four "card gone" codes from any call
are a removal; the card's own flags cap the tries left; anything else names the module.

The real card leg (tests/realcard) produces these codes from real middleware; these tests
pin the mapping for every code, including ones that leg cannot provoke on demand."""

from __future__ import annotations

import pkcs11
import pytest

from cpdesk.auth.signin import Failure, SignInFailure, TokenSigner
from cpdesk.auth.token import (
    PinLocked,
    PinStatus,
    Pkcs11Module,
    TokenAbsent,
    TokenError,
    WrongPin,
    _login_error,
    translate,
)
from tests.unit.signin_fakes import FakeModule, FakeToken, token

MODULE = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"


@pytest.mark.parametrize("rv", [0xA0, 0xA1, 0xA2, 0x101])
def test_wrong_pin_codes(rv: int) -> None:
    assert isinstance(_login_error(rv, MODULE), WrongPin)


@pytest.mark.parametrize("rv", [0x32, 0xB0, 0xB3, 0xE0])
def test_card_gone_codes_at_login(rv: int) -> None:
    assert isinstance(_login_error(rv, MODULE), TokenAbsent)


def test_pin_locked_code() -> None:
    assert isinstance(_login_error(0xA4, MODULE), PinLocked)


def test_an_unknown_code_names_the_module_and_the_code() -> None:
    error = _login_error(0x5, MODULE)  # CKR_GENERAL_ERROR
    assert type(error) is TokenError
    assert "opensc-pkcs11.so" in str(error) and "0x5" in str(error)
    assert "Traceback" not in str(error)


@pytest.mark.parametrize("kind", [pkcs11.DeviceRemoved, pkcs11.SessionHandleInvalid,
                                  pkcs11.SessionClosed, pkcs11.TokenNotPresent])
def test_card_gone_from_any_call(kind: type[Exception]) -> None:
    assert isinstance(translate(kind(), MODULE), TokenAbsent)


def test_other_library_errors_name_the_module() -> None:
    error = translate(pkcs11.FunctionFailed(), MODULE)
    assert type(error) is TokenError
    assert str(error).startswith("The smartcard software (opensc-pkcs11.so) reported a problem"
                                 " (FunctionFailed)")


class SelfCountingCard(FakeToken):
    """A card whose flags change after a wrong PIN, as a real card's retry counter does."""

    after_wrong: PinStatus = PinStatus()

    def login(self, pin: bytearray) -> None:
        try:
            super().login(pin)
        except WrongPin:
            self.status = self.after_wrong
            raise


def card_reporting(after_wrong: PinStatus) -> SelfCountingCard:
    card = SelfCountingCard(token().info)
    card.after_wrong = after_wrong
    return card


def test_the_cards_final_try_flag_caps_the_tries_left() -> None:
    """A card that came in with tries already used: our count says 2, the card says 1."""
    card = card_reporting(PinStatus(final_try=True))
    signer = TokenSigner(FakeModule(card))
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", bytearray(b"000000"), b"m")
    assert caught.value.kind is Failure.WRONG_PIN and caught.value.tries_left == 1
    assert str(caught.value) == "The PIN is not correct. 1 try left for this token."


def test_a_card_that_locks_itself_gives_the_locked_message() -> None:
    card = card_reporting(PinStatus(locked=True))
    signer = TokenSigner(FakeModule(card))
    with pytest.raises(SignInFailure) as caught:
        signer.sign("SER-1", bytearray(b"000000"), b"m")
    assert caught.value.kind is Failure.PIN_LOCKED


class _SlotsChangingUnderfoot:
    """C_GetSlotList answered, then a slot vanished before C_GetSlotInfo (a card pulled):
    python-pkcs11 raises SlotIDInvalid from get_slots. No real part does this on demand."""

    def __init__(self, failures: int) -> None:
        self.failures = failures

    def get_slots(self, token_present: bool = False) -> list[object]:
        if self.failures:
            self.failures -= 1
            raise pkcs11.SlotIDInvalid()
        return []


def _module_with(lib: object) -> Pkcs11Module:
    module = Pkcs11Module.__new__(Pkcs11Module)
    module.path = "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"
    module._lib = lib
    return module


def test_a_slot_vanishing_mid_listing_is_asked_again_not_an_error() -> None:
    assert _module_with(_SlotsChangingUnderfoot(failures=2)).tokens() == []


def test_a_slot_list_that_never_settles_names_the_module() -> None:
    with pytest.raises(TokenError, match=r"opensc-pkcs11\.so"):
        _module_with(_SlotsChangingUnderfoot(failures=5)).tokens()
