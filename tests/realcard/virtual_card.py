"""A virtual OpenPGP card plugged into vsmartcard's ``vpcd`` reader driver.

Run from the repository root::

    python -m tests.realcard.virtual_card --state DIR --port PORT [--serial 0000CAFE]

The process connects to vpcd (inside pcscd) at 127.0.0.1:PORT and serves one card whose state
lives in DIR. Killing the process is "card pulled"; starting it again with the same DIR is the
same card re-inserted. ``--serial``/``--user-pin``/``--admin-pin`` only matter the first time a
DIR is used. SIGTERM/SIGINT exit cleanly (status 0).

vpcd protocol: each message is a 2-byte big-endian length then the payload. A 1-byte payload
is a control (0 power off, 1 power on, 2 reset, 4 get ATR - answered with the ATR); anything
else is a command APDU, answered with the response APDU (data + SW1 SW2).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import signal
import socket
import struct
import sys
import time
from types import FrameType

from tests.realcard.openpgp_card import PersistentCard

logger = logging.getLogger("tests.realcard.virtual_card")

_CTRL_OFF, _CTRL_ON, _CTRL_RESET, _CTRL_ATR = 0, 1, 2, 4
_CONNECT_RETRY_S = 0.1
_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)


class _Terminated(BaseException):  # not Exception: runAPDU swallows those
    pass


class _Card:
    """Wraps the card so that SIGTERM never lands mid-APDU (mid ZODB commit): a signal that
    arrives while the card is working is acted on once the answer is ready."""

    busy = False
    pending_signal: int | None = None

    def __init__(self, card: PersistentCard) -> None:
        self.card = card

    def _done(self) -> None:
        self.busy = False
        if self.pending_signal is not None:
            raise _Terminated(self.pending_signal)

    def transmit(self, apdu: bytes) -> bytes:
        self.busy = True
        try:
            return self.card.transmit(apdu)
        finally:
            self._done()

    def reset(self) -> None:
        self.busy = True
        try:
            self.card.reset()
        finally:
            self._done()

    def on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.busy:
            self.pending_signal = signum
        else:
            raise _Terminated(signum)


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        # vpcd (3.3) writes the length and the payload with two send() calls and no
        # TCP_NODELAY, so Nagle holds the payload until the length is ACKed: without quick
        # ACKs (re-armed before every read, Linux resets it) each APDU costs a 40 ms delayed ACK.
        if _QUICKACK is not None:
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        chunk = sock.recv(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _send(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(struct.pack(">H", len(payload)) + payload)


def _connect(host: str, port: int, timeout_s: float | None) -> socket.socket:
    """Connect to vpcd, retrying while pcscd (and so vpcd's listening socket) comes up."""
    deadline = None if timeout_s is None else time.monotonic() + timeout_s
    while True:
        try:
            sock = socket.create_connection((host, port))
        except OSError as exc:
            if deadline is not None and time.monotonic() > deadline:
                raise
            logger.debug("vpcd not listening yet (%s), retrying", exc)
            time.sleep(_CONNECT_RETRY_S)
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock


def serve(card: _Card, sock: socket.socket) -> None:
    """Answer vpcd until it hangs up."""
    while True:
        header = _recv_exact(sock, 2)
        if header is None:
            return
        (length,) = struct.unpack(">H", header)
        payload = _recv_exact(sock, length)
        if payload is None:
            return
        if length == 1:
            control = payload[0]
            if control == _CTRL_ATR:
                _send(sock, card.card.atr)
            elif control in (_CTRL_OFF, _CTRL_ON, _CTRL_RESET):
                logger.debug("control %d", control)
                card.reset()
            else:
                logger.warning("unknown vpcd control %d", control)
            continue
        logger.debug("> %s", payload.hex())
        response = card.transmit(payload)
        logger.debug("< %s", response.hex())
        _send(sock, response)


def _parse_serial(text: str) -> bytes:
    value = int(text, 16)
    if not 0 <= value <= 0xFFFFFFFF:
        raise argparse.ArgumentTypeError("serial is 1-8 hex digits")
    return value.to_bytes(4, "big")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", required=True, help="directory holding the card's state")
    parser.add_argument("--port", required=True, type=int, help="vpcd TCP port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--serial",
        type=_parse_serial,
        default=b"\x00\x00\x00\x01",
        help="AID serial number, 8 hex digits (first creation only)",
    )
    parser.add_argument("--user-pin", default="123456", help="PW1 (first creation only)")
    parser.add_argument("--admin-pin", default="12345678", help="PW3 (first creation only)")
    parser.add_argument(
        "--connect-timeout", type=float, default=None, help="give up connecting after N s"
    )
    parser.add_argument("--once", action="store_true", help="exit when vpcd hangs up")
    parser.add_argument("-v", "--verbose", action="store_true", help="log APDUs (incl. PINs)")
    args = parser.parse_args(argv)

    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )
    if not args.verbose:
        logging.getLogger("smartcard").setLevel(logging.WARNING)
        logging.getLogger("txn").setLevel(logging.WARNING)
    os.makedirs(args.state, exist_ok=True)
    card = _Card(
        PersistentCard(
            args.state,
            serial=args.serial,
            user_pin=args.user_pin.encode(),
            admin_pin=args.admin_pin.encode(),
        )
    )
    signal.signal(signal.SIGTERM, card.on_signal)
    signal.signal(signal.SIGINT, card.on_signal)
    logger.info("card AID %s ATR %s", card.card.aid.hex(), card.card.atr.hex())
    try:
        while True:
            try:
                sock = _connect(args.host, args.port, args.connect_timeout)
            except OSError as exc:
                logger.error("cannot reach vpcd at %s:%d: %s", args.host, args.port, exc)
                return 1
            logger.info("connected to vpcd at %s:%d", args.host, args.port)
            with contextlib.closing(sock):
                try:
                    serve(card, sock)
                except OSError as exc:
                    logger.info("vpcd connection lost: %s", exc)
            logger.info("vpcd hung up")
            card.reset()
            if args.once:
                break
    except _Terminated:
        logger.info("terminated, card pulled")
    finally:
        card.card.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
