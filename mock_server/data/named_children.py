"""Fixed, well-known children that every population contains (demo, UI tests, training).

They are inserted with exactly this data whatever the seed or size, beside the generated
background population. UI tests and the demo refer to them through these constants:

- ``BOLTON_AE`` — Jane Ann Doe ("Jenny"), 14-Jul-2011, Bolton: the A&E case of api.md. Two
  parents, Moorside High School, Deane Road Surgery, a social worker (lead professional) and a
  school nurse; a CAF exists; one former name.
- ``KELLY`` — Kelly Fairhurst, 15, young carer in Bolton: a housing officer, a social worker
  whose involvement ended about five months ago (still shown) and a family support worker
  whose involvement ended two years ago (never sent). ``KELLY_SIBLINGS``: her younger brother
  Jayden (12), sister Lily-Mae (9) and brother Alfie (6), in the same family and home (their
  directory IDs are in the NHS test range, 999…).
- ``SHIELDED`` — Ellie Brennan, Wigan, shielded (a former name, a parent, an address: all withheld
  from practitioners).
- ``SENSITIVE`` — Tyler Nowak, Bolton, with a mental-health service (sensitive) and a youth
  worker.
- ``TWIN_KATE`` / ``TWIN_KATIE`` — Kate and Katie Ashworth, twins born 09-May-2016, Bolton.
- ``TWO_ADDRESSES`` — Harvey Lowe, two current addresses (Bolton and Wigan).
- ``CARE_LEAVER`` — Jordan Whitlock, aged 19 with consent, still searchable.
- ``ARCHIVED`` — Archie Thornber, aged 23 without consent: archived, never shown to practitioners.
- ``APOSTROPHE`` — Siobhán O'Neill-Hughes, Wigan: accents, an apostrophe and a hyphen.
- ``CROWD_FAMILY_NAME`` — 60 children called Openshaw born 2012–2014 in Bolton, so a search
  for ``Openshaw`` with that date range gets ``too_many``.

Every value is synthetic: phone numbers from Ofcom's drama ranges, e-mail at example.org.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class FixedAddress:
    line: str
    town: str
    postcode: str
    from_date: str
    to_date: str | None = None

    @property
    def current(self) -> bool:
        return self.to_date is None


@dataclass(frozen=True, slots=True)
class FixedParent:
    name: str
    relationship: str
    parental_responsibility: bool
    phone: str | None
    email: str | None
    address: str | None = None


@dataclass(frozen=True, slots=True)
class FixedSetting:
    """A school (with ``type`` and ``since``) or a GP practice."""

    name: str
    phone: str
    address: str
    type: str | None = None
    since: str | None = None


@dataclass(frozen=True, slots=True)
class FixedInvolvement:
    practitioner: str
    job_title: str
    organisation: str
    service: str
    phone: str
    email: str
    since: str
    ended_days_ago: int | None = None  # relative to the day the population is built
    lead_professional: bool = False
    caf_holder: bool = False
    sensitive: bool = False


@dataclass(frozen=True, slots=True)
class FixedChild:
    directory_id: str
    family_name: str
    given_names: str
    known_as: str | None
    dob: date
    gender: str
    local_authority: str
    addresses: tuple[FixedAddress, ...]
    parents: tuple[FixedParent, ...] = ()
    school: FixedSetting | None = None
    gp: FixedSetting | None = None
    involvements: tuple[FixedInvolvement, ...] = ()
    former_names: tuple[str, ...] = ()
    shielded: bool = False
    caf: bool = False
    consent: bool = False
    archived: bool = False


_MOORSIDE = FixedSetting("Moorside High School", "01632 960456",
                         "Moorside Lane, Bolton BL1 6PQ", "secondary", "2022-09-01")
_DEANE = FixedSetting("Deane Road Surgery", "01632 960789", "Deane Road, Bolton BL3 5DR")

BOLTON_AE = FixedChild(
    directory_id="9997773454", family_name="Doe", given_names="Jane Ann", known_as="Jenny",
    dob=date(2011, 7, 14), gender="female", local_authority="Bolton",
    addresses=(FixedAddress("12 Acacia Road", "Bolton", "BL1 4AA", "2019-03-01"),
               FixedAddress("3 Mill Street", "Farnworth", "BL4 7QR", "2014-05-01",
                            "2019-03-01")),
    parents=(FixedParent("John Doe", "father", True, "07700 900123", "john.doe@example.org"),
             FixedParent("Mary Doe", "mother", True, "07700 900124", "mary.doe@example.org")),
    school=_MOORSIDE, gp=_DEANE,
    involvements=(
        FixedInvolvement("Paul Ward", "Social worker", "Bolton Children's Services",
                         "social care", "01632 960111", "paul.ward@example.org", "2024-01-10",
                         lead_professional=True, caf_holder=True),
        FixedInvolvement("Grace Lomax", "School nurse", "Bolton Community Health",
                         "school nursing", "01632 960112", "grace.lomax@example.org",
                         "2023-09-04"),
    ),
    former_names=("Jane Smith",), caf=True,
)

_FAIRHURST_HOME = FixedAddress("41 Chorley Old Road", "Bolton", "BL1 3AE", "2017-06-12")
_FAIRHURST_PARENTS = (FixedParent("Donna Fairhurst", "mother", True, "07700 900131", None),)
_HALLIWELL = FixedSetting("Halliwell Moss Primary School", "01632 960464",
                          "Moss Bank Way, Bolton BL1 6NX", "primary")

KELLY = FixedChild(
    directory_id="9997127838", family_name="Fairhurst", given_names="Kelly Marie",
    known_as=None, dob=date(2011, 8, 17), gender="female", local_authority="Bolton",
    addresses=(_FAIRHURST_HOME,), parents=_FAIRHURST_PARENTS,
    school=_MOORSIDE, gp=_DEANE,
    involvements=(
        FixedInvolvement("Marcus Reid", "Housing officer", "Bolton at Home", "housing",
                         "01632 960113", "marcus.reid@example.org", "2025-02-03"),
        FixedInvolvement("Helen Crompton", "Social worker", "Bolton Children's Services",
                         "social care", "01632 960114", "helen.crompton@example.org",
                         "2024-03-18", ended_days_ago=150),
        FixedInvolvement("Sean Kay", "Family support worker", "Bolton Early Help",
                         "family support", "01632 960115", "sean.kay@example.org",
                         "2022-01-10", ended_days_ago=730),
    ),
)


def _fairhurst(directory_id: str, given_names: str, dob: date, gender: str,
               school: FixedSetting, since: str) -> FixedChild:
    return FixedChild(
        directory_id=directory_id, family_name="Fairhurst", given_names=given_names,
        known_as=None, dob=dob, gender=gender, local_authority="Bolton",
        addresses=(_FAIRHURST_HOME,), parents=_FAIRHURST_PARENTS, gp=_DEANE,
        school=FixedSetting(school.name, school.phone, school.address, school.type, since))


# Kelly's three younger brothers and sister: the same mother and home (one family), so the
# household and siblings views find them through the family, as for any generated family.
KELLY_BROTHER = _fairhurst("9991127011", "Jayden Lee", date(2014, 3, 5), "male", _MOORSIDE,
                           "2025-09-01")
KELLY_SISTER = _fairhurst("9991127038", "Lily-Mae", date(2017, 10, 22), "female", _HALLIWELL,
                          "2022-09-01")
KELLY_YOUNGEST = _fairhurst("9991127046", "Alfie James", date(2020, 6, 30), "male",
                            _HALLIWELL, "2024-09-01")
KELLY_SIBLINGS = (KELLY_BROTHER, KELLY_SISTER, KELLY_YOUNGEST)

SHIELDED = FixedChild(
    directory_id="9999730698", family_name="Brennan", given_names="Ellie", known_as=None,
    dob=date(2015, 3, 2), gender="female", local_authority="Wigan",
    addresses=(FixedAddress("7 Larch Close", "Hindley", "WN2 3HT", "2025-10-01"),),
    parents=(FixedParent("Claire Brennan", "mother", True, "07700 900141", None),),
    school=FixedSetting("Hindley Green Primary School", "01632 960460",
                        "Atherton Road, Hindley WN2 4SD", "primary", "2025-10-13"),
    gp=FixedSetting("Hindley Health Centre", "01632 960790", "Liverpool Road, Hindley WN2 3HQ"),
    involvements=(
        FixedInvolvement("Nadia Iqbal", "Social worker", "Wigan Children's Services",
                         "social care", "01632 960116", "nadia.iqbal@example.org",
                         "2025-09-20", lead_professional=True),
    ),
    former_names=("Ellie Walsh",), shielded=True,
)

SENSITIVE = FixedChild(
    directory_id="9999384994", family_name="Nowak", given_names="Tyler", known_as=None,
    dob=date(2009, 11, 23), gender="male", local_authority="Bolton",
    addresses=(FixedAddress("88 Tonge Moor Road", "Bolton", "BL2 2DL", "2016-08-01"),),
    parents=(FixedParent("Anna Nowak", "mother", True, "07700 900151",
                         "anna.nowak@example.org"),),
    school=FixedSetting("Canon Slade School", "01632 960461", "Bradshaw Brow, Bolton BL2 3BP",
                        "secondary", "2021-09-01"),
    gp=_DEANE,
    involvements=(
        FixedInvolvement("Leon Hardy", "Youth worker", "Bolton Youth Service", "youth work",
                         "01632 960117", "leon.hardy@example.org", "2025-04-01"),
        FixedInvolvement("Dr Priya Natt", "Clinical psychologist", "Bolton CAMHS",
                         "mental health", "01632 960118", "priya.natt@example.org",
                         "2026-01-15", sensitive=True),
    ),
)

_ASHWORTH_HOME = FixedAddress("5 Church Walk", "Horwich", "BL6 6AB", "2016-05-20")
_ASHWORTH_PARENTS = (
    FixedParent("Laura Ashworth", "mother", True, "07700 900161", "laura.ashworth@example.org"),
    FixedParent("Ben Ashworth", "father", True, "07700 900162", None),
)
_ASHWORTH_SCHOOL = FixedSetting("Horwich Parish Primary School", "01632 960462",
                                "Church Street, Horwich BL6 6AA", "primary", "2020-09-01")
TWIN_KATE = FixedChild(
    directory_id="9998471567", family_name="Ashworth", given_names="Kate Elizabeth",
    known_as=None, dob=date(2016, 5, 9), gender="female", local_authority="Bolton",
    addresses=(_ASHWORTH_HOME,), parents=_ASHWORTH_PARENTS, school=_ASHWORTH_SCHOOL, gp=_DEANE,
)
TWIN_KATIE = FixedChild(
    directory_id="9997778685", family_name="Ashworth", given_names="Katie Louise",
    known_as=None, dob=date(2016, 5, 9), gender="female", local_authority="Bolton",
    addresses=(_ASHWORTH_HOME,), parents=_ASHWORTH_PARENTS, school=_ASHWORTH_SCHOOL, gp=_DEANE,
)

TWO_ADDRESSES = FixedChild(
    directory_id="9993989223", family_name="Lowe", given_names="Harvey James", known_as=None,
    dob=date(2013, 1, 30), gender="male", local_authority="Bolton",
    addresses=(FixedAddress("19 Bury Road", "Bolton", "BL2 6QE", "2020-02-01"),
               FixedAddress("2 Wallgate", "Wigan", "WN1 1BA", "2021-04-01")),
    parents=(FixedParent("Sarah Lowe", "mother", True, "07700 900171", None),
             FixedParent("Gary Lowe", "father", True, "07700 900172", None,
                         "2 Wallgate, Wigan WN1 1BA")),
    school=_MOORSIDE, gp=_DEANE,
)

CARE_LEAVER = FixedChild(
    directory_id="9990713642", family_name="Whitlock", given_names="Jordan", known_as=None,
    dob=date(2007, 5, 20), gender="not_specified", local_authority="Bolton",
    addresses=(FixedAddress("Flat 4, 10 Marsden Road", "Bolton", "BL1 2JX", "2025-06-01"),),
    involvements=(
        FixedInvolvement("Tanya Booth", "Personal adviser", "Bolton Leaving Care Team",
                         "leaving care", "01632 960119", "tanya.booth@example.org",
                         "2025-05-20", lead_professional=True),
    ),
    gp=_DEANE, consent=True,
)

ARCHIVED = FixedChild(
    directory_id="9996554864", family_name="Thornber", given_names="Archie", known_as=None,
    dob=date(2003, 2, 11), gender="male", local_authority="Bolton",
    addresses=(FixedAddress("6 Park Road", "Westhoughton", "BL5 3BP", "2010-01-01"),),
    archived=True,
)

APOSTROPHE = FixedChild(
    directory_id="9992758694", family_name="O'Neill-Hughes", given_names="Siobhán",
    known_as=None, dob=date(2014, 10, 3), gender="female", local_authority="Wigan",
    addresses=(FixedAddress("23 Mesnes Road", "Wigan", "WN1 2DD", "2018-09-01"),),
    parents=(FixedParent("Aoife O'Neill", "mother", True, "07700 900181", None),),
    school=FixedSetting("St John Fisher Primary School", "01632 960463",
                        "Oak Street, Wigan WN1 2EX", "primary", "2019-09-01"),
)

FIXED_CHILDREN: tuple[FixedChild, ...] = (
    BOLTON_AE, KELLY, SHIELDED, SENSITIVE, TWIN_KATE, TWIN_KATIE, TWO_ADDRESSES, CARE_LEAVER,
    ARCHIVED, APOSTROPHE, *KELLY_SIBLINGS,
)

CROWD_FAMILY_NAME = "Openshaw"
CROWD_SIZE = 60
CROWD_DOB_FROM = date(2012, 1, 1)
CROWD_DOB_TO = date(2014, 12, 31)
