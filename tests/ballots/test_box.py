"""The ballot box: one ballot per voter, resent ballots, invalid ballots, refusals, sealing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.ballots.conftest import cast, close, issue, key, strike
from tests.elections.conftest import last_audit
from votesys.audit.models import AuditEntry
from votesys.ballots import errors, queries
from votesys.ballots.models import Ballot
from votesys.elections import queries as elections
from votesys.elections.models import Round


def turnout(db, round_id):
    with db.session() as session:
        return elections.turnout(session, session.get(Round, round_id))


def _documents(session):
    return [json.loads(text) for text in session.scalars(select(Ballot.document))]


def ballots(db) -> list[Ballot]:
    with db.session() as session:
        return list(session.scalars(select(Ballot)))


def test_a_voter_opens_casts_and_gets_a_receipt(db, open_round):
    paper = issue(db, open_round.id, 20)
    assert [c.delegate_id is not None for c in paper.candidates] == [True] * 5
    assert turnout(db, open_round.id) == elections.Turnout(6, 1, 0)
    done = cast(db, open_round.id, 20, strike(True, True, False, True, False))
    assert len(done.receipt) == 11 and done.receipt[5] == "-" and not done.is_repeat
    assert turnout(db, open_round.id) == elections.Turnout(6, 1, 1)
    (stored,) = ballots(db)
    assert json.loads(stored.document) == strike(True, True, False, True, False)
    assert stored.receipt == done.receipt and len(stored.id) == 32
    assert last_audit(db)[:2] == ("ballots.cast", "tablet")
    assert last_audit(db)[2] == {"round": open_round.id}


def test_a_resent_ballot_gets_the_same_receipt_and_is_not_counted_twice(db, open_round):
    issue(db, open_round.id, 21)
    submission = key()
    first = cast(db, open_round.id, 21, strike(True, False, False, False, False), submission)
    again = cast(db, open_round.id, 21, strike(True, False, False, False, False), submission)
    assert again.receipt == first.receipt and again.is_repeat
    assert len(ballots(db)) == 1


def test_a_second_ballot_for_the_same_card_is_refused_and_leaves_only_the_refusal(db, open_round):
    issue(db, open_round.id, 1)
    cast(db, open_round.id, 1, strike(True, False, False, False, False))
    with pytest.raises(errors.AlreadyVoted):
        cast(db, open_round.id, 1, strike(False, True, False, False, False))
    assert len(ballots(db)) == 1
    assert last_audit(db)[2] == {"round": open_round.id, "reason": "already_voted"}


@pytest.mark.parametrize(
    ("number", "document", "refusal"),
    [
        (73, strike(True, False, False, False, False), errors.NotAVoter),  # absent
        (2, strike(True, False, False, False, False), errors.NotIssued),  # never opened it
        (3, strike(True, False), errors.BadBallot),  # not this list
        (3, {"layout": "approve", "rows": [None] * 5}, errors.BadBallot),
        (3, strike(1, 0, 0, 0, 0), errors.BadBallot),  # numbers are not marks
        (3, strike(True, True, True, True, True), errors.InvalidNotConfirmed),  # 5 kept of 4
        (3, strike(False, False, False, False, False), errors.InvalidNotConfirmed),
    ],
)
def test_a_refused_ballot_changes_nothing(db, open_round, number, document, refusal):
    if number == 3:
        issue(db, open_round.id, 3)
    before = turnout(db, open_round.id)
    with pytest.raises(refusal):
        cast(db, open_round.id, number, document)
    assert ballots(db) == [] and turnout(db, open_round.id) == before
    kind, actor, data = last_audit(db)
    assert (kind, actor, data) == (
        "ballots.refused",
        "tablet",
        {"round": open_round.id, "reason": refusal.code},
    )


def test_an_invalid_ballot_is_cast_only_when_confirmed(db, open_round):
    issue(db, open_round.id, 3)
    cast(db, open_round.id, 3, strike(True, True, True, True, True), confirm_invalid=True)
    spoilt = {"layout": "strike", "spoilt": True}
    issue(db, open_round.id, 20)
    with pytest.raises(errors.InvalidNotConfirmed) as refused:
        cast(db, open_round.id, 20, spoilt)  # spoiling on purpose is confirmed too
    assert refused.value.params == {"reason": "deliberately_spoilt"}
    cast(db, open_round.id, 20, spoilt, confirm_invalid=True)
    with db.session() as session:
        assert sorted(d.get("spoilt", False) for d in _documents(session)) == [False, True]


def test_closing_seals_the_box_and_publishes_sorted_receipts(db, open_round):
    receipts = []
    for number in (1, 2, 3):
        issue(db, open_round.id, number)
        receipts.append(
            cast(db, open_round.id, number, strike(True, False, True, False, False)).receipt
        )
    with db.session() as session, pytest.raises(errors.BoxNotClosed):
        queries.receipts(session, session.get(Round, open_round.id))
    close(db, open_round.id)
    with db.session() as session:
        round_ = session.get(Round, open_round.id)
        assert queries.receipts(session, round_) == sorted(receipts)
        assert [n for n, _ in elections.voted_numbers(session, round_)] == [1, 2, 3]
        assert len(queries.documents(session, round_)) == 3
        sealed = session.scalars(
            select(AuditEntry).where(AuditEntry.kind == "ballots.box_sealed")
        ).one()
        assert json.loads(sealed.data)["ballots"] == 3
    with pytest.raises(errors.RoundNotOpen):
        cast(db, open_round.id, 20, strike(True, False, False, False, False))
