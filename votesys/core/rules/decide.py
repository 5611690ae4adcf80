"""Who is elected in one ballot round (trúng cử), rules.md §5 (Art. 30, Art. 18).

A candidate is eligible with more than half of the base B (votes >= floor(B/2) + 1); the base is
the adjusted roll, never the ballots returned nor the valid ballots. Eligible candidates fill the
official seats by votes, then the alternate seats (đại biểu dự khuyết). A group of equal votes
that does not fit in the seats still open is a tie across the cut-off: nobody in it is declared,
and nothing after it is decided (GAP, default re-ballot). Integers and Fractions only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import groupby
from math import floor
from typing import Any

from votesys.core.rules.base import threshold
from votesys.core.rules.settings import (
    DEFAULT_SETTINGS,
    PERCENT_ROUNDINGS,
    BadSettings,
    Problem,
    RulesError,
    RuleSettings,
)
from votesys.core.rules.validity import LAYOUTS

STATUSES = ("complete", "tie", "short")
COUNT_FIELDS = ("seats", "alternates", "base", "issued", "returned", "invalid")
# Every code ``BadFacts`` may carry from this module.
PROBLEM_CODES = (
    "unknown_layout",
    "not_an_integer",
    "negative_number",
    "seats_too_few",
    "base_not_positive",
    "returned_more_than_issued",
    "invalid_more_than_returned",
    "no_candidates",
    "bad_candidate",
    "duplicate_candidate",
    "unknown_candidate_in_votes",
    "missing_votes",
    "more_votes_than_valid",
    "strike_without_surplus",
    "approve_too_many_candidates",
    "strike_votes_above_places",
    "strike_votes_below_valid",
    "alternates_on_separate_ballot",
)


class BadFacts(RulesError):
    """The facts of a round are impossible or inconsistent; lists every problem found."""


@dataclass(frozen=True)
class Candidate:
    """A name on the approved list (danh sách bầu cử); ``id`` is stable, ``name`` as printed."""

    id: str
    name: str


@dataclass(frozen=True)
class RoundFacts:
    """One ballot round (lần bầu): layout, seats, base B, the list in ballot order, the count."""

    layout: str
    seats: int
    alternates: int
    base: int
    candidates: tuple[Candidate, ...]
    issued: int
    returned: int
    invalid: int
    votes: Mapping[str, int]


@dataclass(frozen=True)
class Decision:
    """The result (kết quả): elected and alternates in announcement order, ties, open seats."""

    valid: int
    threshold: int
    elected: tuple[str, ...]
    alternates: tuple[str, ...]
    tied: tuple[str, ...]
    open_seats: int
    open_alternates: int
    status: str
    percent: dict[str, str]


def percent_of_base(votes: int, base: int, rounding: str = "half_up") -> str:
    """votes / B as a percentage, two decimals, decimal comma: 100 of 105 -> "95,24" (§5)."""
    if _not_int(base) or base < 1:
        raise BadFacts("base_not_positive", base=base)
    if rounding not in PERCENT_ROUNDINGS:
        raise BadSettings("setting_not_allowed", name="percent_rounding", value=rounding)
    hundredths = Fraction(votes * 10_000, base)
    if rounding == "half_up":
        hundredths += Fraction(1, 2)
    whole = floor(hundredths)
    return f"{whole // 100},{whole % 100:02d}"


def decide(facts: RoundFacts, settings: RuleSettings = DEFAULT_SETTINGS) -> Decision:
    """Apply rules.md §5 to one round's counted facts; raises ``BadFacts`` listing all problems."""
    problems = find_problems(facts, settings)
    if problems:
        raise BadFacts.of(problems)
    valid = facts.returned - facts.invalid
    cut = threshold(facts.base)
    elected, alternates, tied = _fill(facts, cut)
    open_seats = facts.seats - len(elected)
    open_alternates = facts.alternates - len(alternates)
    return Decision(
        valid=valid,
        threshold=cut,
        elected=elected,
        alternates=alternates,
        tied=tied,
        open_seats=open_seats,
        open_alternates=open_alternates,
        status=_status(tied, open_seats + open_alternates),
        percent={
            c.id: percent_of_base(facts.votes[c.id], facts.base, settings.percent_rounding)
            for c in facts.candidates
        },
    )


def _fill(facts: RoundFacts, cut: int) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Official seats, then alternate seats, by groups of equal votes; stop at a tie."""
    places = [facts.seats, facts.alternates]
    chosen: list[list[str]] = [[], []]
    for group in _eligible_groups(facts, cut):
        tier = 0 if len(chosen[0]) < places[0] else 1
        if len(chosen[tier]) == places[tier]:
            break
        if len(group) > places[tier] - len(chosen[tier]):
            return tuple(chosen[0]), tuple(chosen[1]), tuple(group)
        chosen[tier].extend(group)
    return tuple(chosen[0]), tuple(chosen[1]), ()


def _eligible_groups(facts: RoundFacts, cut: int) -> list[list[str]]:
    """Eligible ids grouped by equal votes, highest first, ballot order inside a group."""
    eligible = [c.id for c in facts.candidates if facts.votes[c.id] >= cut]
    ranked = sorted(eligible, key=lambda cid: -facts.votes[cid])  # stable: keeps ballot order
    return [list(group) for _, group in groupby(ranked, key=lambda cid: facts.votes[cid])]


def _status(tied: tuple[str, ...], still_open: int) -> str:
    if tied:
        return "tie"
    return "short" if still_open > 0 else "complete"


def find_problems(facts: RoundFacts, settings: RuleSettings = DEFAULT_SETTINGS) -> list[Problem]:
    """Every problem with ``facts``; a check that needs a badly typed field is skipped."""
    bad = {name for name in COUNT_FIELDS if _not_int(getattr(facts, name))}
    problems = [Problem("not_an_integer", {"field": name}) for name in COUNT_FIELDS if name in bad]
    counts = {name: getattr(facts, name) for name in COUNT_FIELDS if name not in bad}
    problems += _count_problems(counts)
    if facts.layout not in LAYOUTS:
        problems.append(Problem("unknown_layout", {"layout": facts.layout}))
    ids, candidate_problems = _candidate_ids(facts)
    problems += candidate_problems + _votes_key_problems(facts, ids)
    usable = {cid: facts.votes[cid] for cid in ids if not _not_int(facts.votes.get(cid))}
    valid = _valid(counts)
    if valid is not None:
        problems += _vote_problems(usable, valid)
    if {"seats", "alternates"}.isdisjoint(bad) and facts.layout in LAYOUTS:
        problems += _layout_problems(facts, settings)
    if valid is not None and facts.layout == "strike" and len(usable) == len(facts.candidates):
        problems += _strike_total_problems(facts, valid, counts)
    return problems


def _count_problems(counts: Mapping[str, int]) -> list[Problem]:
    problems = [
        Problem("negative_number", {"field": name, "value": value})
        for name, value in counts.items()
        if value < 0 and name not in ("seats", "base")
    ]
    if "seats" in counts and counts["seats"] < 1:
        problems.append(Problem("seats_too_few", {"seats": counts["seats"]}))
    if "base" in counts and counts["base"] < 1:
        problems.append(Problem("base_not_positive", {"base": counts["base"]}))
    if _exceeds(counts, "returned", "issued"):
        problems.append(Problem("returned_more_than_issued", _pick(counts, "returned", "issued")))
    if _exceeds(counts, "invalid", "returned"):
        problems.append(Problem("invalid_more_than_returned", _pick(counts, "invalid", "returned")))
    return problems


def _valid(counts: Mapping[str, int]) -> int | None:
    """Valid ballots, or None when the counts they come from are themselves wrong."""
    if "returned" not in counts or "invalid" not in counts:
        return None
    if counts["invalid"] < 0 or counts["invalid"] > counts["returned"]:
        return None
    return counts["returned"] - counts["invalid"]


def _candidate_ids(facts: RoundFacts) -> tuple[list[str], list[Problem]]:
    """The well-formed, distinct candidate ids in ballot order, and the problems found."""
    if not facts.candidates:
        return [], [Problem("no_candidates", {})]
    ids: list[str] = []
    problems = []
    for index, candidate in enumerate(facts.candidates):
        if not isinstance(candidate, Candidate) or _not_text(candidate.id):
            problems.append(Problem("bad_candidate", {"index": index}))
        elif candidate.id in ids:
            problems.append(Problem("duplicate_candidate", {"id": candidate.id}))
        else:
            ids.append(candidate.id)
    return ids, problems


def _votes_key_problems(facts: RoundFacts, ids: list[str]) -> list[Problem]:
    known = set(ids)
    unknown = [cid for cid in facts.votes if cid not in known]
    problems = [Problem("unknown_candidate_in_votes", {"id": cid}) for cid in unknown]
    for cid in ids:
        if cid not in facts.votes:
            problems.append(Problem("missing_votes", {"id": cid}))
        elif _not_int(facts.votes[cid]):
            problems.append(Problem("not_an_integer", {"field": f"votes.{cid}"}))
    return problems


def _vote_problems(votes: Mapping[str, int], valid: int) -> list[Problem]:
    problems = []
    for cid, count in votes.items():
        if count < 0:
            problems.append(Problem("negative_number", {"field": f"votes.{cid}", "value": count}))
        elif count > valid:
            problems.append(
                Problem("more_votes_than_valid", {"id": cid, "votes": count, "valid": valid})
            )
    return problems


def _layout_problems(facts: RoundFacts, settings: RuleSettings) -> list[Problem]:
    """§2-§3: a strike list has a surplus (số dư), an approve list does not."""
    places = facts.seats + facts.alternates
    sizes = {"candidates": len(facts.candidates), "places": places}
    problems = []
    if settings.alternates_ballot == "separate_ballot" and facts.alternates:
        problems.append(Problem("alternates_on_separate_ballot", {"alternates": facts.alternates}))
    if facts.layout == "approve" and len(facts.candidates) > places:
        problems.append(Problem("approve_too_many_candidates", sizes))
    if facts.layout == "strike" and len(facts.candidates) <= places:
        problems.append(Problem("strike_without_surplus", sizes))
    return problems


def _strike_total_problems(
    facts: RoundFacts, valid: int, counts: Mapping[str, int]
) -> list[Problem]:
    """§4: a valid strike ballot keeps at least one name and at most seats + alternates."""
    if "seats" not in counts or "alternates" not in counts:
        return []
    places = counts["seats"] + counts["alternates"]
    total = sum(facts.votes[c.id] for c in facts.candidates)
    bounds = {"total": total, "valid": valid, "places": places}
    if total > valid * places:
        return [Problem("strike_votes_above_places", bounds)]
    if total < valid:
        return [Problem("strike_votes_below_valid", bounds)]
    return []


def _exceeds(counts: Mapping[str, int], larger: str, smaller: str) -> bool:
    return larger in counts and smaller in counts and counts[larger] > counts[smaller]


def _pick(counts: Mapping[str, int], *names: str) -> dict[str, int]:
    return {name: counts[name] for name in names}


def _not_int(value: Any) -> bool:
    """Booleans are not counts, though Python says they are ints."""
    return isinstance(value, bool) or not isinstance(value, int)


def _not_text(value: Any) -> bool:
    return not isinstance(value, str) or not value
