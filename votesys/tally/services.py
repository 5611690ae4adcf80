"""Every write of the count: count a closed round, confirm it, announce it.

closed → counted (the counting committee counts: ``count_round``) → signed (enough members have
confirmed the same figures: ``confirm_count``) → announced (the chair: ``announce``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.audit import queries as audit_log
from votesys.audit import services as audit
from votesys.ballots import queries as box
from votesys.ceremony import queries as ceremony_queries
from votesys.ceremony.errors import NotAMember
from votesys.checkin.queries import present_ids
from votesys.core import record
from votesys.core.audit_chain import canonical_json
from votesys.core.crypto.errors import CryptoError, DecryptionError
from votesys.core.crypto.totals import (
    add_stored,
    failed_partials,
    open_totals,
    partials_from_json,
    totals_from_json,
    totals_to_json,
)
from votesys.core.minutes import inputs as minutes_inputs
from votesys.core.minutes.export import fingerprint, result_json
from votesys.core.minutes.figures import minutes_figures
from votesys.core.minutes.inputs import BadMinutes
from votesys.core.rules import marking
from votesys.core.rules.base import BaseB, Exclusion
from votesys.core.rules.decide import Candidate as Named
from votesys.core.rules.settings import RuleSettings
from votesys.db import utcnow
from votesys.elections import lifecycle
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.roles import Actor, require
from votesys.tally import errors
from votesys.tally.models import EncryptedTotals, PartialDecryption, SignOff, Tally

ADD_THREADS = 2  # the columns of a big box are added in two threads (libsodium frees the GIL)


@dataclass(frozen=True)
class Counted:
    """What a count found, before it is stored."""

    source: str
    issued: int
    returned: int
    valid: int
    invalid: dict[str, int]
    votes: dict[str, int]


def count_round(session: Session, actor: Actor, round_id: int) -> Tally:
    """Count a closed round (kiểm phiếu): the tally from the box (or the paper count), the
    reconciliation, the result by the rules, the minutes' fingerprint; the round is counted."""
    require(actor.role, "tally.count")
    round_ = _in_state(session, round_id, "counted")
    candidates = elections.round_list(session, round_)
    counted = _counted(session, round_, candidates)
    now = utcnow()
    head = audit_log.head(session)[1]
    if round_.election.kind == "opinion":
        result = _opinion_result(session, round_, candidates, counted, now, head)
        status, digest = "complete", hashlib.sha256(canonical_json(result)).hexdigest()
    else:
        minutes = _minutes(session, round_, candidates, counted, now, head)
        result, status, digest = result_json(minutes), minutes.status, fingerprint(minutes)
    tally = Tally(
        round_id=round_.id,
        source=counted.source,
        issued=counted.issued,
        returned=counted.returned,
        valid=counted.valid,
        invalid=canonical_json(counted.invalid).decode(),
        votes=canonical_json(counted.votes).decode(),
        result=canonical_json(result).decode(),
        status=status,
        fingerprint=digest,
        audit_head=head,
        counted_by=actor.name,
        counted_at=now,
    )
    session.add(tally)
    round_.status = "counted"
    audit.record(
        session,
        "tally.counted",
        actor.name,
        round=round_.id,
        source=counted.source,
        issued=counted.issued,
        returned=counted.returned,
        valid=counted.valid,
        invalid=counted.invalid,
        votes=counted.votes,
        status=status,
        elected=result.get("elected", result.get("agreed")),
        alternates=result.get("alternates", []),
        tied=result.get("tied", []),
        fingerprint=tally.fingerprint,
    )
    session.commit()
    return tally


def _counted(session, round_: Round, candidates) -> Counted:
    ids = [str(c.id) for c in candidates]
    paper = box.paper_count(session, round_)
    if paper is not None:
        invalid = json.loads(paper.invalid)
        votes = json.loads(paper.votes)
        valid = paper.returned - sum(invalid.values())
        return Counted("paper", paper.issued, paper.returned, valid, invalid, votes)
    totals = session.get(EncryptedTotals, round_.id)
    if totals is None:
        raise errors.NotAddedUp(number=round_.number)
    values = _decrypted(session, round_, totals)
    counted = marking.tally_from_totals(
        round_.layout, values, totals.ballots, ids, settings_of(round_)
    )
    issued = elections.turnout(session, round_).issued
    return Counted(
        "box", issued, counted.returned, counted.valid, dict(counted.invalid), dict(counted.votes)
    )


def add_up(session: Session, actor: Actor, round_id: int) -> EncryptedTotals:
    """Add up the closed box without opening a ballot (cộng phiếu mã hóa): for every mark and
    every invalid-reason flag, the sum of the ballots' ciphertexts. First the box must agree
    with the list of who voted. Adding up again returns the same totals."""
    require(actor.role, "tally.count")
    round_ = _in_state(session, round_id, "counted")
    existing = session.get(EncryptedTotals, round_.id)
    if existing is not None:
        return existing
    if box.paper_count(session, round_) is not None:
        raise errors.TooLate(**_named(round_), current="counted on paper")
    documents = box.documents(session, round_)
    voted = len(elections.voted_numbers(session, round_))
    if voted != len(documents):
        raise errors.BoxDisagrees(ballots=len(documents), voters=voted)
    layout = record.layout_of(json.loads(round_.manifest))
    sums = add_stored(documents, layout.mark_count + layout.flags, workers=ADD_THREADS)
    published = totals_to_json(sums)
    row = EncryptedTotals(
        round_id=round_.id,
        ballots=len(documents),
        totals=canonical_json(published).decode(),
        digest=hashlib.sha256(canonical_json(published)).hexdigest(),
        added_by=actor.name,
        added_at=utcnow(),
    )
    session.add(row)
    audit.record(
        session,
        "tally.added_up",
        actor.name,
        round=round_.id,
        ballots=row.ballots,
        totals_sha256=row.digest,
    )
    session.commit()
    return row


def submit_partials(session: Session, actor: Actor, round_id: int, partials) -> Round:
    """A member of the key ceremony publishes their partial decryptions of the round's totals,
    made on their own device with their unlocked share (giải mã từng phần). Every proof is
    checked: a decryption that fails is kept as refused, named, and never used. When enough
    members (the ceremony's threshold) have decrypted, the round is counted at once."""
    require(actor.role, "tally.decrypt")
    round_ = _in_state(session, round_id, "counted")
    totals_row = session.get(EncryptedTotals, round_.id)
    if totals_row is None:
        raise errors.NotAddedUp(number=round_.number)
    ceremony = ceremony_queries.ceremony_of(session, round_.ceremony_id)
    try:
        member = ceremony_queries.member_for(session, ceremony, actor.name)
    except NotAMember:
        raise errors.NotAKeyHolder(number=round_.number) from None
    earlier = session.get(PartialDecryption, (round_.id, member.number))
    if earlier is not None and earlier.is_valid:
        raise errors.AlreadyDecrypted(name=member.display_name, number=round_.number)
    totals = totals_from_json(json.loads(totals_row.totals))
    try:
        parsed = partials_from_json(partials, len(totals))
    except CryptoError:
        parsed = None
    if parsed is None:
        failed = list(range(len(totals)))
    else:
        key = ceremony_queries.keys_of_members(session, ceremony)[member.number]
        failed = failed_partials(
            parsed, member.number, key, totals, bytes.fromhex(round_.fingerprint)
        )
    if earlier is not None:
        session.delete(earlier)
        session.flush()
    row = PartialDecryption(
        round_id=round_.id,
        member=member.number,
        account=actor.name,
        partials=canonical_json(partials if parsed is not None else []).decode(),
        is_valid=not failed,
        problems=json.dumps(failed) if failed else None,
        submitted_at=utcnow(),
    )
    session.add(row)
    audit.record(
        session,
        "tally.partial_decryption" if not failed else "tally.partial_decryption_refused",
        actor.name,
        round=round_.id,
        member=member.number,
        failed=len(failed),
    )
    session.commit()
    if failed:
        raise errors.BadPartialDecryption(
            member=member.number, name=member.display_name, failed=len(failed), totals=len(totals)
        )
    if len(valid_partials(session, round_)) >= ceremony.threshold:
        count_round(session, actor, round_.id)
    return round_


def valid_partials(session: Session, round_: Round) -> list[PartialDecryption]:
    return list(
        session.scalars(
            select(PartialDecryption)
            .where(PartialDecryption.round_id == round_.id, PartialDecryption.is_valid.is_(True))
            .order_by(PartialDecryption.member)
        )
    )


def _decrypted(session, round_: Round, totals_row: EncryptedTotals) -> list[int]:
    """The totals, opened with the valid partial decryptions (all checked again here)."""
    ceremony = ceremony_queries.ceremony_of(session, round_.ceremony_id)
    rows = valid_partials(session, round_)
    if len(rows) < ceremony.threshold:
        raise errors.AwaitingDecryption(
            number=round_.number, have=len(rows), need=ceremony.threshold
        )
    totals = totals_from_json(json.loads(totals_row.totals))
    partials = {r.member: partials_from_json(json.loads(r.partials), len(totals)) for r in rows}
    try:
        return open_totals(
            totals,
            partials,
            ceremony_queries.keys_of_members(session, ceremony),
            ceremony.threshold,
            bytes.fromhex(round_.fingerprint),
            totals_row.ballots,
        )
    except DecryptionError as error:
        raise errors.CountDoesNotAddUp(detail=f"decryption: {error.code}") from None


def _named(round_: Round) -> dict:
    return {"number": round_.number, "election": round_.election.title}


def _minutes(session, round_: Round, candidates, counted: Counted, now, head: str):
    congress = round_.election.congress
    base = base_of(round_)
    voters = len(elections.voter_ids(session, round_))
    try:
        return minutes_figures(
            congress=minutes_inputs.Congress(congress.name, congress.term),
            election=minutes_inputs.Election(
                round_.election.title, max(round_.seats, 1), round_.alternates
            ),
            round_number=round_.number,
            layout=round_.layout,
            candidates=[Named(str(c.id), c.full_name) for c in candidates],
            committee=committee_of(session, round_),
            roll=minutes_inputs.RollFigures(base.summoned, voters, base.summoned - voters),
            base=base,
            ballots=minutes_inputs.BallotCount(
                counted.issued, counted.returned, counted.valid, counted.invalid
            ),
            votes=counted.votes,
            settings=settings_of(round_),
            closed_at=round_.closed_at,
            counted_at=now,
            place=congress.venue,
            audit_head=head,
            round_fingerprint=round_fingerprint(session, round_),
        )
    except BadMinutes as error:
        failed = [c.detail for c in error.checks if not c.ok]
        detail = "; ".join(failed) or ", ".join(error.codes)
        raise errors.CountDoesNotAddUp(detail=detail) from None


def _opinion_result(session, round_: Round, candidates, counted: Counted, now, head) -> dict:
    """The opinion ballot (phiếu xin ý kiến, rules.md §2): a name joins the election's list when
    more than 30% of the delegates attending agree (the threshold frozen at opening)."""
    attending = len(elections.voter_ids(session, round_))
    rows = [
        {
            "id": str(c.id),
            "name": c.full_name,
            "agree": counted.votes[str(c.id)],
            "is_agreed": counted.votes[str(c.id)] >= round_.threshold,
        }
        for c in candidates
    ]
    if counted.returned > counted.issued or counted.valid + sum(counted.invalid.values()) != (
        counted.returned
    ):
        raise errors.CountDoesNotAddUp(detail=f"{counted.returned} > {counted.issued}")
    congress = round_.election.congress
    return {
        "format": "votesys-opinion/1",
        "congress": {"name": congress.name, "term": congress.term},
        "election": {"title": round_.election.title, "target": round_.election.target_election_id},
        "round": round_.number,
        "attending": attending,
        "threshold": round_.threshold,
        "ballots": {
            "issued": counted.issued,
            "returned": counted.returned,
            "valid": counted.valid,
            "invalid": counted.invalid,
        },
        "candidates": rows,
        "agreed": [row["id"] for row in rows if row["is_agreed"]],
        "counted_at": now.isoformat(),
        "audit_head": head,
        "round_fingerprint": round_fingerprint(session, round_),
    }


def confirm_count(session: Session, actor: Actor, round_id: int, display_name: str) -> Round:
    """A member of the counting committee confirms the counted round from their own account
    (xác nhận biên bản). When enough have confirmed (``required_confirmations``) the round is
    signed and the result released to the chair."""
    require(actor.role, "tally.sign")
    round_ = _in_state(session, round_id, "signed", also=("counted",))
    if round_.status != "counted":
        raise errors.AlreadySigned(number=round_.number)
    tally = session.get(Tally, round_.id)
    if session.get(SignOff, (round_.id, actor.name)) is not None:
        raise errors.AlreadyConfirmed(name=display_name)
    session.add(
        SignOff(
            round_id=round_.id,
            account=actor.name,
            display_name=display_name,
            fingerprint=tally.fingerprint,
            confirmed_at=utcnow(),
        )
    )
    session.flush()
    done = confirmations(session, round_)
    needed = required_confirmations(session, round_)
    if done >= needed:
        round_.status = "signed"
    audit.record(
        session,
        "tally.confirmed",
        actor.name,
        round=round_.id,
        fingerprint=tally.fingerprint,
        confirmations=done,
        required=needed,
        signed=round_.status == "signed",
    )
    session.commit()
    return round_


def announce(session: Session, actor: Actor, round_id: int) -> Round:
    """The chair announces the signed result (công bố kết quả): the projector may show it."""
    require(actor.role, "results.announce")
    round_ = _in_state(session, round_id, "announced")
    round_.status = "announced"
    tally = session.get(Tally, round_.id)
    audit.record(
        session, "tally.announced", actor.name, round=round_.id, fingerprint=tally.fingerprint
    )
    session.commit()
    return round_


def confirmations(session: Session, round_: Round) -> int:
    return session.scalar(select(func.count()).where(SignOff.round_id == round_.id)) or 0


def required_confirmations(session: Session, round_: Round) -> int:
    """Every member of the counting committee present, and at least a majority of it: members
    from the roll count as present when checked in; members entered by name always do."""
    members = elections.counting_members(session, round_.election.congress)
    present = present_ids(session, round_.election.congress)
    here = sum(m.delegate_id is None or m.delegate_id in present for m in members)
    return max(here, len(members) // 2 + 1)


def base_of(round_: Round) -> BaseB:
    """B as frozen when the round opened."""
    frozen = elections.frozen_base(round_)
    exclusions = tuple(
        Exclusion(e["code"], e["count"], tuple(e["numbers"])) for e in frozen["exclusions"]
    )
    return BaseB(frozen["value"], frozen["summoned"], exclusions)


def settings_of(round_: Round) -> RuleSettings:
    frozen = elections.frozen_settings(round_)
    return RuleSettings() if frozen is None else RuleSettings.from_dict(frozen)


def committee_of(session, round_: Round) -> list[minutes_inputs.CommitteeMember]:
    members = elections.counting_members(session, round_.election.congress)
    return [
        minutes_inputs.CommitteeMember(
            m.full_name, minutes_inputs.CHAIR if m.role == "head" else minutes_inputs.MEMBER
        )
        for m in members
    ]


def round_fingerprint(session, round_: Round) -> str:
    """The round fingerprint: SHA-256 of the manifest frozen when voting opened (core.record),
    the context of every proof of the round."""
    return round_.fingerprint


def _in_state(session, round_id: int, target: str, also: tuple[str, ...] = ()) -> Round:
    round_ = elections.round_of(session, round_id)
    if round_.status in also or lifecycle.allows(round_.status, target):
        return round_
    first = lifecycle.first_step(round_.status, target)
    params = {"number": round_.number, "election": round_.election.title}
    if first is None:
        raise errors.TooLate(current=round_.status, **params)
    raise errors.NotYet(current=round_.status, first=first, **params)
