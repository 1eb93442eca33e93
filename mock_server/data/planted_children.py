"""Children planted for working together (issue 17), beside the named children of
``named_children.py`` and written the same way (``insert_named.py``):

- ``DUPLICATE_A`` / ``DUPLICATE_B`` — Mason James Hargreaves, recorded twice in Bolton (one
  with a typing slip): a possible duplicate the area team is told of; practitioners see the
  warning on both.
- ``SHIELDED_TWIN`` / ``UNSHIELDED_COPY`` — Lily May Pemberton, shielded in Wigan, and an
  old unshielded record of her in Bolton ("Lilly May", the old address): the 2009 leak.
  The copy is shielded with her until the area team resolves the pair, and nothing on it
  says that a shielded record exists.
- ``WELL_KNOWN`` — Phoenix Ashcroft-Vale, a child of a well-known family: every view is
  flagged in the area team's audit review.
- ``COLLEAGUE_CHILD`` — Chidi Okafor, who lives at the demo welfare officer's home address
  (``STAFF_HOMES``): the officer's views of him are flagged as a colleague's own child.

Every value is synthetic: phone numbers from Ofcom's drama ranges, e-mail at example.org.
"""

from __future__ import annotations

from datetime import date

from mock_server.data.named_children import FixedAddress, FixedChild, FixedParent

_HARGREAVES_HOME = FixedAddress("9 Shepherd Cross Street", "Bolton", "BL1 3EN", "2016-04-01")
_HARGREAVES_PARENTS = (FixedParent("Joanne Hargreaves", "mother", True, "07700 900191",
                                   "joanne.hargreaves@example.org"),)
DUPLICATE_A = FixedChild(
    directory_id="9993488704", family_name="Hargreaves", given_names="Mason James",
    known_as=None, dob=date(2014, 2, 11), gender="male", local_authority="Bolton",
    addresses=(_HARGREAVES_HOME,), parents=_HARGREAVES_PARENTS,
)
DUPLICATE_B = FixedChild(
    directory_id="9993488712", family_name="Hargreaves", given_names="Mason Jame",
    known_as=None, dob=date(2014, 2, 11), gender="male", local_authority="Bolton",
    addresses=(_HARGREAVES_HOME,),
    parents=(FixedParent("Joanne Hargreaves", "mother", True, "07700 900192", None),),
)

SHIELDED_TWIN = FixedChild(
    directory_id="9993488720", family_name="Pemberton", given_names="Lily May", known_as=None,
    dob=date(2013, 6, 21), gender="female", local_authority="Wigan",
    addresses=(FixedAddress("31 Kenyon Road", "Standish", "WN6 0PQ", "2025-11-01"),),
    parents=(FixedParent("Rachel Pemberton", "mother", True, "07700 900193", None),),
    shielded=True,
)
UNSHIELDED_COPY = FixedChild(
    directory_id="9993488739", family_name="Pemberton", given_names="Lilly May",
    known_as=None, dob=date(2013, 6, 21), gender="female", local_authority="Bolton",
    addresses=(FixedAddress("58 Halliwell Road", "Bolton", "BL1 8RL", "2015-01-05"),),
    parents=(FixedParent("Rachel Pemberton", "mother", True, "07700 900194",
                         "rachel.pemberton@example.org"),),
)

WELL_KNOWN = FixedChild(
    directory_id="9993488747", family_name="Ashcroft-Vale", given_names="Phoenix",
    known_as=None, dob=date(2015, 9, 30), gender="not_specified", local_authority="Bolton",
    addresses=(FixedAddress("The Coach House, Regent Road", "Bolton", "BL6 4DJ",
                            "2019-07-01"),),
)

COLLEAGUE_CHILD = FixedChild(
    directory_id="9993488755", family_name="Okafor", given_names="Chidi", known_as=None,
    dob=date(2016, 12, 4), gender="male", local_authority="Bolton",
    addresses=(FixedAddress("27 Markland Hill Lane", "Bolton", "BL1 5EH", "2018-03-01"),),
    parents=(FixedParent("Daniel Okafor", "father", True, "07700 900195", None),),
)

PLANTED: tuple[FixedChild, ...] = (DUPLICATE_A, DUPLICATE_B, SHIELDED_TWIN, UNSHIELDED_COPY,
                                   WELL_KNOWN, COLLEAGUE_CHILD)

# The area team's list of children of well-known families (every view is looked at).
WELL_KNOWN_IDS = (WELL_KNOWN.directory_id,)
# Home addresses the directory knows of staff (username, address line, postcode).
STAFF_HOMES = (("welfare.demo", "27 Markland Hill Lane", "BL1 5EH"),)
