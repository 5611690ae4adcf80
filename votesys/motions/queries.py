"""Reading the motions: the agenda, the open motion, how many have voted (never how, while a
vote is open), and a closed motion's result and named votes by Party unit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.congress.models import Congress, PartyUnit
from votesys.motions import errors
from votesys.motions.models import Motion, MotionSlip, MotionVoter
from votesys.roster.models import Delegate


@dataclass(frozen=True)
class Turnout:
    voters: int
    voted: int

    @property
    def share(self) -> int:
        return 0 if self.voters == 0 else self.voted * 100 // self.voters


@dataclass(frozen=True)
class NamedVote:
    number: int
    full_name: str
    choice: str | None  # None: did not vote
    recorded_by: str | None


@dataclass(frozen=True)
class UnitVotes:
    unit: str  # "" for delegates outside any unit
    votes: tuple[NamedVote, ...]


def motions(session: Session, congress: Congress) -> list[Motion]:
    """The congress's motions in agenda order."""
    return list(
        session.scalars(
            select(Motion).where(Motion.congress_id == congress.id).order_by(Motion.position)
        )
    )


def motion_of(session: Session, motion_id: int, for_update: bool = False) -> Motion:
    statement = select(Motion).where(Motion.id == motion_id)
    if for_update:
        statement = statement.with_for_update()
    motion = session.scalar(statement)
    if motion is None:
        raise errors.UnknownMotion(id=motion_id)
    return motion


def open_motion(session: Session, congress: Congress) -> Motion | None:
    return session.scalar(
        select(Motion).where(Motion.congress_id == congress.id, Motion.status == "open")
    )


def list_motion(session: Session, election_id: int) -> Motion | None:
    """The latest motion on an election's list (the one on the agenda last)."""
    return session.scalar(
        select(Motion)
        .where(Motion.election_id == election_id, Motion.kind == "election_list")
        .order_by(Motion.position.desc())
    )


def next_position(session: Session, congress: Congress) -> int:
    last = session.scalar(
        select(func.max(Motion.position)).where(Motion.congress_id == congress.id)
    )
    return (last or 0) + 1


def turnout(session: Session, motion: Motion) -> Turnout:
    """How many may vote and how many have: counts only, from one statement."""
    row = session.execute(
        select(func.count(), func.count().filter(MotionVoter.has_voted)).where(
            MotionVoter.motion_id == motion.id
        )
    ).one()
    return Turnout(voters=row[0], voted=row[1])


def choice_counts(session: Session, motion: Motion) -> dict[str, int]:
    """How many chose each answer: for the count at closing only (never shown while open)."""
    if motion.is_named:
        column, table = MotionVoter.choice, MotionVoter
        where = (MotionVoter.motion_id == motion.id, MotionVoter.choice.is_not(None))
    else:
        column, table = MotionSlip.choice, MotionSlip
        where = (MotionSlip.motion_id == motion.id,)
    statement = select(column, func.count()).select_from(table).where(*where).group_by(column)
    rows = session.execute(statement)
    return {choice: count for choice, count in rows}


def result_of(motion: Motion) -> dict[str, Any] | None:
    return json.loads(motion.result) if motion.result else None


def breakdown_of(motion: Motion) -> dict[str, Any] | None:
    return json.loads(motion.base_breakdown) if motion.base_breakdown else None


def may_vote(session: Session, congress: Congress, delegate_id: int) -> list[Motion]:
    """The open motion, if the delegate is one of its voters (whether or not they have voted:
    they may change their vote until it closes)."""
    motion = open_motion(session, congress)
    if motion is None or session.get(MotionVoter, (motion.id, delegate_id)) is None:
        return []
    return [motion]


def choice_of(session: Session, motion: Motion, delegate_id: int, tag: str | None) -> str | None:
    """The delegate's current choice, shown to them alone on the tablet they signed in to."""
    if motion.is_named:
        voter = session.get(MotionVoter, (motion.id, delegate_id))
        return voter.choice if voter is not None else None
    slip = session.get(MotionSlip, (motion.id, tag)) if tag else None
    return slip.choice if slip is not None else None


def named_votes(session: Session, motion: Motion) -> list[UnitVotes]:
    """A named motion's votes by Party unit (units in their order, delegates by number), for the
    record; empty for an anonymous motion or one still open."""
    if not motion.is_named or motion.status != "closed":
        return []
    rows = session.execute(
        select(Delegate, MotionVoter, PartyUnit)
        .join(MotionVoter, MotionVoter.delegate_id == Delegate.id)
        .outerjoin(PartyUnit, PartyUnit.id == Delegate.unit_id)
        .where(MotionVoter.motion_id == motion.id)
        .order_by(PartyUnit.position.nulls_last(), Delegate.number)
    )
    grouped: dict[str, list[NamedVote]] = {}
    for delegate, voter, unit in rows:
        grouped.setdefault(unit.name if unit is not None else "", []).append(
            NamedVote(delegate.number, delegate.full_name, voter.choice, voter.recorded_by)
        )
    return [UnitVotes(unit, tuple(votes)) for unit, votes in grouped.items()]


def voter_numbers(session: Session, motion: Motion) -> list[tuple[int, str, bool]]:
    """The voters (number, name, whether they have voted), for the secretariat's by-hand form."""
    rows = session.execute(
        select(Delegate.number, Delegate.full_name, MotionVoter.has_voted)
        .join(MotionVoter, MotionVoter.delegate_id == Delegate.id)
        .where(MotionVoter.motion_id == motion.id)
        .order_by(Delegate.number)
    )
    return [tuple(row) for row in rows]
