"""The codes of the stored result in the minutes' words (English msgids marked with N_).

The counting's own words (invalid reasons, outcomes, checks, ties and open seats) are
``votesys.tally.words``, so the count page, the projector and the minutes say the same thing.
"""

from __future__ import annotations

from fractions import Fraction

from flask_babel import gettext

from votesys.errors import N_

EXCLUSIONS = {
    "convening_absent": N_("Members of the convening committee absent for the whole congress"),
    "absent_not_replaced": N_(
        "Official delegates absent for the whole congress with no alternate seated in their place"
    ),
    "temporary_elsewhere": N_("Members on temporary Party activity elsewhere"),
    "exempted_absent": N_("Members exempted from Party activity who did not come"),
    "suspended": N_("Members suspended from activity or under prosecution"),
    "absent_with_reason": N_(
        "Members absent for the whole congress with a reason accepted by the convening committee"
    ),
}
COMMITTEE_ROLES = {
    "chair": N_("Head of the counting committee"),
    "member": N_("Member of the counting committee"),
}
SIGNER_ROLES = {"chair": N_("HEAD OF THE COUNTING COMMITTEE"), "member": N_("COMMITTEE MEMBER")}
LAYOUTS = {
    "strike": N_("strike through names (the list has more names than places)"),
    "approve": N_("agree / disagree for each name"),
}
SOURCES = {
    "box": N_("the electronic ballot box, sealed at closing"),
    "paper": N_("paper ballots, totals entered by the counting committee"),
}
SETTINGS = {
    "same_given_name_order": N_("Order of candidates with the same given name"),
    "is_all_disagree_valid": N_("A ballot with every row “disagree”"),
    "tie_rule": N_("Equal votes across the last place"),
    "percent_rounding": N_("Rounding of the percentage of B"),
    "alternates_ballot": N_("Alternates"),
    "quorum": N_("Quorum"),
}
SETTING_VALUES = {
    ("same_given_name_order", "surname_middle_birth"): N_(
        "by surname, then middle name, then date of birth"
    ),
    ("same_given_name_order", "manual"): N_("as fixed by the convening committee"),
    ("is_all_disagree_valid", "yes"): N_("valid (a vote against each)"),
    ("is_all_disagree_valid", "no"): N_("invalid"),
    ("tie_rule", "reballot"): N_(
        "nobody in the tie is declared; a new round among them for the places left"
    ),
    ("percent_rounding", "half_up"): N_("two decimals, rounded half up"),
    ("percent_rounding", "truncate"): N_("two decimals, the rest dropped"),
    ("alternates_ballot", "same_ballot"): N_("on the same ballot as the official seats"),
    ("alternates_ballot", "separate_ballot"): N_("on a ballot of their own"),
    ("quorum", "none"): N_("none set"),
}


def exclusion(code: str) -> str:
    return gettext(EXCLUSIONS.get(code, code))


def committee_role(code: str) -> str:
    return gettext(COMMITTEE_ROLES.get(code, code))


def signer_role(code: str) -> str:
    return gettext(SIGNER_ROLES.get(code, code))


def layout(code: str) -> str:
    return gettext(LAYOUTS.get(code, code))


def source(code: str) -> str:
    return gettext(SOURCES.get(code, code))


def setting(code: str) -> str:
    return gettext(SETTINGS.get(code, code))


def setting_value(code: str, value: str) -> str:
    """A setting's value in words; a quorum is a fraction of B ("2/3 of B")."""
    known = SETTING_VALUES.get((code, value))
    if known is not None:
        return gettext(known)
    if code == "quorum":
        return gettext("%(fraction)s of B", fraction=str(Fraction(value)))
    return value
