"""A ballot round's life cycle: approve the list, open voting, close it, make the next round.

Opening freezes what the minutes print (rules.md §5): B and its breakdown from the attendance
queries, the threshold, the congress's rule settings, and the eligible voters: official
delegates in the hall at that moment, and alternates seated in place of an absent official.
The states after "closed" (counted, signed, announced) belong to the counting.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.attendance import queries as attendance
from votesys.audit import services as audit
from votesys.ceremony import queries as ceremony_queries
from votesys.ceremony.models import KeyCeremony
from votesys.checkin.queries import present_ids
from votesys.congress.models import Congress
from votesys.core import record
from votesys.core.audit_chain import canonical_json
from votesys.core.rules import lists, marking
from votesys.core.rules.base import threshold
from votesys.core.rules.decide import Decision
from votesys.core.rules.settings import RuleSettings
from votesys.db import utcnow
from votesys.elections import errors, lifecycle, queries
from votesys.elections.models import Round, RoundCandidate, RoundVoter
from votesys.elections.services import counting_conflicts
from votesys.roles import Actor, require
from votesys.roster.models import Delegate

MANAGE = "elections.manage"  # the secretariat: the lists, the next round
OPEN_CLOSE = "rounds.open_close"  # the chair: opening and closing voting
DECIDED = ("counted", "signed", "announced")


def approve_list(
    session: Session, actor: Actor, round_id: int, confirm_surplus: bool = False
) -> Round:
    """The congress approved the list (biểu quyết thông qua danh sách): fix the ballot order
    and the layout. Refused for an empty list, a counting-committee member on it, or a strike
    list whose surplus is above 30% unless ``confirm_surplus`` (the congress voted it)."""
    require(actor.role, MANAGE)
    round_ = queries.round_of(session, round_id)
    _check_step(round_, "list_approved")
    election = round_.election
    ordered = queries.round_list(session, round_)
    if not ordered:
        raise errors.EmptyList(number=round_.number)
    clashes = counting_conflicts(
        session, round_, queries.counting_members(session, congress_of(round_))
    )
    if clashes:
        raise errors.CountingMemberOnList(names=", ".join(clashes), election=election.title)
    surplus = None
    if election.kind == "opinion":
        layout = lists.APPROVE  # agree / disagree per person, whatever the number of names
    else:
        places = round_.seats + round_.alternates
        layout = lists.layout(len(ordered), places)
        surplus = lists.surplus(len(ordered), places)
        if surplus.is_over_limit and not confirm_surplus:
            raise errors.SurplusOverLimit(count=surplus.count, places=places, share=surplus.text)
    entries = {e.candidate_id: e for e in _entries(session, round_)}
    for position, candidate in enumerate(ordered, start=1):
        entries[candidate.id].position = position
    round_.layout, round_.status = layout, "list_approved"
    audit.record(
        session,
        "elections.list_approved",
        actor.name,
        election=election.id,
        round=round_.id,
        number=round_.number,
        layout=layout,
        candidates=[c.id for c in ordered],
        surplus=None if surplus is None else surplus.text,
        surplus_confirmed=bool(surplus and surplus.is_over_limit),
    )
    session.commit()
    return round_


def reopen_list(session: Session, actor: Actor, round_id: int, reason: str) -> Round:
    """Back to a draft before voting opens (the congress accepted a change to the list)."""
    require(actor.role, MANAGE)
    round_ = queries.round_of(session, round_id)
    _check_step(round_, "draft")
    reason = " ".join(reason.split())
    if not reason or len(reason) > 300:
        raise errors.ReasonRequired()
    for entry in _entries(session, round_):
        entry.position = None
    round_.layout, round_.status = None, "draft"
    audit.record(
        session,
        "elections.list_reopened",
        actor.name,
        election=round_.election_id,
        round=round_.id,
        number=round_.number,
        reason=reason,
    )
    session.commit()
    return round_


def open_round(session: Session, actor: Actor, round_id: int) -> Round:
    """Open voting: freeze B, the threshold, the settings and the eligible voters."""
    require(actor.role, OPEN_CLOSE)
    round_ = queries.round_of(session, round_id)
    _check_step(round_, "open")
    congress = congress_of(round_)
    if not queries.counting_members(session, congress):
        raise errors.NoCountingCommittee()
    key = ceremony_queries.election_key(session, congress)  # NotComplete: no key, no voting
    base, voters = hall_now(session, congress)  # a contradictory roll is refused here
    if base.quorum_result.is_met is False:
        raise errors.QuorumNotMet(present=base.voting_present, required=base.quorum_result.required)
    if not voters:
        raise errors.NoVoters()
    settings = congress_settings(session, congress, base.quorum)
    if round_.election.kind == "opinion":
        round_.threshold = lists.opinion_threshold(len(voters))
    else:
        round_.threshold = threshold(base.base.value)
    round_.base = base.base.value
    round_.base_breakdown = canonical_json(breakdown(base)).decode()
    round_.settings = canonical_json(settings.to_dict()).decode()
    _freeze_manifest(session, round_, congress, key, settings, breakdown(base))
    round_.status, round_.opened_at = "open", utcnow()
    session.add_all(RoundVoter(round_id=round_.id, delegate_id=d.id) for d in voters)
    audit.record(
        session,
        "elections.round_opened",
        actor.name,
        election=round_.election_id,
        round=round_.id,
        number=round_.number,
        base=round_.base,
        threshold=round_.threshold,
        voters=sorted(d.number for d in voters),
        settings=settings.to_dict(),
        fingerprint=round_.fingerprint,
        public_key=round_.public_key,
    )
    session.commit()
    return round_


def _freeze_manifest(
    session: Session,
    round_: Round,
    congress: Congress,
    key: KeyCeremony,
    settings: RuleSettings,
    base_breakdown: dict,
) -> None:
    """The manifest every ballot of the round is bound to (core.record): its SHA-256 is the
    round fingerprint, the context of every proof."""
    candidates = queries.round_list(session, round_)
    rows = len(candidates)
    manifest = record.round_manifest(
        congress=congress.name,
        election={
            "id": round_.election.id,
            "kind": round_.election.kind,
            "title": round_.election.title,
        },
        round_number=round_.number,
        layout=round_.layout,
        seats=round_.seats,
        alternates=round_.alternates,
        candidates=[
            {"position": i, "id": str(c.id), "name": c.full_name}
            for i, c in enumerate(candidates, start=1)
        ],
        reasons=marking.reasons_for(round_.layout, rows, settings),
        crypto_layout=marking.crypto_layout(
            round_.layout, rows, round_.seats, round_.alternates, settings
        ),
        base=round_.base,
        base_breakdown=base_breakdown,
        threshold=round_.threshold,
        settings=settings.to_dict(),
        public_key=key.public_key,
        ceremony=key.fingerprint,
        key_threshold=key.threshold,
        key_members=key.members,
    )
    round_.manifest = canonical_json(manifest).decode()
    round_.fingerprint = record.fingerprint(manifest)
    round_.public_key = key.public_key
    round_.ceremony_id = key.id


def mark_closed(session: Session, actor: Actor, round_id: int) -> Round:
    """Close voting on the round (kết thúc bỏ phiếu). Joins the caller's transaction: the ballot
    box's ``close_voting`` calls it, seals the box in the same transaction and commits."""
    require(actor.role, OPEN_CLOSE)
    round_ = queries.round_of(session, round_id)
    _check_step(round_, "closed")
    round_.status, round_.closed_at = "closed", utcnow()
    turnout = queries.turnout(session, round_)
    audit.record(
        session,
        "elections.round_closed",
        actor.name,
        election=round_.election_id,
        round=round_.id,
        number=round_.number,
        eligible=turnout.eligible,
        issued=turnout.issued,
        voted=turnout.voted,
    )
    return round_


def make_next_round(
    session: Session,
    actor: Actor,
    round_id: int,
    decision: Decision,
    added: Sequence[int] = (),
) -> Round:
    """A new draft round after a decided one (§5): the places still open and the candidates
    tied or not elected (``lists.next_round``), plus the candidates of this election named in
    ``added`` (the congress's additions). ``decision`` is the counted result of the round."""
    require(actor.role, MANAGE)
    round_ = queries.round_of(session, round_id)
    if round_.status not in DECIDED:
        raise errors.NotYet(
            number=round_.number,
            election=round_.election.title,
            current=round_.status,
            target="followed by a new round",
            first=lifecycle.first_step(round_.status, "counted"),
        )
    latest = queries.latest_round(session, round_.election)
    if latest.id != round_.id:
        raise errors.NextRoundExists(number=round_.number, next=latest.number)
    ballot = [str(c.id) for c in queries.round_list(session, round_)]
    if decision.status == "complete":
        raise errors.NothingOpen(number=round_.number)
    try:
        plan = lists.next_round(decision, ballot, round_.fills)
    except lists.ListError as error:
        raise errors.BadDecision(number=round_.number, detail=str(error)) from None
    carried = [int(cid) for cid in plan.carried]
    extra = _added(session, round_, decision, carried, added)
    new = Round(
        election_id=round_.election_id,
        number=round_.number + 1,
        seats=plan.seats,
        alternates=plan.alternates,
        fills=plan.fills,
    )
    session.add(new)
    session.flush()
    session.add_all(RoundCandidate(round_id=new.id, candidate_id=c) for c in carried + extra)
    audit.record(
        session,
        "elections.round_made",
        actor.name,
        election=round_.election_id,
        round=new.id,
        number=new.number,
        after=round_.id,
        reason=plan.reason,
        seats=plan.seats,
        alternates=plan.alternates,
        fills=plan.fills,
        carried=carried,
        added=extra,
        alternates_left_open=plan.alternates_left_open,
    )
    session.commit()
    return new


def _added(session, round_: Round, decision: Decision, carried, added) -> list[int]:
    chosen = {int(cid) for cid in (*decision.elected, *decision.alternates)}
    extra: list[int] = []
    for candidate_id in added:
        candidate = queries.candidate(session, round_.election, candidate_id)
        if candidate.is_withdrawn:
            detail = "they have withdrawn"
        elif candidate.id in chosen:
            detail = "they were elected in this round"
        elif candidate.id in carried or candidate.id in extra:
            detail = "they are already on the new list"
        else:
            extra.append(candidate.id)
            continue
        raise errors.BadAddedName(name=candidate.full_name, detail=detail)
    return extra


def hall_now(session: Session, congress: Congress) -> tuple[attendance.BaseNow, list[Delegate]]:
    """B from the roll and the door now, and who may vote now: what a round (or a motion by show
    of hands) freezes when it opens. A contradictory roll is refused (attendance.base_now)."""
    rows = attendance.roll(session, congress)
    base = attendance.base_now(session, congress, rows)
    return base, eligible_voters(rows, present_ids(session, congress))


def eligible_voters(rows: list[attendance.RollRow], present: set[int]) -> list[Delegate]:
    """Who may vote now (cử tri): summoned delegates in the hall (not suspended), and alternates
    seated in place of an official who is not in the hall; in roll order."""
    present_numbers = {r.delegate.number for r in rows if r.delegate.id in present}
    voters = []
    for row in rows:
        delegate = row.delegate
        official = attendance.is_summoned(delegate) and not delegate.suspended_or_prosecuted
        in_seat = (
            attendance.is_seated_alternate(delegate)
            and delegate.seated_for_number not in present_numbers
        )
        if delegate.id in present and (official or in_seat):
            voters.append(delegate)
    return voters


def breakdown(base: attendance.BaseNow) -> dict:
    """B as the minutes print it: the kind of congress, summoned, each exclusion, the value."""
    return {
        "kind": base.kind,
        "summoned": base.base.summoned,
        "exclusions": [
            {"code": e.code, "count": e.count, "numbers": list(e.numbers)}
            for e in base.base.exclusions
        ],
        "value": base.base.value,
    }


def congress_settings(session: Session, congress: Congress, quorum) -> RuleSettings:
    """The congress's rule settings now: the defaults, its quorum, and the alternates' ballot
    as its elections define it (a separate alternate_delegates election, or not)."""
    separate = any(e.kind == "alternate_delegates" for e in queries.elections(session, congress))
    return RuleSettings(
        quorum=quorum, alternates_ballot="separate_ballot" if separate else "same_ballot"
    )


def congress_of(round_: Round) -> Congress:
    return round_.election.congress


def _entries(session: Session, round_: Round) -> list[RoundCandidate]:
    return list(session.scalars(select(RoundCandidate).where(RoundCandidate.round_id == round_.id)))


def _check_step(round_: Round, target: str) -> None:
    """Refuse a change of state the life cycle does not allow, saying what must come first."""
    if lifecycle.allows(round_.status, target):
        return
    params = {
        "number": round_.number,
        "election": round_.election.title,
        "current": round_.status,
        "target": target,
    }
    first = lifecycle.first_step(round_.status, target)
    if first is None:
        raise errors.TooLate(**params)
    raise errors.NotYet(first=first, **params)
