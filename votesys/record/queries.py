"""Reading the election record out of the database (docs/record.md): a round's section, its
record fingerprint, and the whole file as a stream of JSON text.

Ballots are written as stored (their canonical JSON), never parsed and re-serialised, so a
1,600-ballot record of 250 names (about 170 MB) streams without being held in memory; the
record fingerprint needs only the ballots' stored hashes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.audit import queries as audit_queries
from votesys.ballots.models import Ballot, ChallengedBallot
from votesys.ballots.queries import paper_count
from votesys.ceremony import queries as ceremony_queries
from votesys.congress.models import Congress
from votesys.core.crypto.totals import open_totals, partials_from_json, totals_from_json
from votesys.core.verify.record_format import FORMAT, ROUND_FORMAT, record_fingerprint
from votesys.db import utcnow
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.record.errors import NotAnnounced, NothingAnnounced
from votesys.tally import services as tally_services
from votesys.tally.models import EncryptedTotals, Tally

PUBLISHED = ("announced",)  # a round's record is public to staff once its result is announced


def announced_rounds(session: Session, congress: Congress) -> list[Round]:
    """The rounds whose record is published, in agenda order; NothingAnnounced if none."""
    rounds = elections.rounds_in(session, congress, PUBLISHED)
    if not rounds:
        raise NothingAnnounced()
    return rounds


def published_round(session: Session, round_id: int) -> Round:
    """One round whose record is published; NotAnnounced (404) before the announcement."""
    round_ = elections.round_of(session, round_id)
    if round_.status not in PUBLISHED:
        raise NotAnnounced(
            number=round_.number, election=round_.election.title, state=round_.status
        )
    return round_


def section(session: Session, round_: Round) -> dict:
    """The round's section without its ballots' content (``ballots``: their hashes only)."""
    tally = session.get(Tally, round_.id)
    totals_row = session.get(EncryptedTotals, round_.id)
    paper = paper_count(session, round_)
    rows = session.execute(
        select(Ballot.ballot_hash, Ballot.receipt)
        .where(Ballot.round_id == round_.id)
        .order_by(Ballot.ballot_hash)
    )
    return {
        "format": ROUND_FORMAT,
        "round_id": round_.id,
        "manifest": json.loads(round_.manifest),
        "round_fingerprint": round_.fingerprint,
        "source": tally.source,
        "ballots": [{"hash": full, "receipt": receipt} for full, receipt in rows],
        # Challenged ballots are public in full (they are few and never counted).
        "challenged": [
            {
                "code": c.code,
                "hash": c.ballot_hash,
                "ballot": json.loads(c.document),
                "revealed": json.loads(c.revealed),
                "matches": c.is_match,
            }
            for c in session.scalars(
                select(ChallengedBallot)
                .where(ChallengedBallot.round_id == round_.id)
                .order_by(ChallengedBallot.ballot_hash)
            )
        ],
        "encrypted_totals": None if totals_row is None else _encrypted(totals_row),
        "partial_decryptions": [
            {"member": p.member, "partials": json.loads(p.partials)}
            for p in tally_services.valid_partials(session, round_)
        ],
        "paper_count": None if paper is None else _paper(paper),
        "result": json.loads(tally.result),
        "minutes_fingerprint": tally.fingerprint,
        "audit_head": tally.audit_head,
    }


def fingerprint(session: Session, round_: Round) -> str:
    """The round's record fingerprint (SHA-256, core.verify.record_format), or "" before the
    round is counted. Printed on the minutes and the projector."""
    if session.get(Tally, round_.id) is None or round_.manifest is None:
        return ""
    return record_fingerprint(section(session, round_))


def decrypted_totals(session: Session, round_: Round) -> list[int] | None:
    """The totals opened again from the stored partial decryptions (every proof checked)."""
    totals_row = session.get(EncryptedTotals, round_.id)
    if totals_row is None:
        return None
    totals = totals_from_json(json.loads(totals_row.totals))
    valid = tally_services.valid_partials(session, round_)
    ceremony = ceremony_queries.ceremony_of(session, round_.ceremony_id)
    return open_totals(
        totals,
        {p.member: partials_from_json(json.loads(p.partials), len(totals)) for p in valid},
        ceremony_queries.keys_of_members(session, ceremony),
        ceremony.threshold,
        bytes.fromhex(round_.fingerprint),
        totals_row.ballots,
    )


def record_chunks(
    session: Session, congress: Congress, rounds: Sequence[Round], public_key: str
) -> Iterator[str]:
    """The record file (format votesys-record/1) as pieces of JSON text, in order."""
    ceremony_ids = sorted({r.ceremony_id for r in rounds if r.ceremony_id is not None})
    head = {
        "format": FORMAT,
        "congress": {"name": congress.name, "term": congress.term},
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "ceremonies": [
            ceremony_queries.transcript(session, ceremony_queries.ceremony_of(session, cid))
            for cid in ceremony_ids
        ],
    }
    yield _dumps(head)[:-1] + ',"rounds":['
    for number, round_ in enumerate(rounds):
        yield ("," if number else "") + "".join(_round_chunks(session, round_))
    yield '],"audit_log":['
    for number, line in enumerate(audit_queries.export_lines(session, public_key)):
        yield ("," if number else "") + line
    yield "]}\n"


def _round_chunks(session: Session, round_: Round) -> Iterator[str]:
    part = section(session, round_)
    part["record_fingerprint"] = record_fingerprint(part)
    part["totals"] = decrypted_totals(session, round_)
    del part["ballots"]
    yield _dumps(part)[:-1] + ',"ballots":['
    rows = session.execute(
        select(Ballot.ballot_hash, Ballot.receipt, Ballot.document)
        .where(Ballot.round_id == round_.id)
        .order_by(Ballot.ballot_hash)
        .execution_options(yield_per=200)
    )
    for number, (full, receipt, document) in enumerate(rows):
        item = _dumps({"hash": full, "receipt": receipt})[:-1] + ',"ballot":' + document + "}"
        yield ("," if number else "") + item
    yield "]}"


def _encrypted(row: EncryptedTotals) -> dict:
    return {"ballots": row.ballots, "totals": json.loads(row.totals), "sha256": row.digest}


def _paper(paper) -> dict:
    return {
        "issued": paper.issued,
        "returned": paper.returned,
        "invalid": json.loads(paper.invalid),
        "votes": json.loads(paper.votes),
    }


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
