"""The controlled vocabulary of services (issue 13): what an involvement may name, and which
services are sensitive.

A sensitive service (sexual health, mental health, substance misuse) is disclosed to
practitioners only as "a sensitive service is involved", whoever records it: free text can no
longer carry "sexual health" past the rule. The population uses the first entries (their order
is part of the seeded population, so new services go at the end).

``SERVICES`` rows: name, typical job title, organisation pattern, sensitive.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SERVICES: tuple[tuple[str, str, str, bool], ...] = (
    ("social care", "Social worker", "{la} Children's Services", False),
    ("health visiting", "Health visitor", "{la} Community Health", False),
    ("school nursing", "School nurse", "{la} Community Health", False),
    ("housing", "Housing officer", "{la} Housing", False),
    ("youth justice", "Youth justice officer", "{la} Youth Justice Service", False),
    ("education welfare", "Education welfare officer", "{la} Council", False),
    ("family support", "Family support worker", "{la} Early Help", False),
    ("youth work", "Youth worker", "{la} Youth Service", False),
    ("sexual health", "Sexual health nurse", "{la} Sexual Health Service", True),
    ("mental health", "Mental health practitioner", "{la} CAMHS", True),
    ("substance misuse", "Substance misuse worker", "{la} Young People's Drug Service", True),
    # Recorded by practitioners only (not in the generated population):
    ("education", "Teacher", "School", False),
    ("early years", "Early years practitioner", "Nursery", False),
    ("hospital care", "Nurse", "Hospital", False),
    ("paediatrics", "Paediatrician", "Hospital", False),
    ("speech and language therapy", "Speech and language therapist", "Community Health",
     False),
    ("police", "Police officer", "Police", False),
)


@dataclass(frozen=True, slots=True)
class Service:
    code: str
    name: str
    sensitive: bool

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "sensitive": self.sensitive}


VOCABULARY: tuple[Service, ...] = tuple(
    Service(name.replace(" ", "-"), name, sensitive) for name, _, _, sensitive in SERVICES)
_BY_CODE = {s.code: s for s in VOCABULARY}


def service(code: str | None) -> Service | None:
    """The service with this code (None when it is not in the vocabulary)."""
    return _BY_CODE.get((code or "").strip())
