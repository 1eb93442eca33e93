"""Sign in through the product's own steps, off the GUI thread: the calls
``SignInController`` makes one by one (challenge, token, sign, complete, role), composed for
tests that need a signed-in session without a window. The PIN is zeroed on every path."""

from __future__ import annotations

from cpdesk.auth.signin import Failure, SignIn, SignInApi, SignInFailure, Step, TokenSigner
from cpdesk.auth.token import zero
from cpdesk.domain import SessionInfo


def sign_in(api: SignInApi, signer: TokenSigner, username: str, password: str,
            pin: bytearray, *, serial: str | None = None, role_id: str | None = None,
            confirm_final: bool = False) -> SessionInfo:
    """The whole flow in one call, as the controller takes it. The PIN is zeroed on every path."""
    try:
        flow = SignIn(api)
        pending = flow.request_challenge(username, password)
        token = signer.choose(serial)
        if token is None:
            raise SignInFailure(Failure.NO_TOKEN, Step.TOKEN,
                                "Several security tokens are present. Choose yours.")
        signed = signer.sign(token.serial, pin, pending.message, confirm_final=confirm_final)
        session = flow.complete(pending, signed)
        if session.active_role is None and role_id is not None:
            session = flow.choose_role(role_id)
        return session
    finally:
        zero(pin)
