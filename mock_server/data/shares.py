"""The shares a built population produced, beside the shares ``targets.py`` aims for.

``scripts/population_shares.py`` prints them and writes the table into
``docs/population.md``; ``tests/server/test_population_shares.py`` runs that script on a small
population and checks every produced share against its target within the row's tolerance.
Only generated children count: the named and planted children and the Openshaw crowd come
first, and ``meta.first_generated_child`` says where the generated ones begin.
"""

# ruff: noqa: S608 - the SQL is composed from this module's constants and targets.py, never
# from input: a report over a freshly built file.
from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from mock_server.data import name_tables as tables
from mock_server.data import targets

_FAITH = ("name LIKE 'St %' OR name LIKE '%CofE%' OR name LIKE '%Catholic%'"
          " OR name LIKE 'Holy %' OR name LIKE 'Our Lady%' OR name LIKE '%Islamic%'")


@dataclass(frozen=True, slots=True)
class Share:
    section: str
    measure: str
    target: float | None  # None: reported, not aimed at
    produced: float
    tolerance: float  # absolute; the test allows |produced - target| <= tolerance
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _age_sql(today: date, lo: int, hi: int) -> str:
    """A SQL condition: the child is ``lo`` or older and younger than ``hi`` on ``today``."""
    t = today.isoformat()
    return (f"(c.dob <= date('{t}', '-{lo} years') AND c.dob > date('{t}', '-{hi} years'))")


def produced(conn: sqlite3.Connection, today: date) -> list[Share]:
    """Every row of the table (queries over the generated children only)."""
    def one(sql: str) -> float:
        return float(conn.execute(sql).fetchone()[0] or 0)

    first = conn.execute("SELECT value FROM meta WHERE key = 'first_generated_child'").fetchone()
    gen = f"c.child_id >= {int(first[0]) if first else 1}"
    live = f"{gen} AND c.archived = 0"
    rows: list[Share] = []

    def ratio(part: str, whole: str) -> float:
        total = one(f"SELECT count(*) FROM children c WHERE {whole}")
        return one(f"SELECT count(*) FROM children c WHERE {whole} AND ({part})") / total \
            if total else 0.0

    # households: one row per family of generated children, by who is recorded there
    fams = conn.execute(
        "SELECT f.family_id, group_concat(coalesce(p.relationship, '') || ':' ||"
        " (p.address IS NULL), ',') FROM (SELECT DISTINCT family_id FROM children c"
        f" WHERE {gen}) f LEFT JOIN parents p USING (family_id) GROUP BY f.family_id"
    ).fetchall()
    kinds: dict[str, int] = {}
    for _fid, people in fams:
        home = {entry.split(":")[0] for entry in (people or "").split(",")
                if entry.endswith(":1")}
        if "foster carer" in home:
            kind = "foster carers"
        elif home & {"grandmother", "grandfather", "aunt", "uncle"}:
            kind = "kinship carers"
        elif "step-father" in home:
            kind = "step-family"
        elif ("father" in home and "mother" in home) or (people or "").count("mother:1") == 2:
            kind = "two parents"
        elif "father" in home:
            kind = "lone father"
        else:
            kind = "lone mother"
        kinds[kind] = kinds.get(kind, 0) + 1
    families = max(1, len(fams))
    for kind, share in targets.HOUSEHOLDS:
        rows.append(Share("Households", f"families: {kind}", share,
                          kinds.get(kind, 0) / families, max(0.01, share * 0.3)))
    rows.append(Share("Households", "step-parents with a family name of their own",
                      1.0, one(
                          "SELECT avg(substr(p.name, instr(p.name, ' ') + 1) != c.family_name)"
                          " FROM parents p JOIN (SELECT family_id, min(family_name) family_name"
                          f" FROM children c WHERE {gen} GROUP BY family_id) c USING (family_id)"
                          " WHERE p.relationship = 'step-father'"), 0.0))
    rows.append(Share("Households", "children with a brother or sister in the family", None,
                      ratio("EXISTS (SELECT 1 FROM children s WHERE s.family_id = c.family_id"
                            " AND s.child_id != c.child_id)", gen), 0.0))
    rows.append(Share("Households", "foster carers or step-parents with parental"
                      " responsibility", 0.0, one(
                          "SELECT count(*) FROM parents WHERE relationship IN"
                          " ('foster carer', 'step-father') AND parental_responsibility = 1"),
                      0.0))

    # names
    recent_boys = set(tables.COHORT_BOYS[2020][:10])
    recent_girls = set(tables.COHORT_GIRLS[2020][:10])
    top10 = ", ".join(f"'{n}'" for n in recent_boys | recent_girls)
    born_recent = f"{gen} AND c.dob >= '2020-01-01' AND c.family_name NOT IN" \
        " ('Khan','Hussain','Ali','Ahmed','Patel','Singh')"
    rows.append(Share("Names", "children born since 2020 with a top-10 name of 2020-24", 0.15,
                      ratio("substr(c.given_names || ' ', 1, instr(c.given_names || ' ', ' ')"
                            f" - 1) IN ({top10})", born_recent), 0.05,
                      "first names; ONS: the top ten take about 12-14 % of births"))
    rows.append(Share("Names", "family name Smith (all generated children)", 0.012,
                      ratio("c.family_name = 'Smith'", gen), 0.005,
                      "England about 1.3 %, a little less for these areas' mix"))
    rows.append(Share("Names", "Bolton children with a South Asian or Indian family name",
                      None, ratio("c.family_name IN ('Khan','Hussain','Ali','Ahmed','Patel',"
                                  "'Shah','Iqbal','Singh','Mahmood','Akhtar','Rashid','Rehman'"
                                  ",'Malik','Rahman','Mohammed')", f"{gen} AND c.la_id = 1"), 0.0))
    rows.append(Share("Names", "children with a known-as name", None,
                      ratio("c.known_as IS NOT NULL", gen), 0.0))
    rows.append(Share("Names", "distinct family names per 1,000 children", None,
                      one(f"SELECT count(DISTINCT family_name) * 1000.0 / count(*)"
                          f" FROM children c WHERE {gen}"), 0.0))

    # education, children aged 5-15
    school_age = f"{live} AND {_age_sql(today, 5, 16)}"
    in_type = "(SELECT type FROM schools s WHERE s.school_id = c.school_id) = '{}'".format
    rows += [
        Share("Education", "aged 5-15: electively home educated", targets.HOME_EDUCATED,
              ratio(in_type("home education"), school_age), 0.006),
        Share("Education", "aged 5-15: missing education (no school; education welfare"
              " involved)", targets.MISSING_EDUCATION,
              ratio("c.school_id IS NULL", school_age), 0.003),
        Share("Education", "aged 5-15: independent school", targets.INDEPENDENT,
              ratio(in_type("independent"), school_age), 0.02),
        Share("Education", "aged 5-15: special school", targets.SPECIAL,
              ratio(in_type("special"), school_age), 0.008),
        Share("Education", "aged 11-15: pupil referral unit", targets.PRU,
              ratio(in_type("pru"), f"{live} AND {_age_sql(today, 11, 16)}"), 0.004),
    ]
    for kind in ("primary", "secondary"):
        pupils = f"{live} AND c.school_id IN (SELECT school_id FROM schools WHERE type = '{kind}')"
        rows.append(Share("Education", f"{kind} pupils at an academy", targets.ACADEMY[kind],
                          ratio("c.school_id IN (SELECT school_id FROM schools WHERE name"
                                " LIKE '%Academy%')", pupils), 0.15))
        rows.append(Share("Education", f"{kind} pupils at a faith school", targets.FAITH[kind],
                          ratio(f"c.school_id IN (SELECT school_id FROM schools WHERE {_FAITH})",
                                pupils), 0.15))
    rows.append(Share("Education", "missing education without an education welfare officer",
                      0.0, ratio("NOT EXISTS (SELECT 1 FROM involvements i WHERE i.child_id ="
                                 " c.child_id AND i.service = 'education welfare'"
                                 " AND i.ended IS NULL)", f"{school_age} AND c.school_id IS NULL"),
                      0.0))

    # services: rules (zero tolerance) and rates
    rows.append(Share("Services", "fostered children without a social worker as lead", 0.0,
                      ratio("NOT EXISTS (SELECT 1 FROM involvements i WHERE i.child_id ="
                            " c.child_id AND i.service = 'social care' AND i.lead_professional"
                            " = 1 AND i.ended IS NULL)",
                            f"{live} AND c.dob > date('{today.isoformat()}', '-18 years')"
                            " AND c.family_id IN (SELECT family_id FROM parents WHERE"
                            " relationship = 'foster carer')"), 0.0))
    rows.append(Share("Services", "CAFs without a lead professional holding it", 0.0,
                      ratio("NOT EXISTS (SELECT 1 FROM involvements i WHERE i.child_id ="
                            " c.child_id AND i.lead_professional = 1 AND i.caf_holder = 1"
                            " AND i.ended IS NULL)", f"{live} AND c.caf = 1"), 0.0))
    bad = 0.0
    for service, lo, hi, _share in targets.SERVICE_RULES:
        bad += one("SELECT count(*) FROM involvements i JOIN children c USING (child_id)"
                   f" WHERE {gen} AND i.service = '{service}' AND (i.since < date(c.dob,"
                   f" '+{lo} years') OR coalesce(i.ended, '{today.isoformat()}') >="
                   f" date(c.dob, '+{hi} years'))")
    rows.append(Share("Services", "involvements outside the service's ages (count)", 0.0, bad,
                      0.0, "health visiting 0-4, school nursing 5-18, youth justice 10-17,"
                      " sexual health 13+, substance misuse 12+, mental health 5+"))
    ordinary = (f"{live} AND c.caf = 0 AND c.family_id NOT IN"
                " (SELECT family_id FROM parents WHERE relationship = 'foster carer')")
    for service, lo, hi, share in targets.SERVICE_RULES:
        if service in ("mental health", "sexual health", "substance misuse"):
            continue
        rows.append(Share("Services", f"aged {lo}-{hi - 1}: {service}", share, ratio(
            f"EXISTS (SELECT 1 FROM involvements i WHERE i.child_id = c.child_id AND"
            f" i.service = '{service}')", f"{ordinary} AND {_age_sql(today, lo, hi)}"),
            max(0.01, share * 0.5), "of children without a CAF or foster placement"))
    for service, lo, hi, share in targets.SENSITIVE_BANDS:
        rows.append(Share("Sensitive services", f"aged {lo}-{hi - 1}: {service}", share, ratio(
            f"EXISTS (SELECT 1 FROM involvements i WHERE i.child_id = c.child_id AND"
            f" i.service = '{service}')", f"{live} AND {_age_sql(today, lo, hi)}"),
            max(0.02, share) if lo >= 18 else max(0.006, share * 0.6),
            "few live records at 18+: noisy" if lo >= 18 else ""))
    rows.append(Share("Sensitive services", "live records with any sensitive service", None,
                      ratio("EXISTS (SELECT 1 FROM involvements i WHERE i.child_id ="
                            " c.child_id AND i.sensitive = 1)", live), 0.0))
    rows.append(Share("Services", "live under-18s with a CAF", targets.CAF, ratio(
        "c.caf = 1", f"{live} AND {_age_sql(today, 0, 18)}"), 0.02))

    # records, identity, phones
    rows.append(Share("Records", "live records aged 18+", None,
                      ratio(_age_sql(today, 18, 26), live), 0.0,
                      "care leavers and others who consented"))
    rows.append(Share("Records", "shielded", targets.SHIELDED,
                      ratio("c.shielded = 1", gen), 0.004))
    rows.append(Share("Records", "directory IDs in the NHS test range 999", 1.0,
                      ratio("c.directory_id LIKE '999%'", gen), 0.0,
                      "up to about 909,000 children; beyond, 900-998"))
    rows.append(Share("Phones", "numbers shared by two unrelated families (count)", 0.0, one(
        "SELECT count(*) FROM (SELECT phone FROM parents WHERE phone IS NOT NULL"
        " GROUP BY phone HAVING count(DISTINCT family_id) > 1)"), 0.0))
    rows.append(Share("Phones", "parents and carers without a number", None, one(
        "SELECT avg(phone IS NULL) FROM parents"), 0.0,
        f"{targets.NO_PHONE:.0%} by choice; the rest once the drama ranges run out"))
    return rows


def markdown(rows: list[Share], children: int, seed: int, today: date) -> str:
    out = [f"Produced by `scripts/population_shares.py --children {children:,} --seed {seed}`"
           f" (built as on {today.isoformat()}).", "",
           "| section | measure | target | produced | note |", "|---|---|---|---|---|"]
    for row in rows:
        if "(count)" in row.measure or "per 1,000" in row.measure:
            target = "—" if row.target is None else f"{row.target:.0f}"
            made = f"{row.produced:.0f}" if "(count)" in row.measure else f"{row.produced:.1f}"
        else:
            target = "—" if row.target is None else f"{row.target:.1%}"
            made = f"{row.produced:.1%}"
        out.append(f"| {row.section} | {row.measure} | {target} | {made} | {row.note} |")
    return "\n".join(out)
