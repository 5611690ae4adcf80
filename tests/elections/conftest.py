"""Fixtures for the elections: the database, the actors, the door and a snapshot of the rows.

The demo congress: 100 official delegates (1-11 by right), alternates 101 (seated for 57) and
102; the seed marks 9, 57 and 73 absent for the whole congress, so B = 98. Nobody is at the door.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from votesys.audit.models import AuditEntry, AuditHead
from votesys.ballots.services import close_voting
from votesys.checkin.models import Attendance
from votesys.congress.queries import current_congress
from votesys.elections import rounds, services
from votesys.elections.models import (
    Candidate,
    CountingMember,
    Election,
    Round,
    RoundCandidate,
    RoundVoter,
)
from votesys.roles import Actor
from votesys.roster.models import Delegate

SECRETARIAT = Actor("staff:secretariat", "secretariat")
OBSERVER = Actor("staff:observer", "observer")
CREDENTIALS = Actor("staff:credentials", "credentials")
CHAIR = Actor("staff:chair", "chair")


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def ids(db, *numbers: int) -> list[int]:
    """Delegate ids by roll number, in the order given."""
    with db.session() as session:
        found = dict(session.execute(select(Delegate.number, Delegate.id)).all())
    return [found[number] for number in numbers]


def set_status(db, numbers, status: str | None = "present") -> None:
    """Put delegates at the door directly ("present", "left", None: not come)."""
    with db.session(write=True) as session:
        for delegate_id in ids(db, *numbers):
            row = session.get(Attendance, delegate_id)
            if status is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(Attendance(delegate_id=delegate_id, status=status))
            else:
                row.status = status
        session.commit()


def set_flags(db, number: int, **flags) -> None:
    with db.session(write=True) as session:
        delegate = session.scalars(select(Delegate).where(Delegate.number == number)).one()
        for name, value in flags.items():
            setattr(delegate, name, value)
        session.commit()


def set_round_status(db, round_id: int, status: str) -> None:
    """Move a round where the counting (not built yet) would take it."""
    with db.session(write=True) as session:
        session.get(Round, round_id).status = status
        session.commit()


def call(db, function, *args, actor=None, **kwargs):
    """Run one service in its own writing session, by default as the role whose job it is:
    the chair opens and closes voting, the secretariat does the rest."""
    if actor is None:
        actor = CHAIR if function in (rounds.open_round, close_voting) else SECRETARIAT
    with db.session(write=True) as session:
        return function(session, actor, *args, **kwargs)


def create(db, kind="executive_committee", title="Ban Chấp hành", seats=3, **kwargs):
    with db.session(write=True) as session:
        return services.create_election(
            session, SECRETARIAT, current_congress(session), kind, title, seats, **kwargs
        )


def first_round(db, election_id: int) -> Round:
    with db.session() as session:
        return session.scalars(
            select(Round).where(Round.election_id == election_id, Round.number == 1)
        ).one()


def add_delegates(db, election_id: int, *numbers: int) -> list[int]:
    """Put delegates (by number) on the election's list; their candidate ids."""
    return [
        call(db, services.add_delegate_candidate, election_id, delegate_id).id
        for delegate_id in ids(db, *numbers)
    ]


def committee(db, *numbers: int) -> None:
    """The counting committee: the first number is the head."""
    members = [
        services.MemberInput("head" if i == 0 else "member", delegate_id=d)
        for i, d in enumerate(ids(db, *numbers))
    ]
    with db.session(write=True) as session:
        services.set_counting_members(session, SECRETARIAT, current_congress(session), members)


def ready_round(db, numbers=(20, 21, 22, 23, 24), seats=4) -> Round:
    """An election with ``numbers`` on its list, approved, counting committee 95-97."""
    election = create(db, seats=seats)
    add_delegates(db, election.id, *numbers)
    committee(db, 95, 96, 97)
    round_ = first_round(db, election.id)
    return call(db, rounds.approve_list, round_.id)


def state(db) -> tuple:
    """Every row this domain writes, and the audit head."""
    with db.session() as session:

        def rows(model, *order):
            return [
                tuple(getattr(r, c.key) for c in model.__table__.columns)
                for r in session.scalars(select(model).order_by(*order))
            ]

        return (
            rows(Election, Election.id),
            rows(Candidate, Candidate.id),
            rows(CountingMember, CountingMember.id),
            rows(Round, Round.id),
            rows(RoundCandidate, RoundCandidate.round_id, RoundCandidate.candidate_id),
            rows(RoundVoter, RoundVoter.round_id, RoundVoter.delegate_id),
            session.execute(select(AuditHead.seq, AuditHead.hash)).all(),
        )


def last_audit(db, back: int = 0) -> tuple[str, str, dict]:
    """The newest audit entry (``back=1``: the one before it)."""
    with db.session() as session:
        query = select(AuditEntry).order_by(AuditEntry.seq.desc()).offset(back).limit(1)
        entry = session.scalars(query).one()
        return entry.kind, entry.actor, json.loads(entry.data)


def open_ready_round(db, present=(1, 2, 3, 20, 21, 101, 102)) -> Round:
    """``ready_round`` opened with ``present`` in the hall."""
    round_ = ready_round(db)
    set_status(db, present)
    return call(db, rounds.open_round, round_.id)
