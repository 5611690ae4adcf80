"""The ballot box: one ballot per voter, resent ballots, invalid ballots, refusals, sealing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.ballots.conftest import cast, close, encrypted, issue, key, spoilt, strike
from tests.elections.conftest import ids, last_audit
from votesys.audit.models import AuditEntry
from votesys.ballots import errors, queries, services
from votesys.ballots.models import Ballot, BallotPoint
from votesys.core import record
from votesys.core.audit_chain import canonical_json
from votesys.core.crypto import ballot as crypto_ballot
from votesys.core.crypto.ballot import _encrypt
from votesys.core.crypto.group import Point, random_scalar
from votesys.core.crypto.receipt import receipt
from votesys.elections import queries as elections
from votesys.elections.models import Round


def turnout(db, round_id):
    with db.session() as session:
        return elections.turnout(session, session.get(Round, round_id))


def ballots(db) -> list[Ballot]:
    with db.session() as session:
        return list(session.scalars(select(Ballot)))


def test_a_voter_opens_casts_and_gets_a_receipt(db, open_round):
    paper = issue(db, open_round.id, 20)
    assert [c.delegate_id is not None for c in paper.candidates] == [True] * 5
    assert turnout(db, open_round.id) == elections.Turnout(6, 1, 0)
    ballot = encrypted(db, open_round.id, strike(True, True, False, True, False))
    done = cast(db, open_round.id, 20, ballot.to_json())
    assert done.receipt == receipt(ballot).code and not done.is_repeat
    assert turnout(db, open_round.id) == elections.Turnout(6, 1, 1)
    (stored,) = ballots(db)
    assert json.loads(stored.document) == ballot.to_json()  # ciphertexts and proofs only
    assert stored.ballot_hash == receipt(ballot).full and len(stored.id) == 32
    assert last_audit(db)[:2] == ("ballots.cast", "tablet")
    assert last_audit(db)[2] == {"round": open_round.id}
    with db.session() as session:
        points = set(session.scalars(select(BallotPoint.point)))
    assert points == {ct.a.hex() for ct in (*ballot.marks, *ballot.flags)}


def test_a_resent_ballot_gets_the_same_receipt_and_is_not_counted_twice(db, open_round):
    issue(db, open_round.id, 21)
    submission = key()
    ballot = encrypted(db, open_round.id, strike(True, False, False, False, False)).to_json()
    first = cast(db, open_round.id, 21, ballot, submission)
    again = cast(db, open_round.id, 21, ballot, submission)
    assert again.receipt == first.receipt and again.is_repeat
    assert len(ballots(db)) == 1
    other = encrypted(db, open_round.id, strike(False, True, False, False, False)).to_json()
    with pytest.raises(errors.ReplayedSubmission):  # the same key with another ballot
        cast(db, open_round.id, 21, other, submission)


def test_a_second_ballot_for_the_same_card_is_refused_and_leaves_only_the_refusal(db, open_round):
    issue(db, open_round.id, 1)
    cast(db, open_round.id, 1, strike(True, False, False, False, False))
    with pytest.raises(errors.AlreadyVoted):
        cast(db, open_round.id, 1, strike(False, True, False, False, False))
    assert len(ballots(db)) == 1
    assert last_audit(db)[2] == {"round": open_round.id, "reason": "already_voted"}


def flipped(value: dict, *path) -> dict:
    """A copy of a ballot's JSON with one hex character of ``path`` changed."""
    copy = json.loads(json.dumps(value))
    target = copy
    for step in path[:-1]:
        target = target[step]
    text_ = target[path[-1]]
    target[path[-1]] = ("1" if text_[0] != "1" else "2") + text_[1:]
    return copy


def forged_too_many(db, round_id):
    """5 names kept of 4 passed off as a valid ballot: the shape proof cannot hold."""
    with db.session() as session:
        round_ = session.get(Round, round_id)
        manifest, context = json.loads(round_.manifest), bytes.fromhex(round_.fingerprint)
    key_ = Point.from_hex(manifest["election_key"]["public_key"])
    layout = record.layout_of(manifest)
    return _encrypt([1] * 5, [0] * 3, layout, key_, context, forge=True).to_json()


def test_refused_ballots_change_nothing_and_name_the_refusal(db, open_round):
    issue(db, open_round.id, 3)
    good = encrypted(db, open_round.id, strike(True, False, False, False, False)).to_json()
    short = json.loads(json.dumps(good))
    short["marks"].pop()
    attempts = [
        (73, good, errors.NotAVoter),  # absent
        (2, good, errors.NotIssued),  # never opened it
        (3, short, errors.BadBallot),  # not this list
        (3, flipped(good, "mark_proofs", 2, 0, 1), errors.BadBallot),  # a proof altered
        (3, flipped(good, "marks", 1, 1), errors.BadBallot),  # a ciphertext altered
        (3, forged_too_many(db, open_round.id), errors.BadBallot),  # 5 kept of 4
        (3, {"layout": "strike", "kept": [True] * 5}, errors.BadBallot),  # plain marks
        (3, None, errors.BadBallot),
    ]
    for number, ballot, refusal in attempts:
        before = turnout(db, open_round.id)
        with db.session(write=True) as session, pytest.raises(refusal):
            services.cast_ballot(session, open_round.id, ids(db, number)[0], ballot, key())
        assert ballots(db) == [] and turnout(db, open_round.id) == before
        kind, actor, data = last_audit(db)
        assert (kind, actor, data) == (
            "ballots.refused",
            "tablet",
            {"round": open_round.id, "reason": refusal.code},
        )


def test_a_ballot_made_for_another_round_fails_its_proofs(db, open_round):
    issue(db, open_round.id, 3)
    ballot = encrypted(db, open_round.id, strike(True, False, False, False, False))
    with db.session(write=True) as session:
        round_ = session.get(Round, open_round.id)
        manifest = json.loads(round_.manifest)
        manifest["round"] = 2  # the same list and key, another round: another fingerprint
        round_.fingerprint = record.fingerprint(manifest)
        round_.manifest = canonical_json(manifest).decode()
        session.commit()
    with pytest.raises(errors.BadBallot) as refused:
        cast(db, open_round.id, 3, ballot.to_json())
    assert "mark_proof" in refused.value.params["detail"]


def test_a_copied_ballot_or_ciphertext_is_refused(db, open_round, monkeypatch):
    for number in (1, 2, 3):
        issue(db, open_round.id, number)
    ballot = encrypted(db, open_round.id, strike(True, True, False, False, False)).to_json()
    cast(db, open_round.id, 1, ballot)
    with pytest.raises(errors.CopiedBallot):  # delegate 2 casts delegate 1's ballot again
        cast(db, open_round.id, 2, ballot)
    # A tablet that reuses a nonce makes a valid ballot whose first ciphertext repeats one in
    # the box: refused too (it would let the delegate learn that vote from the result).
    nonces = iter([7, 7] + [random_scalar() for _ in range(200)])
    monkeypatch.setattr(crypto_ballot, "random_scalar", lambda: next(nonces))
    twice = encrypted(db, open_round.id, strike(True, False, False, False, False)).to_json()
    with pytest.raises(errors.CopiedBallot):  # one nonce for two marks: A repeats within
        cast(db, open_round.id, 2, twice)
    nonces = iter([7] + [random_scalar() for _ in range(200)])
    first = encrypted(db, open_round.id, strike(True, False, False, False, False)).to_json()
    cast(db, open_round.id, 2, first)
    nonces = iter([7] + [random_scalar() for _ in range(200)])
    second = encrypted(db, open_round.id, strike(True, False, True, False, False)).to_json()
    assert second["marks"][0] == first["marks"][0]
    with pytest.raises(errors.CopiedBallot):
        cast(db, open_round.id, 3, second)
    assert len(ballots(db)) == 2 and turnout(db, open_round.id).voted == 2


def test_invalid_ballots_are_cast_encrypted_with_their_reason(db, open_round):
    """The tablet confirms an invalid ballot with the delegate, then encrypts "no mark, this
    reason": the box cannot tell it from a valid one."""
    issue(db, open_round.id, 3)
    issue(db, open_round.id, 20)
    cast(db, open_round.id, 3, strike(True, True, True, True, True))  # 5 kept of 4
    cast(db, open_round.id, 20, spoilt())
    assert len(ballots(db)) == 2


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


def test_a_ballot_checked_beforehand_outside_the_write_lock_is_cast_and_a_refusal_recorded(
    db, open_round
):
    """The tablet checks the proofs in a reading session (on SQLite a writing session holds the
    write lock from its first statement), then casts; a refusal found then is audited on cast."""
    issue(db, open_round.id, 3)
    issue(db, open_round.id, 20)
    good = encrypted(db, open_round.id, strike(True, False, True, False, False)).to_json()
    with db.session() as session:
        checked = services.check_ballot(session, open_round.id, good)
    (delegate,) = ids(db, 3)
    with db.session(write=True) as session:
        done = services.cast_ballot(session, open_round.id, delegate, good, key(), checked)
    assert done.receipt == checked.receipt.code
    bad = flipped(good, "mark_proofs", 0, 0, 0)
    with db.session() as session, pytest.raises(errors.BadBallot) as refused:
        services.check_ballot(session, open_round.id, bad)
    assert last_audit(db)[0] == "ballots.cast"  # checking writes nothing
    (other,) = ids(db, 20)
    with db.session(write=True) as session, pytest.raises(errors.BadBallot):
        services.cast_ballot(session, open_round.id, other, bad, key(), refused.value)
    assert last_audit(db)[2] == {"round": open_round.id, "reason": "bad_ballot"}
    assert len(ballots(db)) == 1
