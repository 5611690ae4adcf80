"""Counting a closed round, the committee's confirmations, the chair's announcement."""

from __future__ import annotations

import json

import pytest

from tests.ballots.conftest import cast, close, count_box, issue, strike
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
from votesys.core.crypto.threshold import decryption_context, partial_decrypt
from votesys.core.crypto.totals import stored_ciphertext
from votesys.demo import committee as simulated
from votesys.demo.seed import PASSPHRASES
from votesys.elections import queries, rounds
from votesys.elections.models import Round
from votesys.errors import Forbidden
from votesys.roles import Actor
from votesys.tally import errors, services
from votesys.tally.models import EncryptedTotals, Tally

COUNTER = Actor("staff:counting1", "counting")
SECOND = Actor("staff:counting2", "counting")


def voted_round(db, ballots):
    """Open the 5-name, 4-seat round; voters 1 2 3 20 21 101 cast ``ballots`` in turn."""
    round_ = open_ready_round(db)
    for number, document in zip((1, 2, 3, 20, 21, 101), ballots, strict=False):
        issue(db, round_.id, number)
        cast(db, round_.id, number, document)
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
    tally = count_box(db, round_.id)
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
    count_box(db, round_.id)
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
    count_box(db, round_.id)
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


def partials_of(db, round_id: int, number: int, share_delta: int = 0) -> list:
    """Member ``number``'s partial decryptions of the round's totals, as their browser makes
    them; ``share_delta`` != 0 plays a member whose share is wrong."""
    with db.session() as session:
        committee = simulated.unlock(session, PASSPHRASES, (number,))
        totals = json.loads(session.get(EncryptedTotals, round_id).totals)
        round_fp = bytes.fromhex(session.get(Round, round_id).fingerprint)
    share = committee.members[number].share + share_delta
    return [
        partial_decrypt(
            number, share, stored_ciphertext(ct), decryption_context(round_fp, i)
        ).to_json()
        for i, ct in enumerate(totals)
    ]


def member(number: int) -> Actor:
    return Actor(f"staff:counting{number}", "counting")


def test_one_member_fewer_than_the_threshold_cannot_count_and_a_wrong_share_is_named(db):
    round_ = voted_round(db, [strike(True, True, False, False, False)] * 3)
    with pytest.raises(errors.NotAddedUp):
        call(db, services.count_round, round_.id, actor=COUNTER)
    call(db, services.add_up, round_.id, actor=COUNTER)
    call(db, services.submit_partials, round_.id, partials_of(db, round_.id, 1), actor=member(1))
    with pytest.raises(errors.AwaitingDecryption) as waiting:
        call(db, services.count_round, round_.id, actor=COUNTER)
    assert waiting.value.params["have"] == 1 and waiting.value.params["need"] == 2
    assert status(db, round_.id) == "closed"
    wrong = partials_of(db, round_.id, 2, share_delta=1)
    with pytest.raises(errors.BadPartialDecryption) as refused:
        call(db, services.submit_partials, round_.id, wrong, actor=member(2))
    assert refused.value.params["member"] == 2 and refused.value.params["name"] == "Phạm Thị Lan"
    assert last_audit(db)[:3] == (
        "tally.partial_decryption_refused",
        "staff:counting2",
        {"round": round_.id, "member": 2, "failed": refused.value.params["totals"]},
    )
    assert status(db, round_.id) == "closed"  # a refused decryption is never used
    # Member 1's partials sent again as member 3's: they claim another member, refused.
    with pytest.raises(errors.BadPartialDecryption):
        call(
            db, services.submit_partials, round_.id, partials_of(db, round_.id, 1), actor=member(3)
        )
    with pytest.raises(errors.AlreadyDecrypted):
        call(
            db, services.submit_partials, round_.id, partials_of(db, round_.id, 1), actor=member(1)
        )
    call(db, services.submit_partials, round_.id, partials_of(db, round_.id, 3), actor=member(3))
    assert status(db, round_.id) == "counted"
    with db.session() as session:
        votes = json.loads(session.get(Tally, round_.id).votes)
        listed = queries.round_list(session, session.get(Round, round_.id))
    assert [votes[str(c.id)] for c in listed] == [3, 3, 0, 0, 0]


def test_only_members_of_the_key_ceremony_decrypt(db):
    round_ = voted_round(db, [strike(True, False, False, False, False)])
    call(db, services.add_up, round_.id, actor=COUNTER)
    stranger = Actor("staff:counting9", "counting")
    with pytest.raises(errors.NotAKeyHolder):
        call(db, services.submit_partials, round_.id, [], actor=stranger)
    with pytest.raises(Forbidden):
        call(db, services.submit_partials, round_.id, [], actor=CHAIR)


def test_an_empty_box_is_added_up_and_decrypted_to_zero(db):
    round_ = open_ready_round(db)
    close(db, round_.id)
    tally = count_box(db, round_.id)
    assert (tally.returned, tally.valid) == (0, 0)
    assert set(json.loads(tally.votes).values()) == {0}
