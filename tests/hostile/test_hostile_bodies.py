"""Oversized, truncated, wrong-typed and otherwise broken bodies, both ways, over real sockets.

Client side: a raw TCP server (no HTTP library) answers the real ``DirectoryClient`` with
hand-written bytes. Every answer either parses whole or ends in one ``ApiError`` — never
another exception, never a partly-read result.

Server side: the real mock server (uvicorn on loopback) is sent hostile requests through a
raw socket and httpx. It answers each with a 4xx in api.md's error shape, never a 5xx, and
keeps serving.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import threading
from collections.abc import Iterator
from datetime import date

import httpx
import pytest

from cpdesk.api.client import DirectoryClient
from cpdesk.api.errors import (
    ApiError,
    MalformedResponse,
    ServerError,
    Unreachable,
)
from cpdesk.domain import Reason, ReasonCode, SearchCriteria
from mock_server.http.app import create_app
from mock_server.http.runner import ServerThread
from mock_server.rules.sessions import SessionRole
from tests.unit.test_wire import RECORD, SESSION

MIB = 1024 * 1024


def _response(body: bytes, *, status: str = "200 OK", content_type: str = "application/json",
              extra: str = "", length: int | None = None) -> bytes:
    size = len(body) if length is None else length
    head = (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {size}\r\nConnection: close\r\n{extra}\r\n")
    return head.encode() + body


def _chunked(body: bytes, chunk: int = 64 * 1024) -> bytes:
    head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    pieces = [body[i:i + chunk] for i in range(0, len(body), chunk)]
    return head + b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def _padded(size: int) -> bytes:
    """A body both parsers would accept (unknown fields are ignored) but for its size."""
    return json.dumps({**RECORD, "too_many": False, "count": 0, "results": [],
                       "padding": "x" * size}).encode()


class HostileServer:
    """Answers ``POST /api/v1/auth/session`` with a valid session (so calls carry one) and
    every other request with the bytes in ``self.answer``."""

    def __init__(self) -> None:
        owner = self
        self.answer = b""

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                data = b""
                while b"\r\n\r\n" not in data:
                    got = self.request.recv(65536)
                    if not got:
                        return
                    data += got
                head, _, rest = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":")[1])
                while len(rest) < length:
                    got = self.request.recv(65536)
                    if not got:
                        break
                    rest += got
                if head.startswith(b"POST /api/v1/auth/session "):
                    reply = _response(json.dumps(SESSION).encode())
                else:
                    reply = owner.answer
                # The client may hang up first: that is what an oversized answer gets.
                with contextlib.suppress(OSError):
                    self.request.sendall(reply)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def client(hostile: HostileServer) -> Iterator[DirectoryClient]:
    api = DirectoryClient(hostile.url, timeout=httpx.Timeout(5.0), retry_attempts=1)
    api.create_session("challenge-1", "ECDSA-P256-SHA256", b"signature", b"certificate")
    assert api.has_session
    yield api
    api.close()


CRITERIA = SearchCriteria(family_name="Doe", dob=date(2011, 7, 14))
REASON = Reason(ReasonCode.UNSCHEDULED_CARE)
VALID_RECORD = json.dumps(RECORD).encode()

CASES: dict[str, tuple[bytes, type[ApiError]]] = {
    "declared larger than 1 MiB": (_response(_padded(MIB)), MalformedResponse),
    "chunked past 1 MiB, no length": (_chunked(_padded(2 * MIB)), MalformedResponse),
    "length lies, connection cut": (_response(VALID_RECORD[:200], length=5000), Unreachable),
    "JSON cut short": (_response(VALID_RECORD[:200]), MalformedResponse),
    "HTML with status 200": (_response(b"<html>ok</html>", content_type="text/html"),
                             MalformedResponse),
    "a JSON list": (_response(b"[]"), MalformedResponse),
    "a JSON string": (_response(b'"record"'), MalformedResponse),
    "a JSON number": (_response(b"42"), MalformedResponse),
    "JSON null": (_response(b"null"), MalformedResponse),
    "empty 200": (_response(b""), MalformedResponse),
    "nested 100,000 deep": (_response(b"[" * 100_000 + b"]" * 100_000), MalformedResponse),
    "invalid UTF-8": (_response(b'{"too_many": false, "x": "\xff\xfe"}'), MalformedResponse),
    "NaN and Infinity": (_response(b'{"too_many": NaN, "count": Infinity, "results": []}'),
                         MalformedResponse),
    "broken gzip": (_response(b"\x1f\x8b\x08\x00garbage", extra="Content-Encoding: gzip\r\n"),
                    MalformedResponse),
    "not HTTP at all": (b"SSH-2.0-OpenSSH_9.2\r\n", Unreachable),
    "closed without a word": (b"", Unreachable),
    "500 with a huge HTML page": (_response(b"<p>" * 300_000, status="500 Oops",
                                            content_type="text/html"), ServerError),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_answers_to_search_and_record_end_in_one_api_error(
        hostile: HostileServer, client: DirectoryClient, case: str) -> None:
    reply, expected = CASES[case]
    hostile.answer = reply
    for call in (lambda: client.search(CRITERIA),
                 lambda: client.view_record("9997773454", REASON)):
        with pytest.raises(ApiError) as caught:
            call()
        assert isinstance(caught.value, expected), (case, type(caught.value))


@pytest.mark.parametrize("mutation", ["number for text", "text for flag", "object for list",
                                      "withheld not a list", "another child"])
def test_wrong_typed_records_are_refused_whole(hostile: HostileServer, client: DirectoryClient,
                                               mutation: str) -> None:
    body = json.loads(VALID_RECORD)
    if mutation == "number for text":
        body["name"]["family_name"] = 12345
    elif mutation == "text for flag":
        body["shielded"] = "false"
    elif mutation == "object for list":
        body["addresses"] = {"lines": ["1 Road"]}
    elif mutation == "withheld not a list":
        body["withheld"] = "addresses"
    else:
        body["directory_id"] = "9434765919"
    hostile.answer = _response(json.dumps(body).encode())
    with pytest.raises(MalformedResponse):
        client.view_record("9997773454", REASON)


def test_the_unchanged_record_is_accepted(hostile: HostileServer,
                                          client: DirectoryClient) -> None:
    """The control: the same server and client accept the valid body (so the refusals above
    are about the bodies, not the harness)."""
    hostile.answer = _response(VALID_RECORD)
    record = client.view_record("9997773454", REASON)
    assert record.name.family_name == "Doe"
    hostile.answer = _response(_padded(MIB - 20_000))  # just under the limit: accepted
    assert client.view_record("9997773454", REASON).name.family_name == "Doe"
    assert client.search(CRITERIA).results == ()


# -- the server side ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, str]]:
    app = create_app()
    session = app.state.sessions.create(
        "hostile", (SessionRole("r1", "practitioner", "Royal Bolton Hospital", "Bolton"),))
    with ServerThread(app) as running:
        yield running.url, session.token


def _raw(url: str, request: bytes, timeout: float = 10.0) -> bytes:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


HOSTILE_REQUESTS: dict[str, bytes | object] = {
    "invalid JSON": b'{"family_name": "Doe", ',
    "a JSON list": [],
    "wrong types": {"family_name": 123, "dob": ["2011-07-14"], "mode": {"x": 1}},
    "nested 50,000 deep": b"[" * 50_000 + b"]" * 50_000,
    "invalid UTF-8": b'{"family_name": "\xff\xfe"}',
    "4 MiB of name": {"family_name": "a" * (4 * MIB), "dob": "2011-07-14"},
    "impossible date": {"family_name": "Doe", "dob": "2011-02-30"},
    "huge number": {"family_name": "Doe", "dob": 10**400},
    "NUL bytes": {"family_name": "Do\u0000e", "dob": "2011-07-14"},
}


@pytest.mark.parametrize("case", list(HOSTILE_REQUESTS))
def test_hostile_requests_get_a_4xx_in_the_error_shape(server: tuple[str, str],
                                                       case: str) -> None:
    url, token = server
    value = HOSTILE_REQUESTS[case]
    content = value if isinstance(value, bytes) else json.dumps(value).encode()
    with httpx.Client(base_url=url, timeout=30) as http:
        for path in ("/api/v1/search", "/api/v1/children/9997773454/view"):
            response = http.post(path, content=content, headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            assert 400 <= response.status_code < 500, (case, path, response.status_code)
            assert set(response.json()) == {"error"}
        assert http.get("/api/v1/meta").status_code == 200  # still serving


def test_truncated_request_body_is_not_served_and_the_server_carries_on(
        server: tuple[str, str]) -> None:
    url, token = server
    body = b'{"family_name": "Doe", "dob": "2011-07-14"}'
    request = (f"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body) + 500}\r\n\r\n"
               ).encode() + body[:20]
    answer = _raw(url, request)
    assert not answer.startswith(b"HTTP/1.1 200"), answer[:60]
    assert b"Doe" not in answer
    with httpx.Client(base_url=url) as http:
        assert http.get("/api/v1/meta").status_code == 200


def test_garbage_on_the_socket_is_refused_and_the_server_carries_on(
        server: tuple[str, str]) -> None:
    url, _token = server
    answer = _raw(url, b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + b"\x00" * 500)
    assert not answer.startswith(b"HTTP/1.1 2")
    answer = _raw(url, b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 4"), answer[:60]
    with httpx.Client(base_url=url) as http:
        assert http.get("/api/v1/meta").status_code == 200
