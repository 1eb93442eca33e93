"""The generated population: reproducible, realistic in shape, synthetic in every value."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from mock_server.data import named_children as fixtures
from mock_server.data.ids import check_digit, is_valid_directory_id
from mock_server.data.names import given_variants, metaphone, name_tokens, normalise, soundex
from mock_server.data.population import build
from mock_server.data.retention import archived_on
from mock_server.data.store import Store
from tests.server.directory_fixtures import SMALL_POPULATION

# Ofcom's drama ranges (issue 18: every one a home or office could have)
PHONE = re.compile(r"^(01632 960\d{3}|07700 900\d{3}|01(1[3-8]|21|31|41|51|61) 496 0\d{3}"
                   r"|0191 498 0\d{3}|020 7946 0\d{3}|028 9649 6\d{3}|029 2018 0\d{3})$")


@pytest.fixture(scope="module")
def db(population_db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{population_db}?mode=ro", uri=True)


def _one(db: sqlite3.Connection, sql: str) -> int:
    return int(db.execute(sql).fetchone()[0])


def _digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in ("children", "parents", "addresses", "involvements", "former_names"):
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY rowid"):  # noqa: S608
            digest.update(repr(row).encode())
    conn.close()
    return digest.hexdigest()


def test_same_seed_same_population_other_seed_differs(tmp_path: Path) -> None:
    today = date(2026, 11, 1)
    build(tmp_path / "a.db", 400, seed=5, today=today)
    build(tmp_path / "b.db", 400, seed=5, today=today)
    build(tmp_path / "c.db", 400, seed=6, today=today)
    assert _digest(tmp_path / "a.db") == _digest(tmp_path / "b.db")
    assert _digest(tmp_path / "a.db") != _digest(tmp_path / "c.db")


def test_size_and_directory_ids(db: sqlite3.Connection) -> None:
    ids = [r[0] for r in db.execute("SELECT directory_id FROM children")]
    assert len(ids) == SMALL_POPULATION
    assert len(set(ids)) == len(ids)
    assert all(is_valid_directory_id(i) for i in ids)


def test_check_digit_algorithm() -> None:
    assert is_valid_directory_id("9997773454")
    assert not is_valid_directory_id("4857773458")
    assert not is_valid_directory_id("485777345")
    assert check_digit("000000001") == 9  # 11 - (1 × 2) mod 11
    assert check_digit("000000000") == 0  # 11 becomes 0
    # nine digits whose check would be 10 are never issued: no final digit makes them valid
    tens = [f"{n:09d}" for n in range(1, 200) if check_digit(f"{n:09d}") is None]
    assert tens and all(not is_valid_directory_id(t + str(d)) for t in tens for d in range(10))


def test_ages_retention_and_archive(db: sqlite3.Connection) -> None:
    today = date.today()
    rows = db.execute("SELECT dob, archived, consent FROM children").fetchall()
    ages = [(today - date.fromisoformat(d)).days / 365.25 for d, _a, _c in rows]
    assert all(0 <= age < 26 for age in ages)
    assert sum(age < 18 for age in ages) / len(ages) > 0.9
    adults = [(a, c) for (d, a, c), age in zip(rows, ages, strict=True) if age >= 18]
    assert any(c and not a for a, c in adults)
    assert any(a and not c for a, c in adults)
    # product.md §2: live to 18; to 25 only with consent; then archived.
    for dob, archived, consent in rows:
        assert bool(archived) is archived_on(date.fromisoformat(dob), bool(consent), today)
    assert not any(a for (d, a, c), age in zip(rows, ages, strict=True) if age < 18)


def test_shielded_sensitive_caf_and_former_names_rates(population_db: Path) -> None:
    big = population_db.with_name("rates.sqlite3")
    if not big.exists():
        build(big, 20_000, seed=9)
    conn = sqlite3.connect(big)
    n = _one(conn, "SELECT count(*) FROM children")
    shielded = _one(conn, "SELECT sum(shielded) FROM children") / n
    sensitive = _one(conn, "SELECT count(DISTINCT child_id) FROM involvements"
                           " WHERE sensitive = 1") / n
    former = _one(conn, "SELECT count(DISTINCT child_id) FROM former_names") / n
    caf = _one(conn, "SELECT sum(caf) FROM children") / n
    conn.close()
    assert 0.003 < shielded < 0.008
    assert 0.012 < sensitive < 0.03
    assert 0.01 < former < 0.06
    assert 0.04 < caf < 0.12
    # consent keeps a record to 25, then it is archived all the same (few consent: issue 18)
    conn = sqlite3.connect(big)
    old_consented = conn.execute("SELECT archived FROM children WHERE consent = 1"
                                 " AND dob <= date('now', '-25 years')").fetchall()
    conn.close()
    assert old_consented and all(archived for (archived,) in old_consented)


def test_families_twins_carers_and_addresses(db: sqlite3.Connection) -> None:
    assert _one(db, "SELECT count(*) FROM (SELECT family_id FROM children GROUP BY family_id"
                    " HAVING count(*) > 1)") > 50
    assert _one(db, "SELECT count(*) FROM (SELECT family_id, dob FROM children"
                    " GROUP BY family_id, dob HAVING count(*) > 1)") >= 2
    assert _one(db, "SELECT count(*) FROM parents WHERE parental_responsibility = 1") > 0
    assert _one(db, "SELECT count(*) FROM parents WHERE parental_responsibility = 0") > 0
    assert _one(db, "SELECT count(*) FROM (SELECT child_id FROM addresses WHERE current = 1"
                    " GROUP BY child_id HAVING count(*) > 1)") >= 2
    assert _one(db, "SELECT count(*) FROM addresses WHERE current = 0") > 0


def test_involvements_leads_and_ended(db: sqlite3.Connection) -> None:
    assert _one(db, "SELECT count(*) FROM involvements WHERE lead_professional = 1") > 0
    assert _one(db, "SELECT count(*) FROM involvements WHERE caf_holder = 1") > 0
    old = (date.today().toordinal() - 365)
    ended = [date.fromisoformat(r[0]).toordinal() for r in
             db.execute("SELECT ended FROM involvements WHERE ended IS NOT NULL")]
    assert any(e < old for e in ended) and any(e >= old for e in ended)


def test_schools_and_gps_per_local_authority(db: sqlite3.Connection) -> None:
    names = {r[0] for r in db.execute("SELECT name FROM local_authorities")}
    assert {"Bolton", "Wigan"} <= names
    for table in ("schools", "gp_practices"):
        covered = {r[0] for r in db.execute(
            f"SELECT la.name FROM {table} JOIN local_authorities la USING (la_id)")}  # noqa: S608
        assert covered == names


def test_only_synthetic_phone_numbers_and_emails(db: sqlite3.Connection) -> None:
    phones = [r[0] for table in ("parents", "practitioners", "schools", "gp_practices")
              for r in db.execute(f"SELECT phone FROM {table} WHERE phone IS NOT NULL")]  # noqa: S608
    phones += [r[0] for r in db.execute("SELECT team_phone FROM local_authorities")]
    assert phones and all(PHONE.match(p) for p in phones), [p for p in phones
                                                            if not PHONE.match(p)][:5]
    emails = [r[0] for table in ("parents", "practitioners")
              for r in db.execute(f"SELECT email FROM {table} WHERE email IS NOT NULL")]  # noqa: S608
    assert emails and all(e.endswith("@example.org") and e.isascii() for e in emails)


def test_postcodes_belong_to_the_local_authority_districts(db: sqlite3.Connection) -> None:
    rows = db.execute("SELECT a.postcode FROM addresses a JOIN children c USING (child_id)"
                      " JOIN local_authorities la USING (la_id)"
                      " WHERE la.name = 'Bolton' AND a.current = 1").fetchall()
    assert rows
    pattern = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$")
    assert all(pattern.match(r[0]) for r in rows)


def test_stored_name_keys(db: sqlite3.Connection) -> None:
    for family, key, sx, mp, given_keys, given_names in db.execute(
            "SELECT family_name, family_key, family_soundex, family_metaphone, given_keys,"
            " given_names FROM children LIMIT 300"):
        assert key == normalise(family)
        assert (sx, mp) == (soundex(key), metaphone(key))
        assert set(name_tokens(given_names)) <= set(given_keys.split())


def test_fixed_records_present(population_db: Path) -> None:
    store = Store(population_db)
    try:
        for child in fixtures.FIXED_CHILDREN:
            row = store.by_directory_id(child.directory_id)
            assert row is not None
            assert (row.family_name, row.dob, row.shielded, row.archived) == (
                child.family_name, child.dob.isoformat(), child.shielded, child.archived)
        crowd = store.candidates("family_key", normalise(fixtures.CROWD_FAMILY_NAME),
                                 prefix=False, dob_range=(fixtures.CROWD_DOB_FROM.isoformat(),
                                                          fixtures.CROWD_DOB_TO.isoformat()))
        assert len(crowd) >= fixtures.CROWD_SIZE > 50
    finally:
        store.close()


def test_normalisation_and_variants() -> None:
    assert normalise("O'Neill") == normalise("oneill") == "oneill"
    assert normalise("Zoë Ashton-Smith") == "zoeashtonsmith"
    assert normalise("  Siobhán ") == "siobhan"
    assert {"kate", "katherine", "katie"} <= given_variants("kate")
    assert given_variants("zzz") == {"zzz"}
    assert soundex("smith") == soundex("smyth")
    assert metaphone("fairhurst") == metaphone("fairhirst")
