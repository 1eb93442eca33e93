"""Hypothesis: whatever the record and role, a practitioner is never sent a withheld key.

Records come from a real generated population (300 children, real SQLite) and are varied by
forcing the shielded flag and adding a sensitive service, then passed through
``disclosure.record`` — the one place deciding what is sent — exactly as the routes do.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mock_server.data.population import build
from mock_server.data.store import ChildRecordRow, InvolvementRow, Store
from mock_server.rules import disclosure

TODAY = date.today()
SENSITIVE_MARKER = "Zed Sensitiveworker"


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[ChildRecordRow]]:
    path = tmp_path_factory.mktemp("property") / "small.sqlite3"
    build(path, 300, seed=11)
    store = Store(path)
    ids = [r[0] for r in store.reader().execute("SELECT directory_id FROM children")]
    loaded = [store.record(i) for i in ids]
    store.close()
    yield [r for r in loaded if r is not None]


def _with_sensitive(rec: ChildRecordRow) -> ChildRecordRow:
    extra = InvolvementRow(999_999, SENSITIVE_MARKER, "Nurse", "Marker Clinic", "sexual health",
                           "01632 960999", "zed@example.org",
                           (TODAY - timedelta(days=30)).isoformat(), None, False, False, True)
    return replace(rec, involvements=(*rec.involvements, extra))


def own_area(role: str, rec: ChildRecordRow) -> disclosure.Viewer:
    """A viewer working for the child's own local authority."""
    return disclosure.Viewer(role, rec.child.local_authority, rec.la_team_phone)


def _hidden_values(rec: ChildRecordRow) -> list[str]:
    values = [a.line for a in rec.addresses] + [a.postcode or "" for a in rec.addresses]
    values += [p.name or "" for p in rec.parents] + [p.phone or "" for p in rec.parents]
    values += list(rec.former_names) + [i.practitioner for i in rec.involvements]
    values += [s.name for s in (rec.school, rec.gp) if s is not None]
    return [v for v in values if v]


@settings(max_examples=300, deadline=None)
@given(index=st.integers(min_value=0), shielded=st.booleans(), sensitive=st.booleans(),
       role=st.sampled_from(["practitioner", "trainer"]), override=st.booleans())
def test_no_withheld_key_ever_sent_to_a_practitioner(
        records: list[ChildRecordRow], index: int, shielded: bool, sensitive: bool,
        role: str, override: bool) -> None:
    rec = records[index % len(records)]
    rec = replace(rec, child=rec.child._replace(shielded=shielded))
    if sensitive:
        rec = _with_sensitive(rec)
    sent = disclosure.record(rec, own_area(role, rec), today=TODAY, override=override)
    text = json.dumps(sent)
    if shielded:
        assert sent["withheld"] == list(disclosure.WITHHELD_WHEN_SHIELDED)
        for key in disclosure.WITHHELD_WHEN_SHIELDED:
            assert key not in sent
        assert "former_names" not in sent["name"]
        for value in _hidden_values(rec):
            assert value not in text
        assert "null" not in json.dumps({k: v for k, v in sent.items()
                                         if k in disclosure.WITHHELD_WHEN_SHIELDED})
    else:
        assert sent["withheld"] == []
        assert set(sent["sensitive_services"]) == {"involved"}
        assert sent["sensitive_services"]["involved"] is any(
            i.sensitive for i in rec.involvements)
        sent_names = {i["practitioner"] for i in sent["involvements"]}
        assert not sent_names & {i.practitioner for i in rec.involvements if i.sensitive}
    assert SENSITIVE_MARKER not in text
    assert "Marker Clinic" not in text


@settings(max_examples=150, deadline=None)
@given(index=st.integers(min_value=0), role=st.sampled_from(["practitioner", "manager"]),
       override=st.booleans())
def test_ended_involvements_older_than_a_year_never_sent(
        records: list[ChildRecordRow], index: int, role: str, override: bool) -> None:
    rec = records[index % len(records)]
    sent = disclosure.record(rec, own_area(role, rec), today=TODAY, override=override)
    cutoff = (TODAY - timedelta(days=365)).isoformat()
    for inv in sent.get("involvements", []):
        assert inv["ended"] is None or inv["ended"] >= cutoff
    old_ids = {f"inv-{i.involvement_id}" for i in rec.involvements
               if i.ended is not None and i.ended < cutoff}
    assert not old_ids & {i["involvement_id"] for i in sent.get("involvements", [])}


def test_population_has_old_ended_involvements_to_drop(records: list[ChildRecordRow]) -> None:
    cutoff = (TODAY - timedelta(days=365)).isoformat()
    assert any(i.ended is not None and i.ended < cutoff
               for rec in records for i in rec.involvements)
    assert any(rec.child.shielded for rec in records)


def test_manager_override_sends_everything(records: list[ChildRecordRow]) -> None:
    rec = next(r for r in records if r.child.shielded)
    sent = disclosure.record(_with_sensitive(rec), own_area("manager", rec), today=TODAY,
                             override=True)
    assert sent["withheld"] == []
    assert sent["sensitive_services"]["details"][0]["practitioner"] == SENSITIVE_MARKER
    assert sent["name"]["former_names"] == list(rec.former_names)


def test_module_builds_from_a_path(tmp_path: Path) -> None:
    stats = build(tmp_path / "tiny.sqlite3", 80, seed=3)
    assert stats.children == 80
