"""The error tree every directory call can raise.

Messages here are shown to users: plain English, never personal data, never the
server's raw body.
"""

from __future__ import annotations


class ApiError(Exception):
    """Something went wrong talking to the directory server."""

    user_message = "The directory could not complete that request."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message or self.user_message)
        self.code = code

    @property
    def message(self) -> str:
        return str(self)


class Unreachable(ApiError):
    """No answer: DNS, refused connection, TLS failure or timeout."""

    user_message = (
        "The directory server cannot be reached. Check the network connection and try again."
    )


class MalformedResponse(ApiError):
    """The server answered with something that is not what the contract says."""

    user_message = (
        "The directory server sent a response cpdesk could not read. Nothing from it is shown."
    )


class SessionExpired(ApiError):
    """401: the session is gone (idle, absolute expiry, logout or server restart)."""

    user_message = "Your session has ended. Unlock with your card and PIN to continue."


class Forbidden(ApiError):
    """403: the active role may not do this."""

    user_message = "Your role does not allow that."


class NotFound(ApiError):
    """404."""

    user_message = "No such record was found."


class InvalidRequest(ApiError):
    """400 / 422: the server refused what was sent; the message says why."""


class RateLimited(ApiError):
    """429: too many requests; `retry_after` seconds until the next may be made."""

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 retry_after: int = 60) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx."""

    user_message = "The directory server had a problem and could not answer. Try again shortly."
