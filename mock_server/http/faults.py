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
from typing import Annotated, Any

from fastapi import APIRouter, Body, Request
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.http.context import AppContext, ContextDep
from mock_server.rules.errors import ApiError
from mock_server.rules.faults import MAX_LATENCY_MS, FaultSettings, leak, malformed
from mock_server.rules.sessions import bearer_from_scope

API = "/api/v1"
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
_SIGN_IN_PATHS = frozenset({f"{API}/auth/challenge", f"{API}/auth/session", f"{API}/auth/role",
                            f"{API}/auth/logout"})


# -- the middleware ----------------------------------------------------------------------


async def _send_body(send: Send, status: int, body: bytes,
                     headers: list[tuple[bytes, bytes]] | None = None) -> None:
    out = [(k, v) for k, v in (headers or []) if k.lower() not in (b"content-length",
                                                                    b"content-type")]
    out += [(b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": out})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class FaultMiddleware:
    """Applies ``context.faults`` to every ``/api/v1`` call except the test controls."""

    def __init__(self, app: ASGIApp, context: AppContext) -> None:
        self.app = app
        self.context = context

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        state = self.context.faults
        settings = state.settings
        if (scope["type"] != "http" or not settings.active or not path.startswith(API + "/")
                or path.startswith(f"{API}/test/")):
            await self.app(scope, receive, send)
            return
        state.calls.append((str(scope.get("method", "")), path))
        if settings.expire_sessions and path not in _SIGN_IN_PATHS:
            token = bearer_from_scope(scope)
            if token is not None:
                self.context.sessions.end(token)
        if settings.latency_ms:
            await asyncio.sleep(settings.latency_ms / 1000)
        if state.roll(settings.error_rate):
            await _send_body(send, 500, json.dumps({"error": {
                "code": "injected_fault",
                "message": "The server failed (a fault injected for testing)."}}).encode())
            return
        drop = state.roll(settings.drop_rate)
        garble = state.roll(settings.malformed_rate)
        if not (drop or garble or settings.leak_shielded):
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
            body = leak(self.context.store, path, body)
        if ok and garble:
            body = malformed(state, body)
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


def require_test_control(request: Request, ctx: AppContext) -> None:
    """404 unless a test or training server and a loopback caller (api.md)."""
    client = request.client.host if request.client else None
    if ctx.config.environment == "live" or client not in LOOPBACK:
        raise ApiError(404, "not_found", "Not found.")


@router.get("/faults")
def get_faults(request: Request, ctx: ContextDep) -> dict[str, Any]:
    require_test_control(request, ctx)
    return ctx.faults.settings.as_json()


@router.post("/faults")
def post_faults(request: Request, ctx: ContextDep,
                body: Annotated[FaultBody | None, Body()] = None) -> dict[str, Any]:
    require_test_control(request, ctx)
    settings = FaultSettings(**(body or FaultBody()).model_dump())
    if settings.expire_sessions:
        ctx.sessions.end_all()
    return ctx.faults.set(settings).as_json()

