"""The count in words, as the pages and the projector say it (rules.md §5, §6).

English msgids marked with N_; translated when shown.
"""

from __future__ import annotations

from flask_babel import gettext

from votesys.errors import N_

ROUND_STATES = {
    "draft": N_("List in draft"),
    "list_approved": N_("List approved: voting not open yet"),
    "open": N_("Voting open"),
    "closed": N_("Voting closed: to be counted"),
    "counted": N_("Counted: waiting for the committee's confirmations"),
    "signed": N_("Signed by the committee: the chair may announce it"),
    "announced": N_("Announced"),
}
OUTCOMES = {
    "elected": N_("Elected"),
    "alternate": N_("Alternate"),
    "tied": N_("Tied"),
    "not_elected": N_("Not elected"),
}
INVALID_REASONS = {
    "too_many_kept": N_("more names kept than places"),
    "all_struck": N_("every name struck"),
    "no_mark": N_("neither box marked"),
    "both_marked": N_("both boxes marked"),
    "all_disagree": N_("every row “disagree”"),
    "deliberately_spoilt": N_("spoilt on purpose by the delegate"),
}
CHECKS = {
    "roll_adds_up": N_("Present + absent at the vote = summoned"),
    "roll_matches_base": N_("The roll's summoned = B's summoned"),
    "base_adds_up": N_("B = summoned − each exclusion"),
    "returned_within_issued": N_("Ballots returned ≤ ballots issued"),
    "ballots_add_up": N_("Valid + invalid = returned"),
    "votes_within_valid": N_("No candidate above the valid ballots"),
    "strike_total_within_bounds": N_("Valid ≤ all votes ≤ valid × places"),
}
NOTICES = {
    "tie_for_seats": N_(
        "Tie for the %(places)s seat(s) still open: %(names)s have equal votes. None of them is "
        "elected in this round; the congress decides on a new round among them."
    ),
    "tie_for_alternates": N_(
        "Tie for the %(places)s alternate place(s) still open: %(names)s have equal votes. None "
        "of them is an alternate yet; the congress decides on a new round among them."
    ),
    "seats_open": N_(
        "%(places)s seat(s) remain open: not enough candidates had more than half of B "
        "(%(threshold)s votes). The congress decides whether to vote again."
    ),
    "alternates_open": N_(
        "%(places)s alternate place(s) remain open. The congress decides whether to vote again."
    ),
}


def round_state(code: str) -> str:
    return gettext(ROUND_STATES.get(code, code))


def outcome(code: str) -> str:
    return gettext(OUTCOMES.get(code, code))


def invalid_reason(code: str) -> str:
    return gettext(INVALID_REASONS.get(code, code))


def check(code: str) -> str:
    return gettext(CHECKS.get(code, code))


def notice(item: dict, threshold: int | None) -> str:
    """One tie or open places in a sentence; ``item`` as in ``queries.Summary.notices``."""
    return gettext(
        NOTICES[item["code"]],
        places=item["places"],
        names=", ".join(item["names"]),
        threshold=threshold if threshold is not None else "",
    )
