"""Counted rounds to draw minutes from, made through the services as in the hall.

The demo congress: B = 98 (100 summoned; 9 and 73 absent for the whole congress with nobody in
their place; 57 absent, replaced by alternate 101). The round: the executive committee, 4 seats,
5 names (strike layout), counting committee 95 (head), 96, 97.

``KEPT``: on how many valid ballots each name, in ballot order, is kept. 61 delegates are in
the hall (present at the vote); 60 vote: 58 cast valid ballots (3 or 4 names each), one keeps
all 5 names (too many: invalid, confirmed), one spoils the ballot on purpose, one abstains.
So, with B = 98 and 50 votes needed:

  No. 1  52  52/98  53,06%  elected (3rd)
  No. 2  57  57/98  58,16%  elected (1st)
  No. 3  55  55/98  56,12%  elected (2nd)
  No. 4  10  10/98  10,20%  not elected
  No. 5  51  51/98  52,04%  elected (4th)
"""

from __future__ import annotations

import pytest

from tests.ballots.conftest import cast, close, count_box, issue, strike
from tests.elections.conftest import CHAIR, call, open_ready_round
from votesys.ballots import services as box
from votesys.elections import queries
from votesys.elections.models import Round
from votesys.roles import Actor
from votesys.tally import services

COUNTER = Actor("staff:counting1", "counting")
SECOND = Actor("staff:counting2", "counting")
KEPT = (52, 57, 55, 10, 51)
VALID = 58
PRESENT = tuple(n for n in range(1, 64) if n not in (9, 57))  # 61 in the hall


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def spread(kept=KEPT, ballots=VALID) -> list[list[bool]]:
    """Valid strike ballots keeping name j on ``kept[j]`` of them, each name on the ballots that
    keep the fewest so far: every ballot keeps 3 or 4 of the 5 names."""
    marks = [[False] * len(kept) for _ in range(ballots)]
    load = [0] * ballots
    for column, count in enumerate(kept):
        for index in sorted(range(ballots), key=lambda i: (load[i], i))[:count]:
            marks[index][column] = True
            load[index] += 1
    return marks


def names_of(db, round_id: int) -> list[str]:
    """The round's names in ballot order."""
    with db.session() as session:
        return [c.full_name for c in queries.round_list(session, session.get(Round, round_id))]


def box_round(db) -> Round:
    """The round voted on the tablets (KEPT, one too-many, one spoilt), closed and counted."""
    round_ = open_ready_round(db, present=PRESENT)
    ballots = [strike(*marks) for marks in spread()]
    ballots += [strike(True, True, True, True, True), {"layout": "strike", "spoilt": True}]
    for number, document in zip(PRESENT, ballots, strict=False):  # the last one abstains
        issue(db, round_.id, number)
        cast(db, round_.id, number, document)
    close(db, round_.id)
    count_box(db, round_.id)
    return round_


def release(db, round_: Round) -> Round:
    """The committee's two confirmations (a majority: 95-97 are not in the hall) and the
    chair's announcement: the minutes may be read by every staff role."""
    call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Phạm Thị Lan", actor=SECOND)
    call(db, services.announce, round_.id, actor=CHAIR)
    return round_


def paper_round(db, round_=None, votes=KEPT, invalid=None, announced=True) -> Round:
    """A round counted from a paper count (quick): 60 issued and returned, ``votes``."""
    round_ = round_ or open_ready_round(db, present=PRESENT)
    close(db, round_.id)
    with db.session() as session:
        ids = [str(c.id) for c in queries.round_list(session, session.get(Round, round_.id))]
    invalid = {"too_many_kept": 1, "deliberately_spoilt": 1} if invalid is None else invalid
    figures = dict(zip(ids, votes, strict=True))
    call(db, box.enter_paper_count, round_.id, 60, 60, invalid, figures, actor=COUNTER)
    call(db, services.count_round, round_.id, actor=COUNTER)
    return release(db, round_) if announced else round_
