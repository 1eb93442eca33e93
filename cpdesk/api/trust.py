"""Where TLS trust comes from: the operating system's store plus the admin policy's CA file.

Nothing a user (or a program running in the user's session) can set changes what is trusted:
not ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``, not ``CPDESK_EXTRA_CA_FILE`` or a command-line flag
(``extra_ca_file`` is read from admin policy only, see :mod:`cpdesk.config`). Verification
cannot be turned off.

How the operating system's store is reached:

- **Windows and macOS**: :class:`truststore.SSLContext`. OpenSSL's own verification is off
  during the handshake and the chain is checked by the OS verifier (CryptoAPI
  ``CertGetCertificateChain`` / Security.framework ``SecTrustEvaluateWithError``), with the
  certificates loaded into the context (only the policy's CA file) as extra anchors.
  truststore never calls ``set_default_verify_paths`` there, so the ``SSL_CERT_*`` variables
  are not read (checked against truststore 0.10: ``_windows.py`` / ``_macos.py``).
- **Linux and other Unix**: a plain :class:`ssl.SSLContext` loaded from fixed, root-owned
  places. truststore is not used here: on these systems it is only an OpenSSL context that
  calls ``set_default_verify_paths()`` before every handshake (``truststore/_openssl.py``),
  and OpenSSL then reads ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` from the environment, so anyone
  who can set a variable for the process could add a CA. Instead the store is the
  OpenSSL build's compiled-in CA file and directory (``openssl_cafile`` / ``openssl_capath``
  of :func:`ssl.get_default_verify_paths`, which are separate from the environment-overridden
  ``cafile`` / ``capath``), or, when the build's own folder is empty (a bundled OpenSSL built
  elsewhere), the first distribution CA bundle that exists, in the order truststore uses.
  Verification is OpenSSL's, exactly as truststore does it on Linux: peer certificate and
  host name required (``PROTOCOL_TLS_CLIENT``).
"""

from __future__ import annotations

import logging
import os
import platform
import re
import ssl
from collections.abc import Sequence

import truststore

# The distributions' CA bundles (as truststore/_openssl.py lists them, after certifi-system-store).
DISTRIBUTION_CA_FILES: tuple[str, ...] = (
    "/etc/ssl/cert.pem",  # Alpine, Arch, Fedora 34-43, OpenWRT, RHEL 9-10, BSD
    "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem",  # Fedora 44+, RHEL 11+
    "/etc/pki/tls/cert.pem",  # Fedora <= 34, RHEL <= 9, CentOS <= 9
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu
    "/etc/ssl/ca-bundle.pem",  # SUSE
)
OS_VERIFIER = platform.system() in ("Windows", "Darwin")

_HASHED_NAME = re.compile(r"^[0-9a-fA-F]{8}\.[0-9]$")
_log = logging.getLogger(__name__)


def _has_hashed_certs(capath: str) -> bool:
    try:
        return any(_HASHED_NAME.match(name) for name in os.listdir(capath))
    except OSError:
        return False


def system_ca_locations(paths: ssl.DefaultVerifyPaths | None = None,
                        candidates: Sequence[str] = DISTRIBUTION_CA_FILES,
                        ) -> tuple[str | None, str | None]:
    """The OS store on Linux/Unix as ``(cafile, capath)``, from fixed places only.

    *paths* defaults to :func:`ssl.get_default_verify_paths`, of which only the compiled-in
    ``openssl_cafile`` / ``openssl_capath`` are used, never the ``cafile`` / ``capath`` that
    ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` override. ``(None, None)`` when there is none.
    """
    paths = ssl.get_default_verify_paths() if paths is None else paths
    cafile = paths.openssl_cafile if os.path.isfile(paths.openssl_cafile) else None
    capath = paths.openssl_capath if _has_hashed_certs(paths.openssl_capath) else None
    if cafile or capath:
        return cafile, capath
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate, None
    return None, None


def make_ssl_context(extra_ca_file: str | None = None) -> ssl.SSLContext:
    """A verifying client context: the OS store, plus *extra_ca_file* (admin policy's)."""
    ctx: ssl.SSLContext
    if OS_VERIFIER:
        ctx = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    else:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        cafile, capath = system_ca_locations()
        if cafile or capath:
            ctx.load_verify_locations(cafile=cafile, capath=capath)
        else:
            _log.warning("no operating system CA store found; only the policy's CA file "
                         "is trusted")
    if extra_ca_file:
        ctx.load_verify_locations(cafile=extra_ca_file)
    return ctx
