"""DirectoryClient against the real mock server: signed in with a real SoftHSM demo token,
search and view go over HTTP, through wire.py and privacy.py as the UI would use them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from cpdesk.api import errors
from cpdesk.api.client import DirectoryClient
from cpdesk.auth.signin import TokenSigner
from cpdesk.auth.token import Pkcs11Module
from cpdesk.domain import Reason, ReasonCode, RoleKind, SearchCriteria
from cpdesk.privacy import DisplayContext, SectionKey, record_display, summary_cells
from cpdesk.validation import SearchForm, validate_criteria
from mock_server.tokens.demo_users import demo_user
from tests.integration.signin_server import live_server
from tests.signin_steps import sign_in

NURSE = demo_user("nurse.demo")
TODAY = date.today()


@contextmanager
def signed_in_nurse(enrolled: tuple[Path, dict[str, str]],
                    softhsm_module: str) -> Iterator[DirectoryClient]:
    db, serials = enrolled
    with live_server(db, serials) as server:
        client = DirectoryClient(server.url)
        signer = TokenSigner(Pkcs11Module(softhsm_module))
        sign_in(client, signer, NURSE.username, NURSE.password,
                bytearray(NURSE.pin.encode()), serial=serials[NURSE.username])
        assert client.session is not None and client.session.role is not None
        assert client.session.role.role is RoleKind.PRACTITIONER
        try:
            yield client
        finally:
            client.close()


@pytest.fixture(scope="module")
def nurse_client(enrolled: tuple[Path, dict[str, str]],
                 softhsm_module: str) -> Iterator[DirectoryClient]:
    with signed_in_nurse(enrolled, softhsm_module) as client:
        yield client


def test_bolton_ae_case_name_and_dob_to_record(nurse_client: DirectoryClient) -> None:
    criteria, _ = validate_criteria(SearchForm(family_name="Doe", dob="14-07-2011"))
    assert criteria is not None
    result = nurse_client.search(criteria)
    jane = next(r for r in result.results if r.directory_id == "9997773454")
    cells = summary_cells(jane, DisplayContext(RoleKind.PRACTITIONER, TODAY))
    assert cells.name == "DOE, Jane Ann (Jenny)" and cells.match == "Exact"

    record = nurse_client.view_record(jane.directory_id, Reason(ReasonCode.UNSCHEDULED_CARE))
    assert record.integrity_faults == ()
    display = record_display(record, DisplayContext(RoleKind.PRACTITIONER, TODAY))
    by_key = {s.key: s for s in display.sections}
    parents = [e.heading for e in by_key[SectionKey.PARENTS_CARERS].entries]
    assert "John Doe" in parents
    assert by_key[SectionKey.EDUCATION].entries[0].heading == "Moorside High School"
    assert by_key[SectionKey.GP_PRACTICE].entries[0].heading == "Deane Road Surgery"
    workers = {e.heading: e for e in by_key[SectionKey.INVOLVEMENTS].entries}
    assert workers["Paul Ward"].badges[0] == "Lead professional"


def test_shielded_child_is_found_but_nothing_hidden_arrives(
        nurse_client: DirectoryClient) -> None:
    found = nurse_client.search(SearchCriteria(directory_id="9999730698")).results
    assert [r.shielded for r in found] == [True] and found[0].locality is None
    record = nurse_client.view_record("9999730698", Reason(ReasonCode.SAFEGUARDING))
    assert record.shielded and record.integrity_faults == ()
    assert record.parents_carers is None and record.addresses is None
    assert record.name.former_names is None
    display = record_display(record, DisplayContext(RoleKind.PRACTITIONER, TODAY))
    assert display.shielded_notice is not None and "Bolton" in display.shielded_notice
    assert "Wigan" not in repr(display)  # the holding area is a location too
    for hidden in ("Claire", "Larch", "Hindley", "Nadia", "Walsh"):
        assert hidden not in repr(display)


def test_sensitive_service_is_only_a_notice_for_the_nurse(
        nurse_client: DirectoryClient) -> None:
    record = nurse_client.view_record("9999384994", Reason(ReasonCode.UNSCHEDULED_CARE))
    assert record.sensitive_services is not None and record.sensitive_services.involved
    assert record.sensitive_services.details is None
    display = record_display(record, DisplayContext(RoleKind.PRACTITIONER, TODAY))
    assert display.offer_request_contact
    for hidden in ("Priya", "CAMHS", "mental health", "01632 960118"):
        assert hidden not in repr(display)


def test_server_rules_reach_the_client_as_errors(nurse_client: DirectoryClient) -> None:
    with pytest.raises(errors.InvalidRequest) as caught:
        nurse_client.search(SearchCriteria(family_name="Doe"))  # no date of birth
    assert caught.value.code == "criteria_insufficient"
    with pytest.raises(errors.NotFound):
        nurse_client.view_record("9999999999", Reason(ReasonCode.SAFEGUARDING))
    assert nurse_client.has_session



def test_leaky_server_the_client_still_hides_everything(nurse_client: DirectoryClient) -> None:
    assert nurse_client.set_faults(leak_shielded=True)["leak_shielded"] is True
    ctx = DisplayContext(RoleKind.PRACTITIONER, TODAY)
    try:
        found = nurse_client.search(SearchCriteria(directory_id="9999730698")).results
        assert found[0].shielded and found[0].locality is None
        assert summary_cells(found[0], ctx).locality == "Withheld"
        shielded = nurse_client.view_record("9999730698", Reason(ReasonCode.SAFEGUARDING))
        sensitive = nurse_client.view_record("9999384994",
                                             Reason(ReasonCode.UNSCHEDULED_CARE))
    finally:
        nurse_client.set_faults()
    assert shielded.integrity_faults  # the server did leak, and it was noticed
    assert shielded.parents_carers is None and shielded.name.former_names is None
    assert sensitive.integrity_faults == ("sensitive_services.details",)
    shown = repr(record_display(shielded, ctx)) + repr(record_display(sensitive, ctx))
    for hidden in ("Claire", "Larch", "Hindley", "Nadia", "Walsh", "Priya", "CAMHS"):
        assert hidden not in shown


def test_forced_session_expiry_ends_the_clients_session(
        enrolled: tuple[Path, dict[str, str]], softhsm_module: str) -> None:
    with signed_in_nurse(enrolled, softhsm_module) as client:
        client.set_faults(expire_sessions=True)
        try:
            with pytest.raises(errors.SessionExpired):
                client.search(SearchCriteria(directory_id="9997773454"))
        finally:
            client.set_faults()
        assert not client.has_session
        with pytest.raises(errors.SessionExpired):  # nothing is sent without a session
            client.view_record("9997773454", Reason(ReasonCode.SAFEGUARDING))
