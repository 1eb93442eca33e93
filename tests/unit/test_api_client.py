"""DirectoryClient against scripted transports: requests, error mapping, retries, token privacy."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import pytest

from cpdesk.api import errors
from cpdesk.api.client import MAX_BODY_BYTES, DirectoryClient
from cpdesk.domain import Gender, Reason, ReasonCode, SearchCriteria, SearchMode
from tests.unit.test_wire import RECORD, SESSION, SUMMARY

TOKEN = "tok-ZZSENTINEL-5b1e"
Handler = Callable[[httpx.Request], httpx.Response]


def client_for(handler: Handler, attempts: int = 3) -> DirectoryClient:
    return DirectoryClient("http://directory.invalid", transport=httpx.MockTransport(handler),
                           retry_attempts=attempts)


def signed_in(handler: Handler, attempts: int = 3) -> DirectoryClient:
    """A client holding a session (made through create_session, as the app does)."""
    def route(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/v1/auth/session" and request.method == "POST":
            return httpx.Response(200, json={**SESSION, "session_token": TOKEN})
        return handler(request)

    client = client_for(route, attempts)
    client.create_session("c1", "RSA-PKCS1v15-SHA256", b"sig", b"cert")
    return client


def error(status: int, code: str, message: str = "Plain words.", **extra: Any) -> httpx.Response:
    headers = {"Retry-After": str(extra["retry_after"])} if "retry_after" in extra else {}
    return httpx.Response(status, json={"error": {"code": code, "message": message, **extra}},
                          headers=headers)


def test_sign_in_calls_send_the_contract_bodies() -> None:
    seen: list[tuple[str, Any]] = []

    def server(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        seen.append((request.url.path, body))
        assert "authorization" not in request.headers
        if request.url.path.endswith("/challenge"):
            return httpx.Response(200, json={
                "challenge_id": "c1", "nonce": base64.b64encode(b"n" * 32).decode(),
                "expires_at": "2026-11-21T09:01:00Z", "algorithms": ["RSA-PKCS1v15-SHA256"]})
        return httpx.Response(200, json={**SESSION, "session_token": TOKEN})

    client = client_for(server)
    challenge = client.challenge("nurse.demo", "pw")
    assert challenge.algorithms == ("RSA-PKCS1v15-SHA256",)
    assert not client.has_session
    session = client.create_session(challenge.challenge_id, "RSA-PKCS1v15-SHA256",
                                    b"\x01\x02", b"\x30\x82")
    assert client.has_session and session.active_role == "r1"
    assert seen[0] == ("/api/v1/auth/challenge", {"username": "nurse.demo", "password": "pw"})
    assert seen[1][1] == {"challenge_id": "c1", "algorithm": "RSA-PKCS1v15-SHA256",
                          "signature": "AQI=", "certificate": "MII="}


def test_authenticated_calls_carry_the_bearer_token() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={**SESSION, "session_token": TOKEN})

    client = signed_in(server)
    client.select_role("r1")
    client.get_session()
    assert [r.headers["authorization"] for r in seen] == [f"Bearer {TOKEN}"] * 2
    assert json.loads(seen[0].content) == {"role_id": "r1"}


def test_no_session_means_session_expired_without_a_network_call() -> None:
    calls: list[httpx.Request] = []
    client = client_for(lambda r: calls.append(r) or httpx.Response(200, json={}))  # type: ignore[func-returns-value]
    with pytest.raises(errors.SessionExpired):
        client.search(SearchCriteria(directory_id="9997773454"))
    assert calls == []


def test_search_sends_only_given_criteria_and_parses() -> None:
    seen: list[Any] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        return httpx.Response(200, json={"too_many": False, "count": 1, "results": [SUMMARY]})

    client = signed_in(server)
    result = client.search(SearchCriteria(family_name="Doe", dob=date(2011, 7, 14),
                                          gender=Gender.FEMALE, mode=SearchMode.WIDENED))
    assert result.results[0].family_name == "Doe"
    assert seen == [{"family_name": "Doe", "dob": "2011-07-14", "gender": "female",
                     "mode": "widened"}]


def test_view_record_sends_reason_and_parses_for_the_active_role() -> None:
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        body = {**RECORD, "sensitive_services": {"involved": True, "details": [
            {"service": "mental health"}]}}
        return httpx.Response(200, json=body)

    client = signed_in(server)  # SESSION's active role is a practitioner
    record = client.view_record("9997773454", Reason(ReasonCode.OTHER, "Checking something"))
    assert seen[0].url.path == "/api/v1/children/9997773454/view"
    assert json.loads(seen[0].content) == {"reason": {"code": "other",
                                                      "text": "Checking something"}}
    assert record.sensitive_services is not None and record.sensitive_services.details is None
    assert record.integrity_faults == ("sensitive_services.details",)


def test_shield_override_is_parsed_as_overridden() -> None:
    leaky = {**RECORD, "shielded": True}
    seen: list[Any] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, json.loads(request.content)))
        return httpx.Response(200, json=leaky)

    client = signed_in(server)
    record = client.shield_override("9997773454", Reason(ReasonCode.SAFEGUARDING),
                                    "Justification of enough length")
    assert record.overridden and record.parents_carers is not None
    assert seen == [("/api/v1/children/9997773454/shield-override",
                     {"reason": {"code": "safeguarding"},
                      "justification": "Justification of enough length"})]


def test_actions_and_manager_calls() -> None:
    seen: list[tuple[str, str, Any]] = []
    involvement = RECORD["involvements"][0]

    def server(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        seen.append((request.method, str(request.url.raw_path, "ascii"),
                     json.loads(request.content) if request.content else None))
        if path.endswith("/involvements"):
            return httpx.Response(201, json=involvement)
        if path.endswith("/inaccuracies"):
            return httpx.Response(201, json={"reference": "INA-000123"})
        if path.endswith("/sensitive-contact-requests"):
            return httpx.Response(201, json={"reference": "SCR-000045"})
        if path.endswith("/activity"):
            return httpx.Response(200, json={"items": []})
        if path.endswith("/queue"):
            return httpx.Response(200, json={"items": []})
        if path.endswith("/faults"):
            return httpx.Response(200, json={"latency_ms": 5})
        return httpx.Response(200) if path.endswith(("/end", "/resolve")) else \
            httpx.Response(204)

    client = signed_in(server)
    made = client.record_involvement("9997773454", "education-welfare", "Welfare officer",
                                     date(2026, 11, 1), True, False)
    assert made.involvement_id == "inv-1"
    client.end_involvement("inv-1", date(2026, 11, 20))
    assert client.report_inaccuracy("9997773454", "addresses", "Moved") == "INA-000123"
    assert client.request_sensitive_contact("9997773454", "Please") == "SCR-000045"
    assert client.my_activity(limit=20) == ()
    assert client.queue() == ()
    client.resolve_queue_item("SCR-000045", "Done")
    client.training_reset()
    assert client.set_faults(latency_ms=5) == {"latency_ms": 5}
    assert [s[:2] for s in seen] == [
        ("POST", "/api/v1/children/9997773454/involvements"),
        ("POST", "/api/v1/involvements/inv-1/end"),
        ("POST", "/api/v1/children/9997773454/inaccuracies"),
        ("POST", "/api/v1/children/9997773454/sensitive-contact-requests"),
        ("GET", "/api/v1/me/activity?limit=20"),
        ("GET", "/api/v1/queue"),
        ("POST", "/api/v1/queue/SCR-000045/resolve"),
        ("POST", "/api/v1/training/reset"),
        ("POST", "/api/v1/test/faults"),
    ]
    assert seen[0][2] == {"service": "education-welfare", "job_title": "Welfare officer",
                          "since": "2026-11-01", "lead_professional": True, "caf_holder": False,
                          "replace_lead": False}
    assert seen[1][2] == {"ended": "2026-11-20"}


def test_logout_drops_the_token_even_when_the_server_fails() -> None:
    client = signed_in(lambda r: httpx.Response(503))
    with pytest.raises(errors.ServerError):
        client.logout()
    assert not client.has_session


def test_session_expired_drops_the_token() -> None:
    client = signed_in(lambda r: error(401, "session_expired"))
    with pytest.raises(errors.SessionExpired):
        client.get_session()
    assert not client.has_session


@pytest.mark.parametrize(("code", "exc"), [
    ("invalid_credentials", errors.InvalidCredentials),
    ("invalid_signature", errors.InvalidSignature),
    ("challenge_expired", errors.ChallengeExpired),
    ("challenge_used", errors.ChallengeUsed),
    ("certificate_not_enrolled", errors.CertificateNotEnrolled),
    ("something_new", errors.SignInRefused),
])
def test_sign_in_refusals_are_specific(code: str, exc: type[errors.SignInRefused]) -> None:
    client = client_for(lambda r: error(401, code))
    with pytest.raises(exc) as caught:
        client.create_session("c1", "RSA-PKCS1v15-SHA256", b"s", b"c")
    assert type(caught.value) is exc and caught.value.code == code
    with pytest.raises(exc):
        client.challenge("nurse.demo", "pw")


def test_wrong_password_message_is_generic() -> None:
    with pytest.raises(errors.InvalidCredentials) as caught:
        client_for(lambda r: error(401, "invalid_credentials")).challenge("u", "p")
    assert str(caught.value) == "User name or password not recognised."


def test_account_locked_carries_time_left() -> None:
    client = client_for(lambda r: error(423, "account_locked", retry_after=840))
    with pytest.raises(errors.AccountLocked) as caught:
        client.challenge("nurse.demo", "pw")
    assert caught.value.retry_after == 840
    assert "14 minutes" in str(caught.value)


@pytest.mark.parametrize(("response", "exc", "attrs"), [
    (error(401, "session_expired"), errors.SessionExpired, {}),
    (error(403, "role_required"), errors.RoleRequired, {}),
    (error(403, "forbidden"), errors.Forbidden, {}),
    (error(404, "not_found"), errors.NotFound, {}),
    (httpx.Response(404, text="<html>not here</html>", headers={"content-type": "text/html"}),
     errors.NotFound, {}),
    (error(400, "reason_required", "Give a reason."), errors.InvalidRequest,
     {"code": "reason_required", "message": "Give a reason."}),
    (error(422, "criteria_insufficient", "Enter a family name."), errors.InvalidRequest,
     {"code": "criteria_insufficient", "message": "Enter a family name."}),
    (error(429, "rate_limited", retry_after=37), errors.RateLimited, {"retry_after": 37}),
    (httpx.Response(429, headers={"Retry-After": "12"}), errors.RateLimited,
     {"retry_after": 12}),
    (error(500, "internal"), errors.ServerError, {}),
    (error(503, "audit_unavailable"), errors.ServerError, {"code": "audit_unavailable"}),
    (httpx.Response(502, text="Bad gateway"), errors.ServerError, {}),
    (httpx.Response(200, text="{\"too_many\": false", headers={"content-type":
                                                               "application/json"}),
     errors.MalformedResponse, {}),
    (httpx.Response(200, text="[" * 200_000, headers={"content-type": "application/json"}),
     errors.MalformedResponse, {}),
    (httpx.Response(200, text=json.dumps({"too_many": False, "count": 0, "results": []}),
                    headers={"content-type": "text/plain"}), errors.MalformedResponse, {}),
    (httpx.Response(200, json={"count": 0, "results": []}), errors.MalformedResponse, {}),
    (httpx.Response(200), errors.MalformedResponse, {}),
])
def test_status_mapping_on_search(response: httpx.Response, exc: type[errors.ApiError],
                                  attrs: dict[str, Any]) -> None:
    client = signed_in(lambda r: response)
    with pytest.raises(exc) as caught:
        client.search(SearchCriteria(directory_id="9997773454"))
    assert type(caught.value) is exc
    for name, value in attrs.items():
        assert getattr(caught.value, name) == value


def test_oversized_body_refused_with_and_without_content_length() -> None:
    big = json.dumps({"too_many": False, "count": 0, "results": [],
                      "pad": "x" * MAX_BODY_BYTES}).encode()

    def streamed(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([big[i:i + 65536]
                                                for i in range(0, len(big), 65536)]),
                              headers={"content-type": "application/json"})

    for handler in (lambda r: httpx.Response(200, content=big,
                                             headers={"content-type": "application/json"}),
                    streamed):
        with pytest.raises(errors.MalformedResponse):
            signed_in(handler).search(SearchCriteria(directory_id="9997773454"))


def test_posts_are_never_retried() -> None:
    calls: list[str] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        raise httpx.ConnectError("reset", request=request)

    client = signed_in(flaky, attempts=3)
    reason = Reason(ReasonCode.SAFEGUARDING)
    for call in (lambda: client.search(SearchCriteria(directory_id="9997773454")),
                 lambda: client.view_record("9997773454", reason),
                 lambda: client.report_inaccuracy("9997773454", "addresses", "x"),
                 lambda: client.challenge("u", "p")):
        calls.clear()
        with pytest.raises(errors.Unreachable):
            call()
        assert len(calls) == 1
    calls.clear()
    answers = iter([httpx.Response(503), httpx.Response(200, json={"items": []})])
    client2 = signed_in(lambda r: calls.append(r.url.path) or next(answers))  # type: ignore[func-returns-value]
    assert client2.queue() == ()
    assert len(calls) == 2  # a GET is retried
    calls.clear()
    client3 = signed_in(lambda r: calls.append(r.url.path) or httpx.Response(503))  # type: ignore[func-returns-value]
    with pytest.raises(errors.ServerError):
        client3.search(SearchCriteria(directory_id="9997773454"))
    assert len(calls) == 1


def test_token_never_in_repr_exceptions_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    responses = iter([error(403, "forbidden", f"bad {TOKEN}"), error(401, "session_expired")])

    def server(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/queue"):
            raise httpx.ConnectError("connection reset", request=request)
        return next(responses)

    with caplog.at_level(logging.DEBUG):
        client = signed_in(server, attempts=1)
        texts = [repr(client), str(client.session), repr(client.session)]
        for call in (lambda: client.select_role("r1"), client.queue, client.get_session):
            with pytest.raises(errors.ApiError) as caught:
                call()
            texts += [str(caught.value), repr(caught.value), caught.exconly()]
    texts.append(caplog.text)
    for text in texts:
        assert TOKEN not in text


def test_path_identifiers_are_checked_before_sending() -> None:
    calls: list[httpx.Request] = []
    client = signed_in(lambda r: calls.append(r) or httpx.Response(200))  # type: ignore[func-returns-value]
    with pytest.raises(errors.InvalidRequest):
        client.view_record("../auth/logout", Reason(ReasonCode.SAFEGUARDING))
    with pytest.raises(errors.InvalidRequest):
        client.resolve_queue_item("a/b", "note")
    assert calls == []


def test_broken_compression_is_malformed_and_timeouts_unreachable() -> None:
    def broken(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=iter([b"not gzip at all"]),
                              headers={"content-type": "application/json",
                                       "content-encoding": "gzip"})

    with pytest.raises(errors.MalformedResponse):
        signed_in(broken).search(SearchCriteria(directory_id="9997773454"))

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(errors.Unreachable):
        signed_in(slow).view_record("9997773454", Reason(ReasonCode.SAFEGUARDING))


def test_a_record_for_another_child_is_refused() -> None:
    client = signed_in(lambda r: httpx.Response(200, json={**RECORD,
                                                           "directory_id": "9434765919"}))
    with pytest.raises(errors.MalformedResponse):
        client.view_record("9997773454", Reason(ReasonCode.SAFEGUARDING))
    with pytest.raises(errors.MalformedResponse):
        client.shield_override("9997773454", Reason(ReasonCode.SAFEGUARDING), "x" * 25)
