"""DirectoryClient: typed calls to the directory server (the only module importing httpx).

Threading: a DirectoryClient is used from worker threads, never from the GUI thread.
httpx.Client is thread-safe for concurrent requests; the session token is swapped under a lock.

Privacy: the bearer token lives only in this object's memory (never on disk); it is sent in
the Authorization header and never appears in a repr, log record or exception message.

Retries: only idempotent GETs are retried (stamina, with backoff). POSTs — sign-in, search
and record views included, which the server audits — are never retried.

Start-up: httpx, stamina, the TLS context and the httpx.Client are made on the first call
(a worker thread's), not when the client is built: together about a quarter of a second the
sign-in window would otherwise wait for (docs/performance.md, cold start). An admin policy's
extra CA file is still loaded when the client is built, so a broken one fails at start.
"""

from __future__ import annotations

import base64
import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from cpdesk import __version__
from cpdesk.api import errors
from cpdesk.domain import RoleKind
from cpdesk.logging_setup import Safe
from cpdesk.url_policy import check_server_url

if TYPE_CHECKING:
    # ssl and json (~10 ms to import) only where an answer or a TLS failure is read: on the
    # worker threads, after the sign-in window is up (issue 18: cold start).
    import ssl

    import httpx

    from cpdesk.api import wire, wire_together
    from cpdesk.domain import (
        ActivityItem,
        AlertInbox,
        AlertSent,
        AuditView,
        Challenge,
        ChildRecord,
        Consent,
        Convening,
        Involvement,
        QueueItem,
        Reason,
        ReviewEntry,
        SearchCriteria,
        SearchResult,
        ServiceMeta,
        ServiceOption,
        SessionInfo,
        ShieldWork,
        Sibling,
    )



class _OnFirstUse:
    """A module imported when one of its names is first used: the answers' parsers (and with
    them the domain's forty-odd dataclasses) are loaded by the first directory call, on its
    worker thread, not before the sign-in window is up (issue 18: cold start)."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        from importlib import import_module

        return getattr(import_module(self._name), attribute)


if not TYPE_CHECKING:
    wire = _OnFirstUse("cpdesk.api.wire")
    wire_together = _OnFirstUse("cpdesk.api.wire_together")

MAX_BODY_BYTES = 1024 * 1024
_log = logging.getLogger(__name__)
DEFAULT_TIMEOUT = (10.0, 3.0)  # seconds: (each step, connect), as httpx.Timeout(10, connect=3)
LOCK_TIMEOUT = (2.0, 1.0)  # telling the server of a lock or a sign-out
API = "/api/v1"

_RETRYABLE = (errors.Unreachable, errors.ServerError)
_T = TypeVar("_T")


def proxy_mounts(proxy: str, no_proxy: str | None,
                 ssl_context: ssl.SSLContext) -> dict[str, httpx.BaseTransport | None]:
    """Everything through *proxy* except the comma-separated *no_proxy* hosts (``*`` = all,
    ``.example.org`` or ``example.org`` = the domain and its subdomains, IPs as they are)."""
    import httpx

    mounts: dict[str, httpx.BaseTransport | None] = {
        "all://": httpx.HTTPTransport(proxy=proxy, verify=ssl_context)}
    for raw in (no_proxy or "").split(","):
        host = raw.strip().lower()
        if not host:
            continue
        direct = httpx.HTTPTransport(verify=ssl_context)
        if host == "*":
            return {"all://": direct}
        if host[0].isdigit() or host == "localhost":
            mounts[f"all://{host}"] = direct
        else:
            mounts[f"all://*{host.lstrip('.')}"] = direct
    return mounts


def _reason_body(reason: Reason) -> dict[str, str]:
    body = {"code": reason.code.value}
    if reason.text:
        body["text"] = reason.text
    return body


def consent_body(consent: Consent) -> dict[str, str]:
    if consent.basis == "urgent":
        return {"basis": "urgent", "ground": consent.ground or "", "reason": consent.reason or ""}
    return {"basis": consent.basis,
            "given_on": consent.given_on.isoformat() if consent.given_on else ""}


def criteria_body(criteria: SearchCriteria) -> dict[str, str]:
    """The search request body: only the criteria that were given."""
    body: dict[str, str] = {"mode": criteria.mode.value}
    for key in ("family_name", "given_name", "postcode", "directory_id"):
        value = getattr(criteria, key)
        if value:
            body[key] = value
    for key in ("dob", "dob_from", "dob_to"):
        value = getattr(criteria, key)
        if value is not None:
            body[key] = value.isoformat()
    if criteria.gender is not None:
        body["gender"] = criteria.gender.value
    return body


class DirectoryClient:
    """One shared httpx.Client, explicit timeouts, strict parsing, mapped errors.

    TLS is always verified (:func:`cpdesk.api.trust.make_ssl_context`: the OS store plus
    *extra_ca_file*, which callers take from admin policy only). *base_url* must pass
    :func:`cpdesk.url_policy.check_server_url` (``https://``, or ``http://`` on loopback),
    else :class:`~cpdesk.url_policy.ServerUrlRefused`; a caller-supplied *transport* (tests,
    in-memory servers) is not the network and is exempt.
    """

    def __init__(self, base_url: str, *, transport: httpx.BaseTransport | None = None,
                 timeout: httpx.Timeout | None = None,
                 retry_attempts: int = 3, extra_ca_file: str | None = None,
                 proxy: str | None = None, no_proxy: str | None = None) -> None:
        if transport is None:
            check_server_url(base_url)
        self._base_url = base_url.rstrip("/")
        self._retry_attempts = retry_attempts
        self._lock = threading.Lock()
        self._session: SessionInfo | None = None
        self._settings = (transport, timeout, extra_ca_file, proxy, no_proxy)
        self._made: httpx.Client | None = None
        self._closed = False
        self._making = threading.Lock()
        if extra_ca_file:
            self._http  # noqa: B018 - a broken policy CA file fails here, at start

    @property
    def _http(self) -> httpx.Client:
        """The one httpx.Client, made on first use (under a lock: worker threads race)."""
        made = self._made
        if made is not None:
            return made
        with self._making:
            if self._made is None:
                self._made = self._make_http()
            return self._made

    def _make_http(self) -> httpx.Client:
        import httpx

        from cpdesk.api.trust import make_ssl_context

        transport, timeout, extra_ca_file, proxy, no_proxy = self._settings
        ssl_context = make_ssl_context(extra_ca_file)
        http = httpx.Client(
            base_url=self._base_url,
            timeout=timeout or _timeout(DEFAULT_TIMEOUT),
            transport=transport,
            verify=ssl_context,
            # A policy proxy replaces the system's (environment / OS settings, trust_env).
            mounts=proxy_mounts(proxy, no_proxy, ssl_context) if proxy and not transport
            else None,
            trust_env=not proxy,
            headers={"User-Agent": f"cpdesk/{__version__}", "Accept": "application/json"},
            follow_redirects=False,
        )
        if self._closed:  # closed before its first call: closed as it was made
            http.close()
        return http

    def __repr__(self) -> str:
        return f"DirectoryClient({self._base_url!r}, has_session={self.has_session})"

    @property
    def base_url(self) -> str:
        return self._base_url

    @property
    def has_session(self) -> bool:
        return self._session is not None

    @property
    def session(self) -> SessionInfo | None:
        """The last session object the server sent (its repr hides the token)."""
        return self._session

    def close(self) -> None:
        with self._making:
            self._closed = True
            if self._made is not None:
                self._made.close()

    # -- service and sign-in -------------------------------------------------------------

    def meta(self) -> ServiceMeta:
        return wire.parse_meta(self._get(f"{API}/meta", auth=False))

    def challenge(self, username: str, password: str) -> Challenge:
        body = {"username": username, "password": password}
        return wire.parse_challenge(self._post(f"{API}/auth/challenge", body, auth=False,
                                               sign_in=True))

    def create_session(self, challenge_id: str, algorithm: str, signature: bytes,
                       certificate_der: bytes) -> SessionInfo:
        body = _signed_body(challenge_id, algorithm, signature, certificate_der)
        return self._keep(wire.parse_session(
            self._post(f"{API}/auth/session", body, auth=False, sign_in=True)))

    def select_role(self, role_id: str) -> SessionInfo:
        return self._keep(wire.parse_session(
            self._post(f"{API}/auth/role", {"role_id": role_id})))

    def get_session(self) -> SessionInfo:
        return self._keep(wire.parse_session(self._get(f"{API}/auth/session")))

    def logout(self) -> None:
        """End the session on the server; the token is dropped locally whatever happens."""
        try:
            self._post(f"{API}/auth/logout", None, timeout=_timeout(LOCK_TIMEOUT))
        finally:
            self.forget_session()

    def lock(self) -> None:
        """Tell the server the client locked: it refuses data calls with this token until a
        card-proven unlock. Best effort with a short timeout (the lock never waits on it)."""
        self._post(f"{API}/auth/lock", None, timeout=_timeout(LOCK_TIMEOUT))

    def unlock_challenge(self) -> Challenge:
        return wire.parse_challenge(self._post(f"{API}/auth/unlock/challenge", None,
                                               sign_in=True))

    def unlock(self, challenge_id: str, algorithm: str, signature: bytes,
               certificate_der: bytes) -> SessionInfo:
        """The card's signature over the unlock challenge; the session goes on."""
        body = _signed_body(challenge_id, algorithm, signature, certificate_der)
        return self._keep(wire.parse_session(
            self._post(f"{API}/auth/unlock", body, sign_in=True)))

    def forget_session(self) -> None:
        with self._lock:
            self._session = None

    # -- search and records --------------------------------------------------------------

    def search(self, criteria: SearchCriteria) -> SearchResult:
        return wire.parse_search(self._post(f"{API}/search", criteria_body(criteria)))

    def view_record(self, directory_id: str, reason: Reason) -> ChildRecord:
        body = self._post(f"{API}/children/{_id(directory_id)}/view",
                          {"reason": _reason_body(reason)})
        return _same_child(directory_id, wire.parse_record(body, role=self._role_kind()))

    def shield_override(self, directory_id: str, reason: Reason,
                        justification: str) -> ChildRecord:
        body = self._post(f"{API}/children/{_id(directory_id)}/shield-override",
                          {"reason": _reason_body(reason), "justification": justification})
        return _same_child(directory_id, wire.parse_record(body, role=self._role_kind(),
                                                           overridden=True))

    # -- practitioner actions ------------------------------------------------------------

    def services(self) -> tuple[ServiceOption, ...]:
        """The service vocabulary an involvement names (sensitive ones marked)."""
        return wire.parse_services(self._get(f"{API}/services"))

    def record_involvement(self, directory_id: str, service: str, job_title: str, since: date,
                           lead_professional: bool, caf_holder: bool, *,
                           replace_lead: bool = False,
                           consent: Consent | None = None) -> Involvement:
        """``service`` is a vocabulary code; ``replace_lead`` confirms taking over as lead."""
        body: dict[str, Any] = {
            "service": service, "job_title": job_title, "since": since.isoformat(),
            "lead_professional": lead_professional, "caf_holder": caf_holder,
            "replace_lead": replace_lead}
        if consent is not None:
            body["consent"] = consent_body(consent)
        return wire.parse_involvement(
            self._post(f"{API}/children/{_id(directory_id)}/involvements", body))

    def end_involvement(self, involvement_id: str, ended: date) -> None:
        self._post(f"{API}/involvements/{_segment(involvement_id)}/end",
                   {"ended": ended.isoformat()})

    def report_inaccuracy(self, directory_id: str, section: str, description: str) -> str:
        return wire.parse_reference(self._post(
            f"{API}/children/{_id(directory_id)}/inaccuracies",
            {"section": section, "description": description}))

    def request_sensitive_contact(self, directory_id: str, message: str,
                                  consent: Consent | None = None) -> str:
        body: dict[str, Any] = {"message": message}
        if consent is not None:
            body["consent"] = consent_body(consent)
        return wire.parse_reference(self._post(
            f"{API}/children/{_id(directory_id)}/sensitive-contact-requests", body))

    # -- working together as the seeds describe it (issue 17) ----------------------------

    def convene(self, directory_id: str, involvement_ids: tuple[str, ...],
                consent: Consent) -> Convening:
        return wire_together.parse_convening(self._post(
            f"{API}/children/{_id(directory_id)}/convene",
            {"involvement_ids": list(involvement_ids), "consent": consent_body(consent)}))

    def household(self, directory_id: str, reason: Reason) -> tuple[Sibling, ...]:
        return wire_together.parse_household(self._post(
            f"{API}/children/{_id(directory_id)}/household", {"reason": _reason_body(reason)}))

    def request_shield(self, directory_id: str, reason: str, parent: int | None = None) -> str:
        """For the child (``parent`` None) or the parent or carer at that index."""
        body: dict[str, Any] = {"subject": "child" if parent is None else "parent",
                                "reason": reason}
        if parent is not None:
            body["parent"] = parent
        return wire.parse_reference(self._post(
            f"{API}/children/{_id(directory_id)}/shield-requests", body))

    def audit_views(self, days: int = 7) -> tuple[AuditView, ...]:
        return wire_together.parse_audit_views(self._get(f"{API}/review/views?days={int(days)}"))

    def export_audit_views(self, days: int, flagged_only: bool, purpose: str,
                           ) -> tuple[str, str]:
        return wire_together.parse_export(self._post(
            f"{API}/review/views/export",
            {"days": days, "flagged_only": flagged_only, "purpose": purpose}))

    def child_here(self, directory_id: str) -> AlertSent:
        """Tell the lead professional and the area team the child is here (issue 16)."""
        return wire.parse_alert_sent(self._post(
            f"{API}/children/{_id(directory_id)}/child-here", None))

    def alerts(self) -> AlertInbox:
        return wire.parse_alerts(self._get(f"{API}/alerts"))

    def mark_alert_read(self, reference: str) -> None:
        self._post(f"{API}/alerts/{_segment(reference)}/read", None)

    def my_activity(self, limit: int = 50) -> tuple[ActivityItem, ...]:
        return wire.parse_activity(self._get(f"{API}/me/activity?limit={int(limit)}"))

    # -- manager, training and test controls ---------------------------------------------

    def access_review(self) -> tuple[ReviewEntry, ...]:
        """Managers: users of their own area whose record views stand out."""
        return wire.parse_review(self._get(f"{API}/review"))

    def queue(self) -> tuple[QueueItem, ...]:
        return wire.parse_queue(self._get(f"{API}/queue"))

    def resolve_queue_item(self, reference: str, note: str, *, outcome: str | None = None,
                           resolution: str | None = None) -> None:
        """``outcome``: a contact request's (issue 17); ``resolution``: a duplicate pair's."""
        body: dict[str, str] = {"note": note}
        if outcome is not None:
            body["outcome"] = outcome
        if resolution is not None:
            body["resolution"] = resolution
        self._post(f"{API}/queue/{_segment(reference)}/resolve", body)

    def shield_work(self) -> ShieldWork:
        """The area's trained shielders: shield requests and the shields in force."""
        return wire_together.parse_shield_work(self._get(f"{API}/shields"))

    def set_shield(self, directory_id: str, action: str, note: str, *,
                   subject: str | None = None, parent_ref: str | None = None,
                   request: str | None = None, review_on: date | None = None) -> None:
        """A shielder applies, reviews or removes a shield, or declines a request."""
        body: dict[str, str] = {"action": action, "note": note}
        for key, value in (("subject", subject), ("parent_ref", parent_ref),
                           ("request", request)):
            if value is not None:
                body[key] = value
        if review_on is not None:
            body["review_on"] = review_on.isoformat()
        self._post(f"{API}/children/{_id(directory_id)}/shield", body)

    def training_reset(self) -> None:
        self._post(f"{API}/training/reset", None)

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        return dict(wire.require_object(self._post(f"{API}/test/faults", settings, auth=False),
                                        "faults"))

    # -- plumbing ------------------------------------------------------------------------

    def _keep(self, session: SessionInfo) -> SessionInfo:
        with self._lock:
            self._session = session
        return session

    def _role_kind(self) -> RoleKind | None:
        session = self._session
        role = session.role if session is not None else None
        return role.role if role is not None else None

    def _headers(self, auth: bool) -> dict[str, str]:
        if not auth:
            return {}
        session = self._session
        if session is None:
            raise errors.SessionExpired(code="no_session")
        return {"Authorization": f"Bearer {session.session_token}"}

    def _get(self, path: str, *, auth: bool = True) -> Any:
        """GETs are safe to repeat: retried with backoff on transport and 5xx failures."""
        return self._retrying(lambda: self._send("GET", path, None, auth=auth))

    def _retrying(self, call: Callable[[], _T]) -> _T:
        import stamina

        for attempt in stamina.retry_context(on=_RETRYABLE, attempts=self._retry_attempts,
                                             wait_initial=0.1, wait_max=1.0):
            with attempt:
                return call()
        raise AssertionError("unreachable")  # pragma: no cover

    def _post(self, path: str, body: Any, *, auth: bool = True, sign_in: bool = False,
              timeout: httpx.Timeout | None = None) -> Any:
        """POSTs are sent once: never retried (search and view are audited)."""
        return self._send("POST", path, body, auth=auth, sign_in=sign_in, timeout=timeout)

    def _send(self, method: str, path: str, body: Any, *, auth: bool,
              sign_in: bool = False, timeout: httpx.Timeout | None = None) -> Any:
        import httpx

        headers = self._headers(auth)
        extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
        try:
            with self._http.stream(method, path, json=body, headers=headers,
                                   **extra) as response:
                payload = _read_limited(response)
        except httpx.DecodingError as exc:  # e.g. a broken gzip body
            raise errors.MalformedResponse() from exc
        except httpx.HTTPError as exc:  # connect, TLS, timeout, dropped connection
            refusal = _tls_refusal(exc)
            if refusal is not None:
                _log.warning("TLS certificate not trusted: %s (verify code %s)",
                             Safe(type(refusal).__name__), Safe(str(refusal.verify_code)))
                raise errors.CertificateNotTrusted() from exc
            raise errors.Unreachable() from exc
        try:
            return _decode(response, payload, sign_in=sign_in)
        except errors.SessionLocked:
            raise  # suspended, not ended: the token is kept for the unlock
        except errors.SessionExpired:
            if auth:
                self.forget_session()
            raise


def _timeout(seconds: tuple[float, float]) -> httpx.Timeout:
    import httpx

    step, connect = seconds
    return httpx.Timeout(step, connect=connect)


def _tls_refusal(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate-verification error somewhere in the chain of causes, if any."""
    import ssl

    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _signed_body(challenge_id: str, algorithm: str, signature: bytes,
                 certificate_der: bytes) -> dict[str, str]:
    return {"challenge_id": challenge_id, "algorithm": algorithm,
            "signature": base64.b64encode(signature).decode("ascii"),
            "certificate": base64.b64encode(certificate_der).decode("ascii")}


def _id(directory_id: str) -> str:
    if not (len(directory_id) == 10 and directory_id.isascii() and directory_id.isdigit()):
        raise errors.InvalidRequest("That is not a valid directory ID.", code="invalid_id")
    return directory_id


def _same_child(directory_id: str, record: ChildRecord) -> ChildRecord:
    """A record for another child than the one asked for is refused whole."""
    if record.directory_id != directory_id:
        raise errors.MalformedResponse()
    return record


def _segment(value: str) -> str:
    """A server-issued identifier used as one URL path segment."""
    if not value or not all(c.isascii() and (c.isalnum() or c in "-_.") for c in value):
        raise errors.InvalidRequest("That reference is not valid.", code="invalid_reference")
    return value


def _read_limited(response: httpx.Response) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise errors.MalformedResponse("response larger than 1 MiB refused")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise errors.MalformedResponse("response larger than 1 MiB refused")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(response: httpx.Response, payload: bytes, *, sign_in: bool = False) -> Any:
    status = response.status_code
    ok = 200 <= status < 300
    content_type = response.headers.get("content-type", "")
    data: Any = None
    if payload and status != 204:
        try:
            if not content_type.startswith("application/json"):
                raise ValueError("not JSON")
            import json

            data = json.loads(payload)
        except (ValueError, RecursionError) as exc:
            if ok:
                raise errors.MalformedResponse() from exc
            data = None  # an error page from a proxy: the status alone decides
    if ok:
        return data
    raise _error_for(status, data, response.headers.get("retry-after"), sign_in=sign_in)


def _plain(value: object, limit: int = 300) -> str | None:
    """The server's message, if it is short plain text."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    return text if len(text) <= limit else None


def _error_for(status: int, data: Any, retry_after_header: str | None, *,
               sign_in: bool = False) -> errors.ApiError:
    code: str | None = None
    message: str | None = None
    retry_after: int | None = None
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        err = data["error"]
        code = err.get("code") if isinstance(err.get("code"), str) else None
        message = _plain(err.get("message"))
        value = err.get("retry_after")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            retry_after = value
    if retry_after is None and retry_after_header and retry_after_header.isdigit():
        retry_after = int(retry_after_header)
    if status == 401:
        if code == "session_locked":
            return errors.SessionLocked(code=code)
        if sign_in and code != "session_expired":
            return errors.SIGN_IN_REFUSALS.get(code or "", errors.SignInRefused)(code=code)
        return errors.SessionExpired(code=code)
    if status == 423:
        return errors.AccountLocked(code=code, retry_after=retry_after or 900)
    if status == 429:
        return errors.RateLimited(code=code, retry_after=retry_after or 60)
    if status == 403:
        if code == "role_required":
            return errors.RoleRequired(code=code)
        return errors.Forbidden(code=code)
    if status == 404:
        return errors.NotFound(code=code)
    if status >= 500:
        return errors.ServerError(code=code)
    if status in (400, 409, 422):
        return errors.InvalidRequest(message, code=code)
    return errors.ApiError(code=code)
