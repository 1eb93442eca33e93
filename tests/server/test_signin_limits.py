"""Lockout, the hourly cap, roles, logout and session expiry — over real HTTP, injected clock."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from test_signin_http import (  # the helpers and fixtures of the sign-in HTTP tests
    PASSWORD,
    Server,
    add_user,
    attempt,
    challenge,
    error,
    other_rsa_key,
    present,
    rsa_key,
    server,
    sign_in,
)

import mock_server.data.users
from mock_server.data.users import UserStore

__all__ = ["other_rsa_key", "rsa_key", "server"]

AUTH = "/api/v1/auth"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- lockout -----------------------------------------------------------------------------


def test_five_mixed_failures_lock_the_account_for_15_minutes(
        server: Server, rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    for _ in range(3):
        assert error(attempt(server, "alice", rsa_key, cert)) == "invalid_credentials"
    bad = present(server, challenge(server, "alice").json(), "alice", other_rsa_key, cert)
    assert error(bad) == "invalid_credentials"  # the fourth failure: a signature
    fifth = attempt(server, "alice", rsa_key, cert)
    assert fifth.status_code == 423

    locked = challenge(server, "alice")  # even the right password now
    assert locked.status_code == 423
    body = locked.json()["error"]
    assert body["code"] == "account_locked"
    assert body["retry_after"] == 900
    assert locked.headers["Retry-After"] == "900"

    server.clock.advance(600)
    assert challenge(server, "alice").json()["error"]["retry_after"] == 300
    server.clock.advance(301)
    assert sign_in(server, "alice", rsa_key, cert)["user"]["username"] == "alice"


def test_lock_answer_is_the_same_whichever_factor_failed(
        server: Server, rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey) -> None:
    alice_cert = add_user(server, "alice", rsa_key)
    bob_cert = add_user(server, "bob", rsa_key)
    for _ in range(5):
        last_password = attempt(server, "alice", rsa_key, alice_cert)
    for _ in range(5):
        last_signature = present(server, challenge(server, "bob").json(), "bob",
                                 other_rsa_key, bob_cert)
    assert last_password.status_code == last_signature.status_code == 423
    assert last_password.json() == last_signature.json()
    assert challenge(server, "alice").json() == challenge(server, "bob").json()


def test_challenge_taken_before_a_lock_cannot_be_used_during_it(
        server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    early = challenge(server, "alice").json()
    for _ in range(5):
        attempt(server, "alice", rsa_key, cert)
    response = present(server, early, "alice", rsa_key, cert)
    assert response.status_code == 423
    assert response.json()["error"]["code"] == "account_locked"


def test_unknown_user_names_lock_like_real_ones(server: Server,
                                               rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)  # a real card, presented for a name that is not
    answers = [attempt(server, "no.such.user", rsa_key, cert, "Whatever-123")
               for _ in range(6)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 423, 423]
    assert answers[5].json()["error"]["retry_after"] == 900


def test_failures_more_than_15_minutes_apart_do_not_lock(server: Server,
                                                         rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    for _ in range(4):
        attempt(server, "alice", rsa_key, cert)
    server.clock.advance(15 * 60 + 1)
    for _ in range(4):
        assert attempt(server, "alice", rsa_key, cert).status_code == 401
    assert sign_in(server, "alice", rsa_key, cert)  # and success clears the count
    for _ in range(4):
        assert attempt(server, "alice", rsa_key, cert).status_code == 401


def test_hard_cap_of_100_attempts_per_hour(server: Server) -> None:
    # A cheaper scrypt cost for this user only, so that 100 attempts stay quick.
    UserStore(server.db, kdf_n=2 ** 10).add("alice", PASSWORD, "practitioner", "Org", "Bolton")
    for _ in range(100):
        assert challenge(server, "alice").status_code == 200
        server.clock.advance(30)
    capped = challenge(server, "alice")
    assert capped.status_code == 429
    assert capped.json()["error"]["code"] == "rate_limited"
    assert int(capped.headers["Retry-After"]) == capped.json()["error"]["retry_after"] == 600
    server.clock.advance(600)
    assert challenge(server, "alice").status_code == 200


def test_password_check_runs_the_kdf_even_for_unknown_users(
        tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    users = UserStore(str(tmp_path) + "/users.sqlite3")
    users.add("alice", "Correct-horse-2026", "practitioner", "Org", "Bolton")
    calls: list[int] = []
    real = hashlib.scrypt

    def counting(*args: object, **kwargs: object) -> bytes:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(mock_server.data.users.hashlib, "scrypt", counting)
    assert users.check_password("nobody", "Correct-horse-2026") is None
    assert users.check_password("alice", "Wrong-password") is None
    assert users.check_password("alice", "Correct-horse-2026") is not None
    assert len(calls) == 3


# -- roles, logout, expiry ---------------------------------------------------------------


def test_user_with_two_roles_must_choose(server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "welfare", rsa_key, "Moorside High School",
                    "Hindley Green Primary School")
    body = sign_in(server, "welfare", rsa_key, cert)
    assert body["active_role"] is None
    assert [r["role_id"] for r in body["roles"]] == ["r1", "r2"]
    token = body["session_token"]
    refused = server.http.post(f"{AUTH}/role", json={"role_id": "r9"}, headers=bearer(token))
    assert refused.status_code == 403
    chosen = server.http.post(f"{AUTH}/role", json={"role_id": "r2"}, headers=bearer(token))
    assert chosen.status_code == 200
    assert chosen.json()["active_role"] == "r2"
    assert chosen.json()["user"]["organisation"] == "Hindley Green Primary School"
    assert server.http.get(f"{AUTH}/session", headers=bearer(token)).json()["active_role"] == "r2"
    assert server.app.state.sessions.get(token).active_role.organisation == \
        "Hindley Green Primary School"


def test_logout_kills_the_token_at_once(server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    token = sign_in(server, "alice", rsa_key, cert)["session_token"]
    assert server.http.post(f"{AUTH}/logout", headers=bearer(token)).status_code == 204
    after = server.http.get(f"{AUTH}/session", headers=bearer(token))
    assert after.status_code == 401
    assert error(after) == "session_expired"
    assert server.app.state.sessions.get(token) is None
    assert server.http.get(f"{AUTH}/session").status_code == 401  # no header at all


def test_session_idles_out_after_15_minutes_unless_kept_alive(
        server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    kept = sign_in(server, "alice", rsa_key, cert)["session_token"]
    idle = sign_in(server, "alice", rsa_key, cert)["session_token"]
    server.clock.advance(14 * 60)
    assert server.http.get(f"{AUTH}/session", headers=bearer(kept)).status_code == 200
    server.clock.advance(2 * 60)  # 16 minutes since sign-in, 2 since the keep-alive
    assert server.http.get(f"{AUTH}/session", headers=bearer(kept)).status_code == 200
    assert error(server.http.get(f"{AUTH}/session", headers=bearer(idle))) == "session_expired"


def test_session_ends_after_10_hours_however_active(server: Server,
                                                    rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    body = sign_in(server, "alice", rsa_key, cert)
    token = body["session_token"]
    for _ in range(42):  # 42 × 14 min = 9 h 48 min
        server.clock.advance(14 * 60)
        assert server.http.get(f"{AUTH}/session", headers=bearer(token)).status_code == 200
    server.clock.advance(14 * 60)
    assert error(server.http.get(f"{AUTH}/session", headers=bearer(token))) == "session_expired"
