"""Drives sign-in and unlock: directory calls on a thread pool, token calls on the token thread.

Threading contract: every public method is called on the GUI thread and returns at once;
directory calls run on a ``QThreadPool`` thread, token calls on the :class:`TokenThread`;
results come back queued to the GUI thread, where the :class:`Session` moves. Results of a
superseded request (the user went back, or cancelled) are dropped by request id.

Privacy: PINs arrive as ``bytearray`` and are zeroed on the token thread; the password is
passed to the challenge call and not kept. Failures carry only plain messages.

Wiring, in the composition root::

    token_thread = TokenThread(lambda: open_module(settings.pkcs11_module))
    session = Session()
    watcher = TokenWatcher(token_thread)
    controller = SignInController(client, token_thread, session, watcher=watcher,
                                  removal_policy=REMOVAL_LOCKS)
    view = SignInView(controller, last_username)
    session.add_listener(window.on_transition)  # LOCKED → view.show_unlock(username)
    ...
    token_thread.stop()  # on quit
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal

from cpdesk.auth.session import LockReason, Session, State
from cpdesk.auth.signin import (
    CardInfo,
    Failure,
    PendingChallenge,
    SignedChallenge,
    SignIn,
    SignInApi,
    SignInFailure,
    Step,
)
from cpdesk.auth.token_types import TokenInfo, zero
from cpdesk.ui.common.runner import Failed, Runner
from cpdesk.ui.signin.token_thread import TokenThread, TokenWatcher

if TYPE_CHECKING:
    from cpdesk.domain import SessionInfo

REMOVAL_LOCKS = "lock"
REMOVAL_SIGNS_OUT = "sign_out"


class SignInController(QObject):
    """The sign-in and unlock steps; the view listens to the signals below."""

    busy_changed = Signal(bool)
    tokens_to_choose = Signal(object)  # list[TokenInfo]: several present, the user picks
    pin_requested = Signal(object, object)  # TokenInfo, PinAdvice
    roles_requested = Signal(object)  # tuple[Role, ...]
    failed = Signal(object)  # SignInFailure
    signed_in = Signal(object)  # SessionInfo
    unlocked = Signal(object)  # SessionInfo
    session_ended = Signal(str)  # username: the lock outlived the server session
    token_returned = Signal()  # locked, and the card is back: looking for it again
    certificate_warning = Signal(str)  # after sign-in: the certificate expires within 90 days
    cards_found = Signal(object)  # list[CardInfo]: the cards present and their holders
    card_ready = Signal(object, object)  # CardInfo, PinAdvice: the chosen card's PIN flags

    def __init__(self, api: SignInApi, token_thread: TokenThread, session: Session, *,
                 watcher: TokenWatcher | None = None, removal_policy: str = REMOVAL_LOCKS,
                 pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._flow = SignIn(api)
        self._tokens = token_thread
        self._session = session
        self._watcher = watcher
        self._removal_policy = removal_policy
        self._runner = Runner(SignInFailure, _unexpected, pool, self)
        self._token_request: int | None = None
        self._pending: PendingChallenge | None = None
        self._token: TokenInfo | None = None
        self._advice_for: str | None = None
        self._known: dict[str, TokenInfo] = {}
        self._unlocking = False
        self._unlock_pending: PendingChallenge | None = None
        self._held_pin: bytearray | None = None
        self._cards: dict[str, CardInfo] = {}
        self._cards_request: int | None = None
        self._card_request: int | None = None
        self._card_advice_for: str | None = None
        token_thread.tokens_listed.connect(self._on_tokens)
        token_thread.cards_listed.connect(self._on_cards)
        token_thread.advice_ready.connect(self._on_advice)
        token_thread.signed.connect(self._on_signed)
        token_thread.pin_verified.connect(self._on_pin_verified)
        token_thread.failed.connect(self._on_token_failed)
        if watcher is not None:
            watcher.token_removed.connect(self._on_token_removed)
            watcher.token_inserted.connect(self._on_token_inserted)

    @property
    def token(self) -> TokenInfo | None:
        return self._token

    # -- sign-in, card first (issue 16) ----------------------------------------------------

    @property
    def looking_for_cards(self) -> bool:
        return self._cards_request is not None or self._card_request is not None

    def look_for_cards(self) -> None:
        """List the cards present with their holders (no PIN); answered by ``cards_found``."""
        self._cards_request = self._tokens.request_cards()

    def choose_card(self, serial: str) -> None:
        """Read the chosen card's PIN flags; answered by ``card_ready``. Nothing else moves."""
        self._card_advice_for = serial
        self._card_request = self._tokens.request_advice(serial)

    def sign_in(self, username: str, password: str, serial: str | None, pin: bytearray, *,
                confirm_final: bool = False) -> None:
        """Password and PIN together: the challenge is asked for now and signed at once, so
        no time limit runs while the user looks for her card. The PIN waits in its
        ``bytearray`` only for the challenge's round trip and is zeroed on every path.
        ``serial`` None (no card was seen yet): the cards are looked for first, and the only
        one present is used (she inserted it and pressed Enter)."""
        if serial is None:
            self._sign_in_when_found(username, password, pin, confirm_final)
            return
        self.reset()
        if self._session.state in (State.SIGNED_OUT, State.LOCKED):
            if self._session.state is State.LOCKED:
                self._session.sign_out()
            self._session.begin_sign_in()
        card = self._cards.get(serial)
        self._token = card.token if card else TokenInfo(label="", serial=serial,
                                                        manufacturer="", model="")
        self._held_pin = pin

        def challenged(pending: PendingChallenge) -> None:
            held, self._held_pin = self._held_pin, None
            if held is None:  # reset meanwhile: the PIN was zeroed already
                return
            self._pending = pending
            self._token_request = self._tokens.request_sign(
                serial, held, pending.message, confirm_final=confirm_final)

        self._run(lambda: self._flow.request_challenge(username, password), challenged)

    def _sign_in_when_found(self, username: str, password: str, pin: bytearray,
                            confirm_final: bool) -> None:
        self.reset()
        self._held_pin = pin
        self._busy(True)

        def found(cards: list[CardInfo]) -> None:
            self.cards_found.disconnect(found)
            held, self._held_pin = self._held_pin, None
            if held is None:  # reset meanwhile
                return
            if len(cards) != 1:
                zero(held)
                self._fail(SignInFailure(Failure.NO_TOKEN, Step.TOKEN) if not cards else
                           SignInFailure(Failure.NO_TOKEN, Step.TOKEN, "Choose your card."))
                return
            self.sign_in(username, password, cards[0].serial, held, confirm_final=confirm_final)

        self.cards_found.connect(found)
        self.look_for_cards()

    def _on_cards(self, request_id: int, cards: list[CardInfo]) -> None:
        if request_id != self._cards_request:
            return
        self._cards_request = None
        self._cards = {card.serial: card for card in cards}
        self._known.update({card.serial: card.token for card in cards})
        self.cards_found.emit(cards)

    # -- sign-in, two steps (user name and password, then the card) ----------------------

    def submit_credentials(self, username: str, password: str) -> None:
        self.reset()
        if self._session.state in (State.SIGNED_OUT, State.LOCKED):
            if self._session.state is State.LOCKED:
                self._session.sign_out()
            self._session.begin_sign_in()
        self._run(lambda: self._flow.request_challenge(username, password), self._on_challenge)

    def choose_token(self, serial: str) -> None:
        self._token = None
        self._advice_for = serial
        self._busy(True)
        self._token_request = self._tokens.request_advice(serial)

    def look_for_tokens(self) -> None:
        self._busy(True)
        self._token_request = self._tokens.request_tokens()

    def submit_pin(self, pin: bytearray, *, confirm_final: bool = False) -> None:
        """Sign the pending challenge (or, while locked, check the PIN for unlocking)."""
        token = self._token
        if token is None or (self._pending is None and not self._unlocking):
            zero(pin)
            self.failed.emit(SignInFailure(Failure.NO_TOKEN, Step.TOKEN,
                                           "Choose your security token first."))
            return
        self._busy(True)
        if self._unlocking:
            self._unlock_with(token, pin, confirm_final)
        else:
            assert self._pending is not None
            self._token_request = self._tokens.request_sign(
                token.serial, pin, self._pending.message, confirm_final=confirm_final)

    def _unlock_with(self, token: TokenInfo, pin: bytearray, confirm_final: bool) -> None:
        """Locked: a fresh unlock challenge from the server, signed by the card that signed in
        (the server checks it is the same certificate); no password. The PIN waits in its
        ``bytearray`` only for the challenge's round trip and is zeroed on every path."""
        self._held_pin = pin
        username = self._session.username or ""

        def challenged(pending: PendingChallenge) -> None:
            held, self._held_pin = self._held_pin, None
            if held is None:  # reset meanwhile: the PIN was zeroed already
                return
            self._unlock_pending = pending
            self._token_request = self._tokens.request_sign(
                token.serial, held, pending.message, confirm_final=confirm_final)

        self._run(lambda: self._flow.request_unlock(username), challenged)

    def _drop_held_pin(self) -> None:
        held, self._held_pin = self._held_pin, None
        if held is not None:
            zero(held)

    def choose_role(self, role_id: str) -> None:
        self._run(lambda: self._flow.choose_role(role_id), self._on_session)

    def cancel(self) -> None:
        """Back to the start: nothing pending, the session signed out unless locked."""
        self.reset()
        if self._session.state is State.SIGNING_IN:
            self._session.sign_in_failed()

    def reset(self) -> None:
        self._runner.forget_all()
        self._token_request = None
        self._pending = None
        self._token = None
        self._advice_for = None
        self._unlocking = False
        self._unlock_pending = None
        self._drop_held_pin()
        self._busy(False)

    # -- unlock --------------------------------------------------------------------------

    def begin_unlock(self) -> None:
        """Locked: look for the token signed in with, then ask for its PIN."""
        self.reset()
        self._unlocking = True
        self.look_for_tokens()

    def lock(self, reason: LockReason) -> None:
        self.reset()
        self._session.lock(reason)

    def sign_out(self) -> None:
        self.reset()
        if self._watcher is not None:
            self._watcher.stop()
        self._session.sign_out()

    # -- results -------------------------------------------------------------------------

    def _on_challenge(self, pending: PendingChallenge) -> None:
        self._pending = pending
        self.look_for_tokens()

    def _on_tokens(self, tokens: list[TokenInfo]) -> None:
        if self._token_request is None:
            return
        self._token_request = None
        self._known = {t.serial: t for t in tokens}
        if self._unlocking:
            wanted = self._session.token_serial
            match = [t for t in tokens if t.serial == wanted]
            if not match:
                kind = Failure.WRONG_TOKEN if tokens else Failure.NO_TOKEN
                self._fail(SignInFailure(kind, Step.TOKEN))
                return
            tokens = match
        if not tokens:
            self._fail(SignInFailure(Failure.NO_TOKEN, Step.TOKEN))
        elif len(tokens) == 1:
            self.choose_token(tokens[0].serial)
        else:
            self._busy(False)
            self.tokens_to_choose.emit(tokens)

    def _on_advice(self, serial: str, advice: object) -> None:
        if serial == self._card_advice_for:
            self._card_advice_for = self._card_request = None
            card = self._cards.get(serial)
            if card is not None:
                self.card_ready.emit(card, advice)
            return
        if serial != self._advice_for:
            return
        self._advice_for = None
        self._token_request = None
        self._busy(False)
        info = self._known.get(serial) or TokenInfo(label="", serial=serial, manufacturer="",
                                                    model="")
        self._token = info
        self.pin_requested.emit(info, advice)

    def _on_signed(self, request_id: int, signed: SignedChallenge) -> None:
        if request_id != self._token_request:
            return
        if self._unlocking and self._unlock_pending is not None:
            self._token_request = None
            unlock, self._unlock_pending = self._unlock_pending, None
            self._run(lambda: self._flow.complete_unlock(unlock, signed),
                      lambda info: self._on_alive(info, signed.serial))
            return
        if self._pending is None:
            return
        self._token_request = None
        pending = self._pending
        self._run(lambda: self._flow.complete(pending, signed), self._on_session)

    def _on_pin_verified(self, request_id: int, serial: str) -> None:
        if request_id != self._token_request:
            return
        self._token_request = None
        self._run(self._flow.confirm_alive, lambda info: self._on_alive(info, serial))

    def _on_alive(self, info: SessionInfo | None, serial: str) -> None:
        self._busy(False)
        if info is None:
            username = self._session.username or ""
            self.sign_out()
            self.session_ended.emit(username)
            return
        self._unlocking = False
        self._session.unlocked(info, serial)
        self.unlocked.emit(info)

    def _on_session(self, info: SessionInfo) -> None:
        self._busy(False)
        if info.active_role is None:
            self.roles_requested.emit(info.roles)
            return
        serial = self._token.serial if self._token else ""
        environment = self._pending.environment if self._pending else None
        self._pending = None
        self._session.signed_in(info, serial, environment)
        if self._watcher is not None and serial:
            self._watcher.watch(serial)
        self.signed_in.emit(info)
        warning = self._session.certificate_warning(date.today())
        if warning:
            self.certificate_warning.emit(warning)

    def _on_token_failed(self, request_id: int, failure: SignInFailure) -> None:
        if request_id in (self._cards_request, self._card_request):
            self._cards_request = self._card_request = self._card_advice_for = None
            self.failed.emit(failure)
            return
        if request_id != self._token_request:
            return
        self._advice_for = None
        self._token_request = None
        self._fail(failure)

    def _on_token_removed(self, _serial: str) -> None:
        if self._session.state not in (State.ACTIVE, State.CURTAINED):
            return  # already locked (perhaps mid-unlock) or not signed in
        if self._removal_policy == REMOVAL_SIGNS_OUT:
            self.sign_out()
        else:
            self.lock(LockReason.TOKEN_REMOVED)

    def _on_token_inserted(self, _serial: str) -> None:
        """Locked and the card came back: look for it again, as "Look for token again" does,
        unless a token is already found or being looked for."""
        if self._session.state is State.LOCKED and self._unlocking and self._token is None \
                and self._token_request is None and self._advice_for is None:
            self.token_returned.emit()
            self.look_for_tokens()

    # -- plumbing ------------------------------------------------------------------------

    def _fail(self, failure: SignInFailure) -> None:
        self._busy(False)
        self._drop_held_pin()
        if self._unlocking and failure.kind is Failure.SESSION_ENDED:
            username = self._session.username or ""
            self.sign_out()
            self.session_ended.emit(username)
            return
        if failure.step is Step.CREDENTIALS and not self._unlocking:
            self._pending = None
            if self._session.state is State.SIGNING_IN:
                self._session.sign_in_failed()
        self.failed.emit(failure)

    def _busy(self, busy: bool) -> None:
        self.busy_changed.emit(busy)

    def _run(self, fn: Callable[[], Any], then: Callable[[Any], None]) -> None:
        """A directory step off the GUI thread; a superseded one is forgotten by ``reset``."""
        self._busy(True)
        self._runner.start(fn, lambda done: then(done.value), self._job_failed)

    def _job_failed(self, failed: Failed) -> None:
        assert isinstance(failed.error, SignInFailure)  # the runner's expected or fallback
        self._fail(failed.error)


def _unexpected(message: str) -> SignInFailure:
    """A bug during a sign-in step: the one fallback message, and the screen is told."""
    return SignInFailure(Failure.SERVER, Step.CREDENTIALS, message)
