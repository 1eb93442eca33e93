"""What the population aims for (issue 18): the shares and the rules the builder draws by.

One table serves the builder (``builder.py`` samples with these numbers), the report of
produced shares (``shares.py``, ``scripts/population_shares``) and ``docs/population.md``, so
the page cannot say one thing while the code does another. Sources are public statistics for
England, rounded; where a figure is a judgement it says so.
"""

from __future__ import annotations

# Households (share of families with children; ONS Families and households 2023 and DfE
# looked-after children 2024, rounded): (structure, share).
HOUSEHOLDS: tuple[tuple[str, float], ...] = (
    ("two parents", 0.64),   # married or cohabiting couple, both the children's parents
    ("step-family", 0.08),   # a parent and a step-parent with another family name
    ("lone mother", 0.225),
    ("lone father", 0.035),
    ("kinship carers", 0.012),  # grandparents, aunts, uncles (some with a guardianship order)
    ("foster carers", 0.008),   # a looked-after child in foster care (about 0.5 % of children)
)
SAME_SEX_COUPLES = 0.01  # of two-parent families: two mothers
MOTHER_OWN_NAME = 0.15  # of two-parent families: the mother keeps a family name of her own
KINSHIP_GUARDIANSHIP = 0.5  # of kinship carers: parental responsibility by a guardianship order

# Children per family: 1, 2, 3, 4 (ONS: 45 % / 35 % / 14 % / 6 %); twins in 3 % of families
# with two or more.
FAMILY_SIZES = (0.45, 0.80, 0.94, 1.0)
TWINS = 0.03

ADULTS = 0.07  # generated records aged 18-25 (archived on the 18th birthday without consent)
ADULT_CONSENT = 0.12  # of those: care leavers and young people with SEND who consented

# Education (share of children of compulsory school age, 5-15; DfE Schools, pupils and their
# characteristics 2024, Elective home education 2024, Children missing education 2024).
HOME_EDUCATED = 0.011
MISSING_EDUCATION = 0.003
INDEPENDENT = 0.06
SPECIAL = 0.018
PRU = 0.004  # pupil referral units / alternative provision, secondary age only
ACADEMY = {"primary": 0.42, "secondary": 0.80}  # of state mainstream pupils
FAITH = {"primary": 0.30, "secondary": 0.18}  # Church of England, Catholic or other faith
NURSERY = 0.65  # of 2-3-year-olds, at a nursery or pre-school
POST_16 = 0.85  # of 16-17-year-olds, at a sixth form or college

# Services: (name, youngest age, age before which it ends, share of children of those ages).
# A service is given only within its ages: no health visitor at 5, no youth justice under 10
# (the age of criminal responsibility), no school nurse before school, no sexual-health
# service under 13. Shares are of live records of those ages; a judgement from the services'
# published caseloads.
SERVICE_RULES: tuple[tuple[str, int, int, float], ...] = (
    ("health visiting", 0, 5, 0.50),
    ("school nursing", 5, 19, 0.05),
    ("youth justice", 10, 18, 0.006),
    ("education welfare", 5, 16, 0.02),
    ("family support", 0, 18, 0.03),
    ("youth work", 11, 20, 0.04),
    ("housing", 0, 26, 0.02),
    ("social care", 0, 26, 0.03),  # children in need; every fostered child besides
    ("mental health", 5, 26, 0.025),
    ("sexual health", 13, 26, 0.02),
    ("substance misuse", 12, 26, 0.004),
)
# Sensitive services by age band: (service, from age, to age, share).
SENSITIVE_BANDS: tuple[tuple[str, int, int, float], ...] = (
    ("mental health", 5, 11, 0.008),
    ("mental health", 11, 18, 0.04),
    ("mental health", 18, 26, 0.03),
    ("sexual health", 13, 16, 0.004),
    ("sexual health", 16, 18, 0.02),
    ("sexual health", 18, 26, 0.03),
    ("substance misuse", 12, 18, 0.003),
    ("substance misuse", 18, 26, 0.005),
)
CAF = 0.06  # of live under-18s: an Early Help assessment (CAF), always with a lead professional
ENDED = 0.25  # of ordinary involvements: ended (some more than a year ago)
SHIELDED = 0.005
FORMER_NAME = {"step-family": 0.30, "foster carers": 0.20, "other": 0.01}
KNOWN_AS = 0.25  # of children whose first name has a usual short form (Thomas → Tom)
NO_PHONE = 0.05  # of parents and carers: no number recorded


def service_window(service: str) -> tuple[int, int]:
    """(youngest age, age before which it ends) of a service the population gives."""
    for name, lo, hi, _share in SERVICE_RULES:
        if name == service:
            return lo, hi
    return 0, 26
