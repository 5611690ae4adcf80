"""Every figure of one round's minutes (biên bản kiểm phiếu), decided and formatted (rules.md §6).

``minutes_figures`` takes the round's plain figures, reconciles them (checks.py), lets
votesys.core.rules.decide.decide say who is elected, and returns a frozen ``Minutes``: the
printing layer only puts the codes into Vietnamese words and lays the figures out. Nothing here
applies a rule of its own: the threshold, the order of the elected, ties, open seats and the
percentages are decide()'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from votesys.core.minutes.checks import Check, reconcile
from votesys.core.minutes.inputs import (
    CHAIR,
    BadMinutes,
    BallotCount,
    CommitteeMember,
    Congress,
    Election,
    RollFigures,
    input_problems,
)
from votesys.core.minutes.moments import Moment, moment
from votesys.core.names import sort_people
from votesys.core.rules.base import BaseB
from votesys.core.rules.decide import Candidate, Decision, RoundFacts, decide
from votesys.core.rules.decide import find_problems as fact_problems
from votesys.core.rules.settings import Problem, RuleSettings
from votesys.core.rules.validity import INVALID_REASONS

# A candidate's outcome in this round (kết quả của từng người).
OUTCOMES = ("elected", "alternate", "tied", "not_elected")
# What the minutes must state besides the elected (rules.md §5): a tie across a cut-off, for the
# official seats or the alternate seats, and the places still open.
NOTICE_CODES = ("tie_for_seats", "tie_for_alternates", "seats_open", "alternates_open")
# decide()'s problems that the reconciliation shows as failed checks instead.
_RECONCILED = {
    "returned_more_than_issued",
    "invalid_more_than_returned",
    "more_votes_than_valid",
    "strike_votes_above_places",
    "strike_votes_below_valid",
}


@dataclass(frozen=True)
class CandidateRow:
    """One candidate's line: ballot position (from 1), votes, "votes/B" and "95,92%" of B."""

    number: int
    id: str
    name: str
    votes: int
    of_base: str
    percent: str
    is_eligible: bool
    outcome: str


@dataclass(frozen=True)
class Ballots:
    """Ballots issued, returned, valid and invalid; invalid by reason in INVALID_REASONS order."""

    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_by_reason: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Notice:
    """A tie or open places: ``places`` open to it, ``ids`` the tied candidates in ballot order."""

    code: str
    places: int
    ids: tuple[str, ...]


@dataclass(frozen=True)
class Minutes:
    """The minutes of one ballot round; rows in ballot order, elected in announcement order."""

    congress: Congress
    election: Election
    round_number: int
    layout: str
    committee: tuple[CommitteeMember, ...]
    roll: RollFigures
    base: BaseB
    ballots: Ballots
    threshold: int
    rows: tuple[CandidateRow, ...]
    elected: tuple[CandidateRow, ...]
    alternates: tuple[CandidateRow, ...]
    tied: tuple[CandidateRow, ...]
    open_seats: int
    open_alternates: int
    notices: tuple[Notice, ...]
    checks: tuple[Check, ...]
    settings: tuple[tuple[str, str], ...]
    closed_at: Moment
    counted_at: Moment
    place: str
    audit_head: str
    round_fingerprint: str
    status: str


def minutes_figures(
    *,
    congress: Congress,
    election: Election,
    round_number: int,
    layout: str,
    candidates: Sequence[Candidate],
    committee: Sequence[CommitteeMember],
    roll: RollFigures,
    base: BaseB,
    ballots: BallotCount,
    votes: Mapping[str, int],
    settings: RuleSettings,
    closed_at: datetime,
    counted_at: datetime,
    place: str,
    audit_head: str,
    round_fingerprint: str,
) -> Minutes:
    """The minutes' figures; raises ``BadMinutes`` listing the problems, in three stages.

    First the inputs' shape (inputs.py), then decide()'s problems with the list and the votes,
    then the reconciliation: if any check fails, ``BadMinutes.checks`` holds all of them.
    ``layout``: "strike" or "approve" (rules.md §3); ``candidates``: the list in ballot order.
    """
    candidates = tuple(candidates)
    _raise_if(
        input_problems(
            congress=congress,
            election=election,
            round_number=round_number,
            candidates=candidates,
            committee=committee,
            roll=roll,
            base=base,
            ballots=ballots,
            settings=settings,
            closed_at=closed_at,
            counted_at=counted_at,
            place=place,
            audit_head=audit_head,
            round_fingerprint=round_fingerprint,
        )
    )
    facts = RoundFacts(
        layout=layout,
        seats=election.seats,
        alternates=election.alternates,
        base=base.value,
        candidates=candidates,
        issued=ballots.issued,
        returned=ballots.returned,
        invalid=sum(ballots.invalid.values()),
        votes=dict(votes),
    )
    _raise_if([p for p in fact_problems(facts, settings) if p.code not in _RECONCILED])
    checks = reconcile(
        roll=roll,
        base=base,
        ballots=ballots,
        votes=[facts.votes[c.id] for c in candidates],
        layout=layout,
        places=election.seats + election.alternates,
    )
    _raise_if([_failed(check) for check in checks if not check.ok], checks)
    decision = decide(facts, settings)  # cannot refuse: every problem it knows was ruled out
    rows = _rows(facts, decision)
    by_id = {row.id: row for row in rows}
    return Minutes(
        congress=congress,
        election=election,
        round_number=round_number,
        layout=layout,
        committee=_committee_order(committee),
        roll=roll,
        base=base,
        ballots=_ballots(ballots),
        threshold=decision.threshold,
        rows=rows,
        elected=tuple(by_id[cid] for cid in decision.elected),
        alternates=tuple(by_id[cid] for cid in decision.alternates),
        tied=tuple(by_id[cid] for cid in decision.tied),
        open_seats=decision.open_seats,
        open_alternates=decision.open_alternates,
        notices=_notices(election, decision),
        checks=checks,
        settings=settings.describe(),
        closed_at=moment(closed_at),
        counted_at=moment(counted_at),
        place=place,
        audit_head=audit_head,
        round_fingerprint=round_fingerprint,
        status=decision.status,
    )


def _raise_if(problems: list[Problem], checks: tuple[Check, ...] = ()) -> None:
    if problems:
        error = BadMinutes.of(problems)
        error.checks = checks
        raise error


def _failed(check: Check) -> Problem:
    return Problem(check.code, {"detail": check.detail})


def _rows(facts: RoundFacts, decision: Decision) -> tuple[CandidateRow, ...]:
    outcome = dict.fromkeys(decision.elected, "elected")
    outcome |= dict.fromkeys(decision.alternates, "alternate")
    outcome |= dict.fromkeys(decision.tied, "tied")
    return tuple(
        CandidateRow(
            number=number,
            id=candidate.id,
            name=candidate.name,
            votes=facts.votes[candidate.id],
            of_base=f"{facts.votes[candidate.id]}/{facts.base}",
            percent=f"{decision.percent[candidate.id]}%",
            is_eligible=facts.votes[candidate.id] >= decision.threshold,
            outcome=outcome.get(candidate.id, "not_elected"),
        )
        for number, candidate in enumerate(facts.candidates, start=1)
    )


def _ballots(ballots: BallotCount) -> Ballots:
    by_reason = tuple(
        (reason, ballots.invalid[reason])
        for reason in INVALID_REASONS
        if ballots.invalid.get(reason, 0) > 0
    )
    return Ballots(
        issued=ballots.issued,
        returned=ballots.returned,
        valid=ballots.valid,
        invalid=sum(ballots.invalid.values()),
        invalid_by_reason=by_reason,
    )


def _committee_order(committee: Sequence[CommitteeMember]) -> tuple[CommitteeMember, ...]:
    """Trưởng ban first, then the Ủy viên in Vietnamese alphabetical order of the given name."""
    chair = [member for member in committee if member.role == CHAIR]
    others = [member for member in committee if member.role != CHAIR]
    return (*chair, *sort_people(others, key=lambda member: member.name))


def _notices(election: Election, decision: Decision) -> tuple[Notice, ...]:
    """The tie first (for the places it leaves open), then the places still open."""
    notices = []
    if decision.tied:
        is_for_seats = len(decision.elected) < election.seats
        code = "tie_for_seats" if is_for_seats else "tie_for_alternates"
        places = (
            election.seats - len(decision.elected)
            if is_for_seats
            else election.alternates - len(decision.alternates)
        )
        notices.append(Notice(code, places, decision.tied))
    if decision.open_seats:
        notices.append(Notice("seats_open", decision.open_seats, ()))
    if decision.open_alternates:
        notices.append(Notice("alternates_open", decision.open_alternates, ()))
    return tuple(notices)
