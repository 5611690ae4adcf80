"""The box and challenged ballots (protocol.md §6.6): a ballot reusing a single ciphertext of a
challenged ballot is refused, nothing written; a challenged ballot survives sealing, rewritten."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.ballots.conftest import cast, close, encrypted, issue, strike
from votesys.ballots import challenges, errors
from votesys.ballots.models import Ballot, ChallengedBallot, ChallengedPoint
from votesys.core.crypto.benaloh import reveal

MARKED = strike(True, True, False, True, False)


def test_a_ballot_reusing_one_ciphertext_of_a_challenged_ballot_is_refused(db, open_round):
    ballot = encrypted(db, open_round.id, MARKED).to_json()
    with db.session(write=True) as session:  # as if that one ciphertext had been challenged
        session.add(ChallengedPoint(round_id=open_round.id, point=ballot["marks"][2][0]))
        session.commit()
    issue(db, open_round.id, 1)
    with pytest.raises(errors.ChallengedBallotCast):
        cast(db, open_round.id, 1, ballot)
    with db.session() as session:
        assert session.scalars(select(Ballot)).all() == []


def test_challenged_ballots_survive_sealing(db, open_round):
    opened = encrypted(db, open_round.id, MARKED, keep_secrets=True)
    with db.session(write=True) as session:
        published = challenges.publish_challenge(
            session, open_round.id, opened.to_json(), reveal(opened).to_json()
        )
    assert published.is_match and not published.is_repeat
    issue(db, open_round.id, 2)
    cast(db, open_round.id, 2, MARKED)
    close(db, open_round.id)
    with db.session() as session:
        row = session.scalars(select(ChallengedBallot)).one()
        points = set(session.scalars(select(ChallengedPoint.point)))
        assert (row.code, row.is_match) == (published.code, True)
        assert points == {ct.a.hex() for ct in (*opened.marks, *opened.flags)}
    with db.session(write=True) as session, pytest.raises(errors.RoundNotOpen):
        challenges.publish_challenge(
            session, open_round.id, opened.to_json(), reveal(opened).to_json()
        )
