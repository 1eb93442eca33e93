"""Each local authority's ContactPoint team hours and its Emergency Duty Team (issue 16).

ContactPoint's guidance sends urgent cases out of office hours to the local authority's
out-of-hours service. A record names the hours of the team it routes the caller to and the
duty team's number; the client decides, by its own clock, whether the office is open now.

The table is kept here, apart from the population builder (``samples.py`` holds the list of
authorities the children live in): the one interface is :func:`duty_contact`. Every number
is from Ofcom's drama ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class OfficeHours:
    """When the ContactPoint team answers: ``days`` are ISO weekdays (1 = Monday)."""

    days: tuple[int, ...]
    opens: str  # "HH:MM", local time in England
    closes: str

    def as_json(self) -> dict[str, Any]:
        return {"days": list(self.days), "opens": self.opens, "closes": self.closes}


class DutyContact(NamedTuple):
    office_hours: OfficeHours
    edt_phone: str  # the Emergency Duty Team, answered around the clock


WEEKDAYS = (1, 2, 3, 4, 5)
DEFAULT = DutyContact(OfficeHours(WEEKDAYS, "09:00", "17:00"), "01632 960999")

# name → office hours and Emergency Duty Team number
DUTY: dict[str, DutyContact] = {
    "Bolton": DutyContact(OfficeHours(WEEKDAYS, "08:30", "17:00"), "01632 960900"),
    "Wigan": DutyContact(OfficeHours(WEEKDAYS, "08:45", "17:00"), "01632 960901"),
    "Bury": DutyContact(OfficeHours(WEEKDAYS, "09:00", "17:00"), "01632 960902"),
    "Salford": DutyContact(OfficeHours(WEEKDAYS, "08:30", "16:30"), "0161 496 0900"),
    "Leeds": DutyContact(OfficeHours(WEEKDAYS, "09:00", "17:00"), "0113 496 0900"),
    "Newcastle upon Tyne": DutyContact(OfficeHours(WEEKDAYS, "08:30", "17:00"),
                                       "0191 498 0900"),
}


def duty_contact(authority: str) -> DutyContact:
    """(office hours, Emergency Duty Team phone) of a local authority's ContactPoint team;
    an authority not in the table gets the default hours and the regional duty number."""
    return DUTY.get(authority, DEFAULT)
