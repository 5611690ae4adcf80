"""Helpers for the counting committee's ballot-box pages: closed rounds and a row snapshot."""

from __future__ import annotations

from sqlalchemy import select

from tests.ballots.conftest import cast, close, issue, strike
from tests.elections.conftest import add_delegates, call, create, first_round, open_ready_round
from tests.elections.conftest import state as elections_state
from votesys.ballots.models import Ballot, PaperCount
from votesys.elections import queries, rounds


def voted_round(db):
    """The 5-name, 4-seat round (voters 1 2 3 20 21 101): 21, 3 and 101 open the ballot, 101
    and 3 cast it (in that order), then voting closes."""
    round_ = open_ready_round(db)
    for number in (21, 3, 101):
        issue(db, round_.id, number)
    cast(db, round_.id, 101, strike(True, True, False, True, False))
    cast(db, round_.id, 3, strike(False, True, True, True, True))
    close(db, round_.id)
    return round_


def empty_round(db):
    """The same round closed with nobody having voted: the box is empty (a paper count)."""
    round_ = open_ready_round(db)
    close(db, round_.id)
    return round_


def candidate_ids(db, round_id: int) -> list[int]:
    with db.session() as session:
        round_ = queries.round_of(session, round_id)
        return [c.id for c in queries.round_list(session, round_)]


def good_paper(db, round_id: int) -> dict:
    """6 voters: 6 issued, 5 returned, 1 keeping too many names; 4 valid ballots."""
    votes = dict(zip(candidate_ids(db, round_id), ("4", "3", "4", "2", "1"), strict=True))
    return {
        "issued": "6",
        "returned": "5",
        "invalid_too_many_kept": "1",
        "invalid_all_struck": "",
        "invalid_deliberately_spoilt": "",
        **{f"votes_{cid}": value for cid, value in votes.items()},
    }


def state(db) -> tuple:
    """Every row the elections and the box write, and the audit head."""
    with db.session() as session:
        ballots = session.execute(select(Ballot.id, Ballot.document).order_by(Ballot.id)).all()
        papers = session.execute(
            select(PaperCount.round_id, PaperCount.votes).order_by(PaperCount.round_id)
        ).all()
    return (elections_state(db), ballots, papers)


def both_rounds(db) -> tuple[int, int]:
    """``voted_round``, then a second election (names 30-34, 4 seats) closed with its box
    empty: their round ids."""
    voted = voted_round(db)
    election = create(db, title="Ủy ban Kiểm tra", kind="inspection_committee", seats=4)
    add_delegates(db, election.id, 30, 31, 32, 33, 34)
    round_id = first_round(db, election.id).id
    call(db, rounds.approve_list, round_id)
    call(db, rounds.open_round, round_id)
    close(db, round_id)
    return voted.id, round_id
