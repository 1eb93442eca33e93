"""Errors in api.md's shape — ``{"error": {"code", "message"}}`` — for every failure.

Routes and rules raise :class:`~mock_server.rules.errors.ApiError`; ``EXCEPTION_HANDLERS``
(handed to ``FastAPI`` by the app factory) answers it, and makes FastAPI's own 404/405/422
answers take the same shape. Messages are plain English and never contain personal data.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from mock_server.rules.errors import ApiError


def error_response(status: int, code: str, message: str,
                   retry_after: int | None = None) -> JSONResponse:
    body: dict[str, object] = {"code": code, "message": message}
    headers: dict[str, str] = {}
    if retry_after is not None:
        body["retry_after"] = retry_after
        headers["Retry-After"] = str(retry_after)
    return JSONResponse({"error": body}, status_code=status, headers=headers)


_HTTP_CODES = {
    400: ("bad_request", "The request could not be understood."),
    401: ("session_expired", "Your session has ended. Sign in again."),
    403: ("forbidden", "Your role does not allow this."),
    404: ("not_found", "Not found."),
    405: ("method_not_allowed", "That method is not allowed here."),
}


async def _api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.code, exc.message, exc.retry_after)


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code, message = _HTTP_CODES.get(exc.status_code, ("error", "The request failed."))
    return error_response(exc.status_code, code, message)


async def _validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = sorted({str(err["loc"][-1]) for err in exc.errors() if err.get("loc")})
    named = f" Check: {', '.join(fields)}." if fields else ""
    if request.url.path.endswith("/search"):
        return error_response(422, "invalid_criteria", f"A search field is malformed.{named}")
    return error_response(422, "invalid_request", f"The request body is malformed.{named}")


EXCEPTION_HANDLERS: dict[int | type[Exception],
                         Callable[[Request, Any], Coroutine[Any, Any, Response]]] = {
    ApiError: _api_error,
    StarletteHTTPException: _http_error,
    RequestValidationError: _validation,
}
