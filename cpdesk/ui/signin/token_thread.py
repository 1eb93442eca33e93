"""The token thread: one QThread that owns the PKCS#11 module and makes every PKCS#11 call.

Threading contract (architecture rule 3): the GUI thread never touches the token. Requests go
in through :class:`TokenThread`'s ``request_*`` methods (queued signals to the worker living
on the token thread); results come out as signals in the past tense, queued back to the GUI
thread. The module is loaded on the token thread, lazily, by the factory handed in.

Token presence (``PresencePoller``, on the token thread; ``TokenWatcher``, its GUI-side face)
is in this module too: the poller is created by the token worker and the watcher drives the
token thread, so the two halves import nothing from each other.
Presence is polled on the token thread at least every 500 ms.

:class:`PresencePoller` lives on the token thread (created there by the token worker) and
asks the module whether the watched serial is present. A removed token (with SoftHSM: its
folder moved out of ``tokendir``, so ``slot.get_token()`` errors) gives ``token_removed`` on
the next poll; while it is absent the module is refreshed each poll, so a re-inserted token
with the same serial gives ``token_inserted``.

:class:`TokenWatcher` is the GUI-side face: ``watch(serial)`` after sign-in, ``stop()`` on
sign-out; the signals arrive queued on the GUI thread. Locking on removal (or signing out,
by policy) is the receiver's decision.

Privacy: a PIN travels as the caller's ``bytearray`` object (queued by reference, never
copied into a ``str``); the worker zeroes that same object after the login, whatever happens.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from cpdesk.auth.signin import Failure, SignInFailure, Step, TokenSigner
from cpdesk.auth.token_types import TokenError, TokenModule, zero
from cpdesk.logging_setup import Safe
from cpdesk.ui.common.runner import Failed, settle

ModuleFactory = Callable[[], TokenModule]
_log = logging.getLogger(__name__)

POLL_INTERVAL_MS = 250  # ≤ 500 ms, so a removal is noticed well within 1 s


class PresencePoller(QObject):
    """Threading: token thread only (its timer and callbacks run there)."""

    token_removed = Signal(str)
    token_inserted = Signal(str)

    def __init__(self, is_present: Callable[[str], bool], refresh: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._is_present = is_present
        self._refresh = refresh
        self._serial: str | None = None
        self._present = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.poll)

    @property
    def watching(self) -> str | None:
        return self._serial

    def watch(self, serial: str, interval_ms: int = POLL_INTERVAL_MS) -> None:
        self._serial, self._present = serial, True
        self._timer.start(min(interval_ms, 500))

    def stop(self) -> None:
        self._serial = None
        self._timer.stop()

    def poll(self) -> None:
        serial = self._serial
        if serial is None:
            return
        present = self._is_present(serial)
        if not present and not self._present:
            # SoftHSM only sees a re-inserted token after re-initialising the module; no
            # session is open between operations on the token thread, so this is safe.
            try:
                self._refresh()
            except Exception:  # a failed refresh just means "still absent"
                return
            present = self._is_present(serial)
        if present == self._present:
            return
        self._present = present
        (self.token_inserted if present else self.token_removed).emit(serial)


class _TokenWorker(QObject):
    """Lives on the token thread; its slots run there, one at a time."""

    tokens_listed = Signal(object)  # list[TokenInfo]
    cards_listed = Signal(int, object)  # request id, list[CardInfo]
    advice_ready = Signal(str, object)  # serial, PinAdvice
    signed = Signal(int, object)  # request id, SignedChallenge
    pin_verified = Signal(int, str)  # request id, serial
    failed = Signal(int, object)  # request id, SignInFailure
    token_removed = Signal(str)
    token_inserted = Signal(str)

    def __init__(self, factory: ModuleFactory) -> None:
        super().__init__()
        self._factory = factory
        self._signer: TokenSigner | None = None
        self._module: TokenModule | None = None
        self._poller: PresencePoller | None = None

    def _get_signer(self) -> TokenSigner:
        if self._signer is None:
            try:
                self._module = self._factory()
            except TokenError as exc:
                _log.warning("PKCS#11 module not usable: %s", Safe(str(exc)))
                raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN, str(exc)) from None
            except Exception as exc:  # a module that cannot load must not kill the thread
                # For IT: what failed (the class); the text may hold a path, kept out.
                _log.warning("PKCS#11 module could not be loaded: %s",
                             Safe(type(exc).__name__))
                raise SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN,
                                    "The smartcard software could not be loaded. Contact "
                                    "your IT support.") from None
            self._signer = TokenSigner(self._module)
        return self._signer

    def _answer(self, request_id: int, call: Callable[[], object]) -> None:
        """Run one token operation here (the token thread); a failure answers the request."""
        outcome = settle(request_id, call, SignInFailure, _token_fault)
        if isinstance(outcome, Failed):
            if outcome.unexpected is not None:  # a bug must answer, not leave a screen waiting
                _log.error("token operation failed", exc_info=outcome.unexpected)
            self.failed.emit(request_id, outcome.error)

    @Slot(int)
    def list_tokens(self, request_id: int) -> None:
        self._answer(request_id,
                     lambda: self.tokens_listed.emit(self._get_signer().tokens()))

    @Slot(int)
    def list_cards(self, request_id: int) -> None:
        self._answer(request_id, lambda: self.cards_listed.emit(
            request_id, self._get_signer().cards()))

    @Slot(int, str)
    def read_advice(self, request_id: int, serial: str) -> None:
        self._answer(request_id, lambda: self.advice_ready.emit(
            serial, self._get_signer().advice(serial)))

    @Slot(int, str, object, object, bool)
    def sign(self, request_id: int, serial: str, pin: bytearray, message: bytes,
             confirm_final: bool) -> None:
        try:
            self._answer(request_id, lambda: self.signed.emit(request_id, self._get_signer().sign(
                serial, pin, message, confirm_final=confirm_final)))
        finally:
            zero(pin)

    @Slot(int, str, object, bool)
    def verify_pin(self, request_id: int, serial: str, pin: bytearray,
                   confirm_final: bool) -> None:
        def verify() -> None:
            self._get_signer().verify_pin(serial, pin, confirm_final=confirm_final)
            self.pin_verified.emit(request_id, serial)
        try:
            self._answer(request_id, verify)
        finally:
            zero(pin)

    # -- presence (polled on this thread by the watcher) ----------------------------------

    @Slot(str, int)
    def watch(self, serial: str, interval_ms: int) -> None:
        if self._poller is None:
            self._poller = PresencePoller(self._is_present, self._refresh, self)
            self._poller.token_removed.connect(self._removed)
            self._poller.token_inserted.connect(self.token_inserted)
        self._poller.watch(serial, interval_ms)

    @Slot()
    def unwatch(self) -> None:
        if self._poller is not None:
            self._poller.stop()

    def _removed(self, serial: str) -> None:
        if self._signer is not None:
            self._signer.forget_insertion(serial)  # a new insertion gets three PIN tries
        self.token_removed.emit(serial)

    def _is_present(self, serial: str) -> bool:
        try:
            return any(t.serial == serial for t in self._get_signer().tokens())
        except (SignInFailure, TokenError):
            return False

    def _refresh(self) -> None:
        if self._module is not None:
            self._module.refresh()


class TokenThread(QObject):
    """GUI-side handle on the token thread: ``request_*`` in, past-tense signals out."""

    tokens_listed = Signal(object)
    cards_listed = Signal(int, object)
    advice_ready = Signal(str, object)
    signed = Signal(int, object)
    pin_verified = Signal(int, str)
    failed = Signal(int, object)
    token_removed = Signal(str)
    token_inserted = Signal(str)

    _list = Signal(int)
    _cards = Signal(int)
    _advice = Signal(int, str)
    _sign = Signal(int, str, object, object, bool)
    _verify = Signal(int, str, object, bool)
    _watch = Signal(str, int)
    _unwatch = Signal()

    def __init__(self, factory: ModuleFactory, parent: QObject | None = None, *,
                 start: bool = True) -> None:
        """*start* False: requests wait, queued, until :meth:`start` (``cpdesk.app.main``
        starts the thread once the window is painted: its first card scan imports
        python-pkcs11 and loads the PKCS#11 module, which would hold the interpreter while
        the window is built)."""
        super().__init__(parent)
        self._started = False
        self._thread = QThread()
        self._thread.setObjectName("token-thread")
        self._worker = _TokenWorker(factory)
        self._worker.moveToThread(self._thread)
        self._thread.finished.connect(self._worker.deleteLater)
        self._next_id = 0
        for request, slot in ((self._list, self._worker.list_tokens),
                              (self._cards, self._worker.list_cards),
                              (self._advice, self._worker.read_advice),
                              (self._sign, self._worker.sign),
                              (self._verify, self._worker.verify_pin),
                              (self._watch, self._worker.watch),
                              (self._unwatch, self._worker.unwatch)):
            request.connect(slot)
        for result, mine in ((self._worker.tokens_listed, self.tokens_listed),
                             (self._worker.cards_listed, self.cards_listed),
                             (self._worker.advice_ready, self.advice_ready),
                             (self._worker.signed, self.signed),
                             (self._worker.pin_verified, self.pin_verified),
                             (self._worker.failed, self.failed),
                             (self._worker.token_removed, self.token_removed),
                             (self._worker.token_inserted, self.token_inserted)):
            result.connect(mine)
        if start:
            self.start()

    def start(self) -> None:
        """Start the thread (once): what was requested before is done now, in order."""
        if not self._started:
            self._started = True
            self._thread.start()

    @property
    def started(self) -> bool:
        """Started, or stopped before it started (then it never will): :meth:`start` is a
        no-op from now on."""
        return self._started

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def request_tokens(self) -> int:
        request_id = self._new_id()
        self._list.emit(request_id)
        return request_id

    def request_cards(self) -> int:
        """The cards present and their holders (certificates read without a PIN)."""
        request_id = self._new_id()
        self._cards.emit(request_id)
        return request_id

    def request_advice(self, serial: str) -> int:
        request_id = self._new_id()
        self._advice.emit(request_id, serial)
        return request_id

    def request_sign(self, serial: str, pin: bytearray, message: bytes, *,
                     confirm_final: bool = False) -> int:
        """Log in, sign, read the certificate, log out; ``pin`` is zeroed on the token thread."""
        request_id = self._new_id()
        self._sign.emit(request_id, serial, pin, message, confirm_final)
        return request_id

    def request_verify_pin(self, serial: str, pin: bytearray, *,
                           confirm_final: bool = False) -> int:
        """Unlock: the same token is present and the PIN is right."""
        request_id = self._new_id()
        self._verify.emit(request_id, serial, pin, confirm_final)
        return request_id

    def watch(self, serial: str, interval_ms: int = POLL_INTERVAL_MS) -> None:
        self._watch.emit(serial, interval_ms)

    def unwatch(self) -> None:
        self._unwatch.emit()

    def stop(self, timeout_ms: int = 5000) -> None:
        """Finish the token thread (bounded wait); a thread not started yet never starts."""
        self._started = True
        self._unwatch.emit()
        self._thread.quit()
        self._thread.wait(timeout_ms)


class TokenWatcher(QObject):
    """Watches the signed-in token from the GUI thread's side."""

    token_removed = Signal(str)
    token_inserted = Signal(str)

    def __init__(self, token_thread: TokenThread, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._token_thread = token_thread
        self._serial: str | None = None
        token_thread.token_removed.connect(self._on_removed)
        token_thread.token_inserted.connect(self._on_inserted)

    @property
    def serial(self) -> str | None:
        return self._serial

    def watch(self, serial: str, interval_ms: int = POLL_INTERVAL_MS) -> None:
        self._serial = serial
        self._token_thread.watch(serial, interval_ms)

    def stop(self) -> None:
        self._serial = None
        self._token_thread.unwatch()

    def _on_removed(self, serial: str) -> None:
        if serial == self._serial:
            self.token_removed.emit(serial)

    def _on_inserted(self, serial: str) -> None:
        if serial == self._serial:
            self.token_inserted.emit(serial)


def _token_fault(message: str) -> SignInFailure:
    return SignInFailure(Failure.TOKEN_FAULT, Step.TOKEN, message)
