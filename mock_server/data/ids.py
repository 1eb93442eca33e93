"""Directory IDs: 10 digits, the last a modulus-11 check digit (the NHS-number algorithm),
and the seeded sequence the population issues them from (in a range reserved for testing)."""

from __future__ import annotations


def check_digit(nine: str) -> int | None:
    """The check digit for nine digits, or None when the algorithm gives 10 (never issued)."""
    total = sum((10 - i) * (ord(ch) - 48) for i, ch in enumerate(nine))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


# check_digit's weighted sum by groups of three digits (weights 10-8, 7-5, 4-2), for stems
# as integers: the same digit, a table look-up instead of nine multiplications.
_SUMS = tuple(tuple(sum(w * int(d) for w, d in zip(weights, f"{k:03d}", strict=True))
                    for k in range(1000)) for weights in ((10, 9, 8), (7, 6, 5), (4, 3, 2)))


def _stem_check_digit(stem: int) -> int | None:
    """``check_digit(str(stem))`` for a nine-digit stem."""
    high, middle, low = _SUMS
    digit = 11 - (high[stem // 1_000_000] + middle[stem // 1000 % 1000] + low[stem % 1000]) % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def is_valid_directory_id(text: str) -> bool:
    if len(text) != 10 or not text.isascii() or not text.isdigit():
        return False
    return check_digit(text[:9]) == int(text[9])


# Generated directory IDs never collide with a real NHS number (issue 18). NHS England keeps
# 999 000 0000-999 999 9999 for testing: valid by the check digit, never issued to a patient.
# It holds 1,000,000 nine-digit stems, about 909,000 valid IDs (one stem in eleven has no
# check digit). A bigger population continues in 900 000 0000-998 999 9999: no NHS number
# starts with 9 (England and the Isle of Man issue 3, 4, 6 and 7; Scotland's CHI numbers start
# 0-3, Northern Ireland's 320-399), so those cannot collide with one issued today, though only
# the 999 range is formally promised never to be issued.
TEST_RANGE = ("9990000000", "9999999999")
OVERFLOW_RANGE = ("9000000000", "9989999999")
_TEST_STEMS = 1_000_000  # 999 000 000 + stem
_OVERFLOW_STEMS = 99_000_000  # 900 000 000 + stem


def in_test_range(directory_id: str) -> bool:
    return directory_id.startswith("999")


def is_unissued_nhs_range(directory_id: str) -> bool:
    """True when no NHS number issued today can equal this ID (first digit 9)."""
    return directory_id.startswith("9")


class DirectoryIds:
    """Directory IDs in a seeded order without a set of used IDs: a small Feistel permutation
    walks the 999 test range's stems, then (past about 909,000) the 900-998 range's; a stem
    whose check digit would be 10 is skipped, and so is a claimed ID."""

    def __init__(self, seed: int) -> None:
        mixer = (seed * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF
        self.keys = tuple((mixer * (r + 3) + r * 0x51ED27) & 0xFFFFFF for r in range(4))
        self.index = 0
        self.claimed: set[str] = set()

    def _permute(self, value: int, half: int) -> int:
        # four Feistel rounds, unrolled (a national build issues millions: issue 18)
        k0, k1, k2, k3 = self.keys
        left, right = divmod(value, half)
        x = (right * 0x2545F491 + k0) & 0xFFFFFFFF
        left, right = right, (left + (x ^ (x >> 13)) % half) % half
        x = (right * 0x2545F491 + k1) & 0xFFFFFFFF
        left, right = right, (left + (x ^ (x >> 13)) % half) % half
        x = (right * 0x2545F491 + k2) & 0xFFFFFFFF
        left, right = right, (left + (x ^ (x >> 13)) % half) % half
        x = (right * 0x2545F491 + k3) & 0xFFFFFFFF
        left, right = right, (left + (x ^ (x >> 13)) % half) % half
        return left * half + right

    def _stem(self, index: int) -> int:
        if index < _TEST_STEMS:
            return 999_000_000 + self._permute(index, 1000)
        value = index - _TEST_STEMS
        if value >= _OVERFLOW_STEMS:
            raise OverflowError("no directory IDs left in the 9 ranges")
        value = self._permute(value, 10_000)
        while value >= _OVERFLOW_STEMS:  # cycle-walk back into 0 .. 98,999,999
            value = self._permute(value, 10_000)
        return 900_000_000 + value

    def __next__(self) -> str:
        while True:
            stem = self._stem(self.index)  # nine digits, 900 000 000 or more
            self.index += 1
            digit = _stem_check_digit(stem)
            if digit is not None and (did := f"{stem}{digit}") not in self.claimed:
                return did

    def claim(self, directory_id: str) -> None:
        self.claimed.add(directory_id)
