"""Errors in api.md's shape — ``{"error": {"code", "message"}}`` — for every failure.

Routes raise :class:`ApiError`; :func:`install` makes FastAPI's own 404/405/422 answers take the
same shape. Messages are plain English and never contain personal data.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 retry_after: int | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


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


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.retry_after)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, message = _HTTP_CODES.get(exc.status_code, ("error", "The request failed."))
        return error_response(exc.status_code, code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = sorted({str(err["loc"][-1]) for err in exc.errors() if err.get("loc")})
        named = f" Check: {', '.join(fields)}." if fields else ""
        if request.url.path.endswith("/search"):
            return error_response(422, "invalid_criteria", f"A search field is malformed.{named}")
        return error_response(422, "invalid_request", f"The request body is malformed.{named}")
