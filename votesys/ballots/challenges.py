"""Challenged ballots (phiếu kiểm tra, the Benaloh challenge, docs/protocol.md §6.6): publishing
one, and finding one by its code.

Before casting, a delegate may ask the tablet to prove that it encrypted what the screen showed:
the tablet encrypts with the nonces kept, and instead of casting the ballot it reveals them. The
encrypted ballot and the reveal are published here; anyone (the counting committee, the
delegate's phone) re-encrypts the revealed marks in the browser and compares. The server checks
the same when it is published (``votesys.core.crypto.benaloh.check_revealed`` and the ballot's
proofs) and keeps the verdict: a reveal that does not match is kept too, it is the evidence of a
tablet that cheated. A challenged ballot is never cast (the box refuses its hash and every one of
its ciphertexts) and never counted, and it uses up nobody's vote: nothing here knows the
delegate, the time or the order (random id, no rowid).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.ballots import errors
from votesys.ballots.models import Ballot, BallotPoint, ChallengedBallot, ChallengedPoint
from votesys.ballots.queries import receipt_code
from votesys.ballots.services import TABLET, VERIFY_THREADS, open_round, round_crypto
from votesys.core.audit_chain import canonical_json
from votesys.core.crypto.ballot import BallotProblem, EncryptedBallot, verify_ballot
from votesys.core.crypto.benaloh import RevealedBallot, check_revealed
from votesys.core.crypto.errors import CryptoError
from votesys.core.crypto.receipt import receipt as receipt_of_ballot
from votesys.elections.models import Round


@dataclass(frozen=True)
class Challenged:
    """What the tablet is told: the challenge's code, and whether the server found the reveal
    matching the encryption (the delegate still checks it on another device)."""

    code: str
    is_match: bool
    problems: tuple[str, ...]
    is_repeat: bool = False


def publish_challenge(session: Session, round_id: int, ballot: Any, revealed: Any) -> Challenged:
    """Publish a challenged ballot of an open round: ``ballot`` the encrypted ballot's JSON and
    ``revealed`` the tablet's reveal (marks, flags and their nonces). It must decode under the
    round's frozen layout; then its proofs and the reveal are checked and the verdict stored
    with it, whatever it is. The same ballot published again (a resend) gives the same answer.
    Refused: a ballot that is (or shares a ciphertext with) a ballot in the box."""
    round_ = open_round(session, round_id)
    number = round_.number
    layout, key, context = round_crypto(round_.fingerprint, round_.manifest)
    session.rollback()  # no write lock (SQLite) while the proofs are checked
    try:
        decoded = EncryptedBallot.from_json(ballot, layout)
        opened = RevealedBallot.from_json(revealed)
    except CryptoError as error:
        raise errors.BadChallenge(number=number, detail=error.code) from None
    problems = verify_ballot(decoded, layout, key, context, workers=VERIFY_THREADS)
    problems += check_revealed(decoded, opened, key)
    found = receipt_of_ballot(decoded)
    text_, reveal_text = _canonical(decoded.to_json()), _canonical(opened.to_json())
    points = sorted({ct.a.hex() for ct in (*decoded.marks, *decoded.flags)})
    round_ = open_round(session, round_id, lock=True)  # still open, in the writing transaction
    repeat = _published(session, found.full, text_, reveal_text)
    if repeat is not None:
        return repeat
    _refuse_cast(session, round_, found.full, points)
    row = ChallengedBallot(
        id=secrets.token_hex(16),
        round_id=round_.id,
        code=found.code,
        ballot_hash=found.full,
        document=text_,
        revealed=reveal_text,
        is_match=not problems,
        problems=", ".join(_named(p) for p in problems),
    )
    session.add(row)
    session.flush()
    existing = set(
        session.scalars(
            select(ChallengedPoint.point).where(
                ChallengedPoint.round_id == round_.id, ChallengedPoint.point.in_(points)
            )
        )
    )
    fresh = [{"round_id": round_.id, "point": p} for p in points if p not in existing]
    if fresh:
        session.execute(insert(ChallengedPoint), fresh)
    audit.record(session, "ballots.challenged", TABLET, round=round_.id, matches=row.is_match)
    session.commit()
    return Challenged(row.code, row.is_match, _split(row.problems))


def find_challenge(session: Session, text: str) -> ChallengedBallot:
    """The challenged ballot whose code someone typed or scanned (case, spaces, dashes ignored;
    a URL ending in ``#CODE``, as the tablet's QR code holds, is read too)."""
    code = receipt_code(text.rsplit("#", 1)[-1])
    found = session.scalar(select(ChallengedBallot).where(ChallengedBallot.code == code))
    if found is None:
        raise errors.UnknownChallenge(typed=text.strip()[:20] or "-")
    return found


def challenged_of(session: Session, round_: Round) -> list[ChallengedBallot]:
    """A round's challenged ballots, sorted by code."""
    rows = session.scalars(select(ChallengedBallot).where(ChallengedBallot.round_id == round_.id))
    return sorted(rows, key=lambda row: row.code)


def problems_of(row: ChallengedBallot) -> tuple[str, ...]:
    return _split(row.problems)


def _published(session, full: str, text_: str, reveal_text: str) -> Challenged | None:
    row = session.scalar(select(ChallengedBallot).where(ChallengedBallot.ballot_hash == full))
    if row is None:
        return None
    if row.document != text_ or row.revealed != reveal_text:
        raise errors.ChallengeReplaced()
    session.rollback()
    return Challenged(row.code, row.is_match, _split(row.problems), is_repeat=True)


def _refuse_cast(session: Session, round_: Round, full: str, points: list[str]) -> None:
    cast = session.scalar(select(Ballot.id).where(Ballot.ballot_hash == full))
    shared = session.scalar(
        select(BallotPoint.point)
        .where(BallotPoint.round_id == round_.id, BallotPoint.point.in_(points))
        .limit(1)
    )
    if cast is not None or shared is not None:
        raise errors.CastBallotChallenged()


def _canonical(value: Any) -> str:
    return canonical_json(value).decode()


def _named(problem: BallotProblem) -> str:
    return problem.code if problem.index is None else f"{problem.code} {problem.index + 1}"


def _split(text_: str) -> tuple[str, ...]:
    return tuple(part for part in text_.split(", ") if part)
