"""The population builder: reference data, families, children and their rows, in batches.

:class:`PopulationBuilder` is driven by ``population.build`` (the order of its calls is part
of the seeded population: same seed, size and day → same database) and by
``insert_named.insert_named`` for the named children, through its public methods only.

What it draws by (issue 18; the shares are in ``targets.py`` and ``docs/population.md``):

- **Names** by birth cohort and area (``name_tables.py``): a British child born in 2018 is
  named from the ONS leading names of 2015-2019; each local authority mixes name groups in its
  own shares; family names follow their frequencies (Smith above Jones); known-as names are the
  usual short forms (Thomas → Tom), never made by rule.
- **Households**: two parents (sometimes two mothers; the mother sometimes keeps her own
  name), step-families (the step-parent has another family name and no parental
  responsibility), lone mothers and lone fathers (the other parent sometimes recorded at their
  own address), kinship carers (parental responsibility only with a guardianship order) and
  foster carers (none). Siblings share the family (``family_id``: the parents rows and the
  address), are at least ten months apart unless twins.
- **Education** by age: nursery, primary and secondary schools (community, academy and faith),
  special schools, pupil referral units, independent schools, sixth forms and colleges; some
  children are electively home educated (the local authority's team is their education
  setting) and a few are missing education (an education welfare officer is involved).
- **Services** only at the ages they serve (``targets.SERVICE_RULES``); a fostered child has a
  social worker as lead professional; a CAF always has a lead professional; sensitive
  services by age band.
- **Phones** from Ofcom's drama ranges, each issued once (``samples.PhoneBook``); **IDs** from
  the NHS test range (``ids.DirectoryIds``).

Speed: names, streets and settings are drawn from precomputed pools with one
``random.Random(seed)`` (``int(random() * len)`` and ``bisect`` on cumulative weights, never
``random.choice``); rows go in with ``executemany`` in batches. :meth:`PopulationBuilder.batches`
draws the generated families without touching the connection, so a national build draws them
in a second process (``generation.py``) while this one inserts (issue 18).
"""

from __future__ import annotations

import math
import random
import sqlite3
from bisect import bisect
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from mock_server.data import name_tables as tables
from mock_server.data import named_children, samples, targets
from mock_server.data.ids import DirectoryIds
from mock_server.data.names import metaphone, name_tokens, normalise, soundex
from mock_server.data.retention import archived_on
from mock_server.data.samples import LOCAL_AUTHORITIES, Weighted
from mock_server.data.services import SERVICES

_SERVICE_INDEX = {s[0]: i for i, s in enumerate(SERVICES)}
_GENDERS = ("female", "male", "not_known", "not_specified")
_GENDER_CUM = (0.49, 0.98, 0.99, 1.0)
_DAYS_18 = 6574
_DAYS_26 = 9496
_YEAR = 365.25
_BATCH = 50_000
_CAF = 18  # where a children row holds caf
_T = TypeVar("_T")
Batch = dict[str, list[tuple[object, ...]]]  # rows by table, in insertion order

# School kinds: (type, pupils per setting). The type is what the record says.
_SETTING_SIZES = {"nursery": 60, "primary": 280, "secondary": 1000, "college": 1500,
                  "special": 110, "pru": 50, "independent": 350}
_AGE_SPAN = {"nursery": 2, "primary": 7, "secondary": 5, "college": 2, "special": 12,
             "pru": 5, "independent": 12}
HOME_EDUCATION = "home education"  # the type of the local authority's home-education team


def _categories(kind: str) -> tuple[tuple[str, float], ...]:
    """(category, share of the pupils) of a kind of school."""
    if kind not in targets.ACADEMY:
        return (("community", 1.0),)
    faith, academy = targets.FAITH[kind], targets.ACADEMY[kind]
    return (("faith", faith), ("academy", academy), ("community", 1.0 - faith - academy))


def _lo_days(age: int) -> int:
    """Days after birth by which the ``age``-th birthday has surely passed."""
    return math.ceil(age * _YEAR) + 1


def _hi_days(age: int) -> int:
    """Days after birth before which the ``age``-th birthday surely has not come."""
    return math.floor(age * _YEAR) - 1


class PopulationBuilder:
    """Writes one population; threading: one builder, one connection, one thread."""

    def __init__(self, conn: sqlite3.Connection, children: int, seed: int, today: date,
                 progress: Callable[[int], None] | None = None) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.pools = samples.pools(seed)
        self.phones = samples.PhoneBook(random.Random(seed + 1))
        self.ids = DirectoryIds(seed)
        self.n = children
        self.today = today
        self.progress = progress
        self.days = [(today - timedelta(days=d)).isoformat() for d in range(_DAYS_26 + 1)]
        self.rows: dict[str, list[tuple[object, ...]]] = {
            k: [] for k in ("children", "parents", "addresses", "involvements", "former_names")}
        self.child_id = 0
        self.family_id = 0
        self.involvement_id = 0
        self.key_cache: dict[str, tuple[str, str, str]] = {}
        self.archived_cache: dict[tuple[int, bool], bool] = {}  # (days old, consent)
        self.emails: dict[str, int] = {}
        self.la_cum = list(accumulate(la[2] for la in LOCAL_AUTHORITIES))
        self.schools: dict[tuple[int, str], list[int]] = {}
        self.home_education: dict[int, int] = {}
        self.gps: dict[int, list[int]] = {}
        self.practitioners: dict[tuple[int, int], list[int]] = {}
        self.households = Weighted(targets.HOUSEHOLDS)
        self.target = children

    # -- reference data ------------------------------------------------------------------

    def _school_name(self, la_id: int, kind: str, category: str, used: set[str]) -> str:
        hoods = self.pools.neighbourhoods[la_id]
        la_name = LOCAL_AUTHORITIES[la_id - 1][0]
        for _attempt in range(12):
            place = self.pick(hoods)
            saint = self.pick(tables.SAINTS)
            church = self.pick(("CofE", "Catholic", "RC", "Methodist", "CE"))
            if kind == "nursery":
                name = self.pick((f"{place} Nursery School", f"{place} Pre-School",
                                  f"Little Acorns Day Nursery, {place}",
                                  f"{place} Children's Centre Nursery",
                                  f"St {saint}'s Pre-School"))
            elif kind == "primary":
                name = {
                    "academy": self.pick((f"{place} Primary Academy", f"{place} Academy",
                                          f"The {place} Academy")),
                    "faith": self.pick((f"St {saint}'s {church} Primary School",
                                        f"Holy Trinity {church} Primary School",
                                        f"Our Lady of Lourdes {church} Primary School",
                                        f"Al-Noor Islamic Primary School, {place}")),
                }.get(category, self.pick((f"{place} Primary School",
                                           f"{place} Community Primary School",
                                           f"{place} Infant and Junior School",
                                           f"{place} Park Primary School")))
            elif kind == "secondary":
                name = {
                    "academy": self.pick((f"{place} Academy", f"The {place} Academy",
                                          f"{place} Community Academy")),
                    "faith": self.pick((f"St {saint}'s {church} High School",
                                        f"St {saint}'s Catholic College",
                                        f"{place} Islamic Girls' School")),
                }.get(category, self.pick((f"{place} High School", f"{place} School",
                                           f"{place} Community College")))
            elif kind == "college":
                name = self.pick((f"{la_name} Sixth Form College", f"{place} Sixth Form",
                                  f"{la_name} College"))
            elif kind == "special":
                name = self.pick((f"{place} Special School", f"{place} School (special)",
                                  f"{place} Brook School", f"{place} Fold School"))
            elif kind == "pru":
                name = self.pick((f"{la_name} Pupil Referral Unit", f"{place} Learning Centre",
                                  f"{place} Alternative Provision Academy"))
            else:  # independent
                name = self.pick((f"{place} Grammar School", f"{place} Preparatory School",
                                  f"{place} Independent School"))
            if name not in used:
                used.add(name)
                return name
        return name

    def _setting_address(self, la_id: int) -> tuple[str, str]:
        district, town = self.pick(LOCAL_AUTHORITIES[la_id - 1][3])
        street = self.pick(self.pools.streets[la_id])
        return street, f"{street}, {town} {district} {self.pick(self.pools.inward)}"

    def reference(self) -> None:
        rng, c = self.rng, self.conn
        c.executemany("INSERT INTO local_authorities VALUES (?, ?, ?)",
                      [(i + 1, la[0], la[1]) for i, la in enumerate(LOCAL_AUTHORITIES)])
        school_rows: list[tuple[object, ...]] = []
        gp_rows: list[tuple[object, ...]] = []
        practitioner_rows: list[tuple[object, ...]] = []
        per_year = (1 - targets.ADULTS) / 18
        for i, (la_name, _phone_no, weight, _places) in enumerate(LOCAL_AUTHORITIES):
            la_id, share = i + 1, self.n * weight
            used: set[str] = set()
            mainstream = 1 - targets.INDEPENDENT - targets.SPECIAL - targets.HOME_EDUCATED
            pupils = {"nursery": share * per_year * 2 * targets.NURSERY,
                      "primary": share * per_year * 7 * mainstream,
                      "secondary": share * per_year * 5 * (mainstream - targets.PRU),
                      "college": share * per_year * 2 * targets.POST_16,
                      "special": share * per_year * 12 * targets.SPECIAL,
                      "pru": share * per_year * 5 * targets.PRU,
                      "independent": share * per_year * 12 * targets.INDEPENDENT}
            for kind, size in _SETTING_SIZES.items():
                count = max(1, round(pupils[kind] / size))
                shares = _categories(kind)
                for category, share in shares:
                    # each category has a school; pupils choose a category by its share
                    for _ in range(max(1, round(count * share))):
                        name = self._school_name(la_id, kind, category, used)
                        _street, address = self._setting_address(la_id)
                        school_rows.append((la_id, name, f"{kind}/{category}",
                                            self.phones.office_line(la_name), address))
            # the local authority's elective home education team
            school_rows.append((la_id, f"Elective home education ({la_name} Council)",
                                HOME_EDUCATION, self.phones.office_line(la_name),
                                f"Town Hall, {la_name}"))
            hoods = self.pools.neighbourhoods[la_id]
            for _ in range(max(3, round(share / 1900))):
                street, address = self._setting_address(la_id)
                stem = street.rsplit(" ", 1)[0]
                name = self.pick((f"{self.pick(hoods)} Medical Practice", f"{stem} Surgery",
                                  f"{self.pick(hoods)} Health Centre",
                                  f"{self.pick(hoods)} Family Practice",
                                  f"The {stem} Medical Centre",
                                  f"Dr {self.pick('ABCDEGHJKMNPRS')} "
                                  f"{self.pools.british_family.pick(self.rnd)} and Partners"))
                gp_rows.append((la_id, name, self.phones.office_line(la_name), address))
            for s, (service, title, org, _sensitive) in enumerate(SERVICES):
                if service not in {r[0] for r in targets.SERVICE_RULES}:
                    continue
                team_phone = self.phones.office_line(la_name)  # the team's shared line
                for _ in range(max(2, int(share / 1500))):
                    female = rng.random() < 0.7
                    given = self.pick(tables.PARENT_WOMEN if female else tables.PARENT_MEN)
                    family = self.pools.british_family.pick(self.rnd)
                    practitioner_rows.append((la_id, f"{given} {family}", title,
                                              org.format(la=la_name), service, team_phone,
                                              self.email(given, family)))
                    self.practitioners.setdefault((la_id, s), []).append(len(practitioner_rows))
        c.executemany("INSERT INTO schools (la_id, name, type, phone, address)"
                      " VALUES (?, ?, ?, ?, ?)", school_rows)
        c.executemany("INSERT INTO gp_practices (la_id, name, phone, address)"
                      " VALUES (?, ?, ?, ?)", gp_rows)
        c.executemany("INSERT INTO practitioners (la_id, name, job_title, organisation,"
                      " service, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?)", practitioner_rows)
        # the ids SQLite gave (rowids in insertion order, starting at 1)
        self.schools = {}
        for school_id, la_id, kind in c.execute("SELECT school_id, la_id, type FROM schools"):
            if kind == HOME_EDUCATION:
                self.home_education[la_id] = school_id
            else:
                self.schools.setdefault((la_id, kind), []).append(school_id)
        c.execute("UPDATE schools SET type = substr(type, 1, instr(type, '/') - 1)"
                  " WHERE type LIKE '%/%'")
        self.gps = {}
        for gp_id, la_id in c.execute("SELECT gp_id, la_id FROM gp_practices"):
            self.gps.setdefault(la_id, []).append(gp_id)

    def insert_setting(self, table: str, la_id: int, name: str, kind: str | None,
                       phone: str | None, address: str | None) -> int:
        """A school (``table`` ``schools``, with its ``kind``) or GP practice; its id."""
        if table == "schools":
            cur = self.conn.execute("INSERT INTO schools (la_id, name, type, phone, address)"
                                    " VALUES (?, ?, ?, ?, ?)", (la_id, name, kind, phone, address))
        else:
            cur = self.conn.execute("INSERT INTO gp_practices (la_id, name, phone, address)"
                                    " VALUES (?, ?, ?, ?)", (la_id, name, phone, address))
        return int(cur.lastrowid or 0)

    def insert_practitioner(self, la_id: int, name: str, job_title: str | None,
                            organisation: str | None, service: str | None, phone: str | None,
                            email: str | None) -> int:
        cur = self.conn.execute(
            "INSERT INTO practitioners (la_id, name, job_title, organisation, service,"
            " phone, email) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (la_id, name, job_title, organisation, service, phone, email))
        return int(cur.lastrowid or 0)

    # -- small helpers -------------------------------------------------------------------

    def new_family_id(self) -> int:
        self.family_id += 1
        return self.family_id

    def claim_directory_id(self, directory_id: str) -> None:
        """A fixed directory ID the generator must never issue."""
        self.ids.claim(directory_id)


    def pick(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.rnd() * len(seq))]

    def rr(self, lo: int, hi: int) -> int:
        return lo + int(self.rnd() * (hi - lo))

    def email(self, given: str, family: str) -> str:
        """A unique example.org address (a second Sarah Smith is sarah.smith2@…)."""
        local = f"{normalise(given)}.{normalise(family)}"
        seen = self.emails.get(local, 0) + 1
        self.emails[local] = seen
        return f"{local}@example.org" if seen == 1 else f"{local}{seen}@example.org"

    def keys(self, family_name: str) -> tuple[str, str, str]:
        keys = self.key_cache.get(family_name)
        if keys is None:
            key = normalise(family_name)
            keys = self.key_cache[family_name] = (key, soundex(key), metaphone(key))
        return keys

    def add_parent(self, family_id: int, name: str | None, relationship: str | None,
                   parental_responsibility: bool, phone: str | None, email: str | None,
                   address: str | None) -> None:
        self.rows["parents"].append((family_id, name, relationship,
                                     int(parental_responsibility), phone, email, address, 0))

    def add_address(self, child_id: int, line: str, town: str | None, postcode: str | None,
                    from_date: str | None, to_date: str | None, current: bool) -> None:
        self.rows["addresses"].append((child_id, line, town, postcode, from_date, to_date,
                                       int(current)))

    def add_former_name(self, child_id: int, name: str) -> None:
        self.rows["former_names"].append((child_id, name))

    def add_child(self, *, did: str | None, family_id: int, family_name: str, given_names: str,
                  known_as: str | None, dob: str, gender: str, la_id: int, town: str,
                  postcodes: list[str], school_id: int | None, school_since: str | None,
                  gp_id: int | None, caf: bool, shielded: bool, archived: bool,
                  consent: bool, last_updated: str) -> int:
        """A child's row; ``did`` None: the next generated directory ID, issued when the
        row is written (``write``), in child order."""
        self.child_id += 1
        fkey, fsx, fmp = self.keys(family_name)
        self.rows["children"].append((
            self.child_id, did, family_id, family_name, given_names, known_as, dob, gender,
            la_id, town, " ".join(samples.postcode_key(p) for p in postcodes), fkey, fsx, fmp,
            None, school_id, school_since, gp_id, int(caf), int(shielded),
            int(archived), int(consent), last_updated))  # None: given_keys, made in write
        return self.child_id

    def add_involvement(self, child_id: int, practitioner_id: int, service: str, since: str,
                        ended: str | None, lead: bool, caf_holder: bool, sensitive: bool) -> None:
        self.involvement_id += 1
        self.rows["involvements"].append((self.involvement_id, child_id, practitioner_id, service,
                                          since, ended, int(lead), int(caf_holder),
                                          int(sensitive)))

    # -- names ---------------------------------------------------------------------------

    def family_name(self, group: str) -> str:
        if group == "british":
            return self.pools.british_family.pick(self.rnd)
        return self.pools.groups[group].family.pick(self.rnd)

    def adult_given(self, group: str, female: bool, elder: bool = False) -> str:
        if group == "british":
            if elder:
                return self.pick(tables.ELDER_WOMEN if female else tables.ELDER_MEN)
            return self.pick(tables.PARENT_WOMEN if female else tables.PARENT_MEN)
        names = self.pools.groups[group]
        return (names.girls if female else names.boys).pick(self.rnd)

    def child_given(self, group: str, female: bool, birth_year: int) -> tuple[str, str | None]:
        """(given names, known-as name or None)."""
        rnd = self.rnd
        if group == "british":
            year = samples.cohort(birth_year)
            table = (self.pools.cohort_girls if female else self.pools.cohort_boys)[year]
            first = table.pick(rnd)
            middle = (self.pick(tables.MIDDLE_GIRLS if female else tables.MIDDLE_BOYS)
                      if rnd() < 0.65 else None)
        else:
            names = self.pools.groups[group]
            table = names.girls if female else names.boys
            first = table.pick(rnd)
            middle = table.pick(rnd) if rnd() < 0.35 else None
        if middle == first:
            middle = None
        known_as = None
        short = tables.NICKNAMES.get(first)
        if short is not None and rnd() < targets.KNOWN_AS:
            known_as = self.pick(short)
        elif middle is not None and rnd() < 0.01:
            known_as = middle  # goes by the middle name
        return (f"{first} {middle}" if middle else first), known_as

    # -- families ------------------------------------------------------------------------

    def _person(self, fid: int, group: str, la_name: str, given: str, family: str,
                relationship: str, pr: bool, address: str | None = None) -> None:
        rnd = self.rnd
        # the number and the address are issued in ``write``, in row order: (area, mobile)
        # and (given, family) stand for them until then
        phone = None if rnd() < targets.NO_PHONE else (la_name, rnd() < 0.6)
        email = (given, family) if rnd() < 0.5 else None
        self.rows["parents"].append((fid, f"{given} {family}", relationship, int(pr), phone,
                                     email, address, 0))

    def _elsewhere(self, la_id: int) -> str:
        district, town = self.pick(LOCAL_AUTHORITIES[la_id - 1][3])
        return (f"{self.rr(1, 200)} {self.pick(self.pools.streets[la_id])}, {town}"
                f" {district} {self.pick(self.pools.inward)}")

    def _carers(self, fid: int, structure: str, group: str, la_id: int, la_name: str,
                surname: str) -> None:
        """The parents and carers rows of a family, by its structure."""
        rnd, person = self.rnd, self._person
        if structure == "two parents":
            if rnd() < targets.SAME_SEX_COUPLES:
                person(fid, group, la_name, self.adult_given(group, True), surname, "mother",
                       True)
                person(fid, group, la_name, self.adult_given(group, True),
                       self.family_name(group), "mother", True)
                return
            mother_name = (self.family_name(group) if rnd() < targets.MOTHER_OWN_NAME
                           else surname)
            person(fid, group, la_name, self.adult_given(group, True), mother_name, "mother",
                   True)
            person(fid, group, la_name, self.adult_given(group, False), surname, "father", True)
        elif structure == "step-family":
            step_name = self.family_name(group)
            while step_name == surname:
                step_name = self.family_name(group)
            person(fid, group, la_name, self.adult_given(group, True),
                   step_name if rnd() < 0.6 else surname, "mother", True)
            person(fid, group, la_name, self.adult_given(group, False), step_name,
                   "step-father", False)
            if rnd() < 0.5:
                person(fid, group, la_name, self.adult_given(group, False), surname, "father",
                       True, self._elsewhere(la_id))
        elif structure == "lone mother":
            own = rnd() < 0.7
            person(fid, group, la_name, self.adult_given(group, True),
                   surname if own else self.family_name(group), "mother", True)
            if rnd() < 0.4:
                person(fid, group, la_name, self.adult_given(group, False), surname, "father",
                       True, self._elsewhere(la_id))
        elif structure == "lone father":
            person(fid, group, la_name, self.adult_given(group, False), surname, "father", True)
            if rnd() < 0.5:
                person(fid, group, la_name, self.adult_given(group, True),
                       self.family_name(group) if rnd() < 0.5 else surname, "mother", True,
                       self._elsewhere(la_id))
        elif structure == "kinship carers":
            guardianship = rnd() < targets.KINSHIP_GUARDIANSHIP
            name = surname if rnd() < 0.5 else self.family_name(group)
            if rnd() < 0.7:
                person(fid, group, la_name, self.adult_given(group, True, elder=True), name,
                       "grandmother", guardianship)
                if rnd() < 0.4:
                    person(fid, group, la_name, self.adult_given(group, False, elder=True),
                           name, "grandfather", guardianship)
            else:
                person(fid, group, la_name, self.adult_given(group, True), name, "aunt",
                       guardianship)
                if rnd() < 0.4:
                    person(fid, group, la_name, self.adult_given(group, False), name, "uncle",
                           guardianship)
        else:  # foster carers: the local authority shares parental responsibility, not they
            carer_group = self.pools.area_groups[la_id].pick(rnd)
            name = self.family_name(carer_group)
            person(fid, carer_group, la_name, self.adult_given(carer_group, True), name,
                   "foster carer", False)
            if rnd() < 0.6:
                person(fid, carer_group, la_name, self.adult_given(carer_group, False), name,
                       "foster carer", False)

    def _ages(self, size: int) -> list[int]:
        """Days since birth of the children of one family, eldest first, at least ten months
        apart unless twins."""
        rnd = self.rnd
        twins = size > 1 and rnd() < targets.TWINS
        eldest = (self.rr(0, _DAYS_18) if rnd() >= targets.ADULTS
                  else self.rr(_DAYS_18 + 1, _DAYS_26 - 1))
        ages = [eldest]
        for k in range(1, size):
            if twins and k == 1:
                ages.append(ages[-1])
                continue
            younger = ages[-1] - self.rr(300, 2200)
            if younger < 0:
                break
            ages.append(younger)
        return ages

    def family(self) -> int:
        rnd = self.rnd
        self.family_id += 1
        fid = self.family_id
        la_index = min(bisect(self.la_cum, rnd() * self.la_cum[-1]), len(LOCAL_AUTHORITIES) - 1)
        la_id = la_index + 1
        la_name, places = LOCAL_AUTHORITIES[la_index][0], LOCAL_AUTHORITIES[la_index][3]
        group = self.pools.area_groups[la_id].pick(rnd)
        structure = self.households.pick(rnd)
        surname = self.family_name(group)
        self._carers(fid, structure, group, la_id, la_name, surname)
        district, town = self.pick(places)
        line = f"{self.rr(1, 200)} {self.pick(self.pools.streets[la_id])}"
        postcode = f"{district} {self.pick(self.pools.inward)}"
        gp_id = self.pick(self.gps[la_id])
        if structure == "foster carers":
            size = 1 + (rnd() < 0.3)  # siblings placed together
        else:
            size = 1 + bisect(targets.FAMILY_SIZES, rnd())
        moved_in = self.rr(0, 5500) if structure != "foster carers" else self.rr(30, 1200)
        made = 0
        for offset in self._ages(size):
            if self.child_id >= self.target:
                break
            adult = offset > _DAYS_18
            consent = adult and rnd() < targets.ADULT_CONSENT
            archived = self.archived_cache.get((offset, consent))
            if archived is None:
                archived = self.archived_cache[(offset, consent)] = archived_on(
                    date.fromisoformat(self.days[offset]), consent, self.today)
            self.child_row(fid, la_id, places, surname, town, line, postcode, gp_id, offset,
                           min(offset, moved_in), consent, archived, group, structure)
            made += 1
        return made

    # -- one child -----------------------------------------------------------------------

    def _education(self, la_id: int, offset: int, dob: str) -> tuple[int | None, str | None,
                                                                      bool]:
        """(school id, since, missing education) by age and the shares of ``targets``."""
        rnd = self.rnd
        age = offset / _YEAR
        year, month = int(dob[:4]), int(dob[5:7])
        # the school year: a child starts reception in the September after turning 4
        school_year = self.today.year - year - (month >= 9) - (self.today.month < 9) - 4
        if age < 2 or age >= 18:
            return None, None, False
        if school_year < 0:  # before reception
            if age >= 2 and rnd() < targets.NURSERY:
                return (self.school(la_id, "nursery"),
                        self.days[self.rr(0, max(1, offset - _lo_days(2)))], False)
            return None, None, False
        start = year + (month >= 9) + 4  # the calendar year reception starts
        if school_year >= 12:  # sixth form or college, 16-17
            if rnd() < targets.POST_16:
                return self.school(la_id, "college"), f"{start + 12}-09-01", False
            return None, None, False
        r = rnd()
        if r < targets.MISSING_EDUCATION:
            return None, None, True
        r -= targets.MISSING_EDUCATION
        if r < targets.HOME_EDUCATED:
            since = self.rr(0, max(1, offset - _lo_days(5)))
            return self.home_education[la_id], self.days[since], False
        r -= targets.HOME_EDUCATED
        secondary = school_year >= 7
        if r < targets.INDEPENDENT:
            kind = "independent"
        elif r < targets.INDEPENDENT + targets.SPECIAL:
            kind = "special"
        elif secondary and r < targets.INDEPENDENT + targets.SPECIAL + targets.PRU:
            kind = "pru"
        else:
            kind = "secondary" if secondary else "primary"
        if kind in ("special", "pru", "independent"):
            joined = self.days[self.rr(0, max(1, offset - _lo_days(4)))]
        else:
            joined = f"{start + (7 if secondary else 0)}-09-01"
        return self.school(la_id, kind), joined, False

    def school(self, la_id: int, kind: str) -> int:
        """A school of this kind, its category (community, academy, faith) drawn by share."""
        if kind not in targets.ACADEMY:
            return self.pick(self.schools[(la_id, f"{kind}/community")])
        r = self.rnd()
        category = ("faith" if r < targets.FAITH[kind] else
                    "academy" if r < targets.FAITH[kind] + targets.ACADEMY[kind] else
                    "community")
        return self.pick(self.schools[(la_id, f"{kind}/{category}")])

    def _involve(self, cid: int, la_id: int, service: str, offset: int, *, lead: bool = False,
                 caf_holder: bool = False, ongoing: bool = False) -> bool:
        """An involvement within the service's ages; False when the child is outside them."""
        lo, hi = targets.service_window(service)
        if not _lo_days(lo) <= offset <= _hi_days(hi):
            return False
        s = _SERVICE_INDEX[service]
        sensitive = SERVICES[s][3]
        window = offset - _lo_days(lo)  # days since the child became old enough
        ended = None
        if not ongoing and not lead and not sensitive and window > 2 \
                and self.rnd() < targets.ENDED:
            ended = self.rr(1, min(window, 1500))
            since = self.rr(ended + 1, min(window, ended + 900) + 1)
        else:
            since = self.rr(0, min(window, 1500) + 1)
        self.add_involvement(cid, self.pick(self.practitioners[(la_id, s)]), service,
                             self.days[since], None if ended is None else self.days[ended],
                             lead, caf_holder, sensitive)
        return True

    def child_row(self, fid: int, la_id: int, places: tuple[tuple[str, str], ...], surname: str,
                  town: str, line: str, postcode: str, gp_id: int, offset: int, since: int,
                  consent: bool, archived: bool, group: str = "british",
                  structure: str = "two parents") -> None:
        rnd, days = self.rnd, self.days
        g = rnd()
        gender = _GENDERS[bisect(_GENDER_CUM, g)]
        female = gender == "female" or (gender != "male" and g > 0.995)
        dob = days[offset]
        given_names, known_as = self.child_given(group, female, int(dob[:4]))
        school_id, school_since, missing = self._education(la_id, offset, dob)
        postcodes = [postcode]
        cid_next = self.child_id + 1
        addresses = self.rows["addresses"]
        addresses.append((cid_next, line, town, postcode, days[since], None, 1))
        if rnd() < 0.10 and since + 30 < offset:
            district, old_town = self.pick(places)
            addresses.append((cid_next, f"{self.rr(1, 200)} {self.pick(self.pools.streets[la_id])}",
                              old_town, f"{district} {self.pick(self.pools.inward)}",
                              days[self.rr(since + 1, offset)], days[since], 0))
        if rnd() < 0.01:
            other = self.rng.randrange(len(LOCAL_AUTHORITIES)) + 1
            district, other_town = self.pick(LOCAL_AUTHORITIES[other - 1][3])
            second = f"{district} {self.pick(self.pools.inward)}"
            addresses.append((cid_next, f"{self.rr(1, 200)} {self.pick(self.pools.streets[other])}",
                              other_town, second, days[self.rr(0, since + 1)], None, 1))
            postcodes.append(second)
        live = not archived
        fostered = structure == "foster carers" and live and offset <= _DAYS_18
        caf = live and not fostered and offset <= _hi_days(18) and rnd() < targets.CAF
        cid = self.add_child(
            did=None, family_id=fid, family_name=surname,
            given_names=given_names, known_as=known_as, dob=dob, gender=gender, la_id=la_id,
            town=town, postcodes=postcodes, school_id=school_id, school_since=school_since,
            gp_id=gp_id if rnd() < 0.97 else None, caf=caf,
            shielded=rnd() < targets.SHIELDED, archived=archived, consent=consent,
            last_updated=f"{days[self.rr(0, 400)]}T{self.rr(8, 18):02d}:00:00Z")
        former = targets.FORMER_NAME.get(structure, targets.FORMER_NAME["other"])
        if rnd() < former:
            first = given_names.split()[0]
            self.rows["former_names"].append((cid, f"{first} {self.family_name(group)}"))
        if not live:
            return
        if not self._services(cid, la_id, offset, fostered, caf, missing) and caf:
            # a CAF always has a lead professional; a child born today is too young for every
            # lead service, so it has no CAF (set after the draws: the random stream is kept)
            children = self.rows["children"]
            row = children[-1]
            children[-1] = (*row[:_CAF], 0, *row[_CAF + 1:])

    def _services(self, cid: int, la_id: int, offset: int, fostered: bool, caf: bool,
                  missing: bool) -> bool:
        """The child's involvements; False when it has a CAF and no one could hold it."""
        rnd = self.rnd
        caf_led = True
        involve = self._involve
        led = False
        if fostered:  # a looked-after child always has a social worker, the lead professional
            led = involve(cid, la_id, "social care", offset, lead=True)
        if missing:  # a child missing education: the education welfare officer looks for them
            involve(cid, la_id, "education welfare", offset, ongoing=True)
        if caf:  # an Early Help assessment always names a lead professional, ongoing
            if offset < _lo_days(5):
                lead_service = "health visiting" if rnd() < 0.6 else "family support"
            else:
                lead_service = self.pick(("family support", "family support",
                                          "school nursing", "education welfare"))
            led = caf_led = (
                involve(cid, la_id, lead_service, offset, lead=True, caf_holder=True)
                or involve(cid, la_id, "family support", offset, lead=True, caf_holder=True))
        for service, _lo, _hi, share in targets.SERVICE_RULES:
            if service in ("mental health", "sexual health", "substance misuse"):
                continue
            if fostered and service == "social care":
                continue
            if rnd() < share:
                child_in_need = service == "social care" and not led
                if involve(cid, la_id, service, offset, lead=child_in_need,
                           ongoing=child_in_need) and child_in_need:
                    led = True
        age = offset / _YEAR
        for service, lo, hi, share in targets.SENSITIVE_BANDS:
            if lo <= age < hi and rnd() < share:
                involve(cid, la_id, service, offset)
        return caf_led

    def crowd(self) -> None:
        lo = (self.today - named_children.CROWD_DOB_TO).days
        hi = (self.today - named_children.CROWD_DOB_FROM).days
        bolton = LOCAL_AUTHORITIES[0][3]
        for _ in range(named_children.CROWD_SIZE):
            self.family_id += 1
            district, town = self.pick(bolton)
            line = f"{self.rr(1, 200)} {self.pick(self.pools.streets[1])}"
            postcode = f"{district} {self.pick(self.pools.inward)}"
            self._carers(self.family_id, "two parents", "british", 1, "Bolton",
                         named_children.CROWD_FAMILY_NAME)
            self.child_row(self.family_id, 1, bolton, named_children.CROWD_FAMILY_NAME, town,
                           line, postcode, self.pick(self.gps[1]), self.rr(lo, hi + 1),
                           self.rr(0, lo), False, False)

    # -- batches -------------------------------------------------------------------------

    def take(self) -> Batch:
        """The rows made since the last take, by table; the builder starts new lists."""
        batch = self.rows
        self.rows = {table: [] for table in batch}
        return batch

    def write(self, batch: Batch) -> int:
        """Insert a batch (in table order, so rowids follow generation order) and tell the
        progress callback; the number of children it held."""
        c, ids = self.conn, self.ids
        # Directory IDs, parents' phone numbers and e-mail addresses are issued here, in row
        # order, and the given-name keys made here, not where the row was drawn: the same
        # values, and at national scale this process has time to spare while the other
        # draws (issue 18).
        batch["children"] = [
            (row[0], next(ids) if row[1] is None else row[1], *row[2:14],
             " ".join(name_tokens(f"{row[4]} {row[5] or ''}")), *row[15:])
            for row in batch["children"]]
        batch["parents"] = [row if row[4].__class__ is not tuple
                            and row[5].__class__ is not tuple else self._issue(row)
                            for row in batch["parents"]]
        for table, rows in batch.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                c.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
        made = len(batch["children"])
        if self.progress is not None and made:
            self.progress(made)
        return made

    def _issue(self, row: tuple[object, ...]) -> tuple[object, ...]:
        """A parents row with its phone number and e-mail address issued."""
        phone, email = row[4], row[5]
        if isinstance(phone, tuple):
            phone = self.phones.person(*phone)
        if isinstance(email, tuple):
            email = self.email(*email)
        return (*row[:4], phone, email, *row[6:])

    def batches(self) -> Iterator[Batch]:
        """Generated families until the population has its size, about ``_BATCH`` children
        a batch. Uses no connection, so it may run in another process (``generation.py``)."""
        self.target = max(self.child_id, self.n)
        while self.child_id < self.target:
            self.family()
            if len(self.rows["children"]) >= _BATCH:
                yield self.take()
        yield self.take()

    def __getstate__(self) -> dict[str, object]:
        """The builder without its connection and callback (sent to ``generation.py``)."""
        state = dict(self.__dict__)
        state.update(conn=None, progress=None, rnd=None)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.rnd = self.rng.random

