"""A persistent OpenPGP card 3.4 (``smartcard-app-openpgp``) with the fixes OpenSC 0.23 needs.

The classes here are stored by ZODB in the card's state file, so they must stay importable
under this exact module path (``tests.realcard.openpgp_card``) and keep their names.

Faults of ``smartcard-app-openpgp==0.4.0`` / ``smartcard==0.3`` worked around here (never by
patching site-packages):

1. GET DATA FA (algorithm information) raises: ``_getAlgorithmInformation`` encodes
   already-encoded attribute blobs a second time -> ``TypeError`` -> SW 6F00.
2. INTERNAL AUTHENTICATE returns the signature with no status word.
3. SELECT DATA (INS A5) is missing: the card treats A5 as "SELECT with BER-TLV" -> SW 6D00,
   and OpenSC 0.23 gives up on the whole token for a v3 card.
4. GET DATA 7F21 for occurrence 1/2 (DEC/SIG certificates) -> RecordNotFound (6A83) when the
   occurrence was never written, and PUT DATA to occurrence 1/2 -> IndexError (6F00):
   OpenSC reads all three occurrences at every token bind, so all three are pre-created empty.
5. A short case-2 APDU with Le=00 is read as "Le=0" instead of 256 (and extended Le=0000 as 0
   instead of 65536), so every such response is withheld behind 61xx / GET RESPONSE.
6. GENERATE ASYMMETRIC KEY PAIR answers 6F00 ("key not ready yet") when the background keygen
   thread has not finished the pre-generated key for that slot (e.g. right after the algorithm
   attributes were changed): we wait for it instead.
"""

from __future__ import annotations

import time
from typing import Any

import ZODB.Connection
import ZODB.DB
import ZODB.FileStorage
from smartcard import MASTER_FILE_IDENTIFIER, Card
from smartcard.app.openpgp import (
    KEY_ROLE_AUTHENTICATE,
    KEY_ROLE_DECRYPT,
    KEY_ROLE_SIGN,
    KEY_ROLE_TO_ATTRIBUTE_TAG_DICT,
    PW1_INDEX,
    PW3_INDEX,
    ROLE_TO_SUPPORTED_ALGORITHM_INFORMATION_LIST_DICT,
    OpenPGP,
)
from smartcard.app.openpgp.tag import CardholderCertificate
from smartcard.asn1 import CodecBER
from smartcard.status import (
    SUCCESS,
    APDUException,
    UnspecifiedError,
    WrongParameterInCommandData,
    WrongParametersP1P2,
)
from smartcard.utils import transaction_manager

# Any 2-byte value: it is not what selects the application (its AID is).
_OPENPGP_FILE_ID = b"\x12\x34"
# Manufacturer ID in the "test cards" range FF00..FFFE of the OpenPGP spec.
MANUFACTURER = b"\xff\x00"
# OpenSC asks for 7F21 occurrences 0 (AUT), 1 (DEC), 2 (SIG).
_CERT_OCCURRENCES = 3
# Key slot by control reference template tag (GENERATE ASYMMETRIC KEY PAIR data).
_CRT_TO_KEY_INDEX = {0xB6: 0, 0xB8: 1, 0xA4: 2}
_KEYGEN_WAIT_S = 60.0
_INS_SELECT_DATA = 0xA5


class TestOpenPGP(OpenPGP):  # type: ignore[misc]
    """The OpenPGP application, fixed where OpenSC trips over it."""

    def blank(self) -> None:  # TERMINATE DF + ACTIVATE FILE (factory reset)
        super().blank()
        self._ensure_cert_occurrences()

    def _ensure_cert_occurrences(self) -> None:
        # Fault 4: pre-create the three 7F21 occurrences, empty.
        for index in range(_CERT_OCCURRENCES):
            try:
                value = self.getData(CardholderCertificate, index=index)
            except APDUException:  # RecordNotFound: this occurrence does not exist yet
                value = None
            if value is None:
                self.putData(CardholderCertificate, b"", index=index)

    def _getAlgorithmInformation(self) -> tuple[bytes]:
        # Fault 1: the supported-attribute list is already encoded; only wrap it in C1/C2/C3.
        return (
            b"".join(
                CodecBER.wrapValue(KEY_ROLE_TO_ATTRIBUTE_TAG_DICT[role], attributes)
                for role in (KEY_ROLE_SIGN, KEY_ROLE_DECRYPT, KEY_ROLE_AUTHENTICATE)
                for attributes in ROLE_TO_SUPPORTED_ALGORITHM_INFORMATION_LIST_DICT[role]
            ),
        )

    def internalAuthenticate(self, channel: Any, p1: int, p2: int, command_data: Any) -> bytes:
        # Fault 2: upstream returns the bare signature.
        signature: bytes = super().internalAuthenticate(
            channel=channel, p1=p1, p2=p2, command_data=command_data
        )
        return bytes(signature) + bytes(SUCCESS)

    def generateAsymmetricKeyPair(self, channel: Any, p1: int, p2: int, command_data: Any) -> bytes:
        # Fault 6: keys come from a background thread; wait for the slot's key to be ready.
        if p1 == 0x80 and command_data:
            index = _CRT_TO_KEY_INDEX.get(command_data[0])
            if index is not None:
                deadline = time.monotonic() + _KEYGEN_WAIT_S
                while self._v_s_keygen_key_list[index] is None and time.monotonic() < deadline:
                    time.sleep(0.05)
        result: bytes = super().generateAsymmetricKeyPair(
            channel=channel, p1=p1, p2=p2, command_data=command_data
        )
        return result

    def set_pins(self, user_pin: bytes, admin_pin: bytes) -> None:
        """Set PW1 and PW3 (first creation only); retry counters stay at 3."""
        self._setReferenceData(index=PW1_INDEX, value=user_pin)
        self._setReferenceData(index=PW3_INDEX, value=admin_pin)


class TestCard(Card):  # type: ignore[misc]
    """The card (MF + EF.DIR etc.), with SELECT DATA and ISO Le semantics."""

    def _runAPDU(self, command: bytearray) -> bytearray:
        command = _fix_le(command)
        if len(command) >= 4 and command[1] == _INS_SELECT_DATA and command[0] & 0x80 == 0:
            return self._select_data(command)
        result: bytearray = super()._runAPDU(command)
        return result

    def _select_data(self, command: bytearray) -> bytearray:
        """SELECT DATA (OpenPGP 3.4 §7.2.5): choose the occurrence of a DO for GET/PUT DATA.

        ``00 A5 <occurrence> 04 06 60 04 5C 02 7F 21``; P2=04 means "skip the 60 tag".
        """
        occurrence, p2 = command[2], command[3]
        data = bytes(command[5 : 5 + command[4]]) if len(command) > 5 else b""
        if p2 != 0x04:
            raise WrongParametersP1P2(f"p2={p2:02x}")
        # 60 L 5C L <tag>
        if len(data) < 4 or data[0] != 0x60 or data[2] != 0x5C:
            raise WrongParameterInCommandData(data.hex())
        tag_bytes = data[4 : 4 + data[3]]
        if tag_bytes != b"\x7f\x21" or occurrence >= _CERT_OCCURRENCES:
            raise WrongParameterInCommandData(data.hex())
        channel = self._v_s_channel_list[command[0] & 0x03]
        channel.setDataObjectIndex(tag=CardholderCertificate, index=occurrence)
        return bytearray(SUCCESS)


def _fix_le(command: bytearray) -> bytearray:
    """Fault 5: ISO 7816-4 case 2 with Le=00 means 256 (short) / 65536 (extended)."""
    if len(command) == 5 and command[4] == 0:
        return command[:4] + bytearray(b"\x00\x01\x00")  # extended Le = 256
    if len(command) == 7 and command[4] == 0 and command[5:7] == b"\x00\x00":
        return command[:4] + bytearray(b"\x00\xff\xff")  # 65535: as close to 65536 as it gets
    return command


class PersistentCard:
    """One OpenPGP card whose whole state lives in a ZODB FileStorage under ``state_dir``."""

    def __init__(
        self,
        state_dir: str,
        serial: bytes,
        user_pin: bytes = b"123456",
        admin_pin: bytes = b"12345678",
    ) -> None:
        storage = ZODB.FileStorage.FileStorage(f"{state_dir}/card.fs")
        self._db = ZODB.DB(storage, pool_size=1)
        self._connection: ZODB.Connection.Connection = self._db.open(
            transaction_manager=transaction_manager
        )
        root = self._connection.root
        with transaction_manager:
            card = getattr(root, "card", None)
            if card is None:
                card = root.card = TestCard(name=b"py-openpgp")
                app = TestOpenPGP(
                    identifier=_OPENPGP_FILE_ID, manufacturer=MANUFACTURER, serial=serial
                )
                app.set_pins(user_pin, admin_pin)
                app._ensure_cert_occurrences()
                app.activateSelf()
                card.createFile(card.traverse((MASTER_FILE_IDENTIFIER,)), app)
            # Load the application now (and start its keygen thread) rather than at 1st APDU.
            card.traverse((MASTER_FILE_IDENTIFIER, _OPENPGP_FILE_ID))
        self._card: TestCard = card
        with transaction_manager:
            self._atr = bytes(card.getATR())

    @property
    def atr(self) -> bytes:
        return self._atr

    @property
    def aid(self) -> bytes:
        with transaction_manager:
            app = self._card.traverse((MASTER_FILE_IDENTIFIER, _OPENPGP_FILE_ID))
            return bytes(app.name)

    def reset(self) -> None:
        """Power cycle / warm reset: forget PIN verification, selections, chaining."""
        with transaction_manager:
            self._card.clearVolatile()

    def transmit(self, apdu: bytes) -> bytes:
        try:
            return bytes(self._card.runAPDU(bytearray(apdu)))
        except Exception:  # runAPDU catches nearly everything; be a card, not a crash
            return bytes(UnspecifiedError().value)

    def close(self) -> None:
        self._connection.close()
        self._db.close()
