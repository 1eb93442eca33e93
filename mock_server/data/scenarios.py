"""The training scenarios of product.md §8: exercises over the fixed records of ``named_children``.

Every population (and so every training sandbox) holds these children with exactly this
data beside its generated background. ``SCENARIOS`` is what a trainer teaches from; the
trainer's guide ``docs/training.md`` walks through the same exercises in the same order, and
``tests/server/test_training_scenarios.py`` checks each expected finding against a running
training server, so the guide cannot drift from the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_server.data import named_children


@dataclass(frozen=True, slots=True)
class Scenario:
    key: str
    title: str
    children: tuple[named_children.FixedChild, ...]
    search: dict[str, str]  # the criteria trainees type (API field names)
    exercise: str
    findings: tuple[str, ...]


def _born(child: named_children.FixedChild) -> str:
    return child.dob.isoformat()


SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        key="ae-teenager", title="A teenager brought to A&E",
        children=(named_children.BOLTON_AE,),
        search={"family_name": "Doe", "dob": _born(named_children.BOLTON_AE)},
        exercise=("As the A&E nurse, find Jane Doe (born 14-Jul-2011) with reason "
                  "'Child attending urgent or emergency care' and say who to call."),
        findings=("Both parents, John and Mary Doe, with parental responsibility and phones",
                  "Moorside High School and Deane Road Surgery",
                  "Social worker Paul Ward is lead professional and holds the CAF",
                  "School nurse Grace Lomax is also involved",
                  "A CAF assessment exists; known as Jenny; formerly Jane Smith")),
    Scenario(
        key="kelly", title="Kelly's story: a young carer",
        children=(named_children.KELLY,),
        search={"family_name": "Fairhurst", "dob": _born(named_children.KELLY)},
        exercise=("As the school's learning mentor, find Kelly Fairhurst (born 17-Aug-2011), "
                  "find who else is involved, and record your own involvement."),
        findings=("Housing officer Marcus Reid (Bolton at Home) is involved now",
                  "Social worker Helen Crompton's involvement ended about five months ago: "
                  "shown greyed with its end date",
                  "The family support worker who left two years ago is not shown at all",
                  "Your own involvement appears on the record at once")),
    Scenario(
        key="shielded", title="A shielded child escaping domestic violence",
        children=(named_children.SHIELDED,),
        search={"family_name": "Brennan", "dob": _born(named_children.SHIELDED)},
        exercise=("Find Ellie Brennan (born 02-Mar-2015), then try again adding the postcode "
                  "WN2 3HT. Open her record."),
        findings=("The result carries a Shielded badge and no locality",
                  "Adding a postcode finds nobody: a hidden field was used",
                  "The record shows only name, date of birth, gender and directory ID",
                  "Everything else is replaced by a notice to call the Wigan ContactPoint "
                  "team")),
    Scenario(
        key="sensitive", title="A child with a sensitive service",
        children=(named_children.SENSITIVE,),
        search={"family_name": "Nowak", "dob": _born(named_children.SENSITIVE)},
        exercise="Find Tyler Nowak (born 23-Nov-2009) and open his record.",
        findings=("Youth worker Leon Hardy is shown as usual",
                  "A notice says one or more sensitive services are involved, with Request "
                  "contact — no service, name or number",
                  "A ContactPoint manager sees the service's details")),
    Scenario(
        key="twins", title="Twins with near-identical names",
        children=(named_children.TWIN_KATE, named_children.TWIN_KATIE),
        search={"family_name": "Ashworth", "dob": _born(named_children.TWIN_KATE)},
        exercise=("Find Katie Ashworth (born 09-May-2016). Search by family name and date of "
                  "birth, then with given name Kate, then widen."),
        findings=("Two children share the surname, birthday and address",
                  "Given name Kate finds Kate only; widening adds Katie as a close match",
                  "Only the directory ID tells them apart: check it before acting")),
    Scenario(
        key="two-addresses", title="A child with two current addresses",
        children=(named_children.TWO_ADDRESSES,),
        search={"family_name": "Lowe", "dob": _born(named_children.TWO_ADDRESSES)},
        exercise="Find Harvey Lowe (born 30-Jan-2013) and say where he lives.",
        findings=("Two current addresses: Bury Road, Bolton and Wallgate, Wigan",
                  "His father's address differs from his mother's")),
    Scenario(
        key="care-leaver", title="A care leaver aged 19 with consent",
        children=(named_children.CARE_LEAVER,),
        search={"family_name": "Whitlock", "dob": _born(named_children.CARE_LEAVER)},
        exercise="Find Jordan Whitlock (born 20-May-2007).",
        findings=("Still searchable after 18 because the young person consented",
                  "Personal adviser Tanya Booth is lead professional",
                  "Gender is shown as not specified")),
    Scenario(
        key="archived", title="A record past its retention date",
        children=(named_children.ARCHIVED,),
        search={"family_name": "Thornber", "dob": _born(named_children.ARCHIVED)},
        exercise="Look for Archie Thornber (born 11-Feb-2003).",
        findings=("Nobody is found: archived records are not searchable by practitioners",)),
)


def scenario(key: str) -> Scenario:
    for item in SCENARIOS:
        if item.key == key:
            return item
    raise KeyError(key)
