"""What the population generator samples from: the local authorities (name, ContactPoint
team phone, share of the children, real postcode districts with their towns, so ``BL1*``
searches and localities agree), weighted name tables by cohort, area and group
(``name_tables.py``), British street names, postcode inward codes asked of Faker ``en_GB``,
synthetic phone numbers (Ofcom's drama ranges only, each issued once: :class:`PhoneBook`) and
e-mail addresses (example.org only)."""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate

from faker import Faker
from faker.providers.person.en_GB import Provider as _GBPerson
from faker.providers.person.en_IE import Provider as _IEPerson

from mock_server.data import name_tables as tables
from mock_server.data.names import normalise

GB_SURNAMES: dict[str, float] = dict(_GBPerson.last_names)  # name → per cent of people
IE_SURNAMES: tuple[str, ...] = tuple(sorted(set(_IEPerson.last_names) - set(GB_SURNAMES)))

# name, team phone, weight, (district, town) pairs
LOCAL_AUTHORITIES: tuple[tuple[str, str, float, tuple[tuple[str, str], ...]], ...] = (
    ("Bolton", "01632 960100", 0.30, (
        ("BL1", "Bolton"), ("BL2", "Bolton"), ("BL3", "Bolton"), ("BL4", "Farnworth"),
        ("BL5", "Westhoughton"), ("BL6", "Horwich"), ("BL7", "Bromley Cross"))),
    ("Wigan", "01632 960101", 0.25, (
        ("WN1", "Wigan"), ("WN2", "Hindley"), ("WN3", "Wigan"), ("WN4", "Ashton-in-Makerfield"),
        ("WN5", "Orrell"), ("WN6", "Standish"), ("WN7", "Leigh"))),
    ("Bury", "01632 960102", 0.10, (("BL8", "Tottington"), ("BL9", "Bury"), ("BL0", "Ramsbottom"))),
    ("Salford", "0161 496 0102", 0.10, (
        ("M5", "Salford"), ("M6", "Salford"), ("M27", "Swinton"), ("M28", "Walkden"),
        ("M30", "Eccles"))),
    ("Leeds", "0113 496 0103", 0.15, (
        ("LS6", "Leeds"), ("LS8", "Leeds"), ("LS27", "Morley"), ("LS21", "Otley"),
        ("LS28", "Pudsey"))),
    ("Newcastle upon Tyne", "0191 498 0104", 0.10, (
        ("NE1", "Newcastle upon Tyne"), ("NE3", "Gosforth"), ("NE4", "Benwell"),
        ("NE6", "Walker"))),
)


class Weighted:
    """Items drawn by weight: ``pick(rnd)`` with one uniform draw (bisect on the totals)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Iterable[tuple[str, float]]) -> None:
        merged: dict[str, float] = {}
        for item, weight in pairs:
            merged[item] = merged.get(item, 0.0) + weight
        self.items = list(merged)
        self.cum = list(accumulate(merged.values()))
        self.total = self.cum[-1]

    def pick(self, rnd: Callable[[], float]) -> str:
        return self.items[min(bisect(self.cum, rnd() * self.total), len(self.items) - 1)]

    def share(self, item: str) -> float:
        i = self.items.index(item)
        return (self.cum[i] - (self.cum[i - 1] if i else 0.0)) / self.total


def _ranked(names: Sequence[str]) -> list[tuple[str, float]]:
    return [(name, 1.0 / (rank + 20) ** 0.7) for rank, name in enumerate(names)]


@dataclass(frozen=True, slots=True)
class NameGroup:
    girls: Weighted
    boys: Weighted
    family: Weighted


@dataclass(frozen=True, slots=True)
class Pools:
    """Everything names and places are drawn from (one per population, seeded)."""

    cohort_girls: dict[int, Weighted]  # first year of a five-year cohort → names
    cohort_boys: dict[int, Weighted]
    groups: dict[str, NameGroup]  # non-British name groups (tables.GROUPS[1:])
    british_family: Weighted
    area_groups: dict[int, Weighted]  # la_id → name group
    streets: dict[int, list[str]]  # la_id → street names
    neighbourhoods: dict[int, tuple[str, ...]]
    inward: list[str]


def cohort(year: int) -> int:
    """The first year of the five-year ONS cohort a birth year belongs to (2000-2020)."""
    return min(max(year - year % 5, 2000), 2020)


def pools(seed: int) -> Pools:
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    every_girl = sorted({n for names in tables.COHORT_GIRLS.values() for n in names})
    every_boy = sorted({n for names in tables.COHORT_BOYS.values() for n in names})

    def cohort_table(ranked: Sequence[str], every: list[str]) -> Weighted:
        head = _ranked(ranked)
        head_total = sum(w for _, w in head)
        tail = head_total * tables.TAIL_SHARE / (1 - tables.TAIL_SHARE) / len(every)
        return Weighted([*head, *((name, tail) for name in every)])

    british_gb = [(name, float(w)) for name, w in GB_SURNAMES.items()]
    gb_total = sum(w for _, w in british_gb)
    irish = [(name, gb_total * 0.14 / len(IE_SURNAMES)) for name in IE_SURNAMES]
    locative = [start + end for start in tables.LOCATIVE_STARTS for end in tables.LOCATIVE_ENDS
                if start[-1] != end[0]]  # no Ashshaw
    locatives = [(name, gb_total * 1.0 / len(locative)) for name in locative]
    groups = {
        "south_asian": (tables.SOUTH_ASIAN_GIRLS, tables.SOUTH_ASIAN_BOYS,
                        tables.SOUTH_ASIAN_FAMILY),
        "indian": (tables.INDIAN_GIRLS, tables.INDIAN_BOYS, tables.INDIAN_FAMILY),
        "african": (tables.AFRICAN_GIRLS, tables.AFRICAN_BOYS, tables.AFRICAN_FAMILY),
        "east_european": (tables.EAST_EUROPEAN_GIRLS, tables.EAST_EUROPEAN_BOYS,
                          tables.EAST_EUROPEAN_FAMILY),
    }
    streets: dict[int, list[str]] = {}
    ends = Weighted((end, float(w)) for end, w in tables.STREET_ENDS)
    for la_id, (name, _phone, _weight, places) in enumerate(LOCAL_AUTHORITIES, start=1):
        stems = [*tables.STREET_STEMS, *tables.NEIGHBOURHOODS[name],
                 *(town for _d, town in places), *list(GB_SURNAMES)[:150]]
        made: set[str] = set()
        while len(made) < 600:
            made.add(f"{stems[int(rng.random() * len(stems))]} {ends.pick(rng.random)}")
        streets[la_id] = sorted(made)
        rng.shuffle(streets[la_id])
    return Pools(
        cohort_girls={y: cohort_table(n, every_girl) for y, n in tables.COHORT_GIRLS.items()},
        cohort_boys={y: cohort_table(n, every_boy) for y, n in tables.COHORT_BOYS.items()},
        groups={key: NameGroup(Weighted(_ranked(g)), Weighted(_ranked(b)),
                               Weighted((f, float(w)) for f, w in fam))
                for key, (g, b, fam) in groups.items()},
        british_family=Weighted([*british_gb, *irish, *locatives]),
        area_groups={la_id: Weighted(zip(tables.GROUPS, tables.AREA_GROUPS[la[0]], strict=True))
                     for la_id, la in enumerate(LOCAL_AUTHORITIES, start=1)},
        streets=streets,
        neighbourhoods={la_id: tables.NEIGHBOURHOODS[la[0]]
                        for la_id, la in enumerate(LOCAL_AUTHORITIES, start=1)},
        inward=[fake.postcode().split()[-1] for _ in range(3000)])


# -- telephone numbers: Ofcom's drama ranges only, each number issued once -------------------

# (format of the last three digits, area) — every range Ofcom keeps for drama that a home or
# an office could plausibly have. Each landline range is 0000-0999 (Belfast 6000-6999).
LANDLINES: tuple[tuple[str, str], ...] = (
    ("0161 496 0{:03d}", "manchester"), ("0113 496 0{:03d}", "leeds"),
    ("0191 498 0{:03d}", "newcastle"), ("0114 496 0{:03d}", "sheffield"),
    ("0115 496 0{:03d}", "nottingham"), ("0116 496 0{:03d}", "leicester"),
    ("0117 496 0{:03d}", "bristol"), ("0118 496 0{:03d}", "reading"),
    ("0121 496 0{:03d}", "birmingham"), ("0131 496 0{:03d}", "edinburgh"),
    ("0141 496 0{:03d}", "glasgow"), ("0151 496 0{:03d}", "liverpool"),
    ("020 7946 0{:03d}", "london"), ("028 9649 6{:03d}", "belfast"),
    ("029 2018 0{:03d}", "cardiff"),
)
MOBILE = "07700 900{:03d}"
# Kept for fixed numbers (named children, local-authority lines, duty teams), never issued by
# the generator: all of 01632 960000-960999, 07700 900000-900199, and the last three digits
# 000-099 and 900-999 of each landline range. Offices take 100-199, people 200-899.
OFFICE_BLOCK = range(100, 200)
PERSONAL_BLOCK = range(200, 900)
MOBILE_BLOCK = range(200, 1000)
AREA_OF_LA = {"Bolton": "manchester", "Wigan": "manchester", "Bury": "manchester",
              "Salford": "manchester", "Leeds": "leeds", "Newcastle upon Tyne": "newcastle"}


class PhoneBook:
    """Issues each drama-range number at most once: personal numbers (parents and carers:
    mobile first, else a landline of their area, else of another area) and office numbers
    (a school, a practice, a team), in a seeded order. When a kind runs out, ``None``: the
    number is not recorded, never shared with an unrelated person (docs/population.md)."""

    def __init__(self, rng: random.Random) -> None:
        def shuffled(numbers: list[str]) -> list[str]:
            rng.shuffle(numbers)
            return numbers

        self.mobiles = shuffled([MOBILE.format(n) for n in MOBILE_BLOCK])
        self.personal = {area: shuffled([fmt.format(n) for n in PERSONAL_BLOCK])
                         for fmt, area in LANDLINES}
        self.office = {area: shuffled([fmt.format(n) for n in OFFICE_BLOCK])
                       for fmt, area in LANDLINES}
        self.rng = rng

    @staticmethod
    def _take(home: list[str], others: dict[str, list[str]]) -> str | None:
        if home:
            return home.pop()
        for numbers in others.values():
            if numbers:
                return numbers.pop()
        return None

    def person(self, la_name: str, mobile: bool) -> str | None:
        if mobile and self.mobiles:
            return self.mobiles.pop()
        return self._take(self.personal[AREA_OF_LA.get(la_name, "manchester")], self.personal)

    def office_line(self, la_name: str) -> str | None:
        return self._take(self.office[AREA_OF_LA.get(la_name, "manchester")], self.office)


def is_generated_range(number: str) -> bool:
    """True for a number the generator may issue (not a fixed-number block)."""
    if number.startswith("07700 900"):
        return int(number[-3:]) in MOBILE_BLOCK
    return any(number[:-3] == fmt[:-6] and int(number[-3:]) in range(100, 900)
               for fmt, _area in LANDLINES)


def email(given: str, family: str) -> str:
    return f"{normalise(given)}.{normalise(family)}@example.org"


def postcode_key(postcode: str) -> str:
    return postcode.replace(" ", "").upper()
