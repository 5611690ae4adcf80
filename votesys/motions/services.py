"""Every write of the motions: the secretariat prepares them, the chair opens and closes the
vote, delegates vote on their tablets (and may change their vote until it closes), the
secretariat records by hand the raised card of a delegate without a tablet (named motions only).

Opening freezes what the result is counted against, as for a ballot round (rules.md §5): B and
its breakdown, the threshold (more than half of B) and the voters (delegates in the hall with a
vote at that moment). Closing counts, freezes the result and, for an anonymous motion, deletes
the slips, so that nothing stored says how anyone voted. Every step is in the audit log, in the
same transaction; an anonymous vote's entry names who voted, never how.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.core.audit_chain import canonical_json
from votesys.core.rules.motions import CHOICES, decide_motion
from votesys.db import utcnow
from votesys.elections import queries as elections
from votesys.elections.models import Election
from votesys.elections.rounds import breakdown, congress_settings, hall_now
from votesys.motions import errors, queries, words
from votesys.motions.models import KINDS, Motion, MotionSlip, MotionVoter
from votesys.roles import Actor, require
from votesys.roster.models import Delegate

MANAGE = "motions.manage"  # the secretariat: writes the motions, records raised cards by hand
OPEN_CLOSE = "motions.open_close"  # the chair: puts a motion to the vote and closes it
TITLE, QUESTION = 200, 2000
WITH_ELECTION = ("number_to_elect", "election_list")
TABLET = "tablet"  # recorded_by of a vote cast on a tablet


@dataclass(frozen=True)
class MotionInput:
    kind: str
    title: str
    question: str
    is_named: bool = True
    election_id: int | None = None


@dataclass(frozen=True)
class Voted:
    """A vote recorded: ``is_change`` when it replaced the delegate's earlier choice."""

    motion: Motion
    choice: str
    is_change: bool


def slip_tag(key: bytes, motion_id: int, delegate_id: int) -> str:
    """An anonymous motion's slip tag for one delegate: the same each time they vote on it (so a
    new choice replaces the old), unlinkable to them without the instance's key."""
    message = f"votesys/motion-slip/v1:{motion_id}:{delegate_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# --- preparing (the secretariat) ---


def create_motion(session: Session, actor: Actor, congress: Congress, data: MotionInput) -> Motion:
    """A new motion, last on the agenda, not yet put to the vote."""
    require(actor.role, MANAGE)
    motion = _add(session, actor, congress, data)
    session.commit()
    return motion


def update_motion(session: Session, actor: Actor, motion_id: int, data: MotionInput) -> Motion:
    """Change a motion before it is put to the vote."""
    require(actor.role, MANAGE)
    motion = queries.motion_of(session, motion_id)
    _check_draft(motion)
    title, question = _check(session, motion.congress, data)
    motion.kind, motion.title, motion.question = data.kind, title, question
    motion.is_named, motion.election_id = bool(data.is_named), data.election_id
    _audit_written(session, actor, "motions.updated", motion)
    session.commit()
    return motion


def delete_motion(session: Session, actor: Actor, motion_id: int) -> None:
    """Drop a motion that was never put to the vote."""
    require(actor.role, MANAGE)
    motion = queries.motion_of(session, motion_id)
    _check_draft(motion)
    audit.record(session, "motions.deleted", actor.name, motion=motion.id, title=motion.title)
    session.delete(motion)
    session.commit()


def create_usual(session: Session, actor: Actor, congress: Congress) -> list[Motion]:
    """The usual items of a congress (words.USUAL, then for each election the number to elect
    and its list, then the resolution), as drafts, skipping what the agenda has already."""
    require(actor.role, MANAGE)
    have = {(m.kind, m.election_id) for m in queries.motions(session, congress)}
    wanted: list[MotionInput] = []
    for kind, title, question in words.USUAL:
        if kind == "credentials_committee" and congress.kind != "delegate":
            continue  # a Party members' congress has no credentials committee (rules.md §7)
        wanted.append(MotionInput(kind, title, question))
    for election in elections.elections(session, congress):
        if election.kind == "opinion":
            continue
        title, question = words.number_to_elect(election.title, election.seats, election.alternates)
        wanted.append(MotionInput("number_to_elect", title, question, True, election.id))
        wanted.append(list_input(session, election))
    for kind, title, question in words.CLOSING:
        wanted.append(MotionInput(kind, title, question))
    made = [
        _add(session, actor, congress, data)
        for data in wanted
        if (data.kind, data.election_id) not in have
    ]
    session.commit()
    return made


def list_input(session: Session, election: Election) -> MotionInput:
    """The motion on an election's list as it stands now (its latest round's names in ballot
    order), e.g. right after an opinion ballot added names to it."""
    round_ = elections.latest_round(session, election)
    names = [c.full_name for c in elections.round_list(session, round_)]
    title, question = words.election_list(election.title, names)
    return MotionInput("election_list", title, question, True, election.id)


def put_list(session: Session, actor: Actor, election_id: int) -> Motion:
    """The motion on an election's list, written afresh from the list as it stands: the one on
    the agenda if it was not put to the vote yet, else a new one."""
    require(actor.role, MANAGE)
    election = elections.election(session, election_id)
    data = list_input(session, election)
    if not elections.round_list(session, elections.latest_round(session, election)):
        raise errors.NothingToAdd(election=election.title)
    draft = session.scalars(
        select(Motion).where(
            Motion.election_id == election.id,
            Motion.kind == "election_list",
            Motion.status == "draft",
        )
    ).first()
    if draft is None:
        return create_motion(session, actor, election.congress, data)
    return update_motion(session, actor, draft.id, data)


# --- the chair: open and close ---


def open_motion(session: Session, actor: Actor, motion_id: int) -> Motion:
    """Put a motion to the vote: freeze B, its breakdown, the threshold and the voters. One
    motion at a time."""
    require(actor.role, OPEN_CLOSE)
    motion = queries.motion_of(session, motion_id)
    _check_draft(motion)
    congress = motion.congress
    current = queries.open_motion(session, congress)
    if current is not None:
        raise errors.AnotherMotionOpen(title=current.title)
    base, voters = hall_now(session, congress)
    if base.quorum_result.is_met is False:
        raise errors.QuorumNotMet(present=base.voting_present, required=base.quorum_result.required)
    if not voters or base.base.value < 1:
        raise errors.NoVotersPresent()
    motion.base = base.base.value
    motion.base_breakdown = canonical_json(breakdown(base)).decode()
    motion.threshold = base.threshold
    motion.status, motion.opened_at = "open", utcnow()
    session.add_all(MotionVoter(motion_id=motion.id, delegate_id=d.id) for d in voters)
    audit.record(
        session,
        "motions.opened",
        actor.name,
        motion=motion.id,
        title=motion.title,
        is_named=motion.is_named,
        base=motion.base,
        threshold=motion.threshold,
        voters=sorted(d.number for d in voters),
    )
    session.commit()
    return motion


def close_motion(session: Session, actor: Actor, motion_id: int) -> Motion:
    """Close the vote and count it against B: the result is frozen; an anonymous motion's slips
    are deleted in the same transaction (only the totals remain)."""
    require(actor.role, OPEN_CLOSE)
    motion = queries.motion_of(session, motion_id, for_update=True)
    if motion.status != "open":
        raise errors.NotOpen(title=motion.title)
    counts = queries.choice_counts(session, motion)
    voters = session.scalar(
        select(func.count()).select_from(MotionVoter).where(MotionVoter.motion_id == motion.id)
    )
    rounding = congress_settings(session, motion.congress, None).percent_rounding
    result = decide_motion(motion.base, voters, counts, rounding)
    if not motion.is_named:
        session.execute(delete(MotionSlip).where(MotionSlip.motion_id == motion.id))
    motion.status, motion.closed_at = "closed", utcnow()
    motion.result = canonical_json({**result.to_dict(), "rounding": rounding}).decode()
    audit.record(
        session,
        "motions.closed",
        actor.name,
        motion=motion.id,
        title=motion.title,
        result=json.loads(motion.result),
    )
    session.commit()
    return motion


# --- voting: the delegate on a tablet, or the secretariat for a raised card ---


def vote(
    session: Session, congress: Congress, delegate_id: int, motion_id: int, choice: str, key: bytes
) -> Voted:
    """The signed-in delegate's choice on an open motion; a new choice replaces the old one
    until the chair closes the vote. ``key``: the instance's slip key (anonymous motions)."""
    motion = _open_for(session, congress, motion_id)
    voter = _voter(session, motion, delegate_id)
    choice = _choice(choice)
    if motion.is_named:
        return _named(session, motion, voter, choice, TABLET, TABLET)
    tag = slip_tag(key, motion.id, delegate_id)
    slip = session.get(MotionSlip, (motion.id, tag))
    is_change = voter.has_voted
    if slip is None:
        session.add(MotionSlip(motion_id=motion.id, tag=tag, choice=choice))
    else:
        slip.choice = choice
    voter.has_voted = True
    audit.record(
        session,
        "motions.voted",
        TABLET,
        motion=motion.id,
        delegate=_number(session, delegate_id),
        changed=is_change,
    )
    session.commit()
    return Voted(motion, choice, is_change)


def record_by_hand(
    session: Session, actor: Actor, motion_id: int, delegate_number: int, choice: str
) -> Voted:
    """The secretariat records the raised card of a delegate without a tablet: named motions
    only (an anonymous choice is the delegate's own, on a tablet)."""
    require(actor.role, MANAGE)
    motion = queries.motion_of(session, motion_id, for_update=True)
    if motion.status != "open":
        raise errors.NotOpen(title=motion.title)
    if not motion.is_named:
        raise errors.AnonymousByHand(title=motion.title)
    delegate = session.scalar(
        select(Delegate).where(
            Delegate.congress_id == motion.congress_id, Delegate.number == delegate_number
        )
    )
    if delegate is None:
        raise errors.NotAVoter(who=f"No. {delegate_number}", title=motion.title)
    voter = _voter(session, motion, delegate.id)
    return _named(session, motion, voter, _choice(choice), actor.name, actor.name)


def _named(session, motion: Motion, voter: MotionVoter, choice: str, by: str, actor: str) -> Voted:
    is_change = voter.has_voted
    voter.has_voted, voter.choice, voter.recorded_by = True, choice, by
    audit.record(
        session,
        "motions.hand_recorded",
        actor,
        motion=motion.id,
        delegate=_number(session, voter.delegate_id),
        hand=choice,  # a named vote is public, as a raised card is
        changed=is_change,
    )
    session.commit()
    return Voted(motion, choice, is_change)


# --- helpers ---


def _open_for(session: Session, congress: Congress, motion_id: int) -> Motion:
    motion = queries.motion_of(session, motion_id, for_update=True)
    if motion.congress_id != congress.id:
        raise errors.UnknownMotion(id=motion_id)
    if motion.status != "open":
        raise errors.NotOpen(title=motion.title)
    return motion


def _voter(session: Session, motion: Motion, delegate_id: int) -> MotionVoter:
    voter = session.get(MotionVoter, (motion.id, delegate_id))
    if voter is None:
        delegate = session.get(Delegate, delegate_id)
        who = f"No. {delegate.number}" if delegate is not None else "-"
        raise errors.NotAVoter(who=who, title=motion.title)
    return voter


def _choice(choice: object) -> str:
    if choice not in CHOICES:
        raise errors.BadChoice(choice=str(choice)[:20])
    return choice  # type: ignore[return-value]


def _number(session: Session, delegate_id: int) -> int | None:
    delegate = session.get(Delegate, delegate_id)
    return delegate.number if delegate is not None else None


def _check(session: Session, congress: Congress, data: MotionInput) -> tuple[str, str]:
    if data.kind not in KINDS:
        raise errors.BadMotionKind(kind=str(data.kind)[:40])
    title = " ".join((data.title or "").split())
    if not 1 <= len(title) <= TITLE:
        raise errors.BadMotionTitle(length=len(title))
    question = (data.question or "").strip()
    if not 1 <= len(question) <= QUESTION:
        raise errors.BadQuestion(length=len(question))
    if data.kind in WITH_ELECTION:
        if data.election_id is None:
            raise errors.ElectionNeeded(kind=data.kind)
        election = elections.election(session, data.election_id)
        if election.congress_id != congress.id or election.kind == "opinion":
            raise errors.ElectionNeeded(kind=data.kind)
    elif data.election_id is not None:
        elections.election(session, data.election_id)  # UnknownElection for a made-up id
    return title, question


def _add(session: Session, actor: Actor, congress: Congress, data: MotionInput) -> Motion:
    """A checked draft motion, last on the agenda, audited; the caller commits."""
    title, question = _check(session, congress, data)
    motion = Motion(
        congress_id=congress.id,
        position=queries.next_position(session, congress),
        kind=data.kind,
        title=title,
        question=question,
        is_named=bool(data.is_named),
        election_id=data.election_id,
        status="draft",
        created_by=actor.name,
    )
    session.add(motion)
    session.flush()
    _audit_written(session, actor, "motions.created", motion)
    return motion


def _check_draft(motion: Motion) -> None:
    if motion.status != "draft":
        raise errors.NotDraft(title=motion.title)


def _audit_written(session: Session, actor: Actor, kind: str, motion: Motion) -> None:
    audit.record(
        session,
        kind,
        actor.name,
        motion=motion.id,
        position=motion.position,
        kind_of_motion=motion.kind,
        title=motion.title,
        question=motion.question,
        is_named=motion.is_named,
        election=motion.election_id,
    )
