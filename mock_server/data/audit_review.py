"""The audit read behind the area team's audit review (issue 17): who viewed which of the
area's children, when, and with which reason — with what the flags need
(``rules/audit_review.py`` decides them).

Two small lists the area team keeps, planted for the mock (``planted_children.py``):
``watched_children`` (children of well-known families: every view is looked at) and
``staff_homes`` (the home addresses the directory knows of staff, so a view of a child living
at the viewer's own address stands out).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mock_server.data.store import connect

SCHEMA = """
CREATE TABLE IF NOT EXISTS watched_children (directory_id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS staff_homes (username TEXT NOT NULL, line TEXT NOT NULL,
    postcode TEXT NOT NULL, PRIMARY KEY (username, line, postcode));
"""
VIEW_ACTIONS = ("view", "override", "household")


def prepare(path: Path, watched: Iterable[str] = (),
            homes: Iterable[tuple[str, str, str]] = ()) -> None:
    conn = connect(path)
    try:
        conn.executescript(SCHEMA)
        conn.executemany("INSERT OR IGNORE INTO watched_children VALUES (?)",
                         [(d,) for d in watched])
        conn.executemany("INSERT OR IGNORE INTO staff_homes VALUES (?, ?, ?)", list(homes))
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class AreaView:
    seq: int
    at: str
    username: str
    display_name: str
    action: str
    directory_id: str
    reason_code: str | None
    reason_text: str | None
    viewer_known: bool  # the directory knows the viewer's roles
    viewer_in_area: bool  # one of them is in the child's area
    watched: bool
    same_family_name: bool  # the child's family name is the viewer's
    at_viewer_home: bool  # the child lives at the viewer's known home address


def area_views(path: Path, local_authority: str, since: str, limit: int = 2000,
               ) -> list[AreaView]:
    """Successful record views of the area's children since ``since``, newest first."""
    marks = ", ".join("?" * len(VIEW_ACTIONS))
    conn = connect(path, read_only=True)
    try:
        rows = conn.execute(
            "SELECT a.seq, a.at, a.username, coalesce(u.display_name, a.username), a.action,"  # noqa: S608
            " a.directory_id, a.reason_code, a.detail, c.family_name,"
            " EXISTS (SELECT 1 FROM user_roles r WHERE r.username = a.username),"
            " EXISTS (SELECT 1 FROM user_roles r WHERE r.username = a.username"
            "  AND r.local_authority = la.name),"
            " EXISTS (SELECT 1 FROM watched_children w WHERE w.directory_id = a.directory_id),"
            " EXISTS (SELECT 1 FROM staff_homes h JOIN addresses ad ON ad.child_id = c.child_id"
            "  AND ad.current = 1 AND ad.line = h.line AND ad.postcode = h.postcode"
            "  WHERE h.username = a.username)"
            " FROM audit a JOIN children c ON c.directory_id = a.directory_id"
            " JOIN local_authorities la ON la.la_id = c.la_id"
            " LEFT JOIN users u ON u.username = a.username"
            f" WHERE la.name = ? AND a.action IN ({marks}) AND a.outcome = 'ok'"
            " AND a.at >= ? ORDER BY a.seq DESC LIMIT ?",
            (local_authority, *VIEW_ACTIONS, since, limit)).fetchall()
    except sqlite3.Error:
        return []  # a database without users or lists: nothing to review
    finally:
        conn.close()
    out = []
    for (seq, at, username, display, action, directory_id, reason_code, detail, family,
         known, in_area, watched, at_home) in rows:
        try:
            text = json.loads(detail).get("reason_text")
        except (ValueError, AttributeError):
            text = None
        surname = str(display).split()[-1].lower() if str(display).split() else ""
        out.append(AreaView(
            int(seq), str(at), str(username), str(display), str(action), str(directory_id),
            reason_code, text if isinstance(text, str) else None, bool(known), bool(in_area),
            bool(watched), surname == str(family).lower(), bool(at_home)))
    return out
