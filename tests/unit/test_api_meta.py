"""DirectoryClient.meta() against scripted transports: parsing, errors, limits."""

from __future__ import annotations

import json

import httpx
import pytest

from cpdesk.api import errors
from cpdesk.api.client import MAX_BODY_BYTES, DirectoryClient
from cpdesk.domain import Environment

META = {"service": "child-directory", "api_version": "1", "environment": "training",
        "server_id": "x-01", "min_client_version": "0.1.0"}


def client_for(handler) -> DirectoryClient:  # type: ignore[no-untyped-def]
    return DirectoryClient("http://directory.invalid", transport=httpx.MockTransport(handler),
                           retry_attempts=2)


def test_meta_parses_into_domain_object() -> None:
    meta = client_for(lambda r: httpx.Response(200, json=META)).meta()
    assert meta.environment is Environment.TRAINING
    assert meta.server_id == "x-01"


def test_unknown_fields_are_ignored() -> None:
    meta = client_for(lambda r: httpx.Response(200, json={**META, "new": 1})).meta()
    assert meta.api_version == "1"


@pytest.mark.parametrize("body", [
    {k: v for k, v in META.items() if k != "server_id"},
    {**META, "environment": "staging"},
    {**META, "api_version": 1},
    ["not", "an", "object"],
])
def test_malformed_meta_is_refused_whole(body: object) -> None:
    with pytest.raises(errors.MalformedResponse):
        client_for(lambda r: httpx.Response(200, json=body)).meta()


def test_wrong_content_type_is_refused() -> None:
    handler = lambda r: httpx.Response(200, text=json.dumps(META),  # noqa: E731
                                       headers={"content-type": "text/html"})
    with pytest.raises(errors.MalformedResponse):
        client_for(handler).meta()


def test_oversized_body_is_refused() -> None:
    big = {**META, "padding": "x" * (MAX_BODY_BYTES + 10)}
    with pytest.raises(errors.MalformedResponse):
        client_for(lambda r: httpx.Response(200, json=big)).meta()


def test_unreachable_server_is_unreachable_after_retries() -> None:
    calls = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(errors.Unreachable):
        client_for(refuse).meta()
    assert len(calls) == 2


def test_transient_5xx_is_retried_then_succeeds() -> None:
    answers = iter([httpx.Response(503, json={"error": {"code": "x", "message": "y"}}),
                    httpx.Response(200, json=META)])
    assert client_for(lambda r: next(answers)).meta().server_id == "x-01"


def test_real_closed_port_is_unreachable() -> None:
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    client = DirectoryClient(f"http://127.0.0.1:{port}", retry_attempts=1)
    with pytest.raises(errors.Unreachable):
        client.meta()
