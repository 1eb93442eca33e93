"""Does this installation's profile accept the server's environment? (product.md §8)

- profile ``live`` (the default) accepts only a live server;
- profile ``training`` accepts only a training server;
- profile ``test`` accepts test and training servers.

An unknown profile is treated as ``live`` (the strictest). A mismatch blocks sign-in with a
plain message saying which way round it is; the check runs when the window learns the
server's environment and again, through :class:`EnvironmentCheckedApi`, right before each
challenge, so a password is never sent to a server of the wrong kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpdesk.api.errors import ApiError
from cpdesk.auth.signin import SignInApi
from cpdesk.domain import Environment

if TYPE_CHECKING:
    from cpdesk.domain import Challenge, ServiceMeta, SessionInfo

ACCEPTED: dict[str, frozenset[Environment]] = {
    "live": frozenset({Environment.LIVE}),
    "training": frozenset({Environment.TRAINING}),
    "test": frozenset({Environment.TEST, Environment.TRAINING}),
}

_PROFILE_TEXT = {"live": "the live directory", "training": "training",
                 "test": "testing"}
_SERVER_TEXT = {Environment.LIVE: "the live directory",
                Environment.TRAINING: "a training sandbox with fictional records",
                Environment.TEST: "a test server"}
_ADVICE = {
    "live": ("Sign-in is blocked so that practice records are never mistaken for real "
             "children. Check the server address, or ask your IT service desk."),
    "training": ("Sign-in is blocked: training must never use real children's records. "
                 "Check the server address, or ask your trainer."),
    "test": ("Sign-in is blocked: testing must never use real children's records. "
             "Check the server address."),
}


def normalise_profile(profile: str) -> str:
    return profile if profile in ACCEPTED else "live"


def mismatch(profile: str, environment: Environment) -> str | None:
    """The message to show when ``profile`` must refuse a server in ``environment``."""
    profile = normalise_profile(profile)
    if environment in ACCEPTED[profile]:
        return None
    return (f"This copy of cpdesk is set up for {_PROFILE_TEXT[profile]}, but this server is "
            f"{_SERVER_TEXT[environment]}. {_ADVICE[profile]}")


class EnvironmentMismatch(ApiError):
    """The server is of a kind this installation must not sign in to."""


class EnvironmentCheckedApi:
    """The sign-in calls of a DirectoryClient, refusing a server of the wrong kind.

    ``meta()`` raises :class:`EnvironmentMismatch` (a plain message, no secrets) before the
    sign-in flow sends the password; the other calls go straight through.
    """

    def __init__(self, api: SignInApi, profile: str) -> None:
        self._api = api
        self.profile = normalise_profile(profile)

    def meta(self) -> ServiceMeta:
        meta = self._api.meta()
        problem = mismatch(self.profile, meta.environment)
        if problem is not None:
            raise EnvironmentMismatch(problem, code="environment_mismatch")
        return meta

    def challenge(self, username: str, password: str) -> Challenge:
        return self._api.challenge(username, password)

    def create_session(self, challenge_id: str, algorithm: str, signature: bytes,
                       certificate_der: bytes) -> SessionInfo:
        return self._api.create_session(challenge_id, algorithm, signature, certificate_der)

    def select_role(self, role_id: str) -> SessionInfo:
        return self._api.select_role(role_id)

    def get_session(self) -> SessionInfo:
        return self._api.get_session()

    def unlock_challenge(self) -> Challenge:
        return self._api.unlock_challenge()

    def unlock(self, challenge_id: str, algorithm: str, signature: bytes,
               certificate_der: bytes) -> SessionInfo:
        return self._api.unlock(challenge_id, algorithm, signature, certificate_der)
