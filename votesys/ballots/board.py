"""The public board of receipts (bảng công bố mã biên nhận), during voting and after.

From the moment voting opens the board lists every accepted ballot's receipt code and full hash,
sorted (never in the order of casting), its count beside the number of voters marked as having
voted (they must be equal: both are read by one statement), and the round's challenged ballots
apart. Once voting is closed it shows the box itself.

While voting is open the list is published in **batches** (``BoardSnapshot``): a new batch no
sooner than ``Batching.seconds`` after the last one and only once ``Batching.size`` ballots (or
challenged ballots) have come since, so that someone who watches the board refresh sees receipts
appear a handful at a time and cannot tell which one was cast when, nor so by whom (the hall
sees who is at a tablet). The receipts of the last ballots before closing appear at closing.
What is left exposed is in docs/ballot-box.md, "What stays exposed while voting is open".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.ballots.models import Ballot, BoardSnapshot, ChallengedBallot
from votesys.ballots.queries import require_published
from votesys.core.audit_chain import canonical_json
from votesys.elections import queries as elections
from votesys.elections.models import Round, RoundVoter


@dataclass(frozen=True)
class Batching:
    """How the board of an open round is refreshed: at most every ``seconds``, and only with
    at least ``size`` new ballots."""

    seconds: int = 60
    size: int = 5


@dataclass(frozen=True)
class Entry:
    code: str  # the receipt, or the challenged ballot's code
    ballot_hash: str  # 64 hex
    is_match: bool | None = None  # challenged ballots only: the server's verdict


@dataclass(frozen=True)
class Board:
    """What the board shows of a round: ``ballots`` sorted by receipt, ``voted`` read with them,
    ``challenged`` sorted by code; ``taken_at`` when this batch was published (open rounds;
    None before the first batch and once voting is closed: then it is the box itself)."""

    round: Round
    ballots: tuple[Entry, ...]
    voted: int
    challenged: tuple[Entry, ...]
    taken_at: dt.datetime | None = None

    @property
    def count(self) -> int:
        return len(self.ballots)

    @property
    def is_final(self) -> bool:
        return self.round.status != "open"

    @property
    def agrees(self) -> bool:
        return self.count == self.voted


def board(session: Session, round_: Round, now: dt.datetime, batching: Batching) -> Board | None:
    """The board of a round whose voting is open or over. None when a new batch of an open
    round is due: publish it with ``publish_batch`` in a writing session."""
    require_published(round_)
    if round_.status != "open":
        return live(session, round_)
    snapshot = session.get(BoardSnapshot, round_.id)
    if snapshot is not None and now - snapshot.taken_at < dt.timedelta(seconds=batching.seconds):
        return _shown(round_, snapshot)
    if _is_due(session, round_, snapshot, batching):
        return None
    return _shown(round_, snapshot)


def publish_batch(
    session: Session, round_id: int, now: dt.datetime, batching: Batching
) -> Board | None:
    """Publish the next batch of an open round's board if it is still due (another request may
    have just done it), and commit. None if the round is no longer open (read it again)."""
    round_ = elections.round_of(session, round_id)
    if round_.status != "open":
        session.rollback()
        return None
    snapshot = session.get(BoardSnapshot, round_.id, with_for_update=True)
    fresh = snapshot is not None and now - snapshot.taken_at < dt.timedelta(
        seconds=batching.seconds
    )
    if fresh or not _is_due(session, round_, snapshot, batching):
        session.rollback()
        return _shown(round_, snapshot)
    current = live(session, round_)
    if snapshot is None:
        snapshot = BoardSnapshot(round_id=round_.id)
        session.add(snapshot)
    snapshot.taken_at = now
    snapshot.ballots = current.count
    snapshot.voted = current.voted
    snapshot.challenged = len(current.challenged)
    snapshot.entries = canonical_json(
        {
            "ballots": [[e.code, e.ballot_hash] for e in current.ballots],
            "challenged": [[e.code, e.ballot_hash, e.is_match] for e in current.challenged],
        }
    ).decode()
    session.commit()
    return Board(round_, current.ballots, current.voted, current.challenged, now)


def live(session: Session, round_: Round) -> Board:
    """The box as it is: the receipts and the number of voters read by one statement (so the
    two are of the same moment), and the challenged ballots."""
    voted = (
        select(func.count())
        .select_from(RoundVoter)
        .where(RoundVoter.round_id == round_.id, RoundVoter.has_voted.is_(True))
        .scalar_subquery()
    )
    one = select(voted.label("voted")).subquery("voters")
    rows = session.execute(
        select(one.c.voted, Ballot.receipt, Ballot.ballot_hash)
        .select_from(one)
        .outerjoin(Ballot, Ballot.round_id == round_.id)
    ).all()
    ballots = sorted(
        (Entry(r.receipt, r.ballot_hash or "") for r in rows if r.receipt is not None),
        key=lambda entry: entry.code,
    )
    challenged = session.execute(
        select(ChallengedBallot.code, ChallengedBallot.ballot_hash, ChallengedBallot.is_match)
        .where(ChallengedBallot.round_id == round_.id)
        .order_by(ChallengedBallot.code)
    ).all()
    return Board(
        round_,
        tuple(ballots),
        rows[0].voted if rows else 0,
        tuple(Entry(c.code, c.ballot_hash, c.is_match) for c in challenged),
    )


def _is_due(session, round_: Round, snapshot: BoardSnapshot | None, batching: Batching) -> bool:
    ballots = session.scalar(select(func.count()).where(Ballot.round_id == round_.id)) or 0
    challenged = (
        session.scalar(select(func.count()).where(ChallengedBallot.round_id == round_.id)) or 0
    )
    shown = (snapshot.ballots, snapshot.challenged) if snapshot else (0, 0)
    return ballots - shown[0] >= batching.size or challenged - shown[1] >= batching.size


def _shown(round_: Round, snapshot: BoardSnapshot | None) -> Board:
    if snapshot is None:
        return Board(round_, (), 0, ())  # nothing published yet
    entries = json.loads(snapshot.entries)
    return Board(
        round_,
        tuple(Entry(code, full) for code, full in entries["ballots"]),
        snapshot.voted,
        tuple(Entry(code, full, match) for code, full, match in entries["challenged"]),
        snapshot.taken_at,
    )
