"""Schemathesis over the mock server's own OpenAPI document, against a real server on loopback.

Signed in for real (password + the nurse's SoftHSM token): no generated call gets a 5xx and
every documented response conforms to its schema. Without a session every protected
operation is refused (401). The directory routes declare no response model, so their 200s are
also parsed with the client's strict ``wire`` parser (api.md). A last Hypothesis test builds
plausible calls on the server's own children so the success paths are fuzzed too. Examples
are bounded so the suite stays quick.

Left out of the signed-in run: ``/test/faults`` (it injects 5xx on purpose), ``/auth/logout``
and ``/training/reset`` (they end the session every later example needs).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import response_schema_conformance

from cpdesk.api import wire
from cpdesk.domain import RoleKind
from mock_server.rules.search import SearchRateLimiter
from mock_server.tokens.softhsm import TokenDir
from tests.hostile.support import Directory, session_token, start_directory

# The checks for one call: no 5xx, and a documented status answers in its documented schema.
CHECKS = [schemathesis.checks.not_a_server_error, response_schema_conformance]
EXCLUDED = ("/api/v1/test/faults", "/api/v1/auth/logout", "/api/v1/training/reset",
            "/api/v1/auth/lock")  # a lock would answer every later example with 401


@pytest.fixture(scope="module")
def directory(tmp_path_factory: pytest.TempPathFactory, softhsm_module: str,
              token_dir: TokenDir) -> Iterator[Directory]:
    yield from start_directory(tmp_path_factory.mktemp("schemathesis"), softhsm_module,
                               token_dir)


@pytest.fixture(scope="module")
def bearer(directory: Directory) -> Iterator[str]:
    client = directory.signed_in_client()
    # Fuzzing sends hundreds of searches; the 60-per-10-minutes limit would answer most of
    # them with 429 before the criteria were even looked at.
    directory.app.state.search_limiter = SearchRateLimiter(limit=10**9)
    yield f"Bearer {session_token(client)}"
    client.close()


@pytest.fixture(scope="module")
def api_schema(directory: Directory) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{directory.url}/openapi.json")


def _operations(api_schema: schemathesis.BaseSchema,
                excluded: tuple[str, ...] = ()) -> list[schemathesis.APIOperation]:
    ops = [result.ok() for result in api_schema.get_all_operations()]
    return [op for op in ops if op.path not in excluded]


def _needs_session(operation: schemathesis.APIOperation) -> bool:
    return any(p.get("name") == "authorization"
               for p in operation.definition.raw.get("parameters", []))


# Hypothesis is driven per operation from inside the test (schemathesis' pytest fixture
# loader does not run under this pytest version); a failure names the operation.
FUZZ = settings(max_examples=12, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))


def conforms_to_the_contract(path: str, body: object) -> None:
    """The directory routes answer with plain JSON (no response model in the OpenAPI), so
    their 200s are checked against api.md with the client's strict parser instead."""
    if path.endswith("/search"):
        wire.parse_search(body)
    elif path.endswith(("/view", "/shield-override")):
        wire.parse_record(body, role=RoleKind.PRACTITIONER)
    elif path.endswith("/me/activity"):
        wire.parse_activity(body)
    elif path.endswith("/auth/session") or path.endswith("/auth/role"):
        wire.parse_session(body)


def test_signed_in_calls_never_fail_on_the_server_and_match_the_schema(
        api_schema: schemathesis.BaseSchema, bearer: str) -> None:
    operations = _operations(api_schema, EXCLUDED)
    assert len(operations) >= 15
    for operation in operations:
        @FUZZ
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), "authorization": bearer}
            response = case.call_and_validate(checks=CHECKS)
            if response.status_code == 200:
                conforms_to_the_contract(case.operation.path, response.json())

        run()


def test_invalid_data_never_fails_on_the_server(
        api_schema: schemathesis.BaseSchema, bearer: str) -> None:
    """Schemathesis's negative mode: bodies, paths and queries that break the schema (wrong
    types, missing fields, out-of-range values) are answered 4xx in the error shape, never
    5xx (issue 14). Operations with nothing to break (no body, path or query) are skipped."""
    tried = 0
    for operation in _operations(api_schema, EXCLUDED):
        @settings(FUZZ, max_examples=10)
        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        def run(case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), "authorization": bearer}
            response = case.call()
            assert response.status_code < 500, (case.method, case.path, response.text[:200])
            content_type = str(response.headers.get("content-type") or "")
            if response.status_code >= 400 and "application/json" in content_type:
                assert set(response.json()) == {"error"}, (case.method, case.path)

        try:
            run()
        except Unsatisfiable:
            continue  # no invalid input exists for this operation
        tried += 1
    assert tried >= 10


def test_calls_without_a_session_are_refused(api_schema: schemathesis.BaseSchema) -> None:
    for operation in _operations(api_schema):
        protected = _needs_session(operation)

        @settings(FUZZ, max_examples=4)
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            case.headers = {k: v for k, v in (case.headers or {}).items()
                            if k.lower() != "authorization"}
            response = case.call()
            assert response.status_code < 500, (case.method, case.path)
            if protected:  # noqa: B023 (run() is called at once, inside this iteration)
                assert response.status_code in (401, 422), (case.method, case.path)
                if response.status_code == 401:
                    assert response.json()["error"]["code"] == "session_expired"
                    assert response.json()["error"]["message"]

        run()


# A well-formed body per operation, so that only the missing session can be the reason.
VALID_BODIES: dict[str, dict[str, object]] = {
    "/auth/role": {"role_id": "r1"},
    "/search": {"family_name": "Doe", "dob": "2011-07-14"},
    "/view": {"reason": {"code": "unscheduled-care"}},
    "/shield-override": {"reason": {"code": "safeguarding"},
                         "justification": "Strategy meeting needs the carers' details."},
    "/involvements": {"service": "school-nursing", "job_title": "School nurse",
                      "since": "2026-01-05", "lead_professional": False, "caf_holder": False,
                      "consent": {"basis": "urgent", "ground": "danger",
                                  "reason": "The child is in danger tonight."}},
    "/end": {"ended": "2026-02-01"},
    "/inaccuracies": {"section": "addresses", "description": "The address is out of date."},
    "/sensitive-contact-requests": {"message": "Please arrange contact with the service.",
                                    "consent": {"basis": "urgent", "ground": "danger",
                                                "reason": "The child is in danger tonight."}},
    "/resolve": {"note": "Passed to the team."},
}


def test_every_protected_operation_refuses_a_missing_session(directory: Directory,
                                                              api_schema: schemathesis.BaseSchema
                                                              ) -> None:
    """Deterministic sweep: each operation taking a session, called with a valid body but no
    session (and with a made-up one), is refused with 401 and sends no data."""
    import httpx

    protected = 0
    with httpx.Client(base_url=directory.url) as http:
        for result in api_schema.get_all_operations():
            operation = result.ok()
            if not _needs_session(operation):
                continue
            protected += 1
            path = (operation.path.replace("{directory_id}", "9997773454")
                    .replace("{involvement_id}", "inv-1").replace("{reference}", "INA-000001"))
            for headers in ({}, {"Authorization": "Bearer made-up-token"},
                            {"Authorization": "Basic bnVyc2U="}):
                body = next((b for end, b in VALID_BODIES.items() if path.endswith(end)), {})
                response = http.request(operation.method.upper(), path, headers=headers,
                                        json=body if operation.method.upper() == "POST" else None)
                assert response.status_code == 401, (operation.method, path, headers)
                assert set(response.json()) == {"error"}
    assert protected >= 12



def test_valid_looking_calls_on_real_children_never_fail_and_follow_the_contract(
        directory: Directory, bearer: str) -> None:
    """Random fuzzing rarely hits a real child; here Hypothesis builds plausible criteria and
    views from the server's own children (wildcards, variants, odd case and accents, every
    reason code) so the success paths are exercised too: no 5xx, and every 200 parses."""
    import sqlite3

    import httpx
    from hypothesis import strategies as st

    conn = sqlite3.connect(directory.db)
    children = conn.execute("SELECT directory_id, family_name, given_names, dob FROM children"
                            " ORDER BY child_id LIMIT 200").fetchall()
    conn.close()
    reasons = ["unscheduled-care", "safeguarding", "education-welfare", "coordinating-support",
               "assessment", "other", "made-up", ""]
    http = httpx.Client(base_url=directory.url, headers={"Authorization": bearer}, timeout=10)

    @settings(FUZZ, max_examples=60)
    @given(child=st.sampled_from(children), data=st.data())
    def run(child: tuple[str, str, str, str], data: st.DataObject) -> None:
        directory_id, family, given, dob = child
        family_value = data.draw(st.sampled_from([
            family, family.upper(), family.lower(), family[:2] + "*", f" {family} ",
            family + "é", family.replace("a", "á")]))
        body: dict[str, object] = {"family_name": family_value}
        body.update(data.draw(st.fixed_dictionaries({}, optional={
            "dob": st.sampled_from([dob, dob[:8] + "01", "2011-02-30", ""]),
            "dob_from": st.sampled_from(["2005-01-01", dob, "1990-01-01"]),
            "dob_to": st.sampled_from(["2026-01-01", dob, "2005-12-31"]),
            "given_name": st.sampled_from([given.split()[0], given[:1] + "*", "Kate", ""]),
            "gender": st.sampled_from(["female", "male", "not_known", "unknown"]),
            "postcode": st.sampled_from(["BL1*", "bl1 4aa", "ZZ", "*"]),
            "mode": st.sampled_from(["exact", "widened", "sideways"]),
            "directory_id": st.sampled_from([directory_id, directory_id[:9] + "0"]),
        })))
        found = http.post("/api/v1/search", json=body)
        assert found.status_code < 500, body
        if found.status_code == 200:
            wire.parse_search(found.json())
        code = data.draw(st.sampled_from(reasons))
        text = data.draw(st.sampled_from([None, "short", "A longer reason for access here"]))
        viewed = http.post(f"/api/v1/children/{directory_id}/view",
                           json={"reason": {"code": code, "text": text}})
        assert viewed.status_code < 500, (code, text)
        if viewed.status_code == 200:
            record = wire.parse_record(viewed.json(), role=RoleKind.PRACTITIONER)
            assert record.directory_id == directory_id
            assert not record.integrity_faults  # the server withheld what it must
        else:
            assert set(viewed.json()) == {"error"}

    try:
        run()
    finally:
        http.close()
