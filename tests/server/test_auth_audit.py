"""Authentication events are in the audit trail (issue 14, finding 7) — with no password,
PIN, signature or certificate — and record views are limited per user."""

from __future__ import annotations

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from test_signin_http import (  # the helpers and fixtures of the sign-in HTTP tests
    AUTH,
    Server,
    add_user,
    attempt,
    other_rsa_key,
    rsa_key,
    server,
    sign_in,
)

from mock_server.data import named_children as fixtures
from mock_server.data.audit import AuditLog

__all__ = ["other_rsa_key", "rsa_key", "server"]


def trail(server: Server) -> list[dict[str, object]]:
    log: AuditLog = server.app.state.audit
    return [e.as_json() for e in log.entries()]


def test_sign_in_role_and_sign_out_are_audited_without_secrets(
        server: Server, rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    assert attempt(server, "alice", rsa_key, cert, "Wrong-secret-77").status_code == 401
    assert attempt(server, "Typed-my-password-here", rsa_key, cert).status_code == 401
    session = sign_in(server, "alice", rsa_key, cert)
    headers = {"Authorization": f"Bearer {session['session_token']}"}
    assert server.http.post(f"{AUTH}/logout", headers=headers).status_code == 204
    events = [(e["username"], e["action"], e["outcome"]) for e in trail(server)]
    assert events == [
        ("alice", "signin-challenge", "issued"), ("alice", "signin", "refused:invalid_credentials"),
        (None, "signin-challenge", "issued"), (None, "signin", "refused:invalid_credentials"),
        ("alice", "signin-challenge", "issued"), ("alice", "signin", "ok"),
        ("alice", "signout", "ok")]
    text = str(trail(server))
    for secret in ("Wrong-secret-77", "Typed-my-password-here", "Correct-horse-2026",
                   session["session_token"]):
        assert secret not in text  # a password typed as a user name is not kept either


def test_record_views_are_limited_per_user(server: Server) -> None:
    from mock_server.rules.sessions import SessionRole

    made = server.app.state.sessions.create(
        "busy.nurse", (SessionRole("r1", "practitioner", "Hospital", "Bolton"),))
    headers = {"Authorization": f"Bearer {made.token}"}
    url = f"/api/v1/children/{fixtures.BOLTON_AE.directory_id}/view"
    body = {"reason": {"code": "unscheduled-care"}}
    answers = [server.http.post(url, json=body, headers=headers).status_code
               for _ in range(101)]
    assert answers[:100] == [200] * 100
    assert answers[100] == 429
    refused = server.http.post(url, json=body, headers=headers)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    other = server.app.state.sessions.create(
        "calm.nurse", (SessionRole("r1", "practitioner", "Hospital", "Bolton"),))
    assert httpx.post(f"{server.http.base_url}{url}", json=body, headers={
        "Authorization": f"Bearer {other.token}"}).status_code == 200  # per user
    assert [e["outcome"] for e in trail(server) if e["action"] == "view"][-3:] == [
        "refused:rate_limited", "refused:rate_limited", "ok"]
