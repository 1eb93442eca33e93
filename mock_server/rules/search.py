"""Search rules of product.md §4: criteria, wildcards, exact then widened, caps, rate limit.

:func:`parse_criteria` enforces the minimum criteria (422 ``criteria_insufficient`` naming what
is missing) and rejects malformed values (422 ``invalid_criteria``). :func:`run_search` returns
scored hits; what each hit looks like on the wire is ``disclosure.summary``'s decision.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from mock_server.data.ids import is_valid_directory_id
from mock_server.data.names import given_variants, metaphone, name_tokens, normalise, soundex
from mock_server.data.store import ChildRow, Store
from mock_server.rules.errors import ApiError

MAX_RESULTS = 50
GENDERS = ("female", "male", "not_known", "not_specified")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*\*?$")
_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")
_PENALTY_FAMILY, _PENALTY_DOB, _PENALTY_GIVEN = 0.2, 0.15, 0.1


class Criteria(NamedTuple):
    """What was asked. Named tuples here (not frozen dataclasses): a national search's budget
    is tens of microseconds, and a tuple is five times quicker to make (issue 18)."""

    family_name: str | None = None
    given_name: str | None = None
    dob: str | None = None
    dob_from: str | None = None
    dob_to: str | None = None
    gender: str | None = None
    postcode: str | None = None
    directory_id: str | None = None
    mode: str = "exact"

    def as_audit(self) -> dict[str, str]:
        return {k: v for k in _CRITERIA_FIELDS if (v := getattr(self, k)) is not None}


_CRITERIA_FIELDS = Criteria._fields


class Hit(NamedTuple):
    child: ChildRow
    match: str  # exact | close
    score: float


class SearchOutcome(NamedTuple):
    too_many: bool
    hits: tuple[Hit, ...]


def _invalid(field: str, what: str) -> ApiError:
    return ApiError(422, "invalid_criteria", f"{what} ({field}).")


def _date(value: str | None, field: str) -> date | None:
    if value is None:
        return None
    try:
        if len(value) != 10:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _invalid(field, "Dates must be YYYY-MM-DD") from None


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


def _plus_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def parse_criteria(raw: Criteria) -> Criteria:
    """Validated, trimmed criteria, or an ApiError (422) naming the field."""
    # field by field, not through a dict of all eight: a national search's budget is tens
    # of microseconds (issue 18)
    mode = _blank(raw.mode) or "exact"
    c = Criteria(_blank(raw.family_name), _blank(raw.given_name), _blank(raw.dob),
                 _blank(raw.dob_from), _blank(raw.dob_to), _blank(raw.gender),
                 _blank(raw.postcode), _blank(raw.directory_id), mode)
    if mode not in ("exact", "widened"):
        raise _invalid("mode", "The search mode must be exact or widened")
    if c.gender is not None and c.gender not in GENDERS:
        raise _invalid("gender", "Gender must be female, male, not_known or not_specified")
    names = (("family_name", c.family_name, 2), ("given_name", c.given_name, 1))
    for field, text, minimum in names:
        if text is None:
            continue
        if len(text) > 100 or not _NAME.match(text):
            raise _invalid(field, "Names may hold letters, spaces, apostrophes, hyphens and"
                                  " one trailing *")
        if text.endswith("*") and len(normalise(text)) < minimum:
            raise _invalid(field, f"A wildcard needs at least {minimum} letter(s) before *")
    postcode = None
    if c.postcode is not None:
        postcode = c.postcode.replace(" ", "").upper()
        body = postcode[:-1] if postcode.endswith("*") else postcode
        pattern = _DISTRICT if postcode.endswith("*") else _POSTCODE
        if not pattern.match(body):
            raise _invalid("postcode", "A postcode must be full (BL1 4AA) or a district"
                                       " followed by * (BL1*)")
    if c.directory_id is not None:
        did = c.directory_id.replace(" ", "")
        if not is_valid_directory_id(did):
            raise _invalid("directory_id", "That is not a valid directory ID")
        return Criteria(c.family_name, c.given_name, _iso(c.dob, "dob"), None, None, c.gender,
                        postcode, did, mode)
    if c.family_name is None:
        raise ApiError(422, "criteria_insufficient",
                       "A family name (family_name) is required unless a directory ID is given.")
    dob = _date(c.dob, "dob")
    lo, hi = _date(c.dob_from, "dob_from"), _date(c.dob_to, "dob_to")
    if dob is None:
        if lo is None and hi is None:
            raise ApiError(422, "criteria_insufficient", "A date of birth (dob) or a"
                           " date-of-birth range (dob_from and dob_to) is required.")
        if lo is None or hi is None:
            missing = "dob_from" if lo is None else "dob_to"
            raise ApiError(422, "criteria_insufficient",
                           f"A date-of-birth range needs both ends ({missing} is missing).")
        if lo > hi:
            raise _invalid("dob_from", "The range must start before it ends")
        if hi > _plus_years(lo, 5):
            raise ApiError(422, "criteria_insufficient",
                           "A date-of-birth range may span at most 5 years (dob_from, dob_to).")
        return Criteria(c.family_name, c.given_name, None, lo.isoformat(), hi.isoformat(),
                        c.gender, postcode, None, mode)
    return Criteria(c.family_name, c.given_name, dob.isoformat(), None, None, c.gender,
                    postcode, None, mode)


def _iso(value: str | None, field: str) -> str | None:
    day = _date(value, field)
    return None if day is None else day.isoformat()


def _swapped(dob: str) -> str | None:
    year, month, day = int(dob[:4]), int(dob[5:7]), int(dob[8:10])
    if month == day or day > 12:
        return None
    try:
        return date(year, day, month).isoformat()
    except ValueError:
        return None


def _postcode_ok(child: ChildRow, postcode: str) -> bool:
    if postcode.endswith("*"):
        return any(pc[:-3] == postcode[:-1] for pc in child.postcodes)
    return postcode in child.postcodes


def _all_given(given: str, child: ChildRow) -> bool:
    """Several given names typed (``Jane Ann``): each must be one of the child's."""
    tokens = name_tokens(given)
    return len(tokens) > 1 and all(token in child.given_keys for token in tokens)


def _score(child: ChildRow, c: Criteria, widened: bool) -> float | None:
    """1.0 for an exact match, less for a close one, None for no match."""
    score = 1.0
    if c.family_name is not None:
        key = normalise(c.family_name)  # cached (names.py)
        if c.family_name.endswith("*"):
            if not child.family_key.startswith(key):
                return None
        elif child.family_key != key:
            if not widened or not (soundex(child.family_key) == soundex(key)
                                   or metaphone(child.family_key) == metaphone(key)):
                return None
            score -= _PENALTY_FAMILY
    if c.dob is not None and child.dob != c.dob:
        if not widened or child.dob != _swapped(c.dob):
            return None
        score -= _PENALTY_DOB
    if c.dob_from is not None and c.dob_to is not None and not c.dob_from <= child.dob <= c.dob_to:
        return None
    if c.gender is not None and child.gender != c.gender:
        return None
    if c.postcode is not None and not _postcode_ok(child, c.postcode):
        return None
    if c.given_name is not None:
        key = normalise(c.given_name)
        if c.given_name.endswith("*"):
            if not any(token.startswith(key) for token in child.given_keys):
                return None
        elif key not in child.given_keys and not _all_given(c.given_name, child):
            if not widened or not given_variants(key) & set(child.given_keys):
                return None
            score -= _PENALTY_GIVEN
    return round(score, 2)


def run_search(store: Store, c: Criteria, *, include_archived: bool) -> SearchOutcome:
    widened = c.mode == "widened"
    candidates: dict[int, ChildRow] = {}
    if c.directory_id is not None:
        row = store.by_directory_id(c.directory_id)
        if row is not None:
            candidates[row.child_id] = row
    else:
        assert c.family_name is not None
        key = normalise(c.family_name)
        prefix = c.family_name.endswith("*")
        dobs: list[str] = []
        if c.dob is not None:
            dobs.append(c.dob)
            if widened and (swapped := _swapped(c.dob)) is not None:
                dobs.append(swapped)
        dob_range = (c.dob_from, c.dob_to) if c.dob_from and c.dob_to else None
        lookups = [("family_key", key)]
        if widened and not prefix:
            lookups += [("family_soundex", soundex(key)), ("family_metaphone", metaphone(key))]
        for column, value in lookups:
            if value:
                for row in store.candidates(column, value, prefix=prefix, dobs=dobs,
                                            dob_range=dob_range):
                    candidates[row.child_id] = row
    hits = []
    for child in candidates.values():
        if child.archived and not include_archived:
            continue
        if child.shielded and c.postcode is not None:
            continue  # a hidden field was used: shielded children are never found by it
        score = _score(child, c, widened)
        if score is not None:
            hits.append(Hit(child, "exact" if score == 1.0 else "close", score))
    if len(hits) > MAX_RESULTS:
        return SearchOutcome(True, ())
    hits.sort(key=lambda h: (-h.score, h.child.family_key, h.child.given_keys, h.child.dob))
    return SearchOutcome(False, tuple(hits))


class SearchRateLimiter:
    """At most ``limit`` searches per ``window_s`` seconds per user (sliding window)."""

    def __init__(self, limit: int = 60, window_s: float = 600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, username: str) -> int | None:
        """None when allowed (and counted); otherwise the seconds to wait."""
        now = self._clock()
        with self._lock:
            seen = self._seen.setdefault(username, deque())
            while seen and now - seen[0] >= self.window_s:
                seen.popleft()
            if len(seen) >= self.limit:
                return max(1, int(seen[0] + self.window_s - now + 0.999))
            seen.append(now)
            return None
