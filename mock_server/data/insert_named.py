"""Writes the named children of ``named_children.py`` through the population builder's
public methods (the same rows as the generated ones, with exactly this data)."""

from __future__ import annotations

from datetime import timedelta

from mock_server.data import named_children
from mock_server.data.builder import PopulationBuilder
from mock_server.data.planted_children import PLANTED
from mock_server.data.samples import LOCAL_AUTHORITIES


def insert_named(builder: PopulationBuilder) -> None:
    today = builder.today
    la_ids = {la[0]: i + 1 for i, la in enumerate(LOCAL_AUTHORITIES)}
    settings: dict[tuple[str, str], int] = {}
    families: dict[tuple[named_children.FixedParent, ...], int] = {}

    def setting(table: str, la_id: int, item: named_children.FixedSetting) -> int:
        key = (table, item.name)
        if key not in settings:
            settings[key] = builder.insert_setting(table, la_id, item.name, item.type,
                                                   item.phone, item.address)
        return settings[key]

    for child in (*named_children.FIXED_CHILDREN, *PLANTED):  # PLANTED: issue 17
        la_id = la_ids[child.local_authority]
        family_id = families.get(child.parents) if child.parents else None
        if family_id is None:
            family_id = builder.new_family_id()
            if child.parents:
                families[child.parents] = family_id
            for p in child.parents:
                builder.add_parent(family_id, p.name, p.relationship, p.parental_responsibility,
                                   p.phone, p.email, p.address)
        builder.claim_directory_id(child.directory_id)
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
            builder.add_address(cid, a.line, a.town, a.postcode, a.from_date, a.to_date,
                                a.current)
        for name in child.former_names:
            builder.add_former_name(cid, name)
        for inv in child.involvements:
            practitioner = builder.insert_practitioner(
                la_id, inv.practitioner, inv.job_title, inv.organisation, inv.service,
                inv.phone, inv.email)
            ended = (None if inv.ended_days_ago is None
                     else (today - timedelta(days=inv.ended_days_ago)).isoformat())
            builder.add_involvement(cid, practitioner, inv.service, inv.since, ended,
                                    inv.lead_professional, inv.caf_holder, inv.sensitive)
