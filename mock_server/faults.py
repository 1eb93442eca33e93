"""Fault injection for testers (product.md §9, api.md "Training and test controls").

Faults exist only on test and training servers and are controlled only from loopback:
``POST /api/v1/test/faults`` (``GET`` reads them) answers 404 on a live server or to any other
caller, and ``create_app`` refuses faults for a live server. ``cpdesk-mock serve --faults SPEC``
sets them at start, SPEC being ``name=value`` pairs separated by commas, e.g.
``latency_ms=800,error_rate=0.2,leak_shielded=1``.

The settings (a POST body replaces them all; a field left out is off):

- ``latency_ms`` — every answer waits this long first.
- ``error_rate`` — this share of requests get 500 ``injected_fault`` without being handled.
- ``drop_rate`` — this share are handled, then the connection is cut half way through the
  answer (the client sees a truncated response: a POST may have taken effect unseen).
- ``malformed_rate`` — this share of successful answers get a body that breaks the contract
  (truncated JSON, the wrong shape, not JSON at all, or ``null``).
- ``leak_shielded`` — the server sends what it must withhold: a shielded child's (or a
  shielded household member's) hidden sections, former names and location, sensitive-service
  details to practitioners and sensitive services listed as ordinary involvements with their
  category, and the locality of shielded search results. A correct client masks all of it.
- ``expire_sessions`` — every open session ends at once, and while on, each session ends the
  first time it is used after sign-in (the role choice still works), so every directory call
  gets 401 ``session_expired``.

The test controls themselves (``/api/v1/test/*``) are never faulted.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import threading
from collections import deque
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server import disclosure
from mock_server.errors import ApiError
from mock_server.sessions import SessionStore, bearer_from_scope
from mock_server.store import Store

API = "/api/v1"
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
MAX_LATENCY_MS = 120_000
_VIEW = re.compile(r"^/api/v1/children/(\d{10})/(view|shield-override)$")
_SIGN_IN_PATHS = frozenset({f"{API}/auth/challenge", f"{API}/auth/session", f"{API}/auth/role",
                            f"{API}/auth/logout"})


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


# -- the middleware ----------------------------------------------------------------------


def _bearer(scope: Scope) -> str | None:
    return bearer_from_scope(scope)


async def _send_body(send: Send, status: int, body: bytes,
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    out = [(k, v) for k, v in (headers or []) if k.lower() not in (b"content-length",
                                                                    b"content-type")]
    out += [(b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class FaultMiddleware:
    """Applies the settings in ``state`` to every ``/api/v1`` call except the test controls."""

    def __init__(self, app: ASGIApp, state: FaultState, store: Store,
                 sessions: SessionStore) -> None:
        self.app = app
        self.state = state
        self.store = store
        self.sessions = sessions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        settings = self.state.settings
        if (scope["type"] != "http" or not settings.active or not path.startswith(API + "/")
                or path.startswith(f"{API}/test/")):
            await self.app(scope, receive, send)
            return
        self.state.calls.append((str(scope.get("method", "")), path))
        if settings.expire_sessions and path not in _SIGN_IN_PATHS:
            token = _bearer(scope)
            if token is not None:
                self.sessions.end(token)
        if settings.latency_ms:
            await asyncio.sleep(settings.latency_ms / 1000)
        if self.state.roll(settings.error_rate):
            await _send_body(send, 500, json.dumps({"error": {
                "code": "injected_fault",
                "message": "The server failed (a fault injected for testing)."}}).encode())
            return
        drop = self.state.roll(settings.drop_rate)
        malformed = self.state.roll(settings.malformed_rate)
        if not (drop or malformed or settings.leak_shielded):
            await self.app(scope, receive, send)
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))

        await self.app(scope, receive, capture)
        status = int(start.get("status", 500))
        headers = list(start.get("headers", []))
        body = b"".join(chunks)
        ok = 200 <= status < 300 and bool(body)
        if ok and settings.leak_shielded:
            body = self._leak(path, body)
        if ok and malformed:
            body = self._malformed(body)
        if drop:
            # The whole answer is announced, half of it sent, then the connection is cut
            # (uvicorn closes a connection whose response the app left incomplete).
            out = [(k, v) for k, v in headers if k.lower() != b"content-length"]
            out.append((b"content-length", str(len(body) + 1).encode()))
            await send({"type": "http.response.start", "status": status, "headers": out})
            await send({"type": "http.response.body", "body": body[: len(body) // 2],
                        "more_body": True})
            return
        await _send_body(send, status, body, headers)

    def _malformed(self, body: bytes) -> bytes:
        kind = self.state.choice(4)
        if kind == 0:
            return body[: max(1, len(body) // 2)]  # truncated JSON
        if kind == 1:
            return b'{"unexpected": [1, 2, 3]}'  # valid JSON, wrong shape
        if kind == 2:
            return b"<html><body>Proxy error</body></html>"  # not JSON
        return b"null"

    def _leak(self, path: str, body: bytes) -> bytes:
        try:
            data = json.loads(body)
        except ValueError:
            return body
        match = _VIEW.match(path)
        if match is not None and isinstance(data, dict):
            rec = self.store.record(match.group(1))
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
                    child = self.store.by_directory_id(str(row.get("directory_id")))
                    if child is not None:
                        row["locality"] = {"town": child.town,
                                           "local_authority": child.local_authority}
            return json.dumps(data).encode()
        return body


# -- the control route -------------------------------------------------------------------


class FaultBody(BaseModel):
    latency_ms: int = Field(default=0, ge=0, le=MAX_LATENCY_MS)
    error_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    drop_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    malformed_rate: float = Field(default=0.0, ge=0.0, le=1.0)
    leak_shielded: bool = False
    expire_sessions: bool = False


# Left out of the OpenAPI schema: a schema-driven fuzzer pointed at a test server must not
# switch faults on for everyone else using it.
router = APIRouter(prefix=f"{API}/test", include_in_schema=False)


def require_test_control(request: Request) -> None:
    """404 unless a test or training server and a loopback caller (api.md)."""
    client = request.client.host if request.client else None
    if request.app.state.config.environment == "live" or client not in LOOPBACK:
        raise ApiError(404, "not_found", "Not found.")


@router.get("/faults")
def get_faults(request: Request) -> dict[str, Any]:
    require_test_control(request)
    state: FaultState = request.app.state.faults
    return state.settings.as_json()


@router.post("/faults")
def post_faults(request: Request,
                body: Annotated[FaultBody | None, Body()] = None) -> dict[str, Any]:
    require_test_control(request)
    state: FaultState = request.app.state.faults
    settings = FaultSettings(**(body or FaultBody()).model_dump())
    if settings.expire_sessions:
        sessions: SessionStore = request.app.state.sessions
        sessions.end_all()
    return state.set(settings).as_json()


def install_faults(app: Any, settings: FaultSettings | None, environment: str) -> FaultState:
    """Put the fault state on ``app.state.faults``, the middleware and the control routes."""
    if environment == "live" and settings is not None and settings.active:
        raise FaultSpecError("faults are for test and training servers only, never live")
    state = FaultState(settings if environment != "live" else None)
    app.state.faults = state
    app.add_middleware(FaultMiddleware, state=state, store=app.state.store,
                       sessions=app.state.sessions)
    app.include_router(router)
    return state
