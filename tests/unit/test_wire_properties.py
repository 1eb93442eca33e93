"""Hypothesis: hostile or mutated JSON never crashes the parser with anything but
MalformedResponse, and never yields a record holding data that must be withheld."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpdesk.api import wire
from cpdesk.api.errors import MalformedResponse
from cpdesk.domain import WITHHOLDABLE_SECTIONS, ChildRecord, RoleKind
from tests.unit.test_wire import RECORD, SESSION, SUMMARY

SENTINEL = "ZZSENTINEL-hidden"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)
roles = st.sampled_from([RoleKind.PRACTITIONER, RoleKind.MANAGER, RoleKind.TRAINER, None])

PARSERS: list[Callable[[object], object]] = [
    wire.parse_meta, wire.parse_challenge, wire.parse_session, wire.parse_search,
    wire.parse_reference, wire.parse_activity, wire.parse_queue, wire.parse_involvement,
    lambda b: wire.parse_record(b, role=RoleKind.PRACTITIONER),
    lambda b: wire.parse_record(b, role=RoleKind.MANAGER, overridden=True),
]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(body=json_values, parser=st.sampled_from(PARSERS))
def test_arbitrary_json_only_ever_raises_malformed(body: object,
                                                   parser: Callable[[object], object]) -> None:
    with contextlib.suppress(MalformedResponse):
        parser(body)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += _paths(child, (*prefix, index))
    return out


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    body = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 4))):
        paths = _paths(body)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent: Any = body
        for step in path[:-1]:
            parent = parent[step]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(json_values)
    return body


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from([SESSION, {"too_many": False, "count": 1, "results": [SUMMARY]},
                             RECORD]),
       data=st.data())
def test_mutated_valid_bodies_only_ever_raise_malformed(base: dict[str, Any],
                                                        data: st.DataObject) -> None:
    body = data.draw(mutated(base))
    parser = (wire.parse_session if base is SESSION else
              wire.parse_search if "results" in base else
              (lambda b: wire.parse_record(b, role=RoleKind.PRACTITIONER)))
    with contextlib.suppress(MalformedResponse):
        parser(body)


def _planted_record() -> dict[str, Any]:
    """The example record with a sentinel in every value that can be withheld."""
    body = copy.deepcopy(RECORD)
    body["name"]["former_names"] = [f"{SENTINEL} former"]
    body["addresses"][0]["lines"] = [f"1 {SENTINEL} Road"]
    body["parents_carers"][0]["name"] = f"{SENTINEL} Parent"
    body["education"]["name"] = f"{SENTINEL} School"
    body["gp_practice"]["name"] = f"{SENTINEL} Surgery"
    body["involvements"][0]["practitioner"] = f"{SENTINEL} Worker"
    body["sensitive_services"] = {"involved": True, "details": [
        {"service": f"{SENTINEL} service", "practitioner": None, "organisation": None,
         "phone": None}]}
    return body


def _forbidden_keys(record: ChildRecord, role: RoleKind | None, withheld: list[str],
                    shielded: bool, overridden: bool) -> set[str]:
    hidden = set(withheld)
    if shielded and not overridden:
        hidden |= set(WITHHOLDABLE_SECTIONS) | {"name.former_names"}
    if role is not RoleKind.MANAGER:
        hidden.add("sensitive_services.details")
    return hidden


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(role=roles, shielded=st.booleans(), overridden=st.booleans(),
       withheld=st.lists(st.sampled_from(WITHHOLDABLE_SECTIONS), unique=True),
       data=st.data())
def test_withheld_data_never_reaches_a_record(role: RoleKind | None, shielded: bool,
                                              overridden: bool, withheld: list[str],
                                              data: st.DataObject) -> None:
    body = _planted_record()
    body["shielded"] = shielded
    body["withheld"] = withheld
    drop = data.draw(st.lists(st.sampled_from(WITHHOLDABLE_SECTIONS), unique=True))
    for key in drop:  # some servers send some of it, some none
        body.pop(key, None)
    record = wire.parse_record(body, role=role, overridden=overridden)
    hidden = _forbidden_keys(record, role, withheld, shielded, overridden)
    values = {
        "addresses": record.addresses, "parents_carers": record.parents_carers,
        "education": record.education, "gp_practice": record.gp_practice,
        "involvements": record.involvements, "sensitive_services": record.sensitive_services,
        "caf": record.caf_exists, "name.former_names": record.name.former_names,
        "sensitive_services.details": (record.sensitive_services.details
                                       if record.sensitive_services else None),
    }
    for key in hidden:
        assert values[key] is None, key
    if hidden >= {*WITHHOLDABLE_SECTIONS, "name.former_names"}:
        assert SENTINEL not in repr(record)
    sent_anyway = {k for k in hidden if k in WITHHOLDABLE_SECTIONS and k not in drop}
    assert sent_anyway <= set(record.integrity_faults)
