"""Widgets built a piece at a time (issue 18: no GUI-thread stall over one frame).

A page that is built while the user signs in does its construction in a generator, ``building``,
which yields a short name after each piece. Whoever warms the page up runs one piece per
event-loop turn (input and paint go between them); whoever needs the page now runs the rest at
once with :func:`finish`. A page is used only once its building has run to the end: its
attributes are made by the pieces.
"""

from __future__ import annotations

from collections.abc import Iterator

Building = Iterator[str]  # each item: the name of the piece just built (for the benchmarks)


def finish(building: Building) -> None:
    """Build whatever pieces are left, now (nothing if the building has run to its end)."""
    for _piece in building:
        pass
