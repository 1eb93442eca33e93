"""Retention (product.md §2): a record lives to the 18th birthday, to the 25th only with the
young person's consent, then it is archived and never searched or shown again.

The population builder applies :func:`archived_on` to every child it makes; the server
applies :func:`sweep` to its database at every start (so a record that reaches its day while
the server is down is archived before anyone can search for it). Both take the date as an
argument, so a fixed day tests them.
"""

from __future__ import annotations

import sqlite3
from datetime import date


def birthday(dob: date, years: int) -> date:
    """The ``years``-th birthday (29 February falls on 1 March in other years)."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return date(dob.year + years, 3, 1)


def archived_on(dob: date, consent: bool, today: date) -> bool:
    """True when the record must be archived on ``today``."""
    return today >= birthday(dob, 25) or (today >= birthday(dob, 18) and not consent)


def sweep(conn: sqlite3.Connection, today: date) -> int:
    """Archive every live record past its day; the number archived. SQLite's ``date(dob,
    '+N years')`` rolls 29 February to 1 March, as :func:`birthday` does."""
    cur = conn.execute(
        "UPDATE children SET archived = 1 WHERE archived = 0 AND ("
        " date(dob, '+25 years') <= :today"
        " OR (date(dob, '+18 years') <= :today AND consent = 0))",
        {"today": today.isoformat()})
    return int(cur.rowcount)
