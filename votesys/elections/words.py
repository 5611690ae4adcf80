"""The elections in words, as the pages say them: kinds, round states, layouts, and the typed
errors' parameters (codes such as "open" or "executive_committee") put into words before the
message is translated. English msgids marked with N_; translated when shown.
"""

from __future__ import annotations

from flask_babel import gettext

from votesys.errors import N_, DomainError

KIND_NAMES = {
    "executive_committee": N_("Executive committee"),
    "standing_committee": N_("Standing committee"),
    "secretary": N_("Secretary"),
    "deputy_secretary": N_("Deputy secretary"),
    "inspection_committee": N_("Inspection committee"),
    "inspection_chair": N_("Chair of the inspection committee"),
    "delegates": N_("Delegates to the higher congress"),
    "alternate_delegates": N_("Alternate delegates (separate ballot)"),
    "opinion": N_("Opinion ballot"),
}
STATUS_NAMES = {
    "draft": N_("Draft list"),
    "list_approved": N_("List approved"),
    "open": N_("Voting open"),
    "closed": N_("Voting closed"),
    "counted": N_("Counted"),
    "signed": N_("Minutes signed"),
    "announced": N_("Result announced"),
}
STEP_NAMES = {
    "reopen the list": N_("reopen the list"),
    "approve the list": N_("approve the list"),
    "open voting": N_("open voting"),
    "close voting": N_("close voting"),
    "count the ballots": N_("count the ballots"),
    "sign the minutes": N_("sign the minutes"),
    "announce the result": N_("announce the result"),
    "followed by a new round": N_("followed by a new round"),
}
LAYOUTS = {
    "strike": N_(
        "More names than places: each delegate strikes through the names they do not vote for."
    ),
    "approve": N_("As many names as places: each delegate marks agree or disagree for every name."),
}
ROLE_NAMES = {"head": N_("Head"), "member": N_("Member")}
FIELDS = {"description": N_("The description"), "full_name": N_("The full name")}
EXPECTED = {"0": "0", "1": "1", "1 or more": N_("1 or more")}
DETAILS = {
    "the delegates' ballot already has them": N_("the delegates' ballot already has them"),
    "they already have a ballot of their own": N_("they already have a ballot of their own"),
    "a member has no name": N_("a member has no name"),
    "they have withdrawn": N_("they have withdrawn"),
    "they were elected in this round": N_("they were elected in this round"),
    "they are already on the new list": N_("they are already on the new list"),
}


def kind_name(kind: str) -> str:
    return gettext(KIND_NAMES[kind]) if kind in KIND_NAMES else kind


def status_name(status: str) -> str:
    return gettext(STATUS_NAMES[status]) if status in STATUS_NAMES else status


def message(error: DomainError) -> str:
    """The error's message, translated, with its coded parameters in words."""
    params = {key: str(value) for key, value in error.params.items()}
    for key in ("current", "target"):
        if key in params:
            params[key] = "“" + status_name(params[key]) + "”"
    if params.get("target") == "“followed by a new round”":
        params["target"] = gettext(STEP_NAMES["followed by a new round"])
    for key, table in (("first", STEP_NAMES), ("expected", EXPECTED), ("detail", DETAILS)):
        if params.get(key) in table:
            params[key] = gettext(table[params[key]])
    if "kind" in params:
        params["kind"] = kind_name(params["kind"])
    if params.get("field") in FIELDS:
        params["field"] = gettext(FIELDS[params["field"]])
    return gettext(error.message, **params)
