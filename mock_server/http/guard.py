"""What every request body must be before any route sees it (issue 14, findings 8–10).

A pure ASGI middleware, outermost, so nothing reaches a route, the audit trail or the store
unless it passes:

- **A cap on the body**: 64 KiB (``MAX_BODY_BYTES``); larger → 413 ``body_too_large``. The
  body is read up to the cap and never further, whatever ``Content-Length`` claims.
- **Valid Unicode**: a JSON body is decoded and every string (keys too) must be encodable as
  UTF-8 — a lone UTF-16 surrogate (``"Sm\\ud800ith"``) is refused with 400 ``invalid_text``.
  Such a string once made ``/search`` answer 500 and left the audit transaction open, so the
  next audited call anywhere failed. The refusal is audited (who, if a live session is
  presented; the path; never the text).
- **Errors in the JSON shape**: an exception no handler caught becomes 500 ``server_error``
  in ``{"error": {...}}``, not Starlette's plain text.

Malformed JSON is left to FastAPI (it answers 422 in the error shape; ``errors.py``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from mock_server.data.audit import AuditUnavailable
from mock_server.http.context import AppContext
from mock_server.http.errors import error_response
from mock_server.rules.sessions import bearer_from_scope

MAX_BODY_BYTES = 64 * 1024

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_log = logging.getLogger(__name__)


class BodyTooLarge(Exception):
    pass


def has_invalid_text(value: object) -> bool:
    """True when any string in a decoded JSON value (keys included) is not valid Unicode."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_invalid_text(k) or has_invalid_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_invalid_text(v) for v in value)
    return False


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class RequestGuard:
    """Outermost middleware: body cap, valid Unicode, JSON-shaped 500s."""

    def __init__(self, app: App, context: AppContext) -> None:
        self.app = app
        self.context = context  # the audit log and the session store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared_length(scope)
        try:
            if declared is not None and declared > MAX_BODY_BYTES:
                raise BodyTooLarge
            body = await _read_body(receive)
        except BodyTooLarge:
            await error_response(413, "body_too_large", "The request is too large.")(
                scope, receive, send)
            return
        if body and self._invalid_text(body):
            self._audit_refusal(scope)
            await error_response(400, "invalid_text", "The request holds text that is not "
                                 "valid Unicode. Retype it and try again.")(scope, receive, send)
            return
        await self._run(scope, body, send)

    @staticmethod
    def _invalid_text(body: bytes) -> bool:
        try:
            decoded = json.loads(body)
        except (ValueError, RecursionError):
            return False  # not JSON: FastAPI answers 422 in the error shape
        return has_invalid_text(decoded)

    async def _run(self, scope: Scope, body: bytes, send: Send) -> None:
        sent_body = False
        started = False

        async def replay() -> Message:
            nonlocal sent_body
            if not sent_body:
                sent_body = True
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, replay, tracking_send)
        except Exception:
            _log.exception("unhandled error on %s", scope.get("path", "?"))
            if not started:
                await error_response(500, "server_error", "The service had a problem. Try "
                                     "again shortly.")(scope, replay, send)

    def _audit_refusal(self, scope: Scope) -> None:
        token = bearer_from_scope(scope)
        session = self.context.sessions.get(token) if token else None
        role = session.active_role if session is not None else None
        try:
            self.context.audit.append(
                username=session.username if session is not None else None,
                role=role.role if role is not None else None, action="request",
                outcome="refused:invalid_text",
                detail={"method": scope.get("method"), "path": scope.get("path")})
        except AuditUnavailable:
            _log.warning("a refused request could not be audited")
