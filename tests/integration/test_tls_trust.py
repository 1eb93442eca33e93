"""TLS: the mock server behind a private CA is refused until that CA is trusted the way an IT
department would trust it (policy's extra CA file, or the OS store); nothing in the user's
environment adds trust (SSL_CERT_FILE, SSL_CERT_DIR, OPENSSL_CONF, CPDESK_EXTRA_CA_FILE) and
there is no switch to turn verification off. Proxy from policy, with no_proxy."""

from __future__ import annotations

import datetime as dt
import ipaddress
import platform
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cpdesk.api.client import DirectoryClient
from cpdesk.api.errors import CertificateNotTrusted, Unreachable
from cpdesk.config import TomlPolicy, load_settings
from mock_server.http.app import create_app


@dataclass(frozen=True)
class Pki:
    ca_file: Path
    cert_file: Path
    key_file: Path


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _make_pki(directory: Path, san: x509.GeneralName) -> Pki:
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (x509.CertificateBuilder().subject_name(_name("cpdesk test corporate CA"))
               .issuer_name(_name("cpdesk test corporate CA")).public_key(ca_key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(hours=1))
               .not_valid_after(now + dt.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(True, False, False, False, False, True, True, False,
                                            False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(_name("directory.example.org"))
            .issuer_name(ca_cert.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(hours=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([san]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    pki = Pki(directory / "ca.pem", directory / "server.pem", directory / "server.key")
    pki.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                               serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return pki


@dataclass(frozen=True)
class TlsServer:
    url: str
    pki: Pki


def _serve(pki: Pki) -> Iterator[TlsServer]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(), log_level="warning", access_log=False,
                            ssl_certfile=str(pki.cert_file), ssl_keyfile=str(pki.key_file))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline
        time.sleep(0.01)  # polling uvicorn's started flag
    try:
        yield TlsServer(f"https://127.0.0.1:{port}", pki)
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    pki = _make_pki(tmp_path_factory.mktemp("pki"), x509.IPAddress(ipaddress.ip_address(
        "127.0.0.1")))
    yield from _serve(pki)


def test_refused_until_the_ca_is_trusted(tls_server: TlsServer,
                                        caplog: pytest.LogCaptureFixture) -> None:
    untrusting = DirectoryClient(tls_server.url, retry_attempts=1)
    caplog.set_level("WARNING", logger="cpdesk.api.client")
    try:
        with pytest.raises(CertificateNotTrusted) as refused:
            untrusting.meta()
        # Not "check the network" (issue 20): IT behind a TLS-inspecting proxy needs this.
        assert refused.value.message.startswith("The directory server's certificate is not "
                                                "trusted on this computer")
        assert any("TLS certificate not trusted: SSLCertVerificationError (verify code"
                   in record.getMessage() for record in caplog.records)
    finally:
        untrusting.close()
    trusting = DirectoryClient(tls_server.url, retry_attempts=1,
                               extra_ca_file=str(tls_server.pki.ca_file))
    try:
        assert trusting.meta().api_version
    finally:
        trusting.close()


def test_ca_from_admin_policy_is_trusted(tls_server: TlsServer, tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(f'server_url = "{tls_server.url}"\n'
                      f'extra_ca_file = "{tls_server.pki.ca_file}"\n', encoding="utf-8")
    settings = load_settings([], {}, policy_sources=[TomlPolicy(policy)],
                             user_file=tmp_path / "user.toml")
    assert settings.is_locked("extra_ca_file")
    client = DirectoryClient(settings.server_url, retry_attempts=1,
                             extra_ca_file=settings.extra_ca_file)
    try:
        assert client.meta().server_id
    finally:
        client.close()


def _refused(url: str, extra_ca_file: str | None = None) -> bool:
    client = DirectoryClient(url, retry_attempts=1, extra_ca_file=extra_ca_file)
    try:
        client.meta()
    except Unreachable:
        return True
    finally:
        client.close()
    return False


def _hashed_ca_dir(pki: Pki, directory: Path) -> Path:
    """An OpenSSL CA directory (``<subject hash>.0``) holding the test CA."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to name a hashed CA directory")
    subject_hash = subprocess.run([openssl, "x509", "-noout", "-subject_hash", "-in",
                                   str(pki.ca_file)], check=True, capture_output=True,
                                  text=True).stdout.strip()
    directory.mkdir()
    shutil.copy(pki.ca_file, directory / f"{subject_hash}.0")
    return directory


def _rogue_openssl_conf(pki: Pki, path: Path) -> Path:
    path.write_text("openssl_conf = conf\n[conf]\nssl_conf = ssl\n[ssl]\nsystem_default = sys\n"
                    f"[sys]\nVerifyCAFile = {pki.ca_file}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("variable", ["SSL_CERT_FILE", "SSL_CERT_DIR", "OPENSSL_CONF"])
def test_a_ca_from_the_environment_is_not_trusted(tls_server: TlsServer, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  variable: str) -> None:
    # A rogue CA that signed the server's certificate, named by a variable anyone in the
    # user's session can set (SSL_CERT_FILE / SSL_CERT_DIR: OpenSSL's default verify paths,
    # which truststore used on Linux). OPENSSL_CONF is a guard: OpenSSL's config file can name
    # a CA file too.
    value = {"SSL_CERT_FILE": lambda: tls_server.pki.ca_file,
             "SSL_CERT_DIR": lambda: _hashed_ca_dir(tls_server.pki, tmp_path / "certs"),
             "OPENSSL_CONF": lambda: _rogue_openssl_conf(tls_server.pki, tmp_path / "o.cnf"),
             }[variable]()
    monkeypatch.setenv(variable, str(value))
    assert _refused(tls_server.url)
    # In a fresh process that had the variable from its start (as a shortcut or login
    # script would set it), too.
    code = ("import sys\nfrom cpdesk.api.client import DirectoryClient\n"
            "from cpdesk.api.errors import CertificateNotTrusted, Unreachable\n"
            "client = DirectoryClient(sys.argv[1], retry_attempts=1)\n"
            "try:\n    client.meta()\nexcept Unreachable:\n    sys.exit(3)\n")
    result = subprocess.run([sys.executable, "-c", code, tls_server.url], check=False,
                            capture_output=True, text=True, timeout=60,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 3, result.stderr[-2000:]
    # The same CA named by the admin policy is trusted, the variable still set.
    policy = tmp_path / "policy.toml"
    policy.write_text(f'server_url = "{tls_server.url}"\n'
                      f'extra_ca_file = "{tls_server.pki.ca_file}"\n', encoding="utf-8")
    settings = load_settings([], {}, policy_sources=[TomlPolicy(policy)],
                             user_file=tmp_path / "user.toml")
    assert not _refused(settings.server_url, settings.extra_ca_file)


def test_a_ca_file_from_cpdesk_environment_is_not_trusted(tls_server: TlsServer,
                                                         tmp_path: Path) -> None:
    env = {"CPDESK_EXTRA_CA_FILE": str(tls_server.pki.ca_file)}
    settings = load_settings([], env, policy_sources=[], user_file=tmp_path / "user.toml")
    assert settings.extra_ca_file is None
    assert _refused(tls_server.url, settings.extra_ca_file)
    with pytest.raises(SystemExit):  # no command-line flag for it either
        load_settings(["--extra-ca-file", str(tls_server.pki.ca_file)], {},
                      policy_sources=[], user_file=tmp_path / "user.toml")


@pytest.mark.skipif(platform.system() in ("Windows", "Darwin"),
                    reason="Windows and macOS verify with the OS itself")
def test_ca_added_to_the_os_trust_store_is_trusted(tls_server: TlsServer,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from cpdesk.api import trust

    # On Linux the OS store is the distribution's CA bundle at a fixed, root-owned place
    # (update-ca-certificates / update-ca-trust put a corporate CA there): stand the test CA
    # in for that bundle.
    monkeypatch.setattr(trust, "system_ca_locations",
                        lambda: (str(tls_server.pki.ca_file), None))
    assert not _refused(tls_server.url)


def test_trusted_ca_does_not_excuse_a_wrong_host_name(tmp_path: Path) -> None:
    pki = _make_pki(tmp_path / "pki", x509.DNSName("directory.example.org"))
    for server in _serve(pki):
        client = DirectoryClient(server.url, retry_attempts=1, extra_ca_file=str(pki.ca_file))
        try:
            with pytest.raises(Unreachable):
                client.meta()
        finally:
            client.close()


def test_there_is_no_switch_to_turn_verification_off(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        load_settings(["--insecure"], {}, policy_sources=[], user_file=tmp_path / "u.toml")
    policy = tmp_path / "policy.toml"
    policy.write_text("verify_tls = false\ninsecure = true\n", encoding="utf-8")
    settings = load_settings([], {"CPDESK_VERIFY_TLS": "0"}, policy_sources=[TomlPolicy(policy)],
                             user_file=tmp_path / "u.toml")
    assert not settings.locked
    assert not hasattr(settings, "verify_tls")


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_policy_proxy_is_used_except_for_no_proxy_hosts(meta_server: str) -> None:
    dead_proxy = f"http://127.0.0.1:{_closed_port()}"
    proxied = DirectoryClient(meta_server, retry_attempts=1, proxy=dead_proxy)
    try:
        with pytest.raises(Unreachable):
            proxied.meta()  # went to the (dead) proxy, not straight to the server
    finally:
        proxied.close()
    bypass = DirectoryClient(meta_server, retry_attempts=1, proxy=dead_proxy,
                             no_proxy="intranet.example.org, 127.0.0.1")
    try:
        assert bypass.meta().server_id
    finally:
        bypass.close()


def test_system_proxy_settings_apply_without_a_policy_proxy(
        meta_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALL_PROXY", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    through_system_proxy = DirectoryClient(meta_server, retry_attempts=1)
    try:
        with pytest.raises(Unreachable):
            through_system_proxy.meta()
    finally:
        through_system_proxy.close()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    direct = DirectoryClient(meta_server, retry_attempts=1)
    try:
        assert direct.meta().server_id
    finally:
        direct.close()
