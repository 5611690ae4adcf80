"""The opinion ballot in the same flow as the motions: the names it agreed join the list, the
motion on the list is written from it, the congress votes it, and the list is approved."""

from __future__ import annotations

import json

import pytest

from tests.ballots.conftest import close
from tests.elections.conftest import (
    CHAIR,
    SECRETARIAT,
    add_delegates,
    call,
    committee,
    create,
    first_round,
    set_status,
)
from tests.motions.conftest import PRESENT, run, votes
from tests.tally.test_count import COUNTER, SECOND
from votesys.ballots import services as box
from votesys.elections import queries, rounds
from votesys.elections.models import Round
from votesys.errors import Forbidden
from votesys.motions import services as motions
from votesys.tally import errors, opinion, services


def announced_opinion(db):
    """Executive committee (4 seats) with 20 and 21 on its list; an opinion ballot on 22, 23 and
    24, of which 22 and 24 are agreed (more than 30% of 10 attending), counted and announced."""
    target = create(db, seats=4)
    add_delegates(db, target.id, 20, 21)
    held = create(db, kind="opinion", title="Xin ý kiến", seats=0, target_election_id=target.id)
    add_delegates(db, held.id, 22, 23, 24)
    committee(db, 95, 96, 97)
    round_ = call(db, rounds.approve_list, first_round(db, held.id).id)
    set_status(db, range(30, 40))
    call(db, rounds.open_round, round_.id, actor=CHAIR)
    close(db, round_.id)
    with db.session() as session:
        ids = [str(c.id) for c in queries.round_list(session, session.get(Round, round_.id))]
    call(
        db,
        box.enter_paper_count,
        round_.id,
        10,
        10,
        {},
        dict(zip(ids, (7, 3, 4), strict=True)),
        actor=COUNTER,
    )
    call(db, services.count_round, round_.id, actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Phạm Thị Lan", actor=SECOND)
    call(db, services.announce, round_.id, actor=CHAIR)
    return target, round_


def test_the_agreed_names_join_the_list_then_the_congress_votes_it(db):
    target, round_ = announced_opinion(db)
    with db.session() as session:
        pending = [c.full_name for c in opinion.agreed_not_on_list(session, round_.id)]
    assert len(pending) == 2
    with pytest.raises(Forbidden):
        call(db, opinion.add_agreed_to_list, round_.id, actor=CHAIR)
    added = call(db, opinion.add_agreed_to_list, round_.id)
    assert sorted(c.full_name for c in added) == sorted(pending)
    assert {c.nominated_by for c in added} == {"congress"}
    with pytest.raises(errors.NothingAgreedToAdd):  # not twice
        call(db, opinion.add_agreed_to_list, round_.id)

    motion = run(db, motions.put_list, target.id)
    assert "gồm 4 đồng chí" in motion.question and all(n in motion.question for n in pending)
    set_status(db, PRESENT)
    run(db, motions.open_motion, motion.id)
    votes(db, motion.id, {"agree": PRESENT[:80]})
    closed = run(db, motions.close_motion, motion.id)
    assert json.loads(closed.result)["is_passed"] is True
    approved = call(db, rounds.approve_list, first_round(db, target.id).id)
    assert approved.status == "list_approved"


def test_only_an_announced_opinion_ballot_adds_names(db):
    target = create(db, seats=3)
    add_delegates(db, target.id, 20, 21, 22)
    committee(db, 95, 96, 97)
    round_ = call(db, rounds.approve_list, first_round(db, target.id).id)
    with pytest.raises(errors.NotAnOpinionResult):
        call(db, opinion.add_agreed_to_list, round_.id, actor=SECRETARIAT)
