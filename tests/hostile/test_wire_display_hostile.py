"""Hypothesis over server JSON into the client: parse (``cpdesk.api.wire``) and then the single
display decision (``cpdesk.privacy.record_display``), end to end.

The bodies start as what the real mock server sends (``mock_server.disclosure`` over the fixed
children, full view) with a marker planted in every value of every section that can be
withheld. A hostile or faulty server then changes them: flips ``shielded``, lists sections as
withheld while sending them anyway, drops sections, adds unknown keys, or breaks a value.

Whatever arrives, the parser either refuses the body whole (``MalformedResponse``, nothing to
display) or the display holds no marker of a section the viewer may not see. A control checks
that markers of visible sections do reach the display.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdesk.api import wire
from cpdesk.api.errors import MalformedResponse
from cpdesk.domain import WITHHOLDABLE_SECTIONS, RoleKind
from cpdesk.privacy import DisplayContext, record_display
from mock_server.data import named_children as fixtures
from mock_server.http.app import create_app
from mock_server.rules import disclosure

TODAY = date.today()
FORMER = "name.former_names"
DETAILS = "sensitive_services.details"
CHILDREN = (fixtures.BOLTON_AE, fixtures.KELLY, fixtures.SHIELDED, fixtures.SENSITIVE,
            fixtures.TWO_ADDRESSES)


def marker(key: str) -> str:
    return "ZZ" + key.replace(".", "").replace("_", "").upper() + "ZZ"


def _plant(value: Any, tag: str) -> Any:
    """Every text inside ``value`` prefixed with ``tag`` (dates and codes are left alone)."""
    if isinstance(value, dict):
        return {k: v if k in {"since", "from", "to", "ended", "type", "relationship",
                              "involvement_id"} else _plant(v, tag) for k, v in value.items()}
    if isinstance(value, list):
        return [_plant(v, tag) for v in value]
    if isinstance(value, str):
        return f"{tag} {value}"
    return value


@pytest.fixture(scope="module")
def server_bodies() -> Iterator[list[dict[str, Any]]]:
    """Full records as the real server builds them, with markers planted."""
    app = create_app()
    store = app.state.store
    bodies = []
    for child in CHILDREN:
        rec = store.record(child.directory_id)
        assert rec is not None
        holder = disclosure.Viewer(disclosure.MANAGER, rec.child.local_authority,
                                   rec.la_team_phone)
        body = disclosure.record(rec, holder, today=TODAY, override=True)
        for key in WITHHOLDABLE_SECTIONS:
            if key in body and key != "sensitive_services":
                body[key] = _plant(body[key], marker(key))
        body["name"]["former_names"] = [f"{marker(FORMER)} Former Name"]
        body["sensitive_services"] = {"involved": True, "details": [
            {"service": "mental health", "practitioner": f"{marker(DETAILS)} Worker",
             "organisation": f"{marker(DETAILS)} Trust", "phone": "01632 960999"}]}
        bodies.append(body)
    yield bodies
    store.close()
    app.state.audit.close()


def _strings(value: Any) -> Iterator[str]:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _hidden(role: RoleKind | None, withheld: list[str], shielded: bool,
            overridden: bool) -> set[str]:
    hidden = set(withheld)
    if shielded and not overridden:
        hidden |= set(WITHHOLDABLE_SECTIONS) | {FORMER}
    if role is not RoleKind.MANAGER:
        hidden.add(DETAILS)
    if "sensitive_services" in hidden:
        hidden.add(DETAILS)
    return hidden


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner,
                                                                max_size=3),
    max_leaves=8)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(CHILDREN) - 1),
       role=st.sampled_from([RoleKind.PRACTITIONER, RoleKind.MANAGER, RoleKind.TRAINER, None]),
       shielded=st.booleans(), overridden=st.booleans(),
       withheld=st.lists(st.sampled_from(WITHHOLDABLE_SECTIONS), unique=True),
       dropped=st.lists(st.sampled_from(WITHHOLDABLE_SECTIONS), unique=True),
       junk=st.dictionaries(st.sampled_from(["extra", "debug", "notes", "name", "dob", "caf"]),
                            json_values, max_size=2))
def test_hostile_server_json_never_reaches_the_display(
        server_bodies: list[dict[str, Any]], index: int, role: RoleKind | None,
        shielded: bool, overridden: bool, withheld: list[str], dropped: list[str],
        junk: dict[str, Any]) -> None:
    body = copy.deepcopy(server_bodies[index])
    body["shielded"] = shielded
    body["withheld"] = withheld  # a faulty server lists them but sends them anyway
    for key in dropped:
        body.pop(key, None)
    body.update(junk)  # unknown keys, or known keys with a wrong type
    try:
        record = wire.parse_record(body, role=role, overridden=overridden)
    except MalformedResponse:
        return  # refused whole: nothing is displayed
    display = record_display(record, DisplayContext(role or RoleKind.PRACTITIONER, TODAY))
    shown = "\n".join(_strings(display))
    for key in _hidden(role, withheld, shielded, overridden):
        assert marker(key) not in shown, (key, role, shielded, overridden, withheld)


def test_control_visible_sections_do_reach_the_display(
        server_bodies: list[dict[str, Any]]) -> None:
    """Without any reason to hide, the planted markers are shown (the scan can see them)."""
    body = copy.deepcopy(server_bodies[0])
    body["shielded"] = False
    body["withheld"] = []
    record = wire.parse_record(body, role=RoleKind.MANAGER)
    shown = "\n".join(_strings(record_display(record, DisplayContext(RoleKind.MANAGER, TODAY))))
    for key in ("addresses", "parents_carers", "education", "gp_practice", "involvements",
                FORMER, DETAILS):
        assert marker(key) in shown, key


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, len(CHILDREN) - 1), data=st.data())
def test_a_broken_value_anywhere_refuses_the_record_whole_or_parses_it_whole(
        server_bodies: list[dict[str, Any]], index: int, data: st.DataObject) -> None:
    """One value anywhere in a real record replaced by arbitrary JSON: the parser raises
    MalformedResponse and nothing else; a parsed record displays without error."""
    body = copy.deepcopy(server_bodies[index])
    node: Any = body
    path: list[Any] = []
    while isinstance(node, (dict, list)) and node and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(node)) if isinstance(node, dict)
                        else st.integers(0, len(node) - 1))
        path.append(key)
        node = node[key]
    if path:
        parent: Any = body
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = data.draw(json_values)
    role = data.draw(st.sampled_from([RoleKind.PRACTITIONER, RoleKind.MANAGER]))
    with contextlib.suppress(MalformedResponse):
        record = wire.parse_record(body, role=role)
        record_display(record, DisplayContext(role, TODAY))
