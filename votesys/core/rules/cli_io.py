"""JSON in and out for ``votesys rules decide FILE``: one round's count, decided (rules.md §5).

The counting committee (ban kiểm phiếu) or an observer can check a result by hand: the file gives
the layout, seats, alternates (dự khuyết), the base B, the list in ballot order, the ballots issued
(phát ra), returned (thu vào) and invalid, and each candidate's votes. Bad input raises
``BadFactsFile``, a ``BadFacts`` whose ``messages()`` say in plain English what is wrong and how
to fix it: the only place of the rules package with words rather than codes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from votesys.core.rules.decide import (
    BadFacts,
    Candidate,
    Decision,
    RoundFacts,
    decide,
    find_problems,
)
from votesys.core.rules.settings import DEFAULT_SETTINGS, Problem, RuleSettings

TOP_KEYS = ("layout", "seats", "alternates", "base", "candidates", "ballots", "votes")
BALLOT_KEYS = ("issued", "returned", "invalid")
CANDIDATE_KEYS = ("id", "name")
_ABSENT = object()  # a key not in the file, unlike a key given as null
_FIX = "Check the count in the minutes and correct the file."

MESSAGES = {
    "not_json": "The file is not valid JSON (line {line}, column {column}: {detail}). "
    "Fix the syntax there.",
    "not_readable": "The file could not be read as JSON ({detail}). Look for a number thousands "
    "of digits long or lists nested thousands deep.",
    "duplicate_key": 'The key "{key}" appears twice in one object. Keep only one of them.',
    "not_an_object": "{field} must be a JSON object, written {{...}} with named keys.",
    "not_a_list": "{field} must be a JSON list, written [...], of the candidates in ballot order.",
    "missing_key": "{field} is missing. Add it (the keys are: {allowed}).",
    "unknown_key": "{field} is not a key of this file. Remove it or correct its spelling "
    "(the keys are: {allowed}).",
    "not_text": "{field} must be non-empty text in double quotes.",
    "unknown_layout": 'layout is {layout}; write "strike" (more candidates than places) '
    'or "approve" (as many candidates as places, or one).',
    "not_an_integer": "{field} must be a whole number written in digits "
    "(not text, a decimal, or true/false).",
    "negative_number": "{field} is {value}; a count cannot be negative. Write 0 or more.",
    "seats_too_few": "seats is {seats}; at least one seat is elected. "
    "Write the number of seats the congress decided.",
    "base_not_positive": "base is {base}; the base B must be at least 1. Write B from the roll: "
    "those summoned minus the absences the rules subtract (rules.md §5).",
    "returned_more_than_issued": "ballots.returned ({returned}) is more than ballots.issued "
    "({issued}); no more ballots can come back than were issued. " + _FIX,
    "invalid_more_than_returned": "ballots.invalid ({invalid}) is more than ballots.returned "
    "({returned}); only returned ballots can be invalid. " + _FIX,
    "no_candidates": "candidates is empty. List the candidates in ballot order.",
    "bad_candidate": "Candidate number {number} has no usable id. Give every candidate an id.",
    "duplicate_candidate": 'The candidate id "{id}" is used twice. '
    "Give every candidate its own id.",
    "unknown_candidate_in_votes": 'votes gives a count for "{id}", who is not in candidates. '
    "Remove it, or add the candidate to candidates.",
    "missing_votes": 'votes has no count for the candidate "{id}". '
    'Add "{id}" with the count (0 if nobody voted for them).',
    "more_votes_than_valid": 'The candidate "{id}" has {votes} votes, but there are only {valid} '
    "valid ballots (returned minus invalid). " + _FIX,
    "strike_without_surplus": 'The "strike" layout needs more candidates than places, but there '
    "are {candidates} candidates for {places} places (seats plus alternates). "
    'Use "approve", or check seats and alternates.',
    "approve_too_many_candidates": 'The "approve" layout has {candidates} candidates for '
    '{places} places (seats plus alternates). Use "strike" when the list has a surplus.',
    "strike_votes_above_places": "The votes add up to {total}, more than {valid} valid ballots "
    "times the {places} names each may keep. " + _FIX,
    "strike_votes_below_valid": "The votes add up to {total}, fewer than the {valid} valid "
    "ballots, yet every valid strike ballot keeps at least one name. " + _FIX,
    "alternates_on_separate_ballot": "The congress votes alternates on a separate ballot, but "
    "alternates is {alternates}. Write 0 here and count the alternates' ballot as its own round.",
}
_JSON_FIELDS = {name: f"ballots.{name}" for name in BALLOT_KEYS}


class BadFactsFile(BadFacts):
    """A ``BadFacts`` from a JSON file, with English messages for the command line."""

    def messages(self) -> list[str]:
        """One line per problem: what is wrong and how to fix it."""
        return [message(problem) for problem in self.problems]


def message(problem: Problem) -> str:
    """The English line for one problem's code and parameters."""
    params = dict(problem.params)
    if "field" in params:
        params["field"] = _JSON_FIELDS.get(params["field"], params["field"])
    if "index" in params:
        params["number"] = params["index"] + 1
    if "layout" in params:
        params["layout"] = json.dumps(params["layout"], ensure_ascii=False, default=str)
    if "allowed" in params:
        params["allowed"] = ", ".join(params["allowed"])
    return MESSAGES[problem.code].format(**params)


def decide_json(text: str, settings: RuleSettings = DEFAULT_SETTINGS) -> str:
    """Decide the round in ``text`` (the input format above); the result as indented JSON."""
    facts, problems = parse_facts(text)
    if facts is not None:
        problems += find_problems(facts, settings)
    if problems:
        raise BadFactsFile.of(problems)
    try:
        decision = decide(facts, settings)
    except BadFacts as error:  # find_problems said yes; kept so a slip still reads well
        raise BadFactsFile.of(error.problems) from None
    return json.dumps(_output(decision), indent=2, ensure_ascii=False)


def parse_facts(text: str) -> tuple[RoundFacts | None, list[Problem]]:
    """The facts in ``text``, or None when its shape is too broken to read; with the problems."""
    duplicates: list[Problem] = []
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates(duplicates))
    except json.JSONDecodeError as error:
        where = {"line": error.lineno, "column": error.colno, "detail": error.msg}
        return None, [Problem("not_json", where)]
    except (ValueError, RecursionError) as error:
        return None, [Problem("not_readable", {"detail": str(error)})]
    problems = duplicates + _keys(data, "file", TOP_KEYS)
    if not isinstance(data, dict):
        return None, problems
    problems += _keys(data.get("ballots", _ABSENT), "ballots", BALLOT_KEYS)
    problems += _keys(data.get("votes", _ABSENT), "votes", ())
    candidates, candidate_problems = _candidates(data.get("candidates", _ABSENT))
    problems += candidate_problems
    if any(p.code not in ("unknown_key", "duplicate_key") for p in problems):
        return None, problems
    return _facts(data, candidates), problems


def _facts(data: Mapping[str, Any], candidates: tuple[Candidate, ...]) -> RoundFacts:
    ballots = data["ballots"]
    return RoundFacts(
        layout=data["layout"],
        seats=data["seats"],
        alternates=data["alternates"],
        base=data["base"],
        candidates=candidates,
        issued=ballots["issued"],
        returned=ballots["returned"],
        invalid=ballots["invalid"],
        votes=data["votes"],
    )


def _keys(value: Any, where: str, expected: tuple[str, ...]) -> list[Problem]:
    """``value`` is an object with exactly the ``expected`` keys (any keys when empty)."""
    if value is _ABSENT:
        return []  # reported as missing by the enclosing object
    if not isinstance(value, dict):
        return [Problem("not_an_object", {"field": where})]
    if not expected:
        return []
    prefix = "" if where == "file" else f"{where}."
    allowed = {"allowed": expected}
    missing = [k for k in expected if k not in value]
    unknown = [k for k in value if k not in expected]
    return [Problem("missing_key", {"field": prefix + k, **allowed}) for k in missing] + [
        Problem("unknown_key", {"field": prefix + k, **allowed}) for k in unknown
    ]


def _candidates(value: Any) -> tuple[tuple[Candidate, ...], list[Problem]]:
    if value is _ABSENT:
        return (), []
    if not isinstance(value, list):
        return (), [Problem("not_a_list", {"field": "candidates"})]
    problems = []
    for index, item in enumerate(value):
        where = f"candidates[{index}]"
        problems += _keys(item, where, CANDIDATE_KEYS)
        if isinstance(item, dict):
            problems += [
                Problem("not_text", {"field": f"{where}.{key}"})
                for key in CANDIDATE_KEYS
                if key in item and (not isinstance(item[key], str) or not item[key].strip())
            ]
    if problems:
        return (), problems
    return tuple(Candidate(item["id"], item["name"]) for item in value), []


def _no_duplicates(found: list[Problem]):
    """A json ``object_pairs_hook`` noting keys given twice (json would keep the last silently)."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                found.append(Problem("duplicate_key", {"key": key}))
            seen[key] = value
        return seen

    return hook


def _output(decision: Decision) -> dict[str, Any]:
    return {
        "valid": decision.valid,
        "threshold": decision.threshold,
        "elected": list(decision.elected),
        "alternates": list(decision.alternates),
        "tied": list(decision.tied),
        "open_seats": decision.open_seats,
        "open_alternates": decision.open_alternates,
        "status": decision.status,
        "percent": dict(decision.percent),
    }
