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
from votesys.checkin.queries import present_ids
from votesys.core.audit_chain import canonical_json
from votesys.core.minutes import inputs as minutes_inputs
from votesys.core.minutes.export import fingerprint, result_json
from votesys.core.minutes.figures import minutes_figures
from votesys.core.minutes.inputs import BadMinutes
from votesys.core.rules import documents
from votesys.core.rules.base import BaseB, Exclusion
from votesys.core.rules.decide import Candidate as Named
from votesys.core.rules.settings import RuleSettings
from votesys.db import utcnow
from votesys.elections import lifecycle
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.roles import Actor, require
from votesys.tally import errors
from votesys.tally.models import SignOff, Tally


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
    ballots = box.documents(session, round_)
    voted = len(elections.voted_numbers(session, round_))
    if voted != len(ballots):
        raise errors.BoxDisagrees(ballots=len(ballots), voters=voted)
    seats = round_.seats if round_.election.kind != "opinion" else 1
    tally = documents.count(
        ballots, round_.layout, ids, seats, round_.alternates, settings_of(round_)
    )
    issued = elections.turnout(session, round_).issued
    return Counted(
        "box", issued, tally.returned, tally.valid, dict(tally.invalid), dict(tally.votes)
    )


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
    """SHA-256 of what was fixed for the round before any ballot: the election, the list in
    ballot order, the places, the layout, B with its breakdown, the threshold, the settings."""
    facts = {
        "election": {"id": round_.election_id, "title": round_.election.title},
        "round": {"id": round_.id, "number": round_.number},
        "seats": round_.seats,
        "alternates": round_.alternates,
        "layout": round_.layout,
        "candidates": [[c.id, c.full_name] for c in elections.round_list(session, round_)],
        "base": elections.frozen_base(round_),
        "threshold": round_.threshold,
        "settings": elections.frozen_settings(round_),
        "opened_at": round_.opened_at.isoformat(),
    }
    return hashlib.sha256(canonical_json(facts)).hexdigest()


def _in_state(session, round_id: int, target: str, also: tuple[str, ...] = ()) -> Round:
    round_ = elections.round_of(session, round_id)
    if round_.status in also or lifecycle.allows(round_.status, target):
        return round_
    first = lifecycle.first_step(round_.status, target)
    params = {"number": round_.number, "election": round_.election.title}
    if first is None:
        raise errors.TooLate(current=round_.status, **params)
    raise errors.NotYet(current=round_.status, first=first, **params)
