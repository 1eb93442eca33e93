"""No path reveals a shielded household (issue 13), proven over generated populations.

For each generated population (Hypothesis over seed and size, plus the fixed children), a real
server is started on it and a practitioner and a trainer walk every call a practitioner can
make: search in every mode (name and date of birth exact and widened, a name prefix with the
given name, a five-year date range, directory ID, postcode), the view of every child any
search returned, recording an involvement, raising an inaccuracy and a sensitive-contact
request, My activity, and the error bodies on the way.
Every response byte is kept. Then, against the ground truth read from the raw tables
(``household_truth``):

- no private value of a shielded household (addresses, postcodes, parents' and carers' names,
  phones and e-mails) appears anywhere, unless a visible family holds the same value;
- a shielded child's search row has no locality, its record no location at all (no local
  authority, town, school, GP or practitioner) and none of its sensitive services;
- no archived child is returned or viewable.
"""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_server.data.population import build
from tests.server.directory_fixtures import Directory, consent, reason, serve_directory
from tests.server.household_truth import Person, Truth, read_truth

ALLOWED_SHIELDED_KEYS = {"directory_id", "name", "dob", "gender", "shielded", "withheld",
                         "contact_team", "last_updated"}


class Walk:
    """One user's walk over the server; every response body is kept."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        self.bodies: list[str] = []
        self.rows: dict[str, dict[str, Any]] = {}
        self.records: dict[str, dict[str, Any]] = {}

    def call(self, method: str, url: str, body: dict[str, Any] | None = None) -> httpx.Response:
        response = self.client.request(method, url, json=body)
        self.bodies.append(response.text)
        return response

    def search(self, **criteria: str) -> list[str]:
        response = self.call("POST", "/api/v1/search", criteria)
        if response.status_code != 200:
            return []
        rows = response.json()["results"]
        for row in rows:
            self.rows.setdefault(row["directory_id"], row)
        return [row["directory_id"] for row in rows]

    def view(self, directory_id: str) -> None:
        response = self.call("POST", f"/api/v1/children/{directory_id}/view", reason())
        if response.status_code == 200:
            self.records[directory_id] = response.json()

    def everything(self, truth: Truth, sample: list[Person]) -> None:
        for person in sample:
            self.search(family_name=person.family_name, dob=person.dob)
            self.search(family_name=person.family_name, dob=person.dob, mode="widened")
            self.search(family_name=person.family_name[:2] + "*", dob=person.dob,
                        given_name=person.given_names.split()[0])
            born = date.fromisoformat(person.dob)
            self.search(family_name=person.family_name,
                        dob_from=(born - timedelta(days=900)).isoformat(),
                        dob_to=(born + timedelta(days=900)).isoformat())
            self.search(directory_id=person.directory_id)
            for _line, postcode in sorted(person.places)[:1]:
                self.search(family_name=person.family_name, dob=person.dob, postcode=postcode)
        for directory_id in sorted(self.rows):
            self.view(directory_id)
        for directory_id in sorted(truth.shielded)[:3]:
            base = f"/api/v1/children/{directory_id}"
            self.call("POST", f"{base}/involvements",
                      {"service": "family-support", "since": date.today().isoformat(),
                       "consent": consent()})
            self.call("POST", f"{base}/inaccuracies",
                      {"section": "addresses", "description": "The address looks out of date"})
            self.call("POST", f"{base}/sensitive-contact-requests",
                      {"message": "Please pass on my number, the child asked for help",
                       "consent": consent()})
        self.call("GET", "/api/v1/me/activity?limit=200")


def check(truth: Truth, walk: Walk) -> None:
    everything = "\n".join(walk.bodies)
    leaked = [v for v in truth.private_values_of_shielded() if v in everything]
    assert not leaked, f"private values of a shielded household were sent: {leaked[:5]}"
    for directory_id, row in walk.rows.items():
        person = truth.people[directory_id]
        assert not person.archived, "an archived child was returned by search"
        if directory_id in truth.shielded:
            assert row["shielded"] is True and "locality" not in row, directory_id
    for directory_id, record in walk.records.items():
        person = truth.people[directory_id]
        assert not person.archived
        if directory_id not in truth.shielded:
            continue
        assert record["shielded"] is True, f"household member {directory_id} not shielded"
        assert set(record) <= ALLOWED_SHIELDED_KEYS, set(record) - ALLOWED_SHIELDED_KEYS
        assert set(record["name"]) <= {"family_name", "given_names", "known_as"}
        text = json.dumps({k: v for k, v in record.items() if k != "contact_team"})
        for value in (person.private | person.settings | person.sensitive_services
                      | {person.town, person.local_authority}) - {""}:
            assert value not in text, f"{directory_id}: {value!r} in its shielded record"


def sample_of(truth: Truth, size: int) -> list[Person]:
    """Every shielded child and household member, and as many other children."""
    shielded = [truth.people[d] for d in sorted(truth.shielded)]
    others = [p for d, p in sorted(truth.people.items()) if d not in truth.shielded]
    return shielded + others[: max(size, len(shielded))]


def walk_population(root: Path, seed: int, children: int) -> None:
    template = root / f"population-{seed}-{children}.sqlite3"
    build(template, children, seed=seed)
    served_root = root / f"served-{seed}-{children}"
    served_root.mkdir()
    with serve_directory(template, served_root) as directory:
        directory.app.state.view_limiter.limit = 10**6  # the walk opens every child it finds
        truth = read_truth(directory.db_path)
        assert truth.shielded, "the population has shielded children to protect"
        for role in ("practitioner", "trainer"):
            walk_as(directory, truth, role)
    shutil.rmtree(served_root, ignore_errors=True)


def walk_as(directory: Directory, truth: Truth, role: str) -> None:
    with directory.client(role, local_authority="Bolton") as client:
        walk = Walk(client)
        walk.everything(truth, sample_of(truth, 25))
        check(truth, walk)


@settings(max_examples=5, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(min_value=1, max_value=10_000),
       children=st.integers(min_value=400, max_value=1500))
def test_no_path_reveals_a_shielded_household(tmp_path_factory: Any, seed: int,
                                              children: int) -> None:
    walk_population(tmp_path_factory.mktemp("household"), seed, children)
