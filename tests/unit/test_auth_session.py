"""Session state machine, listeners, status-bar info, certificate warning, module discovery."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cpdesk.auth.discovery import ModuleNotFound, candidate_paths, find_module
from cpdesk.auth.session import (
    InvalidTransition,
    LockReason,
    Session,
    State,
    Transition,
)
from cpdesk.domain import Environment
from tests.unit.signin_fakes import roles, session_info


def active_session() -> tuple[Session, list[Transition]]:
    session = Session()
    seen: list[Transition] = []
    session.add_listener(seen.append)
    session.begin_sign_in()
    session.signed_in(session_info(), "SER-1", Environment.TRAINING)
    return session, seen


def test_sign_in_curtain_lock_unlock_sign_out() -> None:
    session, seen = active_session()
    assert session.state is State.ACTIVE and session.shows_data
    session.curtain()
    assert session.state is State.CURTAINED and not session.shows_data
    session.lift_curtain()
    session.lock(LockReason.TOKEN_REMOVED)
    assert session.state is State.LOCKED and session.lock_reason is LockReason.TOKEN_REMOVED
    session.lock(LockReason.IDLE)  # already locked: no second transition
    with pytest.raises(InvalidTransition):
        session.unlocked(session_info(), "OTHER-CARD")
    session.unlocked(session_info(), "SER-1")
    session.sign_out()
    assert [(t.old, t.new) for t in seen] == [
        (State.SIGNED_OUT, State.SIGNING_IN), (State.SIGNING_IN, State.ACTIVE),
        (State.ACTIVE, State.CURTAINED), (State.CURTAINED, State.ACTIVE),
        (State.ACTIVE, State.LOCKED), (State.LOCKED, State.ACTIVE),
        (State.ACTIVE, State.SIGNED_OUT)]
    assert seen[4].lock_reason is LockReason.TOKEN_REMOVED
    assert session.info is None and session.token_serial is None and session.status() is None


def test_no_active_session_without_a_role_and_bad_transitions_refused() -> None:
    session = Session()
    with pytest.raises(InvalidTransition):
        session.signed_in(session_info(), "SER-1")  # not signing in
    session.begin_sign_in()
    with pytest.raises(InvalidTransition):
        session.signed_in(session_info(active=None), "SER-1")
    session.sign_in_failed()
    assert session.state is State.SIGNED_OUT
    with pytest.raises(InvalidTransition):
        session.unlocked(session_info(), "SER-1")


def test_listener_removal() -> None:
    session = Session()
    seen: list[Transition] = []
    remove = session.add_listener(seen.append)
    session.begin_sign_in()
    remove()
    session.sign_in_failed()
    assert len(seen) == 1


def test_status_info_names_role_organisation_and_environment() -> None:
    session = Session()
    session.begin_sign_in()
    session.signed_in(session_info(active="r2", role_set=roles("Moorside High", "Hindley")),
                      "SER-1", Environment.TRAINING)
    status = session.status()
    assert status is not None
    assert (status.display_name, status.role, status.organisation, status.environment) == (
        "Amira Test", "Practitioner", "Hindley", Environment.TRAINING)
    assert status.text() == ("Amira Test (nurse.test) · Practitioner · Hindley (Bolton) · "
                             "Training")


def test_certificate_expiry_warning_within_90_days() -> None:
    session = Session()
    session.begin_sign_in()
    session.signed_in(session_info(cert_expires=datetime(2027, 1, 31, tzinfo=UTC)), "S")
    assert session.certificate_warning(date(2026, 10, 1)) is None
    warning = session.certificate_warning(date(2026, 11, 21))
    assert warning is not None and "31-Jan-2027" in warning


def test_module_discovery() -> None:
    present = {"/usr/lib/softhsm/libsofthsm2.so"}
    assert find_module(None, exists=present.__contains__) == "/usr/lib/softhsm/libsofthsm2.so"
    assert find_module("/opt/card.so", exists={"/opt/card.so"}.__contains__) == "/opt/card.so"
    with pytest.raises(ModuleNotFound):
        find_module("/opt/missing.so", exists=present.__contains__)
    with pytest.raises(ModuleNotFound):
        find_module(None, exists=lambda _p: False)
    linux = candidate_paths("linux")
    assert linux.index("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so") < linux.index(
        "/usr/lib/softhsm/libsofthsm2.so")
    assert all(p.endswith(".dll") for p in candidate_paths("win32"))
