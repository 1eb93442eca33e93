"""Consent (issue 17; seed 004: practitioners "ask your permission"): what recording an
involvement, requesting contact with a sensitive service and convening the team must carry.

Either consent was given — by the child or by a parent or carer, on a day no later than today
and no earlier than a year ago — or it was not sought on an urgent ground from a fixed list,
with a reason of at least 10 characters. Anything else: 400 ``consent_required``.
"""

from __future__ import annotations

from datetime import date, timedelta

from mock_server.data.together import Consent
from mock_server.rules.errors import ApiError
from mock_server.rules.involvements import text_field

BASES = ("child", "parent", "urgent")
# The urgent grounds on which consent is not sought (seed 004: "a child in danger or
# seriously ill"), with their wording.
URGENT_GROUNDS = {
    "danger": "A child is in danger (at risk of significant harm)",
    "seriously-ill": "A child is seriously ill or injured",
    "asking-increases-risk": "Asking would put the child or someone else at greater risk",
    "serious-crime": "Preventing or detecting a serious crime",
}
MAX_AGE_DAYS = 365
REQUIRED = ("Record consent: given by the child or by a parent or carer (with the date), or"
            " the urgent ground on which it was not sought (with a reason).")


def parse_consent(basis: str | None, given_on: str | None, ground: str | None,
                  reason: str | None, today: date | None = None) -> Consent:
    today = today or date.today()
    if basis not in BASES:
        raise ApiError(400, "consent_required", REQUIRED)
    if basis == "urgent":
        if ground not in URGENT_GROUNDS:
            raise ApiError(400, "consent_required", "Choose the urgent ground from the list: "
                           + ", ".join(URGENT_GROUNDS) + ".")
        try:
            text = text_field(reason, "reason consent was not sought", 10, 500)
        except ApiError as exc:
            raise ApiError(400, "consent_required", exc.message) from None
        return Consent("urgent", ground=ground, reason=text)
    try:
        day = date.fromisoformat(given_on or "")
    except ValueError:
        raise ApiError(400, "consent_required",
                       "Give the date consent was given (YYYY-MM-DD).") from None
    if day > today:
        raise ApiError(400, "consent_required", "Consent cannot be dated in the future.")
    if day < today - timedelta(days=MAX_AGE_DAYS):
        raise ApiError(400, "consent_required", "Consent given more than a year ago must be"
                       " asked again.")
    return Consent(basis, given_on=day.isoformat())
