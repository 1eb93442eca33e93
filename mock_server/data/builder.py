"""The population builder: reference data, families, children and their rows, in batches.

:class:`PopulationBuilder` is driven by ``population.build`` (the order of its calls is part
of the seeded population: same seed, size and day → same database) and by
``insert_named.insert_named`` for the named children, through its public methods only.

Speed (1,000,000 children in well under 90 s on two cores): Faker ``en_GB`` is asked once for
pools of names, streets and postcode inward codes; everything else is sampled from those pools
with one ``random.Random(seed)``. Rows go in with ``executemany`` in batches.

Postcodes: Faker's outward codes are random, so each address takes a Faker inward code
(``4AA``) after a real outward district of its local authority (``BL1``). Phone numbers come
only from Ofcom's drama ranges; e-mail addresses are all at example.org.
"""

from __future__ import annotations

import random
import sqlite3
from bisect import bisect
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import TypeVar

from mock_server.data import named_children, samples
from mock_server.data.ids import check_digit
from mock_server.data.names import metaphone, name_tokens, normalise, soundex
from mock_server.data.retention import archived_on
from mock_server.data.samples import LOCAL_AUTHORITIES
from mock_server.data.services import SERVICES

_ORDINARY = [i for i, s in enumerate(SERVICES) if not s[3]]
_SENSITIVE = [i for i, s in enumerate(SERVICES) if s[3]]
_SCHOOL_TYPES = (("nursery", "Nursery", 3), ("primary", "Primary School", 4),
                 ("secondary", "High School", 11), ("college", "Sixth Form College", 16))
_GENDERS = ("female", "male", "not_known", "not_specified")
_GENDER_CUM = (0.49, 0.98, 0.99, 1.0)
_DAYS_18 = 6574
_DAYS_26 = 9496
_BATCH = 50_000
_T = TypeVar("_T")


class PopulationBuilder:
    """Writes one population; threading: one builder, one connection, one thread."""

    def __init__(self, conn: sqlite3.Connection, children: int, seed: int, today: date) -> None:
        self.conn = conn
        self.rng = random.Random(seed)
        self.rnd = self.rng.random
        self.pools = samples.pools(seed)
        self.n = children
        self.today = today
        self.days = [(today - timedelta(days=d)).isoformat() for d in range(_DAYS_26 + 1)]
        self.used_ids: set[str] = set()
        self.rows: dict[str, list[tuple[object, ...]]] = {
            k: [] for k in ("children", "parents", "addresses", "involvements", "former_names")}
        self.child_id = 0
        self.family_id = 0
        self.involvement_id = 0
        self.key_cache: dict[str, tuple[str, str, str]] = {}
        self.la_cum = list(accumulate(la[2] for la in LOCAL_AUTHORITIES))
        self.schools: dict[tuple[int, str], list[int]] = {}
        self.gps: dict[int, list[int]] = {}
        self.practitioners: dict[tuple[int, int], list[int]] = {}
        self.target = children

    # -- reference data ------------------------------------------------------------------

    def reference(self) -> None:
        rng, pools, c = self.rng, self.pools, self.conn
        c.executemany("INSERT INTO local_authorities VALUES (?, ?, ?)",
                      [(i + 1, la[0], la[1]) for i, la in enumerate(LOCAL_AUTHORITIES)])
        school_id = gp_id = practitioner_id = 0
        for i, (la_name, _phone_no, weight, places) in enumerate(LOCAL_AUTHORITIES):
            la_id, share = i + 1, self.n * weight
            for kind, suffix, _age in _SCHOOL_TYPES:
                per = {"nursery": 1500, "primary": 350, "secondary": 1500, "college": 4000}[kind]
                for _ in range(max(2, int(share / per))):
                    school_id += 1
                    district, town = self.pick(places)
                    name = f"{self.pick(pools.family)} {suffix}"
                    address = (f"{self.pick(pools.streets)}, {town} {district}"
                               f" {self.pick(pools.inward)}")
                    c.execute("INSERT INTO schools VALUES (?, ?, ?, ?, ?, ?)",
                              (school_id, la_id, name, kind, samples.phone(rng, False), address))
                    self.schools.setdefault((la_id, kind), []).append(school_id)
            for _ in range(max(3, int(share / 2000))):
                gp_id += 1
                district, town = self.pick(places)
                street = self.pick(pools.streets)
                name = f"{street} {self.pick(('Surgery', 'Medical Centre', 'Health Centre'))}"
                c.execute("INSERT INTO gp_practices VALUES (?, ?, ?, ?, ?)",
                          (gp_id, la_id, name, samples.phone(rng, False),
                           f"{street}, {town} {district} {self.pick(pools.inward)}"))
                self.gps.setdefault(la_id, []).append(gp_id)
            for s, (service, title, org, _sensitive) in enumerate(SERVICES):
                for _ in range(max(2, int(share / 1500))):
                    practitioner_id += 1
                    given = self.pick(pools.female if rng.random() < 0.7 else pools.male)
                    family = self.pick(pools.family)
                    c.execute("INSERT INTO practitioners VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                              (practitioner_id, la_id, f"{given} {family}", title,
                               org.format(la=la_name), service, samples.phone(rng, False),
                               samples.email(given, family)))
                    self.practitioners.setdefault((la_id, s), []).append(practitioner_id)

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

    # -- children ------------------------------------------------------------------------

    def new_family_id(self) -> int:
        self.family_id += 1
        return self.family_id

    def claim_directory_id(self, directory_id: str) -> None:
        """A fixed directory ID the generator must never issue again."""
        self.used_ids.add(directory_id)

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

    def pick(self, seq: Sequence[_T]) -> _T:
        return seq[int(self.rnd() * len(seq))]

    def rr(self, lo: int, hi: int) -> int:
        return lo + int(self.rnd() * (hi - lo))

    def new_directory_id(self) -> str:
        while True:
            nine = str(self.rr(400_000_000, 1_000_000_000))
            digit = check_digit(nine)
            if digit is not None and (did := f"{nine}{digit}") not in self.used_ids:
                self.used_ids.add(did)
                return did

    def keys(self, family_name: str) -> tuple[str, str, str]:
        keys = self.key_cache.get(family_name)
        if keys is None:
            key = normalise(family_name)
            keys = self.key_cache[family_name] = (key, soundex(key), metaphone(key))
        return keys

    def add_child(self, *, did: str, family_id: int, family_name: str, given_names: str,
                  known_as: str | None, dob: str, gender: str, la_id: int, town: str,
                  postcodes: list[str], school_id: int | None, school_since: str | None,
                  gp_id: int | None, caf: bool, shielded: bool, archived: bool,
                  consent: bool, last_updated: str) -> int:
        self.child_id += 1
        fkey, fsx, fmp = self.keys(family_name)
        given_keys = " ".join(name_tokens(given_names + " " + (known_as or "")))
        self.rows["children"].append((
            self.child_id, did, family_id, family_name, given_names, known_as, dob, gender,
            la_id, town, " ".join(samples.postcode_key(p) for p in postcodes), fkey, fsx, fmp,
            given_keys, school_id, school_since, gp_id, int(caf), int(shielded),
            int(archived), int(consent), last_updated))
        return self.child_id

    def add_involvement(self, child_id: int, practitioner_id: int, service: str, since: str,
                        ended: str | None, lead: bool, caf_holder: bool, sensitive: bool) -> None:
        self.involvement_id += 1
        self.rows["involvements"].append((self.involvement_id, child_id, practitioner_id, service,
                                          since, ended, int(lead), int(caf_holder),
                                          int(sensitive)))

    def family(self) -> int:
        rng, pools = self.rng, self.pools
        self.family_id += 1
        fid = self.family_id
        la_index = bisect(self.la_cum, rng.random() * self.la_cum[-1])
        la_index = min(la_index, len(LOCAL_AUTHORITIES) - 1)
        la_id, places = la_index + 1, LOCAL_AUTHORITIES[la_index][3]
        surname = self.pick(pools.family)
        district, town = self.pick(places)
        line = f"{self.rr(1, 200)} {self.pick(pools.streets)}"
        postcode = f"{district} {self.pick(pools.inward)}"
        gp_list = self.gps[la_id]
        gp_id = self.pick(gp_list)
        parent_rows = self.rows["parents"]
        mother = self.pick(pools.female)
        parent_rows.append((fid, f"{mother} {surname}", "mother", 1, samples.phone(rng, True),
                            samples.email(mother, surname) if rng.random() < 0.6 else None,
                            None, 0))
        if rng.random() < 0.7:
            father = self.pick(pools.male)
            away = rng.random() < 0.08
            parent_rows.append((
                fid, f"{father} {surname}", "father", 1, samples.phone(rng, True),
                samples.email(father, surname) if rng.random() < 0.5 else None,
                f"{self.rr(1, 200)} {self.pick(pools.streets)}, {town}"
                f" {district} {self.pick(pools.inward)}" if away else None, 0))
        elif rng.random() < 0.3:
            carer = self.pick(pools.female)
            relation = self.pick(("grandmother", "aunt", "foster carer"))
            parent_rows.append((fid, f"{carer} {self.pick(pools.family)}", relation,
                                int(relation != "foster carer"), samples.phone(rng, True), None,
                                None, 0))
        size = 1 + bisect((0.45, 0.80, 0.94), rng.random())
        twins = size > 1 and rng.random() < 0.04
        made = prev_offset = 0
        moved_in = self.rr(0, 5500)
        for k in range(size):
            if self.child_id >= self.target:
                break
            r = rng.random()
            if twins and k == 1:
                offset = prev_offset
            elif r < 0.93:
                offset = self.rr(0, _DAYS_18)
            else:
                offset = self.rr(_DAYS_18 + 1, _DAYS_26 - 1)
            prev_offset = offset
            adult = offset > _DAYS_18
            consent = adult and r < 0.95
            archived = archived_on(date.fromisoformat(self.days[offset]), consent, self.today)
            self.child_row(fid, la_id, places, surname, town, line, postcode, gp_id, offset,
                           min(offset, moved_in), consent, archived)
            made += 1
        return made

    def child_row(self, fid: int, la_id: int, places: tuple[tuple[str, str], ...], surname: str,
                  town: str, line: str, postcode: str, gp_id: int, offset: int, since: int,
                  consent: bool, archived: bool) -> None:
        rng, pools, days = self.rng, self.pools, self.days
        g = rng.random()
        gender = _GENDERS[bisect(_GENDER_CUM, g)]
        female = gender == "female" or (gender != "male" and g > 0.995)
        names = pools.female if female else pools.male
        given = self.pick(names)
        given_names = f"{given} {self.pick(names)}" if rng.random() < 0.6 else given
        known_as = None
        if rng.random() < 0.05:
            known_as = given[:3] + ("ie" if given[2:3] not in "aeiou" else "")
        dob = days[offset]
        age = offset / 365.25
        school_id = school_since = None
        for kind, _suffix, start in reversed(_SCHOOL_TYPES):
            if start <= age < 18 and (kind != "nursery" or rng.random() < 0.6):
                if kind == "college" and rng.random() < 0.25:
                    break
                school_id = self.pick(self.schools[(la_id, kind)])
                school_since = f"{int(dob[:4]) + start + (int(dob[5:7]) >= 9)}-09-01"
                break
        postcodes = [postcode]
        cid_next = self.child_id + 1
        addresses = self.rows["addresses"]
        addresses.append((cid_next, line, town, postcode, days[since], None, 1))
        if rng.random() < 0.10 and since + 30 < offset:
            district, old_town = self.pick(places)
            addresses.append((cid_next, f"{self.rr(1, 200)} {self.pick(pools.streets)}",
                              old_town, f"{district} {self.pick(pools.inward)}",
                              days[self.rr(since + 1, offset)], days[since], 0))
        if rng.random() < 0.01:
            other = LOCAL_AUTHORITIES[rng.randrange(len(LOCAL_AUTHORITIES))][3]
            district, other_town = self.pick(other)
            second = f"{district} {self.pick(pools.inward)}"
            addresses.append((cid_next, f"{self.rr(1, 200)} {self.pick(pools.streets)}",
                              other_town, second, days[self.rr(0, since + 1)], None, 1))
            postcodes.append(second)
        caf = rng.random() < 0.08 and not archived
        cid = self.add_child(
            did=self.new_directory_id(), family_id=fid, family_name=surname,
            given_names=given_names, known_as=known_as, dob=dob, gender=gender, la_id=la_id,
            town=town, postcodes=postcodes, school_id=school_id, school_since=school_since,
            gp_id=gp_id if rng.random() < 0.97 else None, caf=caf,
            shielded=rng.random() < 0.005, archived=archived, consent=consent,
            last_updated=f"{days[self.rr(0, 400)]}T{self.rr(8, 18):02d}:00:00Z")
        if rng.random() < 0.03:
            self.rows["former_names"].append((cid, f"{given} {self.pick(pools.family)}"))
        kinds = []
        if caf or rng.random() < 0.22:
            kinds.append(self.pick(_ORDINARY))
            if rng.random() < 0.35:
                kinds.append(self.pick(_ORDINARY))
        if rng.random() < 0.02:
            kinds.append(self.pick(_SENSITIVE))
        for n, s in enumerate(kinds):
            sensitive = SERVICES[s][3]
            ended_at = None
            if not sensitive and rng.random() < 0.25:
                ended_at = self.rr(1, 365) if rng.random() < 0.5 else self.rr(366, 1500)
            start = min(offset, (ended_at or 0) + self.rr(30, 900))
            lead = n == 0 and not sensitive and ended_at is None and (caf or rng.random() < 0.4)
            self.add_involvement(cid, self.pick(self.practitioners[(la_id, s)]),
                                 SERVICES[s][0], days[start],
                                 None if ended_at is None else days[ended_at],
                                 lead, lead and caf, sensitive)

    def crowd(self) -> None:
        lo = (self.today - named_children.CROWD_DOB_TO).days
        hi = (self.today - named_children.CROWD_DOB_FROM).days
        bolton = LOCAL_AUTHORITIES[0][3]
        for _ in range(named_children.CROWD_SIZE):
            self.family_id += 1
            district, town = self.pick(bolton)
            line = f"{self.rr(1, 200)} {self.pick(self.pools.streets)}"
            postcode = f"{district} {self.pick(self.pools.inward)}"
            self.child_row(self.family_id, 1, bolton, named_children.CROWD_FAMILY_NAME, town, line,
                           postcode, self.pick(self.gps[1]), self.rr(lo, hi + 1),
                           self.rr(0, lo), False, False)

    def flush(self, force: bool = False) -> None:
        if not force and len(self.rows["children"]) < _BATCH:
            return
        c = self.conn
        for table, rows in self.rows.items():
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                c.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
                rows.clear()

    def generate(self) -> int:
        """Generated families until the population has its size; the number of children."""
        self.target = max(self.child_id, self.n)
        while self.child_id < self.target:
            self.family()
            self.flush()
        self.flush(force=True)
        return self.child_id


