"""Strict parsing of server JSON into domain objects.

Anything that does not match the contract raises :class:`MalformedResponse` and is
refused whole: a partly-understood response is never shown. Unknown extra fields are
ignored (api.md: fields may be added later).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cpdesk.api.errors import MalformedResponse
from cpdesk.domain import Environment, ServiceMeta


def require_object(value: object, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise MalformedResponse(f"{what}: expected a JSON object")
    return value


def require_str(obj: Mapping[str, Any], key: str, what: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise MalformedResponse(f"{what}: field '{key}' missing or not text")
    return value


def parse_meta(body: object) -> ServiceMeta:
    obj = require_object(body, "meta")
    environment = require_str(obj, "environment", "meta")
    try:
        env = Environment(environment)
    except ValueError as exc:
        raise MalformedResponse("meta: unknown environment") from exc
    return ServiceMeta(
        service=require_str(obj, "service", "meta"),
        api_version=require_str(obj, "api_version", "meta"),
        environment=env,
        server_id=require_str(obj, "server_id", "meta"),
        min_client_version=require_str(obj, "min_client_version", "meta"),
    )
