"""DirectoryClient: typed calls to the directory server (the only module importing httpx).

Threading: a DirectoryClient is used from worker threads, never from the GUI thread.
httpx.Client is thread-safe for concurrent requests.
"""

from __future__ import annotations

import json
import ssl
from typing import Any

import httpx
import stamina
import truststore

from cpdesk import __version__
from cpdesk.api import errors
from cpdesk.api.wire import parse_meta
from cpdesk.domain import ServiceMeta

MAX_BODY_BYTES = 1024 * 1024
DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=3.0)

_RETRYABLE = (errors.Unreachable, errors.ServerError)


def make_ssl_context(extra_ca_file: str | None = None) -> ssl.SSLContext:
    """TLS is always verified against the operating system's trust store."""
    ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if extra_ca_file:
        ctx.load_verify_locations(cafile=extra_ca_file)
    return ctx


class DirectoryClient:
    """One shared httpx.Client, explicit timeouts, strict parsing, mapped errors."""

    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout = DEFAULT_TIMEOUT,
                 retry_attempts: int = 3) -> None:
        self._base_url = base_url.rstrip("/")
        self._retry_attempts = retry_attempts
        self._http = httpx.Client(
            base_url=self._base_url,
            timeout=timeout,
            transport=transport,
            verify=make_ssl_context(),
            headers={"User-Agent": f"cpdesk/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )

    @property
    def base_url(self) -> str:
        return self._base_url

    def close(self) -> None:
        self._http.close()

    # -- calls ---------------------------------------------------------------------------

    def meta(self) -> ServiceMeta:
        return parse_meta(self._get_idempotent("/api/v1/meta"))

    # -- plumbing ------------------------------------------------------------------------

    def _get_idempotent(self, path: str) -> Any:
        """GETs are safe to repeat: retried with backoff on transport and 5xx failures."""
        for attempt in stamina.retry_context(on=_RETRYABLE, attempts=self._retry_attempts,
                                             wait_initial=0.1, wait_max=1.0):
            with attempt:
                return self._send("GET", path)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, method: str, path: str, body: Any = None) -> Any:
        try:
            with self._http.stream(method, path, json=body) as response:
                payload = _read_limited(response)
        except httpx.TransportError as exc:
            raise errors.Unreachable() from exc
        return _decode(response, payload)


def _read_limited(response: httpx.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise errors.MalformedResponse("response larger than 1 MiB refused")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(response: httpx.Response, payload: bytes) -> Any:
    status = response.status_code
    if status == 204:
        return None
    content_type = response.headers.get("content-type", "")
    data: Any = None
    if payload:
        if not content_type.startswith("application/json"):
            if status >= 500:
                raise errors.ServerError()
            raise errors.MalformedResponse("response is not JSON")
        try:
            data = json.loads(payload)
        except ValueError as exc:
            if status >= 500:
                raise errors.ServerError() from exc
            raise errors.MalformedResponse("response is not valid JSON") from exc
    if 200 <= status < 300:
        return data
    raise _error_for(status, data, response.headers.get("retry-after"))


def _error_for(status: int, data: Any, retry_after_header: str | None) -> errors.ApiError:
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        err = data["error"]
        code = err.get("code") if isinstance(err.get("code"), str) else None
        message = err.get("message") if isinstance(err.get("message"), str) else None
        if isinstance(err.get("retry_after"), int):
            retry_after = err["retry_after"]
    if retry_after is None and retry_after_header and retry_after_header.isdigit():
        retry_after = int(retry_after_header)
    if status == 401 and code in (None, "session_expired"):
        return errors.SessionExpired(code=code)
    if status == 403:
        return errors.Forbidden(message, code=code)
    if status == 404:
        return errors.NotFound(code=code)
    if status == 429:
        return errors.RateLimited(message, code=code, retry_after=retry_after or 60)
    if status >= 500:
        return errors.ServerError(code=code)
    return errors.InvalidRequest(message, code=code)
