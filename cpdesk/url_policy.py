"""The one rule for the directory server's address: ``https://``, or ``http://`` on this computer.

Plain ``http://`` sends the password, the session token and child records in clear, and lets
anyone on the ward network answer as the directory. It is accepted only for a loopback
server (``localhost``, 127.0.0.0/8, ``::1``: the bundled mock server and trainers' set-ups).

Applied wherever an address enters cpdesk: each settings layer in :mod:`cpdesk.config`
(user settings, ``CPDESK_SERVER_URL``, admin policy; ``--server`` is refused by the command
line parser with the message), :func:`cpdesk.config.save_user_settings` (the settings
dialog's save path) and the :class:`cpdesk.api.client.DirectoryClient` constructor.

The address is parsed here with :func:`urllib.parse.urlsplit`; forms where parsers are known
to disagree about the host (user name and password before ``@``, backslashes, spaces and
control characters) are refused outright, so the host checked here is the host httpx dials.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

HTTPS_REQUIRED = ("The directory server address must start with https:// "
                  "(http:// is only for a server on this computer).")
NOT_AN_ADDRESS = ("The directory server address is not a valid web address. "
                  "It should look like https://directory.example.org.")


class ServerUrlRefused(ValueError):
    """A server address the rule refuses; ``message`` is the plain sentence for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_loopback_host(host: str) -> bool:
    """``localhost``, an address in 127.0.0.0/8 (also IPv4-mapped) or ``::1``."""
    host = host.strip("[]").lower()
    if host in ("localhost", "localhost."):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped.is_loopback
    return address.is_loopback


def server_url_problem(url: str) -> str | None:
    """The plain message saying why *url* is refused, or None when it is acceptable."""
    text = url.strip()
    if not text or any(ch.isspace() or ord(ch) < 0x20 or ch in "\\\x7f" for ch in text):
        return NOT_AN_ADDRESS
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in range
    except ValueError:
        return NOT_AN_ADDRESS
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return HTTPS_REQUIRED
    if "@" in parts.netloc or not parts.hostname:
        return NOT_AN_ADDRESS
    if scheme == "http" and not is_loopback_host(parts.hostname):
        return HTTPS_REQUIRED
    return None


def check_server_url(url: str) -> str:
    """*url* unchanged when the rule accepts it; :class:`ServerUrlRefused` otherwise."""
    problem = server_url_problem(url)
    if problem is not None:
        raise ServerUrlRefused(problem)
    return url
