"""A lock suspends the server session (issue 14, findings 1–2): data calls with the token
answer 401 ``session_locked`` — from the window or from outside it — until the card that
signed in signs a fresh unlock challenge; no password is asked again."""

from __future__ import annotations

import base64
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from test_signin_http import (  # the helpers and fixtures of the sign-in HTTP tests
    AUTH,
    SERVER_ID,
    Server,
    add_user,
    challenge,
    other_rsa_key,
    rsa_key,
    server,
    sign,
    sign_in,
)

from mock_server.data import named_children as fixtures
from mock_server.rules.signin import UNLOCK_CONTEXT, build_login_message

__all__ = ["other_rsa_key", "rsa_key", "server"]
VIEW = f"/api/v1/children/{fixtures.BOLTON_AE.directory_id}/view"
REASON = {"reason": {"code": "unscheduled-care"}}


def bearer(session: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {session['session_token']}"}


def unlock(server: Server, session: dict[str, Any], key: Any, cert: bytes,
           context: str = UNLOCK_CONTEXT) -> httpx.Response:
    ch = server.http.post(f"{AUTH}/unlock/challenge", headers=bearer(session))
    assert ch.status_code == 200, ch.text
    body = ch.json()
    message = build_login_message(SERVER_ID, session["user"]["username"], body["challenge_id"],
                                  body["nonce"], context)
    algorithm, signature = sign(key, message)
    return server.http.post(f"{AUTH}/unlock", headers=bearer(session), json={
        "challenge_id": body["challenge_id"], "algorithm": algorithm,
        "signature": base64.b64encode(signature).decode(),
        "certificate": base64.b64encode(cert).decode()})


def code(response: httpx.Response) -> str:
    value: str = response.json()["error"]["code"]
    return value


def test_a_locked_session_answers_nothing_until_the_card_unlocks_it(
        server: Server, rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    session = sign_in(server, "alice", rsa_key, cert)
    assert server.http.post(VIEW, json=REASON, headers=bearer(session)).status_code == 200
    assert server.http.post(f"{AUTH}/lock", headers=bearer(session)).status_code == 204
    for response in (server.http.post(VIEW, json=REASON, headers=bearer(session)),
                     server.http.post("/api/v1/search", headers=bearer(session),
                                      json={"family_name": "Doe", "dob": "2011-07-14"}),
                     server.http.get("/api/v1/me/activity", headers=bearer(session)),
                     server.http.get(f"{AUTH}/session", headers=bearer(session)),
                     httpx.post(f"{server.http.base_url}{VIEW}", json=REASON,
                                headers=bearer(session))):  # from outside the window
        assert response.status_code == 401
        assert code(response) == "session_locked"
    assert unlock(server, session, rsa_key, cert).status_code == 200  # no password
    assert server.http.post(VIEW, json=REASON, headers=bearer(session)).status_code == 200
    actions = [(e.action, e.outcome) for e in server.app.state.audit.entries()
               if e.username == "alice" and e.action in ("lock", "unlock")]
    assert actions == [("lock", "ok"), ("unlock", "ok")]


def test_another_card_or_a_sign_in_signature_does_not_unlock(
        server: Server, rsa_key: rsa.RSAPrivateKey, other_rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    bob_cert = add_user(server, "bob", other_rsa_key)
    session = sign_in(server, "alice", rsa_key, cert)
    server.http.post(f"{AUTH}/lock", headers=bearer(session))
    assert code(unlock(server, session, other_rsa_key, bob_cert)) == "invalid_credentials"
    replay = unlock(server, session, rsa_key, cert, context="child-directory-login-v1")
    assert code(replay) == "invalid_credentials"  # a sign-in signature is not an unlock
    assert code(server.http.post(VIEW, json=REASON, headers=bearer(session))) == \
        "session_locked"


def test_signing_out_of_a_locked_session_ends_it(server: Server,
                                                 rsa_key: rsa.RSAPrivateKey) -> None:
    cert = add_user(server, "alice", rsa_key)
    session = sign_in(server, "alice", rsa_key, cert)
    server.http.post(f"{AUTH}/lock", headers=bearer(session))
    assert server.http.post(f"{AUTH}/logout", headers=bearer(session)).status_code == 204
    gone = server.http.get(f"{AUTH}/session", headers=bearer(session))
    assert gone.status_code == 401 and code(gone) == "session_expired"
    assert challenge(server, "alice").status_code == 200
