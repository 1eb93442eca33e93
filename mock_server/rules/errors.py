"""A refusal in api.md's terms: HTTP status, error code and a plain-English message.

Rules raise :class:`ApiError`; ``mock_server.http.errors`` turns it into the
``{"error": {"code", "message"}}`` answer. Messages never contain personal data.
"""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str,
                 retry_after: int | None = None) -> None:
        super().__init__(f"{status} {code}")
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
