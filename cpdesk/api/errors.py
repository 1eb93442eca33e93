"""The error tree every directory call can raise.

Messages here are shown to users: plain English, never personal data, never the
server's raw body, never the session token. ``code`` is the server's error code.
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

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r})"


class Unreachable(ApiError):
    """No answer: DNS, refused connection, TLS failure or timeout."""

    user_message = (
        "The directory server cannot be reached. Check the network connection and try again."
    )


class CertificateNotTrusted(Unreachable):
    """TLS verification failed: behind a TLS-inspecting proxy, or a server with a certificate
    this computer does not trust. IT needs to know it is this, not the network."""

    user_message = (
        "The directory server's certificate is not trusted on this computer, so cpdesk did not "
        "connect. Tell your IT service desk: the network may be inspecting secure connections."
    )


class MalformedResponse(ApiError):
    """The server answered with something that is not what the contract says."""

    user_message = (
        "The directory server sent a response cpdesk could not read. Nothing from it is shown."
    )

    @property
    def message(self) -> str:
        """Always the plain sentence: the technical detail (``str()``) is for the log only."""
        return self.user_message


class SessionExpired(ApiError):
    """401: the session is gone (idle, absolute expiry, logout or server restart)."""

    user_message = "Your session has ended. Unlock with your card and PIN to continue."


class SessionLocked(SessionExpired):
    """401 ``session_locked``: the server holds the session suspended until the card unlocks
    it. Not an ending: the client keeps the token (the unlock needs it)."""

    user_message = "Your session is locked. Unlock it with your card to go on."


# -- sign-in refusals (401 at /auth/challenge and /auth/session) ----------------------------


class SignInRefused(ApiError):
    """401 during sign-in; subclasses name the factor the server reported."""

    user_message = "Sign-in was refused."


class InvalidCredentials(SignInRefused):
    # One generic message: never which of user name or password was wrong.
    user_message = "User name or password not recognised."


class InvalidSignature(SignInRefused):
    user_message = "Your card's signature was not accepted. Check you are using your own card."


class ChallengeExpired(SignInRefused):
    user_message = "Sign-in took too long and the one-time code expired. Please start again."


class ChallengeUsed(SignInRefused):
    user_message = "That sign-in attempt was already used. Please start again."


class CertificateNotEnrolled(SignInRefused):
    user_message = (
        "The card is not registered for this user. Use your own card or contact your "
        "registration authority."
    )


SIGN_IN_REFUSALS: dict[str, type[SignInRefused]] = {
    "invalid_credentials": InvalidCredentials,
    "invalid_signature": InvalidSignature,
    "challenge_expired": ChallengeExpired,
    "challenge_used": ChallengeUsed,
    "certificate_not_enrolled": CertificateNotEnrolled,
}


class AccountLocked(ApiError):
    """423: too many failed sign-ins; ``retry_after`` seconds until the account unlocks."""

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 retry_after: int = 900) -> None:
        minutes = max(1, -(-retry_after // 60))
        super().__init__(
            message or (f"This account is locked after too many failed sign-ins. "
                        f"Try again in {minutes} minute{'s' if minutes != 1 else ''}."),
            code=code)
        self.retry_after = retry_after


class Forbidden(ApiError):
    """403: the active role may not do this."""

    user_message = "Your role does not allow that."


class RoleRequired(Forbidden):
    """403 ``role_required``: a role must be chosen before anything else."""

    user_message = "Choose a role before continuing."


class NotFound(ApiError):
    """404."""

    user_message = "No such record was found."


class InvalidRequest(ApiError):
    """400 / 422: the server refused what was sent; the message says why."""


class RateLimited(ApiError):
    """429: too many requests; ``retry_after`` seconds until the next may be made."""

    def __init__(self, message: str | None = None, *, code: str | None = None,
                 retry_after: int = 60) -> None:
        super().__init__(
            message or (f"Too many requests in a short time. "
                        f"Wait {retry_after} seconds and try again."),
            code=code)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx (503 also when the server could not write its audit trail)."""

    user_message = "The directory server had a problem and could not answer. Try again shortly."
