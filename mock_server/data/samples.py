"""What the population generator samples from: the local authorities (name, ContactPoint
team phone, share of the children, real postcode districts with their towns, so ``BL1*``
searches and localities agree), pools of names, streets and postcode inward codes asked of
Faker ``en_GB`` once, and synthetic phone numbers (Ofcom's drama ranges only) and e-mail
addresses (example.org only)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

from mock_server.data.names import normalise

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


@dataclass(frozen=True, slots=True)
class Pools:
    family: list[str]
    female: list[str]
    male: list[str]
    streets: list[str]
    inward: list[str]


def pools(seed: int) -> Pools:
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    return Pools(family=[fake.last_name() for _ in range(4000)],
                  female=[fake.first_name_female() for _ in range(2000)],
                  male=[fake.first_name_male() for _ in range(2000)],
                  streets=[fake.street_name() for _ in range(3000)],
                  inward=[fake.postcode().split()[-1] for _ in range(3000)])


def phone(rng: random.Random, mobile: bool) -> str:
    number = int(rng.random() * 1000)
    return f"07700 900{number:03d}" if mobile else f"01632 960{number:03d}"


def email(given: str, family: str) -> str:
    return f"{normalise(given)}.{normalise(family)}@example.org"


def postcode_key(postcode: str) -> str:
    return postcode.replace(" ", "").upper()
