"""Reading elections, lists, the counting committee and rounds (what was frozen at opening)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.congress.models import Congress
from votesys.core.rules import lists
from votesys.elections.errors import UnknownCandidate, UnknownElection, UnknownRound
from votesys.elections.models import (
    Candidate,
    CountingMember,
    Election,
    Round,
    RoundCandidate,
    RoundVoter,
)
from votesys.roster.models import Delegate

# Rounds whose ballots are in the counting committee's hands (it may not change meanwhile).
AT_WORK = ("open", "closed")


@dataclass(frozen=True)
class Turnout:
    """Of a round's eligible voters: how many opened a ballot, how many have voted."""

    eligible: int
    issued: int
    voted: int


def election(session: Session, election_id: int) -> Election:
    found = session.get(Election, election_id)
    if found is None:
        raise UnknownElection(id=election_id)
    return found


def round_of(session: Session, round_id: int) -> Round:
    found = session.get(Round, round_id)
    if found is None:
        raise UnknownRound(id=round_id)
    return found


def candidate(session: Session, election: Election, candidate_id: int) -> Candidate:
    found = session.get(Candidate, candidate_id)
    if found is None or found.election_id != election.id:
        raise UnknownCandidate(id=candidate_id)
    return found


def elections(session: Session, congress: Congress) -> list[Election]:
    """The congress's elections in agenda order."""
    return list(
        session.scalars(
            select(Election).where(Election.congress_id == congress.id).order_by(Election.position)
        )
    )


def latest_round(session: Session, election: Election) -> Round:
    return session.scalars(
        select(Round).where(Round.election_id == election.id).order_by(Round.number.desc())
    ).first()


def nominee(candidate: Candidate) -> lists.Nominee:
    return lists.Nominee(
        str(candidate.id),
        candidate.surname,
        candidate.middle_name,
        candidate.given_name,
        candidate.birth_date,
    )


def round_list(session: Session, round_: Round) -> list[Candidate]:
    """A round's list: in ballot order once approved; a draft in the order it would take."""
    rows = session.execute(
        select(RoundCandidate.position, Candidate)
        .join(Candidate, Candidate.id == RoundCandidate.candidate_id)
        .where(RoundCandidate.round_id == round_.id)
    ).all()
    if rows and all(position is not None for position, _ in rows):
        return [c for _, c in sorted(rows, key=lambda row: row[0])]
    return sorted((c for _, c in rows), key=lambda c: lists.sort_key(nominee(c)))


def counting_members(session: Session, congress: Congress) -> list[CountingMember]:
    """The counting committee, the head first, then in the order the congress elected them."""
    return list(
        session.scalars(
            select(CountingMember)
            .where(CountingMember.congress_id == congress.id)
            .order_by(CountingMember.role != "head", CountingMember.position)
        )
    )


def rounds_in(session: Session, congress: Congress, statuses: tuple[str, ...]) -> list[Round]:
    """The congress's rounds in any of ``statuses``, in agenda order."""
    return list(
        session.scalars(
            select(Round)
            .join(Election, Election.id == Round.election_id)
            .where(Election.congress_id == congress.id, Round.status.in_(statuses))
            .order_by(Election.position, Round.number)
        )
    )


def surplus_of(session: Session, round_: Round) -> lists.Surplus | None:
    """The surplus of a round's list now (None for an opinion ballot or an empty list)."""
    count = len(round_list(session, round_))
    if round_.election.kind == "opinion" or count == 0:
        return None
    return lists.surplus(count, round_.seats + round_.alternates)


def voter_ids(session: Session, round_: Round) -> set[int]:
    return set(
        session.scalars(select(RoundVoter.delegate_id).where(RoundVoter.round_id == round_.id))
    )


def turnout(session: Session, round_: Round) -> Turnout:
    eligible, issued, voted = session.execute(
        select(
            func.count(),
            func.count().filter(RoundVoter.is_issued.is_(True)),
            func.count().filter(RoundVoter.has_voted.is_(True)),
        ).where(RoundVoter.round_id == round_.id)
    ).one()
    return Turnout(eligible, issued, voted)


def frozen_base(round_: Round) -> dict[str, Any] | None:
    """B's breakdown as frozen when the round opened (None before)."""
    return None if round_.base_breakdown is None else json.loads(round_.base_breakdown)


def frozen_settings(round_: Round) -> dict[str, Any] | None:
    return None if round_.settings is None else json.loads(round_.settings)


def voted_numbers(session: Session, round_: Round) -> list[tuple[int, str]]:
    """Who has voted in the round, as (roll number, name), sorted by number: the only way the
    list of voters is ever shown (design.md), to the counting committee."""
    rows = session.execute(
        select(Delegate.number, Delegate.full_name)
        .join(RoundVoter, RoundVoter.delegate_id == Delegate.id)
        .where(RoundVoter.round_id == round_.id, RoundVoter.has_voted.is_(True))
        .order_by(Delegate.number)
    )
    return [(number, name) for number, name in rows]
