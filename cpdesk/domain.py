"""Frozen domain objects the client works with (no Qt, no httpx)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Environment(StrEnum):
    """Which kind of directory server the client is talking to."""

    LIVE = "live"
    TRAINING = "training"
    TEST = "test"


@dataclass(frozen=True, slots=True)
class ServiceMeta:
    """What `GET /api/v1/meta` says about the server."""

    service: str
    api_version: str
    environment: Environment
    server_id: str
    min_client_version: str
