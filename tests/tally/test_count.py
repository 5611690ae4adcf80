"""Counting a closed round, the committee's confirmations, the chair's announcement."""

from __future__ import annotations

import json

import pytest

from tests.ballots.conftest import cast, close, issue, strike
from tests.elections.conftest import (
    CHAIR,
    add_delegates,
    call,
    committee,
    create,
    first_round,
    last_audit,
    open_ready_round,
    set_status,
)
from votesys.ballots import services as box
from votesys.elections import queries, rounds
from votesys.elections.models import Round
from votesys.errors import Forbidden
from votesys.roles import Actor
from votesys.tally import errors, services
from votesys.tally.models import Tally

COUNTER = Actor("staff:counting1", "counting")
SECOND = Actor("staff:counting2", "counting")


def voted_round(db, ballots):
    """Open the 5-name, 4-seat round; voters 1 2 3 20 21 101 cast ``ballots`` in turn."""
    round_ = open_ready_round(db)
    for number, document in zip((1, 2, 3, 20, 21, 101), ballots, strict=False):
        issue(db, round_.id, number)
        cast(db, round_.id, number, document, confirm_invalid=True)
    close(db, round_.id)
    return round_


def status(db, round_id) -> str:
    with db.session() as session:
        return session.get(Round, round_id).status


def test_counting_a_closed_round_gives_the_figures_and_the_result(db):
    round_ = voted_round(
        db,
        [
            strike(True, True, True, True, False),
            strike(True, True, True, False, False),
            strike(True, False, True, True, False),
            strike(True, True, True, True, True),  # keeps 5 of 4: invalid, confirmed
            {"layout": "strike", "spoilt": True},
        ],
    )
    tally = call(db, services.count_round, round_.id, actor=COUNTER)
    assert (tally.source, tally.issued, tally.returned, tally.valid) == ("box", 5, 5, 3)
    assert json.loads(tally.invalid) == {"too_many_kept": 1, "deliberately_spoilt": 1}
    result = json.loads(tally.result)
    votes = [row["votes"] for row in result["candidates"]]
    assert votes == [3, 2, 3, 2, 0]
    # B = 98, threshold 50: nobody has more than half of B with 6 voters: every seat open.
    assert (result["threshold"], result["elected"], result["open_seats"]) == (50, [], 4)
    assert tally.status == "short" and status(db, round_.id) == "counted"
    assert result["candidates"][0]["percent"] == "3,06%"  # 3 / 98
    assert last_audit(db)[0] == "tally.counted"


def test_the_result_is_released_when_enough_members_confirm_then_the_chair_announces(db):
    round_ = voted_round(db, [strike(True, False, False, False, False)])
    call(db, services.count_round, round_.id, actor=COUNTER)
    with pytest.raises(Forbidden):
        call(db, services.announce, round_.id, actor=COUNTER)  # the chair's
    with pytest.raises(errors.NotYet):  # not before the committee signs
        call(db, services.announce, round_.id, actor=CHAIR)
    call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    assert status(db, round_.id) == "counted"  # committee 95-97 absent: a majority, 2
    with pytest.raises(errors.AlreadyConfirmed):
        call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Phạm Thị Lan", actor=SECOND)
    assert status(db, round_.id) == "signed"
    call(db, services.announce, round_.id, actor=CHAIR)
    assert status(db, round_.id) == "announced"


def test_nothing_is_counted_before_closing_nor_twice_nor_by_another_role(db):
    round_ = open_ready_round(db)
    with pytest.raises(errors.NotYet):
        call(db, services.count_round, round_.id, actor=COUNTER)
    close(db, round_.id)
    with pytest.raises(Forbidden):
        call(db, services.count_round, round_.id, actor=CHAIR)
    call(db, services.count_round, round_.id, actor=COUNTER)
    with pytest.raises(errors.TooLate):
        call(db, services.count_round, round_.id, actor=COUNTER)


def test_a_paper_count_goes_through_the_same_counting(db):
    round_ = open_ready_round(db)
    close(db, round_.id)
    with db.session() as session:
        ids = [str(c.id) for c in queries.round_list(session, session.get(Round, round_.id))]
    votes = dict(zip(ids, (5, 5, 4, 4, 1), strict=True))
    call(
        db,
        box.enter_paper_count,
        round_.id,
        6,
        6,
        {"all_struck": 1},
        votes,
        actor=COUNTER,
    )
    tally = call(db, services.count_round, round_.id, actor=COUNTER)
    assert (tally.source, tally.valid) == ("paper", 5)
    with db.session() as session:
        assert session.get(Tally, round_.id).fingerprint == tally.fingerprint


def test_an_opinion_ballot_counted_on_paper(db):
    target = create(db, seats=3)
    opinion = create(db, kind="opinion", title="Xin ý kiến", seats=0, target_election_id=target.id)
    add_delegates(db, opinion.id, 20, 21, 22)
    committee(db, 95, 96, 97)
    round_ = call(db, rounds.approve_list, first_round(db, opinion.id).id)
    set_status(db, range(30, 40))  # 10 attending: more than 3 must agree, so 4
    call(db, rounds.open_round, round_.id)
    close(db, round_.id)
    with db.session() as session:
        ids = [str(c.id) for c in queries.round_list(session, session.get(Round, round_.id))]
    votes = dict(zip(ids, (7, 3, 4), strict=True))
    call(db, box.enter_paper_count, round_.id, 10, 10, {}, votes, actor=COUNTER)
    tally = call(db, services.count_round, round_.id, actor=COUNTER)
    assert json.loads(tally.result)["agreed"] == [ids[0], ids[2]]
