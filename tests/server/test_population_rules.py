"""Properties of generated populations (issue 18), over seeds: no service at an impossible
age, a fostered child's social worker and a CAF's lead professional always, drama-range
phones issued once, directory IDs that cannot be real NHS numbers; Kelly and her siblings;
one builder per database, with progress."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_server.data import named_children, samples, targets
from mock_server.data.ids import DirectoryIds, in_test_range, is_valid_directory_id
from mock_server.data.population import build
from mock_server.data.retention import birthday

TODAY = date(2026, 11, 29)


def _rows(db: sqlite3.Connection, sql: str, *params: object) -> list[tuple[object, ...]]:
    return list(db.execute(sql, params))


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), size=st.integers(300, 1500))
def test_rules_hold_for_any_seed(tmp_path: Path, seed: int, size: int) -> None:
    path = tmp_path / f"p-{seed}-{size}.sqlite3"
    path.unlink(missing_ok=True)
    build(path, size, seed=seed, today=TODAY)
    db = sqlite3.connect(path)
    first = int(db.execute("SELECT value FROM meta WHERE key = 'first_generated_child'"
                           ).fetchone()[0])
    # every involvement within its service's ages (named children included)
    for service, since, ended, dob in _rows(db, "SELECT i.service, i.since, i.ended, c.dob"
                                            " FROM involvements i JOIN children c USING"
                                            " (child_id)"):
        lo, hi = targets.service_window(str(service))
        born = date.fromisoformat(str(dob))
        assert date.fromisoformat(str(since)) >= birthday(born, lo), (service, since, dob)
        until = date.fromisoformat(str(ended)) if ended else TODAY
        assert until < birthday(born, hi), (service, ended, dob)
        assert since <= (ended or since)
    # a fostered child (live, under 18) has a social worker as lead professional
    fostered = _rows(db, "SELECT c.child_id FROM children c WHERE c.archived = 0 AND"
                         " c.dob > date(?, '-18 years') AND c.family_id IN (SELECT"
                         " family_id FROM parents WHERE relationship = 'foster carer')",
                     TODAY.isoformat())
    for (cid,) in fostered:
        assert db.execute("SELECT 1 FROM involvements WHERE child_id = ? AND service ="
                          " 'social care' AND lead_professional = 1 AND ended IS NULL",
                          (cid,)).fetchone(), cid
    # every CAF has a lead professional who holds it, and a child has at most one lead
    for (cid,) in _rows(db, "SELECT child_id FROM children WHERE caf = 1 AND archived = 0"):
        assert db.execute("SELECT 1 FROM involvements WHERE child_id = ? AND caf_holder = 1"
                          " AND lead_professional = 1 AND ended IS NULL", (cid,)).fetchone()
    assert not _rows(db, "SELECT child_id FROM involvements WHERE lead_professional = 1"
                         " AND child_id >= ? GROUP BY child_id HAVING count(*) > 1", first)
    # no school before school age; nobody in a setting before birth
    for since, dob in _rows(db, "SELECT school_since, dob FROM children WHERE school_since"
                                " IS NOT NULL"):
        assert str(since) > str(dob)
    # a phone number belongs to one family (or one office), and is a drama number
    assert not _rows(db, "SELECT phone FROM parents WHERE phone IS NOT NULL GROUP BY phone"
                         " HAVING count(DISTINCT family_id) > 1")
    people = {str(p) for (p,) in _rows(db, "SELECT phone FROM parents WHERE phone IS NOT NULL")}
    offices = {str(p) for t in ("schools", "gp_practices") for (p,) in _rows(
        db, f"SELECT phone FROM {t} WHERE phone IS NOT NULL")}  # noqa: S608
    assert not people & offices
    generated = {str(p) for (p,) in _rows(db, "SELECT p.phone FROM parents p WHERE phone IS"
                                              " NOT NULL AND family_id IN (SELECT family_id"
                                              " FROM children WHERE child_id >= ?)", first)}
    assert all(samples.is_generated_range(p) for p in generated)
    # generated directory IDs: valid, unique, in the NHS test range
    ids = [str(i) for (i,) in _rows(db, "SELECT directory_id FROM children WHERE child_id"
                                        " >= ?", first)]
    assert len(set(ids)) == len(ids)
    assert all(is_valid_directory_id(i) and in_test_range(i) for i in ids)
    # and the named children and the crowd: none keeps a real NHS number (issue 18)
    fixed = [str(i) for (i,) in _rows(db, "SELECT directory_id FROM children WHERE child_id"
                                          " < ?", first)]
    assert fixed and all(is_valid_directory_id(i) and in_test_range(i) for i in fixed)
    db.close()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**31), start=st.integers(0, 98_000_000))
def test_directory_ids_never_in_a_real_nhs_range(seed: int, start: int) -> None:
    ids = DirectoryIds(seed)
    first = [next(ids) for _ in range(200)]
    assert all(in_test_range(i) and is_valid_directory_id(i) for i in first)
    ids.index = 1_000_000 + start  # past the test range: 900-998, still never a real range
    later = [next(ids) for _ in range(200)]
    assert all(i[0] == "9" and not in_test_range(i) and is_valid_directory_id(i)
               for i in later)
    assert len(set(first + later)) == 400


def test_the_test_range_is_used_whole_before_any_other() -> None:
    ids = DirectoryIds(3)
    ids.index = 999_000  # the last stems of the test range, then the next range
    made = [next(ids) for _ in range(1000)]
    assert in_test_range(made[0]) and not in_test_range(made[-1])
    assert len(set(made)) == len(made)


def test_kelly_is_15_with_three_younger_siblings(population_db: Path) -> None:
    kelly = named_children.KELLY
    assert birthday(kelly.dob, 15) <= date.today() < birthday(kelly.dob, 16)
    db = sqlite3.connect(population_db)
    (family,) = db.execute("SELECT family_id FROM children WHERE directory_id = ?",
                           (kelly.directory_id,)).fetchone()
    siblings = db.execute("SELECT given_names, dob FROM children WHERE family_id = ? AND"
                          " directory_id != ? ORDER BY dob", (family, kelly.directory_id)
                          ).fetchall()
    assert len(siblings) == 3 and all(dob > kelly.dob.isoformat() for _n, dob in siblings)
    assert [r[0] for r in db.execute("SELECT relationship FROM parents WHERE family_id = ?",
                                     (family,))] == ["mother"]
    homes = {r[0] for r in db.execute(
        "SELECT a.line FROM addresses a JOIN children c USING (child_id) WHERE c.family_id = ?"
        " AND a.current = 1", (family,))}
    assert homes == {"41 Chorley Old Road"}
    db.close()


def test_two_builders_of_one_database_do_not_race(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    errors: list[BaseException] = []
    sizes: list[int] = []

    def builder() -> None:
        try:
            sizes.append(build(path, 3000, seed=4).children)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=builder) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sizes == [3000, 3000, 3000]
    assert not path.with_name(path.name + ".building").exists()
    db = sqlite3.connect(path)
    assert db.execute("SELECT count(*) FROM children").fetchone()[0] == 3000
    db.close()


def test_progress_is_reported_batch_by_batch(tmp_path: Path) -> None:
    seen: list[int] = []
    stages: list[str] = []
    build(tmp_path / "p.sqlite3", 120_000, seed=1, progress=seen.append, stage=stages.append)
    assert len(seen) >= 2 and sum(seen) == 120_000
    assert stages[:2] == ["children", "indexes"]
