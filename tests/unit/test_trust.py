"""Where TLS trust comes from (cpdesk.api.trust): on Linux the OS store is read from the
OpenSSL build's compiled-in paths or the distribution's bundle, never from SSL_CERT_FILE /
SSL_CERT_DIR; verification is always on. (The end-to-end proof against a real TLS server
is tests/integration/test_tls_trust.py.)"""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest

from cpdesk.api import trust

LINUX_ONLY = pytest.mark.skipif(trust.OS_VERIFIER,
                                reason="Windows and macOS verify with the OS itself")


def _paths(cafile: Path | str, capath: Path | str) -> ssl.DefaultVerifyPaths:
    """What ssl.get_default_verify_paths() returns, with the environment pointing elsewhere."""
    return ssl.DefaultVerifyPaths("/home/user/rogue.pem", "/home/user/rogue-dir",
                                  "SSL_CERT_FILE", str(cafile), "SSL_CERT_DIR", str(capath))


def test_only_the_compiled_in_paths_are_used(tmp_path: Path) -> None:
    bundle = tmp_path / "cert.pem"
    bundle.write_text("", encoding="utf-8")
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "0123abcd.0").write_text("", encoding="utf-8")
    assert trust.system_ca_locations(_paths(bundle, certs)) == (str(bundle), str(certs))
    assert trust.system_ca_locations(_paths(bundle, tmp_path / "none")) == (str(bundle), None)


def test_an_empty_build_folder_falls_back_to_the_distribution_bundle(tmp_path: Path) -> None:
    empty = tmp_path / "certs"
    empty.mkdir()
    (empty / "README").write_text("", encoding="utf-8")
    distro = tmp_path / "ca-certificates.crt"
    distro.write_text("", encoding="utf-8")
    paths = _paths(tmp_path / "missing.pem", empty)
    assert trust.system_ca_locations(paths, [str(tmp_path / "nope.pem"), str(distro)]) == (
        str(distro), None)
    assert trust.system_ca_locations(paths, [str(tmp_path / "nope.pem")]) == (None, None)


@LINUX_ONLY
def test_the_environment_does_not_move_the_store(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    before = trust.system_ca_locations()
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "rogue.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    (tmp_path / "rogue.pem").write_text("", encoding="utf-8")
    assert trust.system_ca_locations() == before
    assert str(tmp_path) not in repr(before)


@LINUX_ONLY
def test_the_context_always_verifies_and_is_not_truststores_on_linux() -> None:
    ctx = trust.make_ssl_context()
    assert type(ctx) is ssl.SSLContext  # truststore would reload the env's paths per handshake
    assert ctx.verify_mode is ssl.CERT_REQUIRED and ctx.check_hostname

