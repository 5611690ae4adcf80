"""Many tablets at once: exactly one ballot per voter, every accepted receipt in the box.

Each wave puts 32 threads (each with its own writing session, as 32 requests would) on 8 voters
at the same instant, 4 attempts per voter: the same submission twice (Wi-Fi lost, the tablet
resends), and two other tablets with the same card (another key; the same or other marks).
Exactly one attempt per voter may put a ballot in the box; a resend of that one gets its
receipt back; every other attempt is AlreadyVoted, and only that refusal enters the audit log.
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from tests.ballots.conftest import encrypted, key, strike
from tests.elections.conftest import call, ready_round, set_status
from votesys.audit import queries as audit_queries
from votesys.audit.models import AuditEntry
from votesys.ballots import errors, queries, services
from votesys.ballots.models import Ballot
from votesys.elections import queries as elections
from votesys.elections import rounds
from votesys.elections.models import Round, RoundVoter

# Present in the hall: 1-40 (9 is absent for the whole congress) and 101, seated for 57.
PRESENT = tuple(n for n in range(1, 41) if n != 9) + (101,)
PER_WAVE = 8
ATTEMPTS = 4  # same key twice, then two other tablets


@dataclass(frozen=True)
class Attempt:
    delegate_id: int
    submission_key: str
    document: dict


@dataclass(frozen=True)
class Outcome:
    attempt: Attempt
    receipt: str | None = None
    is_repeat: bool = False
    refusal: str | None = None


def marks(delegate_id: int, variant: int) -> dict:
    """A valid ballot of the 5-name, 4-seat list, different per delegate and per tablet."""
    kept = [True] * 5
    kept[(delegate_id + variant) % 5] = False
    return strike(*kept)


def attempts_for(db, round_id: int, delegate_id: int) -> list[Attempt]:
    """Encrypted as tablets do: a resend carries the very same encrypted ballot; another
    tablet encrypts afresh, even the same marks."""
    first = key()

    def ballot(variant: int) -> dict:
        return encrypted(db, round_id, marks(delegate_id, variant)).to_json()

    sent = ballot(0)
    return [
        Attempt(delegate_id, first, sent),
        Attempt(delegate_id, first, sent),  # the resend
        Attempt(delegate_id, key(), ballot(1)),  # another tablet, other marks
        Attempt(delegate_id, key(), ballot(0)),  # another tablet, the same marks
    ]


def opened(db) -> tuple[int, list[int]]:
    """An open round with every present voter's ballot issued; (round id, voter ids)."""
    round_ = ready_round(db)
    set_status(db, PRESENT)
    round_id = call(db, rounds.open_round, round_.id).id
    with db.session() as session:
        voters = sorted(elections.voter_ids(session, session.get(Round, round_id)))
    for delegate_id in voters:
        with db.session(write=True) as session:
            services.issue_ballot(session, round_id, delegate_id)
    return round_id, voters


def run_waves(db, round_id: int, voters: list[int]) -> list[Outcome]:
    """Every voter's 4 attempts, 8 voters a wave, the 32 attempts of a wave let go together."""
    threads = PER_WAVE * ATTEMPTS
    start = threading.Barrier(threads)

    def attempt(job: Attempt) -> Outcome:
        start.wait(timeout=60)
        with db.session(write=True) as session:
            try:
                done = services.cast_ballot(
                    session, round_id, job.delegate_id, job.document, job.submission_key
                )
            except errors.AlreadyVoted as refused:
                return Outcome(job, refusal=refused.code)
        return Outcome(job, done.receipt, done.is_repeat)

    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(threads) as pool:
        for first in range(0, len(voters), PER_WAVE):
            chosen = voters[first : first + PER_WAVE]
            wave = [a for d in chosen for a in attempts_for(db, round_id, d)]
            spare = encrypted(db, round_id, marks(voters[0], 2)).to_json()
            wave += [Attempt(voters[0], key(), spare)] * (threads - len(wave))
            outcomes += pool.map(attempt, wave)
    return outcomes


def check_box(db, app, round_id: int, voters: list[int], outcomes: list[Outcome]) -> None:
    cast = [o for o in outcomes if o.receipt is not None and not o.is_repeat]
    repeats = [o for o in outcomes if o.is_repeat]
    refused = [o for o in outcomes if o.refusal is not None]
    assert sorted(o.attempt.delegate_id for o in cast) == voters  # one ballot per voter
    winner = {o.attempt.delegate_id: o for o in cast}
    for repeat in repeats:  # a resend only ever answers the winning submission, with its receipt
        original = winner[repeat.attempt.delegate_id]
        assert repeat.attempt.submission_key == original.attempt.submission_key
        assert repeat.receipt == original.receipt
    assert {o.refusal for o in refused} <= {errors.AlreadyVoted.code}
    for o in refused:  # a refused attempt is never the winner's own submission
        assert o.attempt.submission_key != winner[o.attempt.delegate_id].attempt.submission_key
    assert len(cast) + len(repeats) + len(refused) == len(outcomes)

    with db.session() as session:
        turnout = elections.turnout(session, session.get(Round, round_id))
        assert turnout.voted == len(voters) == _ballots(session, round_id)
    call(db, services.close_voting, round_id)
    with db.session() as session:
        round_ = session.get(Round, round_id)
        assert queries.receipts(session, round_) == sorted(o.receipt for o in cast)
        stored = dict(
            session.execute(
                select(Ballot.receipt, Ballot.document).where(Ballot.round_id == round_id)
            ).all()
        )
        for o in cast:  # the box holds what each winning tablet sent, under its receipt
            assert json.loads(stored[o.receipt]) == o.attempt.document
        voted = session.scalar(
            select(func.count()).where(
                RoundVoter.round_id == round_id, RoundVoter.has_voted.is_(True)
            )
        )
        assert voted == len(voters) == _ballots(session, round_id)
        kinds = Counter(session.scalars(select(AuditEntry.kind)))
        assert kinds["ballots.cast"] == len(cast)
        assert kinds["ballots.refused"] == len(refused)
        report = audit_queries.verify_database(
            session, app.extensions["votesys.signer"].public_key_hex
        )
        assert report.ok, [p.describe() for p in report.problems]


def _ballots(session, round_id: int) -> int:
    return session.scalar(select(func.count()).where(Ballot.round_id == round_id))


def test_thirty_two_tablets_at_once_on_sqlite(app):
    db = app.extensions["votesys.db"]
    round_id, voters = opened(db)
    assert len(voters) == len(PRESENT)
    outcomes = run_waves(db, round_id, voters)
    check_box(db, app, round_id, voters, outcomes)


@pytest.mark.postgres
def test_thirty_two_tablets_at_once_on_postgresql(pg_app):
    db = pg_app.extensions["votesys.db"]
    round_id, voters = opened(db)
    assert len(voters) == len(PRESENT)
    outcomes = run_waves(db, round_id, voters)
    check_box(db, pg_app, round_id, voters, outcomes)
