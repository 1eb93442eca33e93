"""Fault injection's rules: the settings, the ``--faults`` spec, the dice, and what a fault
does to an answer (product.md §9, api.md "Training and test controls").

The HTTP side (the middleware and the ``/api/v1/test/faults`` control route) is
``mock_server.http.faults``; the settings are described there.
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections import deque
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from mock_server.data.store import Store
from mock_server.rules import disclosure

API = "/api/v1"
MAX_LATENCY_MS = 120_000
_VIEW = re.compile(r"^/api/v1/children/(\d{10})/(view|shield-override)$")


class FaultSpecError(ValueError):
    """A ``--faults`` spec that cannot be understood; the message says why."""


@dataclass(frozen=True, slots=True)
class FaultSettings:
    latency_ms: int = 0
    error_rate: float = 0.0
    drop_rate: float = 0.0
    malformed_rate: float = 0.0
    leak_shielded: bool = False
    expire_sessions: bool = False

    def __post_init__(self) -> None:
        if not 0 <= self.latency_ms <= MAX_LATENCY_MS:
            raise FaultSpecError(f"latency_ms must be between 0 and {MAX_LATENCY_MS}")
        for name in ("error_rate", "drop_rate", "malformed_rate"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise FaultSpecError(f"{name} must be between 0 and 1")

    @property
    def active(self) -> bool:
        return self != FaultSettings()

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def parse_spec(spec: str) -> FaultSettings:
    """``latency_ms=500,error_rate=0.1,leak_shielded=1`` → settings (unknown names refused)."""
    known = {f.name: f.type for f in fields(FaultSettings)}
    values: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, sep, raw = part.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or name not in known:
            raise FaultSpecError(f"unknown fault {name!r}; known: {', '.join(known)}")
        try:
            if name == "latency_ms":
                values[name] = int(raw)
            elif name in ("leak_shielded", "expire_sessions"):
                if raw.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError(raw)
                values[name] = raw.lower() in ("1", "true", "yes", "on")
            else:
                values[name] = float(raw)
        except ValueError:
            raise FaultSpecError(f"{name} has a value that is not understood: {raw!r}") from None
    return FaultSettings(**values)


class FaultState:
    """The settings in force and the dice. Threading: replaced under a lock, read lock-free."""

    def __init__(self, settings: FaultSettings | None = None, seed: int | None = None) -> None:
        self.settings = settings or FaultSettings()
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        # (method, path) of the latest calls made while faults were on: lets a tester see
        # what the client retried. Paths hold no personal data (searches are POST bodies).
        self.calls: deque[tuple[str, str]] = deque(maxlen=1000)

    def set(self, settings: FaultSettings) -> FaultSettings:
        with self._lock:
            self.settings = settings
        return settings

    def roll(self, rate: float) -> bool:
        if rate <= 0.0:
            return False
        with self._lock:
            return self._rng.random() < rate

    def choice(self, count: int) -> int:
        with self._lock:
            return self._rng.randrange(count)


def initial_state(settings: FaultSettings | None, environment: str) -> FaultState:
    """The fault state a server starts with; faults on a live server are refused."""
    if environment == "live" and settings is not None and settings.active:
        raise FaultSpecError("faults are for test and training servers only, never live")
    return FaultState(settings if environment != "live" else None)


def malformed(state: FaultState, body: bytes) -> bytes:
    """A body that breaks the contract, one of four ways."""
    kind = state.choice(4)
    if kind == 0:
        return body[: max(1, len(body) // 2)]  # truncated JSON
    if kind == 1:
        return b'{"unexpected": [1, 2, 3]}'  # valid JSON, wrong shape
    if kind == 2:
        return b"<html><body>Proxy error</body></html>"  # not JSON
    return b"null"


def leak(store: Store, path: str, body: bytes) -> bytes:
    """The answer with what it must withhold put back (``leak_shielded``)."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    match = _VIEW.match(path)
    if match is not None and isinstance(data, dict):
        rec = store.record(match.group(1))
        if rec is None:
            return body
        holder = disclosure.Viewer(disclosure.MANAGER, rec.child.local_authority,
                                   rec.la_team_phone)
        leaked = disclosure.record(rec, holder, today=date.today(), override=True)
        leaked["withheld"] = []  # and pretends nothing was withheld
        # ... and lists sensitive services as ordinary involvements, category and all.
        leaked["involvements"] = [*leaked.get("involvements", []), *(
            {"involvement_id": f"inv-{inv.involvement_id}", "practitioner": inv.practitioner,
             "job_title": inv.job_title, "organisation": inv.organisation,
             "service": inv.service, "phone": inv.phone, "email": inv.email,
             "since": inv.since, "ended": inv.ended, "lead_professional": False,
             "caf_holder": False} for inv in rec.involvements if inv.sensitive)]
        return json.dumps(leaked).encode()
    if path == f"{API}/search" and isinstance(data, dict):
        for row in data.get("results") or []:
            if isinstance(row, dict) and row.get("shielded") and "locality" not in row:
                child = store.by_directory_id(str(row.get("directory_id")))
                if child is not None:
                    row["locality"] = {"town": child.town,
                                       "local_authority": child.local_authority}
        return json.dumps(data).encode()
    return body
