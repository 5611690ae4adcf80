"""The chair closes a round while tablets are still casting (docs/reliability.md, "Tablet faults").

Every delegate in the hall signs in on a tablet of their own (a test client) and opens the
ballot. Some cast before the closing; then the chair's close and a wave of casts are let go at
the same instant (threads, each request its own session as on the server); the rest cast after
it. On PostgreSQL one cast is also held in the middle of its transaction (its ballot written,
not yet committed) until the closing is seen waiting for it, the interleaving that would seal the
box half-way through a cast. A tablet whose answer was lost before the closing resends after it.

What must hold: every cast that got a receipt is in the sealed box under the very ciphertexts
sent; every cast refused got 409 ``voting_closed`` with the Vietnamese words saying it was NOT
cast, and left nothing (no ballot, the voter not marked); the resend gets its receipt back;
ballots = voters marked as voted = receipts given = the seal's count; the audit chain verifies.
"""

from __future__ import annotations

import json
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from sqlalchemy import create_engine, func, select, text

from tests.ballots.conftest import encrypted
from tests.elections.conftest import CHAIR, ready_round, set_status
from tests.tablet.conftest import SECRETARIAT, Tablet
from votesys.audit import queries as audit_queries
from votesys.audit import services as audit_services
from votesys.audit.models import AuditEntry
from votesys.ballots import queries as box
from votesys.ballots import services
from votesys.ballots.models import Ballot, BallotPoint
from votesys.congress.queries import current_congress
from votesys.credentials import services as card_services
from votesys.elections import rounds
from votesys.elections.models import Round, RoundVoter
from votesys.elections.queries import voted_numbers

PRESENT = tuple(n for n in range(1, 41) if n != 9)  # 39 voters; 9 is absent all congress
EARLY, RACING = 8, 24  # cast before the closing, cast at the same instant; the rest after it
CLOSED_WORDS = ("đã kết thúc bỏ phiếu", "KHÔNG được bỏ vào hòm")


@dataclass
class Voter:
    number: int
    tablet: Tablet
    ballot: dict
    key: str
    round_id: int
    status: int | None = None
    answer: dict | None = None

    def cast(self) -> Voter:
        body = {"ballot": self.ballot, "submission_key": self.key}
        try:
            response = self.tablet.post(f"/vote/rounds/{self.round_id}/cast", body)
        except Exception as error:  # a deadlock, a lost write: the test names it
            self.status, self.answer = 0, {"error": repr(error)}
            return self
        self.status, self.answer = response.status_code, response.get_json()
        return self


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hall(request):
    """(app, round id, the voters signed in on their own tablets with their ballot open)."""
    app = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    db = app.extensions["votesys.db"]
    round_ = ready_round(db)
    set_status(db, PRESENT)
    with db.session(write=True) as session:
        round_id = rounds.open_round(session, CHAIR, round_.id).id
        key = app.extensions["votesys.card_code_key"]
        issued = card_services.issue_missing(session, SECRETARIAT, current_congress(session), key)
        tokens = {item.delegate.number: item.token for item in issued}
    voters = []
    for j, number in enumerate(PRESENT):
        tablet = Tablet(app.test_client())
        assert tablet.sign_in(tokens[number]).status_code == 200
        assert tablet.open(round_id).status_code == 200
        kept = [True] * 5
        kept[j % 5] = False
        ballot = encrypted(db, round_id, {"layout": "strike", "kept": kept}).to_json()
        voters.append(Voter(number, tablet, ballot, secrets.token_urlsafe(16), round_id))
    return app, round_id, voters


class HoldOneCast:
    """Stand-in for the box's audit module: the cast made on the thread named "held" stops just
    before its audit entry (its ballot and its voter's flag written, not committed) until
    ``release`` says the closing may have its turn."""

    def __init__(self, release):
        self.inside = threading.Event()
        self.release = release

    def __getattr__(self, name):
        return getattr(audit_services, name)

    def record(self, session, kind, *args, **kwargs):
        if kind == "ballots.cast" and threading.current_thread().name == "held":
            self.inside.set()
            self.release()
        return audit_services.record(session, kind, *args, **kwargs)


def waiting_on_a_lock(url: str, pid: dict, closed: threading.Event) -> None:
    """Until the chair's closing (its connection ``pid["close"]``) waits for a lock, or is done."""
    engine = create_engine(url)
    query = text("SELECT wait_event_type FROM pg_stat_activity WHERE pid = :pid")
    try:
        with engine.connect() as connection:
            for _ in range(3000):  # at most about 30 s: a closing that never waits is done by then
                if closed.wait(0.01):
                    return
                waits = "close" in pid and connection.execute(query, {"pid": pid["close"]})
                if waits and waits.scalar() == "Lock":
                    return
                connection.rollback()
    finally:
        engine.dispose()


def close_now(db, round_id: int, pid: dict, closed: threading.Event, start) -> str | None:
    """The chair closes voting (the box sealed); None, or what went wrong."""
    start.wait(timeout=60)
    try:
        with db.session(write=True) as session:
            if session.get_bind().dialect.name == "postgresql":
                pid["close"] = session.scalar(text("SELECT pg_backend_pid()"))
            services.close_voting(session, CHAIR, round_id)
        return None
    except Exception as error:
        return repr(error)
    finally:
        closed.set()


def test_closing_while_tablets_cast_seals_every_answered_ballot_and_refuses_the_rest(
    hall, monkeypatch
):
    app, round_id, voters = hall
    db = app.extensions["votesys.db"]
    is_postgres = db.engine.dialect.name == "postgresql"
    early, racing, late = voters[:EARLY], voters[EARLY : EARLY + RACING], voters[EARLY + RACING :]

    for voter in early:
        assert voter.cast().status == 200
    lost = early[0]  # its answer never reached the tablet: it resends after the closing

    pid: dict = {}
    closed = threading.Event()
    start = threading.Barrier(len(racing) + 1)
    held = late.pop(0) if is_postgres else None
    holder = HoldOneCast(lambda: waiting_on_a_lock(db.engine.url, pid, closed))
    if held is not None:
        monkeypatch.setattr(services, "audit", holder)
        held_thread = threading.Thread(target=held.cast, name="held")
        held_thread.start()
        assert holder.inside.wait(timeout=60)  # its ballot is written, not committed

    def cast_at_once(voter: Voter) -> Voter:
        start.wait(timeout=60)
        return voter.cast()

    with ThreadPoolExecutor(len(racing) + 1) as pool:
        closing = pool.submit(close_now, db, round_id, pid, closed, start)
        list(pool.map(cast_at_once, racing))
        assert closing.result() is None  # the chair's closing went through
    if held is not None:
        held_thread.join(timeout=60)
        assert held.status == 200, held.answer  # it held the closing back: it is in the box
        racing.append(held)

    for voter in late:
        voter.cast()
    resent = Voter(lost.number, lost.tablet, lost.ballot, lost.key, round_id).cast()
    # The resend is the same submission (same key, same ciphertexts): its receipt, not a refusal.
    assert resent.status == 200, resent.answer
    assert resent.answer["receipt"] == lost.answer["receipt"] and resent.answer["is_repeat"]

    every = early + racing + late
    answered = [v for v in every if v.status == 200]
    refused = [v for v in every if v.status != 200]
    assert late and all(v in refused for v in late)
    for voter in refused:
        assert voter.status == 409, voter.answer
        assert voter.answer["error"] == "voting_closed", voter.answer
        for words in CLOSED_WORDS:
            assert words in voter.answer["message"], voter.answer["message"]
    assert all(not v.answer["is_repeat"] for v in answered)
    check_the_sealed_box(app, round_id, answered, refused)


def check_the_sealed_box(app, round_id: int, answered: list[Voter], refused: list[Voter]) -> None:
    db = app.extensions["votesys.db"]
    receipts = sorted(v.answer["receipt"] for v in answered)
    assert len(set(receipts)) == len(receipts)
    with db.session() as session:
        round_ = session.get(Round, round_id)
        assert round_.status == "closed"
        assert box.receipts(session, round_) == receipts  # every answered ballot is sealed in
        stored = dict(
            session.execute(
                select(Ballot.receipt, Ballot.document).where(Ballot.round_id == round_id)
            ).all()
        )
        for voter in answered:  # under the very ciphertexts its tablet sent
            assert json.loads(stored[voter.answer["receipt"]]) == voter.ballot
        points = set(session.scalars(select(BallotPoint.point)))
        for voter in refused:  # nothing of a refused cast: no ballot, no ciphertext
            assert not points & set(leaves(voter.ballot["marks"]))
        marked = set(
            session.scalars(
                select(RoundVoter.delegate_id).where(
                    RoundVoter.round_id == round_id, RoundVoter.has_voted.is_(True)
                )
            )
        )
        assert len(marked) == len(answered) == len(stored)
        numbers = {number for number, _ in voted_numbers(session, round_)}
        assert numbers == {v.number for v in answered}
        assert not numbers & {v.number for v in refused}
        (sealed,) = session.scalars(
            select(AuditEntry.data).where(AuditEntry.kind == "ballots.box_sealed")
        )
        assert json.loads(sealed)["ballots"] == json.loads(sealed)["voted"] == len(answered)
        casts = session.scalar(select(func.count()).where(AuditEntry.kind == "ballots.cast"))
        assert casts == len(answered)
        report = audit_queries.verify_database(
            session, app.extensions["votesys.signer"].public_key_hex
        )
        assert report.ok, [p.describe() for p in report.problems]


def leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value
