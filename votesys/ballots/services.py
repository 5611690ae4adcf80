"""Every write of the ballot box: issue a ballot, cast it, close and seal the box, paper counts.

One ballot per eligible delegate per round: casting flips the voter's ``has_voted`` with a
conditional UPDATE (``WHERE has_voted = false``) in the same transaction as the INSERT of the
ballot, so two tablets casting for one card at once give exactly one ballot (the second waits for
the row lock on PostgreSQL, for the write lock on SQLite, then finds the flag set).

Secrecy: nothing written here names the delegate next to the ballot. The audit entries of a cast
carry the round only; the ballot row carries no delegate, no time, no order. At closing the box
is sealed (``close_voting``): ballots and voters are rewritten in one transaction in an order
that says nothing (random ids; roll order), and the database's own traces of the order of
writing are cleared (VACUUM; on SQLite also the write-ahead log).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.ballots import errors
from votesys.ballots.models import (
    Ballot,
    BallotPoint,
    BoardSnapshot,
    ChallengedBallot,
    ChallengedPoint,
    PaperCount,
)
from votesys.ballots.queries import ballot_count, paper_count
from votesys.core import record
from votesys.core.audit_chain import canonical_json
from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.group import Point
from votesys.core.crypto.receipt import Receipt
from votesys.core.crypto.receipt import receipt as receipt_of_ballot
from votesys.core.rules.decide import Candidate as Named
from votesys.core.rules.decide import RoundFacts, find_problems
from votesys.core.rules.settings import RuleSettings
from votesys.core.rules.validity import INVALID_REASONS
from votesys.db import is_storage_full, utcnow
from votesys.elections import queries as elections
from votesys.elections import rounds
from votesys.elections.models import Round, RoundVoter
from votesys.errors import DomainError
from votesys.roles import Actor, require

LOG = logging.getLogger(__name__)
TABLET = "tablet"  # the audit log's actor for what a delegate does on a tablet: never their name
SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{22,128}")
VERIFY_THREADS = 3  # libsodium releases the GIL: 3 threads check a big ballot fastest on 2 cores


@dataclass(frozen=True)
class Cast:
    """What the tablet is told: the receipt, and whether this was a resent ballot."""

    receipt: str
    is_repeat: bool = False


@dataclass(frozen=True)
class BallotPaper:
    """The ballot as the tablet shows it: the round and its list in ballot order."""

    round: Round
    candidates: list
    seats: int
    alternates: int


def issue_ballot(session: Session, round_id: int, delegate_id: int) -> BallotPaper:
    """Hand the ballot to an eligible delegate (phát phiếu) when they open it on a tablet.
    Opening it again is harmless; a delegate who has voted gets AlreadyVoted."""
    round_ = open_round(session, round_id, lock=True)
    voter = session.get(RoundVoter, (round_.id, delegate_id))
    if voter is None:
        raise errors.NotAVoter(**_named(round_))
    if voter.has_voted:
        raise errors.AlreadyVoted(**_named(round_))
    if not voter.is_issued:
        voter.is_issued = True
        audit.record(session, "ballots.issued", TABLET, round=round_.id)
    paper = BallotPaper(
        round_, elections.round_list(session, round_), round_.seats, round_.alternates
    )
    session.commit()
    return paper


def check_ballot(session: Session, round_id: int, ballot: Any) -> CheckedBallot:
    """Verify an encrypted ballot against its round's frozen manifest, reading only: the
    proofs of a big ballot take a while, and on SQLite a writing session holds the database's
    write lock from its first statement. Pass the result (or the DomainError it raised) to
    ``cast_ballot`` as ``checked``; nothing is written here, not even a refusal."""
    round_ = open_round(session, round_id)
    frozen = (round_.number, round_.fingerprint, round_.manifest)
    session.rollback()  # the connection goes back to the pool while the proofs are checked
    return _verified(*frozen, ballot)


def cast_ballot(
    session: Session,
    round_id: int,
    delegate_id: int,
    ballot: Any,
    submission_key: str,
    checked: CheckedBallot | DomainError | None = None,
) -> Cast:
    """Put one encrypted ballot in the box and mark the delegate as having voted, in one
    transaction.

    ``ballot``: the encrypted ballot's JSON (core.crypto.ballot), made on the tablet; every proof
    is checked against the round's frozen manifest before anything is written, and a ballot
    that repeats a ciphertext already in the box is refused. ``submission_key``: a random string
    the tablet made for this ballot; sending the same ballot with it again (Wi-Fi lost after
    sending) returns the same receipt. ``checked``: what ``check_ballot`` found beforehand in a
    reading session (its refusal is recorded here, as any other). Refused: nothing changes but
    an audit entry naming the refusal's code. The disk full: ``BoxFull``, nothing written at
    all (the transaction is rolled back whole; no audit entry can be written either)."""
    try:
        return _cast(session, round_id, delegate_id, ballot, submission_key, checked)
    except DomainError as error:
        session.rollback()
        audit.record(session, "ballots.refused", TABLET, round=round_id, reason=error.code)
        session.commit()
        raise
    except OperationalError as error:
        session.rollback()
        if not is_storage_full(error):
            raise
        LOG.error("a ballot could not be cast: the database's disk is full")
        raise errors.BoxFull() from None


def _cast(session, round_id, delegate_id, ballot, submission_key, checked) -> Cast:
    round_ = _locked_round(session, round_id)
    if round_.status != "open":
        return _resent_after_closing(session, round_, delegate_id, ballot, submission_key)
    if isinstance(checked, DomainError):
        raise checked
    if not isinstance(submission_key, str) or not SUBMISSION_KEY.fullmatch(submission_key):
        raise errors.BadSubmissionKey()
    if checked is None or checked.fingerprint != round_.fingerprint:
        checked = _checked_ballot(round_, ballot)
    tag = hashlib.sha256(submission_key.encode()).hexdigest()
    repeat = _repeat(session, round_, delegate_id, tag, checked.text)
    if repeat is not None:
        return repeat
    try:
        _refuse_copies(session, round_, checked)
    except errors.CopiedBallot:
        # A resend racing its original finds the original's ciphertexts: it is a repeat.
        repeat = _repeat(session, round_, delegate_id, tag, checked.text)
        if repeat is not None:
            return repeat
        raise
    marked = session.execute(
        update(RoundVoter)
        .where(
            RoundVoter.round_id == round_.id,
            RoundVoter.delegate_id == delegate_id,
            RoundVoter.is_issued.is_(True),
            RoundVoter.has_voted.is_(False),
        )
        .values(has_voted=True)
    ).rowcount
    if marked != 1:
        # A resend that raced its original sees the original's ballot now (read committed).
        repeat = _repeat(session, round_, delegate_id, tag, checked.text)
        if repeat is not None:
            return repeat
        raise _why_not_marked(session, round_, delegate_id)
    session.add(
        Ballot(
            id=secrets.token_hex(16),
            round_id=round_.id,
            document=checked.text,
            receipt=checked.receipt.code,
            ballot_hash=checked.receipt.full,
            retry_tag=tag,
        )
    )
    try:
        session.flush()
    except IntegrityError:
        raise errors.ReplayedSubmission() from None  # the key was used in another round
    session.execute(
        insert(BallotPoint), [{"round_id": round_.id, "point": p} for p in checked.points]
    )
    audit.record(session, "ballots.cast", TABLET, round=round_.id)
    session.commit()
    return Cast(checked.receipt.code)


@dataclass(frozen=True)
class CheckedBallot:
    """An encrypted ballot whose every proof holds for the round of ``fingerprint``."""

    fingerprint: str
    text: str  # canonical JSON of the encrypted ballot
    receipt: Receipt
    points: tuple[str, ...]  # every ciphertext's A, hex


def _checked_ballot(round_: Round, value: Any) -> CheckedBallot:
    return _verified(round_.number, round_.fingerprint, round_.manifest, value)


def _verified(number: int, fingerprint: str, manifest: str, value: Any) -> CheckedBallot:
    """Decode and verify every proof against the round's frozen layout, key and fingerprint
    (never anything the request says about them); BadBallot names the failing proofs."""
    layout, key, context = round_crypto(fingerprint, manifest)
    ballot, problems = verify_ballot_json(value, layout, key, context, workers=VERIFY_THREADS)
    if problems:
        detail = ", ".join(
            p.code if p.index is None else f"{p.code} {p.index + 1}" for p in problems[:5]
        )
        raise errors.BadBallot(number=number, detail=detail)
    points = tuple(ct.a.hex() for ct in (*ballot.marks, *ballot.flags))
    if len(set(points)) != len(points):
        raise errors.CopiedBallot()
    text_ = canonical_json(ballot.to_json()).decode()
    return CheckedBallot(fingerprint, text_, receipt_of_ballot(ballot), points)


@functools.lru_cache(maxsize=16)
def round_crypto(fingerprint: str, manifest: str):
    frozen = json.loads(manifest)
    return (
        record.layout_of(frozen),
        Point.from_hex(frozen["election_key"]["public_key"]),
        bytes.fromhex(fingerprint),
    )


def _refuse_copies(session: Session, round_: Round, checked: CheckedBallot) -> None:
    """A ballot, or a single ciphertext, already in the box is a copy: casting it would let a
    delegate duplicate someone's vote and read it off the result. A challenged ballot, or one of
    its ciphertexts, is never cast: its nonces are public (protocol.md §6.6)."""
    copied = session.scalar(
        select(BallotPoint.point)
        .where(BallotPoint.round_id == round_.id, BallotPoint.point.in_(checked.points))
        .limit(1)
    )
    same = session.scalar(select(Ballot.id).where(Ballot.ballot_hash == checked.receipt.full))
    if copied is not None or same is not None:
        raise errors.CopiedBallot()
    challenged = session.scalar(
        select(ChallengedPoint.point)
        .where(ChallengedPoint.round_id == round_.id, ChallengedPoint.point.in_(checked.points))
        .limit(1)
    )
    opened = session.scalar(
        select(ChallengedBallot.id).where(ChallengedBallot.ballot_hash == checked.receipt.full)
    )
    if challenged is not None or opened is not None:
        raise errors.ChallengedBallotCast()  # its nonces are public: so is its vote


def _repeat(session, round_: Round, delegate_id: int, tag: str, text_: str) -> Cast | None:
    """The earlier cast of the same submission, if this is one; refused if it was another."""
    found = session.scalar(select(Ballot).where(Ballot.retry_tag == tag))
    if found is None:
        return None
    voter = session.get(RoundVoter, (round_.id, delegate_id), populate_existing=True)
    same = found.round_id == round_.id and found.document == text_
    if same and voter is not None and voter.has_voted:
        session.rollback()  # nothing to write: the ballot is in the box already
        return Cast(found.receipt, is_repeat=True)
    raise errors.ReplayedSubmission()


def _resent_after_closing(session, round_: Round, delegate_id, ballot, submission_key) -> Cast:
    """A cast on a round that is not open: the resend of a ballot that went in before the
    closing (the answer lost on the way, the Wi-Fi back only after the chair closed) gets its
    receipt; anything else is refused, and then nothing of it is in the box."""
    refusal = _not_open(round_)
    if not isinstance(submission_key, str) or not SUBMISSION_KEY.fullmatch(submission_key):
        raise refusal
    tag = hashlib.sha256(submission_key.encode()).hexdigest()
    found = session.scalar(select(Ballot.id).where(Ballot.retry_tag == tag))
    if found is None:
        raise refusal
    try:
        checked = _checked_ballot(round_, ballot)
    except DomainError:
        raise refusal from None
    repeat = _repeat(session, round_, delegate_id, tag, checked.text)
    if repeat is None:
        raise refusal
    return repeat


def receipt_of_resend(session: Session, round_id: int, ballot: Any, submission_key: Any):
    """The receipt of a ballot already in the box, for a tablet resending it after its voter
    session ran out (the answer lost, the Wi-Fi back only minutes later): a ``Cast`` marked as a
    repeat when the box holds exactly this submission (its key and its ciphertexts), else None.
    Only the tablet that sent the ballot holds both, and the receipt is on the public board
    anyway: nothing is written and nothing is learnt that the sender did not know."""
    if not isinstance(submission_key, str) or not SUBMISSION_KEY.fullmatch(submission_key):
        return None
    tag = hashlib.sha256(submission_key.encode()).hexdigest()
    found = session.scalar(
        select(Ballot).where(Ballot.retry_tag == tag, Ballot.round_id == round_id)
    )
    round_ = session.get(Round, round_id) if found is not None else None
    if round_ is None or not isinstance(ballot, dict):
        return None
    try:
        checked = _checked_ballot(round_, ballot)
    except DomainError:
        return None
    return Cast(found.receipt, is_repeat=True) if found.document == checked.text else None


def _why_not_marked(session, round_: Round, delegate_id: int) -> DomainError:
    voter = session.get(RoundVoter, (round_.id, delegate_id), populate_existing=True)
    if voter is None:
        return errors.NotAVoter(**_named(round_))
    if voter.has_voted:
        return errors.AlreadyVoted(**_named(round_))
    return errors.NotIssued()


def close_voting(session: Session, actor: Actor, round_id: int) -> Round:
    """The chair closes voting (kết thúc bỏ phiếu) and the box is sealed in the same transaction:
    the audit log records the number of ballots and the SHA-256 of the sorted receipts and of
    the sorted list of who voted; its head is signed. Then the storage traces are cleared."""
    require(actor.role, rounds.OPEN_CLOSE)
    # Wait for the casts in flight (each holds the round's row FOR SHARE until it commits), and
    # make the later ones wait for the seal: a ballot is either sealed in the box or refused.
    _locked_round(session, round_id, for_update=True)
    round_ = rounds.mark_closed(session, actor, round_id)
    session.execute(delete(BoardSnapshot).where(BoardSnapshot.round_id == round_.id))
    receipts = _rewrite_box(session, round_)
    _rewrite_challenged(session, round_)
    voted = elections.voted_numbers(session, round_)
    audit.record(
        session,
        "ballots.box_sealed",
        actor.name,
        round=round_.id,
        ballots=len(receipts),
        voted=len(voted),
        receipts_sha256=_sha256([r for r in sorted(receipts)]),
        voters_sha256=_sha256([number for number, _ in voted]),
    )
    audit.checkpoint_head(session)
    session.commit()
    clear_write_traces(session)
    return round_


def _rewrite_box(session: Session, round_: Round) -> list[str]:
    """Rewrite the round's ballots in the order of their random ids, their ciphertext points in
    the order of the points and its voters in roll order, so that every row is written by this
    one transaction (PostgreSQL's xmin and heap order, SQLite's pages) and nothing keeps the
    order in which they were first written."""
    ballots = [
        {
            "id": b.id,
            "round_id": b.round_id,
            "document": b.document,
            "receipt": b.receipt,
            "ballot_hash": b.ballot_hash,
            "retry_tag": b.retry_tag,
        }
        for b in session.scalars(select(Ballot).where(Ballot.round_id == round_.id))
    ]
    voters = [
        {
            "round_id": v.round_id,
            "delegate_id": v.delegate_id,
            "is_issued": v.is_issued,
            "has_voted": v.has_voted,
        }
        for v in session.scalars(select(RoundVoter).where(RoundVoter.round_id == round_.id))
    ]
    points = list(
        session.scalars(select(BallotPoint.point).where(BallotPoint.round_id == round_.id))
    )
    session.execute(delete(Ballot).where(Ballot.round_id == round_.id))
    session.execute(delete(BallotPoint).where(BallotPoint.round_id == round_.id))
    session.execute(delete(RoundVoter).where(RoundVoter.round_id == round_.id))
    session.expunge_all()
    if ballots:
        session.execute(insert(Ballot), sorted(ballots, key=lambda row: row["id"]))
    if points:
        rows = [{"round_id": round_.id, "point": p} for p in sorted(points)]
        session.execute(insert(BallotPoint), rows)
    if voters:
        session.execute(insert(RoundVoter), sorted(voters, key=lambda row: row["delegate_id"]))
    session.add(session.get(Round, round_.id))
    return [row["receipt"] for row in ballots]


def _rewrite_challenged(session: Session, round_: Round) -> None:
    """The challenged ballots and their points, rewritten in the order of their random ids and
    points, as the box is: nothing keeps the order in which they were challenged."""
    rows = [
        {c.name: getattr(row, c.name) for c in ChallengedBallot.__table__.columns}
        for row in session.scalars(
            select(ChallengedBallot).where(ChallengedBallot.round_id == round_.id)
        )
    ]
    points = list(
        session.scalars(select(ChallengedPoint.point).where(ChallengedPoint.round_id == round_.id))
    )
    session.execute(delete(ChallengedBallot).where(ChallengedBallot.round_id == round_.id))
    session.execute(delete(ChallengedPoint).where(ChallengedPoint.round_id == round_.id))
    if rows:
        session.execute(insert(ChallengedBallot), sorted(rows, key=lambda row: row["id"]))
    if points:
        rows = [{"round_id": round_.id, "point": p} for p in sorted(points)]
        session.execute(insert(ChallengedPoint), rows)


def clear_write_traces(session: Session) -> bool:
    """After sealing: let the database drop the old versions of rewritten rows. SQLite: the
    write-ahead log is checkpointed and truncated, then the file rebuilt (secure_delete zeroes
    freed pages); PostgreSQL: VACUUM FULL rewrites both tables. Best effort, outside any
    transaction: a database kept busy by a reader is cleared at the next closing (False)."""
    engine = session.get_bind()
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        if engine.dialect.name == "sqlite":
            driver.execute("PRAGMA busy_timeout=2000")
            try:
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                driver.execute("VACUUM")
                driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                driver.execute("PRAGMA busy_timeout=30000")
        else:
            raw.rollback()
            driver.autocommit = True
            try:
                driver.execute("SET lock_timeout = '2s'")
                driver.execute(
                    "VACUUM FULL ballots, ballot_points, round_voters, challenged_ballots, "
                    "challenged_points, board_snapshots"
                )
            finally:
                driver.execute("RESET lock_timeout")
                driver.autocommit = False
        return True
    except Exception as error:  # the drivers' own errors: sqlite3's, psycopg's
        LOG.warning(
            "the box is sealed; its storage traces are cleared at the next closing (%s)",
            type(error).__name__,
        )
        return False
    finally:
        raw.close()


def enter_paper_count(
    session: Session,
    actor: Actor,
    round_id: int,
    issued: int,
    returned: int,
    invalid: Mapping[str, int],
    votes: Mapping[str, int],
) -> PaperCount:
    """The counting committee enters a round counted on paper (the fallback): ballots issued
    and returned, invalid ballots by reason, each candidate's votes (by candidate id). The round
    must be closed with no ballot in the electronic box; the count is checked as the rules
    engine checks any count, and then goes through the same counting and minutes."""
    require(actor.role, "rounds.paper_count")
    round_ = elections.round_of(session, round_id)
    _check_paper_round(session, round_)
    candidates = elections.round_list(session, round_)
    eligible = elections.turnout(session, round_).eligible
    invalid, votes = _paper_figures(round_, candidates, eligible, issued, returned, invalid, votes)
    row = PaperCount(
        round_id=round_.id,
        issued=issued,
        returned=returned,
        invalid=canonical_json(invalid).decode(),
        votes=canonical_json(votes).decode(),
        entered_by=actor.name,
        entered_at=utcnow(),
    )
    session.add(row)
    audit.record(
        session,
        "ballots.paper_count_entered",
        actor.name,
        round=round_.id,
        issued=issued,
        returned=returned,
        invalid=invalid,
        votes=votes,
    )
    session.commit()
    return row


def _check_paper_round(session, round_: Round) -> None:
    if round_.status != "closed":
        detail = f"it is {round_.status}; voting must be closed and the round not yet counted"
        raise errors.PaperCountRefused(number=round_.number, detail=detail)
    if ballot_count(session, round_):
        detail = "the electronic box holds ballots of this round"
        raise errors.PaperCountRefused(number=round_.number, detail=detail)
    if paper_count(session, round_) is not None:
        raise errors.PaperCountRefused(number=round_.number, detail="it was entered already")


def _paper_figures(round_, candidates, eligible, issued, returned, invalid, votes):
    ids = [str(c.id) for c in candidates]
    if not isinstance(invalid, Mapping) or set(invalid) - set(INVALID_REASONS):
        raise errors.BadPaperCount(detail="unknown reason for an invalid ballot")
    if not isinstance(votes, Mapping) or set(map(str, votes)) != set(ids):
        raise errors.BadPaperCount(
            detail="give the votes of every candidate on the list, and only them"
        )
    invalid = {reason: invalid[reason] for reason in INVALID_REASONS if invalid.get(reason)}
    votes = {str(key): value for key, value in votes.items()}
    counts = [issued, returned, *invalid.values(), *votes.values()]
    if any(type(n) is not int or n < 0 for n in counts):
        raise errors.BadPaperCount(detail="every figure is a whole number, 0 or more")
    if issued > eligible:
        raise errors.BadPaperCount(detail=f"{issued} ballots issued to {eligible} voters")
    facts = RoundFacts(
        round_.layout,
        # An opinion ballot elects nobody: each row is agree / disagree on its own.
        len(candidates) if round_.election.kind == "opinion" else round_.seats,
        round_.alternates,
        round_.base,
        tuple(Named(cid, c.full_name) for cid, c in zip(ids, candidates, strict=True)),
        issued,
        returned,
        sum(invalid.values()),
        votes,
    )
    problems = find_problems(facts, _settings(round_))
    if problems:
        raise errors.BadPaperCount(detail=", ".join(p.code for p in problems))
    return invalid, votes


def open_round(session: Session, round_id: int, lock: bool = False) -> Round:
    """The round, if voting in it is open. ``lock``: in a writing transaction, hold the round's
    row (FOR SHARE on PostgreSQL; SQLite's write lock does it already) until the commit, so that
    the chair's closing waits for this write and never seals the box half-way through it."""
    round_ = _locked_round(session, round_id) if lock else elections.round_of(session, round_id)
    if round_.status != "open":
        raise _not_open(round_)
    return round_


def _locked_round(session: Session, round_id: int, for_update: bool = False) -> Round:
    found = session.get(
        Round,
        round_id,
        with_for_update=True if for_update else {"read": True},
        populate_existing=True,
    )
    if found is None:
        return elections.round_of(session, round_id)  # UnknownRound
    return found


def _not_open(round_: Round) -> errors.RoundNotOpen:
    if round_.closed_at is not None:
        return errors.VotingClosed(current=round_.status, **_named(round_))
    return errors.RoundNotOpen(current=round_.status, **_named(round_))


def _named(round_: Round) -> dict:
    return {"number": round_.number, "election": round_.election.title}


def _settings(round_: Round) -> RuleSettings:
    return (
        RuleSettings.from_dict(json.loads(round_.settings)) if round_.settings else RuleSettings()
    )


def _sha256(items: list) -> str:
    return hashlib.sha256(canonical_json(items)).hexdigest()
