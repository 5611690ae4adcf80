"""The elections on PostgreSQL: a round from the list to closing, and the schema's constraints."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.elections.conftest import (
    add_delegates,
    call,
    committee,
    create,
    first_round,
    set_status,
    state,
)
from votesys.ballots.services import close_voting
from votesys.elections import errors, queries, rounds
from votesys.elections.models import Round, RoundCandidate, RoundVoter


@pytest.fixture
def pg(pg_app):
    return pg_app.extensions["votesys.db"]


@pytest.mark.postgres
def test_a_round_runs_from_the_list_to_closing_on_postgresql(pg):
    db = pg
    election = create(db, seats=4)
    add_delegates(db, election.id, 20, 21, 22, 23, 24)
    committee(db, 95, 96, 97)
    round_id = first_round(db, election.id).id
    approved = call(db, rounds.approve_list, round_id)
    assert (approved.status, approved.layout) == ("list_approved", "strike")
    set_status(db, (1, 2, 20, 101))
    opened = call(db, rounds.open_round, round_id)
    assert (opened.base, opened.threshold) == (98, 50)
    assert json.loads(opened.base_breakdown)["value"] == 98
    set_status(db, (30, 31))  # after opening: no effect on the round
    with db.session() as session:
        assert len(queries.voter_ids(session, session.get(Round, round_id))) == 4
        assert queries.turnout(session, session.get(Round, round_id)) == queries.Turnout(4, 0, 0)
    before = state(db)
    with pytest.raises(errors.TooLate):
        call(db, rounds.open_round, round_id)
    assert state(db) == before
    assert call(db, close_voting, round_id).status == "closed"


@pytest.mark.postgres
def test_the_constraints_hold_on_postgresql(pg):
    constraints_hold(pg)


def test_the_constraints_hold_on_sqlite(db):
    constraints_hold(db)


def constraints_hold(db) -> None:
    """One ballot place per name, known states, one round 1, no vote before the ballot."""
    election = create(db, seats=4)
    add_delegates(db, election.id, 20, 21)
    round_id = first_round(db, election.id).id
    with db.session(write=True) as session:
        for entry in session.scalars(select(RoundCandidate)):
            entry.position = 1  # two names in one ballot place
        with pytest.raises(IntegrityError):
            session.commit()
    with db.session(write=True) as session:
        session.get(Round, round_id).status = "half_open"
        with pytest.raises(IntegrityError):
            session.commit()
    with db.session(write=True) as session:
        session.add(Round(election_id=election.id, number=1, seats=1, alternates=0))
        with pytest.raises(IntegrityError):
            session.commit()
    with db.session(write=True) as session:
        voter = RoundVoter(round_id=round_id, delegate_id=1, is_issued=False, has_voted=True)
        session.add(voter)
        with pytest.raises(IntegrityError):
            session.commit()
    assert state(db)[4] == [(round_id, c, None) for c in sorted(state_ids(db))]


def state_ids(db) -> list[int]:
    with db.session() as session:
        return list(session.scalars(select(RoundCandidate.candidate_id)))
