"""Writes the fixed records of ``mock_server/fixtures.py`` through the population builder."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from mock_server import fixtures

if TYPE_CHECKING:
    from mock_server.population import _Builder


def insert_fixed(builder: _Builder) -> None:
    from mock_server.population import LOCAL_AUTHORITIES

    conn, today = builder.conn, builder.today
    la_ids = {la[0]: i + 1 for i, la in enumerate(LOCAL_AUTHORITIES)}
    settings: dict[tuple[str, str], int] = {}
    families: dict[tuple[fixtures.FixedParent, ...], int] = {}

    def setting(table: str, la_id: int, item: fixtures.FixedSetting) -> int:
        key = (table, item.name)
        if key not in settings:
            if table == "schools":
                cur = conn.execute("INSERT INTO schools (la_id, name, type, phone, address)"
                                   " VALUES (?, ?, ?, ?, ?)",
                                   (la_id, item.name, item.type, item.phone, item.address))
            else:
                cur = conn.execute("INSERT INTO gp_practices (la_id, name, phone, address)"
                                   " VALUES (?, ?, ?, ?)",
                                   (la_id, item.name, item.phone, item.address))
            settings[key] = int(cur.lastrowid or 0)
        return settings[key]

    for child in fixtures.FIXED_CHILDREN:
        la_id = la_ids[child.local_authority]
        family_id = families.get(child.parents) if child.parents else None
        if family_id is None:
            builder.family_id += 1
            family_id = builder.family_id
            if child.parents:
                families[child.parents] = family_id
            for p in child.parents:
                builder.rows["parents"].append((family_id, p.name, p.relationship,
                                                int(p.parental_responsibility), p.phone,
                                                p.email, p.address, 0))
        builder.used_ids.add(child.directory_id)
        current = [a for a in child.addresses if a.current]
        cid = builder.add_child(
            did=child.directory_id, family_id=family_id, family_name=child.family_name,
            given_names=child.given_names, known_as=child.known_as, dob=child.dob.isoformat(),
            gender=child.gender, la_id=la_id, town=current[0].town,
            postcodes=[a.postcode for a in current],
            school_id=setting("schools", la_id, child.school) if child.school else None,
            school_since=child.school.since if child.school else None,
            gp_id=setting("gp_practices", la_id, child.gp) if child.gp else None,
            caf=child.caf, shielded=child.shielded, archived=child.archived,
            consent=child.consent, last_updated=f"{today.isoformat()}T09:00:00Z")
        for a in child.addresses:
            builder.rows["addresses"].append((cid, a.line, a.town, a.postcode, a.from_date,
                                              a.to_date, int(a.current)))
        for name in child.former_names:
            builder.rows["former_names"].append((cid, name))
        for inv in child.involvements:
            cur = conn.execute(
                "INSERT INTO practitioners (la_id, name, job_title, organisation, service,"
                " phone, email) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (la_id, inv.practitioner, inv.job_title, inv.organisation, inv.service,
                 inv.phone, inv.email))
            ended = (None if inv.ended_days_ago is None
                     else (today - timedelta(days=inv.ended_days_ago)).isoformat())
            builder.add_involvement(cid, int(cur.lastrowid or 0), inv.service, inv.since, ended,
                                    inv.lead_professional, inv.caf_holder, inv.sensitive)
