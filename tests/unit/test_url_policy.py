"""The server address rule (cpdesk.url_policy): https:// anywhere, http:// only on loopback;
the DirectoryClient refuses any other address before it opens a connection."""

from __future__ import annotations

import httpx
import pytest

from cpdesk.api.client import DirectoryClient
from cpdesk.url_policy import (
    HTTPS_REQUIRED,
    NOT_AN_ADDRESS,
    ServerUrlRefused,
    check_server_url,
    server_url_problem,
)

ACCEPTED = [
    "http://127.0.0.1:8765", "http://127.0.0.1:8765/", "http://127.255.0.9", "http://localhost",
    "http://LOCALHOST:8765", "http://[::1]:8765", "http://[::ffff:127.0.0.1]:8765",
    "https://directory.example.org", "https://directory.example.org:8443/base",
    "https://10.1.2.3", "HTTPS://Directory.Example.Org",
]
NOT_HTTPS = [
    "http://directory.example.org", "http://10.1.2.3:8765", "http://192.168.0.5",
    "http://0.0.0.0:8765", "http://[fe80::1]", "http://[::2]", "http://127.0.0.1.example.org",
    "http://localhost.example.org", "http://127.1", "ftp://directory.example.org",
    "ws://127.0.0.1:8765", "directory.example.org", "//directory.example.org",
]
NOT_ADDRESSES = [
    "", "   ", "https://", "http://", "http://127.0.0.1@directory.example.org",
    "https://user:secret@directory.example.org", "http://directory.example.org\\@127.0.0.1",
    "http://127.0.0.1:99999", "http://127.0.0.1:port", "https://directory example.org",
    "http://127.0.0.1\n.example.org",
]


@pytest.mark.parametrize("url", ACCEPTED)
def test_https_anywhere_and_http_on_this_computer_are_accepted(url: str) -> None:
    assert server_url_problem(url) is None
    assert check_server_url(url) == url


@pytest.mark.parametrize("url", NOT_HTTPS)
def test_http_elsewhere_and_other_schemes_are_refused_with_the_plain_message(url: str) -> None:
    assert server_url_problem(url) == HTTPS_REQUIRED
    with pytest.raises(ServerUrlRefused) as refused:
        check_server_url(url)
    assert refused.value.message == str(refused.value) == HTTPS_REQUIRED


@pytest.mark.parametrize("url", NOT_ADDRESSES)
def test_addresses_parsers_could_read_differently_are_refused(url: str) -> None:
    assert server_url_problem(url) == NOT_AN_ADDRESS


def test_the_messages_are_plain_sentences() -> None:
    assert HTTPS_REQUIRED == ("The directory server address must start with https:// "
                              "(http:// is only for a server on this computer).")
    assert NOT_AN_ADDRESS == ("The directory server address is not a valid web address. "
                              "It should look like https://directory.example.org.")


@pytest.mark.parametrize("url", ["http://directory.example.org", "http://10.1.2.3:8765"])
def test_the_client_refuses_plain_http_to_another_computer(url: str) -> None:
    with pytest.raises(ValueError, match=r"must start with https://"):
        DirectoryClient(url)


def test_the_client_accepts_https_and_loopback_http() -> None:
    for url in ("https://directory.example.org", "http://127.0.0.1:8765", "http://[::1]:1"):
        DirectoryClient(url).close()


def test_an_injected_transport_is_not_the_network() -> None:
    # Tests and in-memory servers hand in a transport: no connection leaves the process.
    client = DirectoryClient("http://directory.invalid",
                             transport=httpx.MockTransport(lambda _r: httpx.Response(500)))
    client.close()
