"""Retention (product.md §2) on a fixed day: live to the 18th birthday, to the 25th only with
consent, then archived — by the population builder and by the sweep every server start runs."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mock_server.data.population import build
from mock_server.data.retention import archived_on, birthday, sweep
from tests.server.directory_fixtures import serve_directory

DAY = date(2026, 11, 29)


@pytest.mark.parametrize(("dob", "consent", "archived"), [
    (date(2008, 11, 30), False, False),  # 18 tomorrow
    (date(2008, 11, 29), False, True),   # 18 today, no consent
    (date(2008, 11, 29), True, False),   # 18 today, consent: kept to 25
    (date(2001, 11, 30), True, False),   # 25 tomorrow
    (date(2001, 11, 29), True, True),    # 25 today: archived whatever the consent
    (date(2001, 2, 26), True, True),     # "Black, 26-Feb-2001" of the issue
])
def test_the_rule(dob: date, consent: bool, archived: bool) -> None:
    assert archived_on(dob, consent, DAY) is archived


def test_leap_day_birthdays_fall_on_the_first_of_march() -> None:
    assert birthday(date(2008, 2, 29), 18) == date(2026, 3, 1)


def test_sweep_archives_exactly_the_records_past_their_day(tmp_path: Path) -> None:
    db = tmp_path / "d.sqlite3"
    build(db, 600, seed=4, today=date(2025, 6, 1))  # built long ago: some have aged since
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        before = conn.execute("SELECT directory_id, dob, consent, archived FROM children"
                              ).fetchall()
        archived = sweep(conn, DAY)
        after = dict(conn.execute("SELECT directory_id, archived FROM children").fetchall())
    finally:
        conn.close()
    due = {d for d, dob, consent, was in before
           if not was and archived_on(date.fromisoformat(dob), bool(consent), DAY)}
    assert archived == len(due) > 0
    for directory_id, dob, consent, _ in before:
        assert bool(after[directory_id]) is archived_on(date.fromisoformat(dob), bool(consent),
                                                        DAY)


def test_the_server_archives_at_start_and_then_never_returns_the_record(
        tmp_path: Path, population_db: Path) -> None:
    db = tmp_path / "template.sqlite3"
    shutil.copyfile(population_db, db)
    conn = sqlite3.connect(db, isolation_level=None)
    today = date.today()
    row = conn.execute("SELECT directory_id, family_name FROM children WHERE archived = 0"
                       " AND shielded = 0 LIMIT 1").fetchone()
    dob = birthday(today, -25).isoformat()  # 25 today
    conn.execute("UPDATE children SET dob = ?, consent = 1 WHERE directory_id = ?", (dob, row[0]))
    conn.close()
    (tmp_path / "served").mkdir()
    with serve_directory(db, tmp_path / "served") as directory:
        for role in ("practitioner", "manager"):
            with directory.client(role) as client:
                found = client.post("/api/v1/search", json={"directory_id": row[0]}).json()
                assert found["results"] == []
                view = client.post(f"/api/v1/children/{row[0]}/view",
                                   json={"reason": {"code": "safeguarding"}})
                assert view.status_code == 404
