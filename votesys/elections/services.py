"""Setting up elections: the election, its list of candidates, the counting committee.

The secretariat defines what the congress elects (rules.md §1) and the lists (§2): names from
the roll or entered by hand, withdrawals, and the counting committee (ban kiểm phiếu), whose
members may not stand in what they count (Art. 8). The rounds' life cycle is in ``rounds``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.core import names
from votesys.elections import errors, queries
from votesys.elections.models import (
    KINDS,
    NOMINATED_BY,
    Candidate,
    CountingMember,
    Election,
    Round,
    RoundCandidate,
)
from votesys.roles import Actor, require
from votesys.roster.models import Delegate

MANAGE = "elections.manage"
SINGLE_SEAT = ("secretary", "inspection_chair")  # bí thư, chủ nhiệm UBKT: one person
TEXT_LIMIT = 300


@dataclass(frozen=True)
class MemberInput:
    """A member of the counting committee as the congress elected them: from the roll
    (``delegate_id``) or by name (``full_name``), and their role, "head" or "member"."""

    role: str
    delegate_id: int | None = None
    full_name: str = ""


def create_election(
    session: Session,
    actor: Actor,
    congress: Congress,
    kind: str,
    title: str,
    seats: int,
    alternates: int = 0,
    target_election_id: int | None = None,
) -> Election:
    """A new election with its first round, a draft; last on the agenda. An opinion ballot
    (``kind="opinion"``) has no seats and names the election whose list it may add to."""
    require(actor.role, MANAGE)
    title = names.normalise_name(title)
    _check_election(session, congress, kind, title, seats, alternates, target_election_id)
    position = (
        session.scalar(
            select(func.max(Election.position)).where(Election.congress_id == congress.id)
        )
        or 0
    ) + 1
    election = Election(
        congress_id=congress.id,
        kind=kind,
        title=title,
        seats=seats,
        alternates=alternates,
        position=position,
        target_election_id=target_election_id,
    )
    session.add(election)
    session.flush()
    first = Round(election_id=election.id, number=1, seats=seats, alternates=alternates)
    session.add(first)
    session.flush()
    audit.record(
        session,
        "elections.created",
        actor.name,
        election=election.id,
        election_kind=kind,
        title=title,
        seats=seats,
        alternates=alternates,
        target=target_election_id,
        round=first.id,
    )
    session.commit()
    return election


def _check_election(session, congress, kind, title, seats, alternates, target_id) -> None:
    if kind not in KINDS:
        raise errors.BadKind(kind=kind, allowed=", ".join(KINDS))
    if not 1 <= len(title) <= 200:
        raise errors.BadTitle(length=len(title))
    if not _count(seats) or not _count(alternates):
        raise errors.BadSeats(kind=kind, expected=_expected(kind), seats=seats)
    if kind == "opinion":
        if seats != 0:
            raise errors.BadSeats(kind=kind, expected=_expected(kind), seats=seats)
    elif seats < 1 or (kind in SINGLE_SEAT and seats != 1):
        raise errors.BadSeats(kind=kind, expected=_expected(kind), seats=seats)
    if alternates and kind != "delegates":
        raise errors.AlternatesNotAllowed(kind=kind, alternates=alternates)
    if (kind == "opinion") != (target_id is not None):
        raise errors.BadTarget()
    if target_id is not None:
        target = session.get(Election, target_id)
        if target is None or target.congress_id != congress.id or target.kind == "opinion":
            raise errors.BadTarget()
    _check_alternates_ballot(session, congress, kind, alternates)


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _expected(kind: str) -> str:
    if kind == "opinion":
        return "0"
    return "1" if kind in SINGLE_SEAT else "1 or more"


def _check_alternates_ballot(session, congress, kind, alternates) -> None:
    """One way for the congress (rules.md §5): alternates on the officials' ballot, or apart."""
    others = queries.elections(session, congress)
    if kind == "alternate_delegates" and any(
        e.kind == "delegates" and e.alternates for e in others
    ):
        raise errors.AlternatesBallotConflict(detail="the delegates' ballot already has them")
    if kind == "delegates" and alternates and any(e.kind == "alternate_delegates" for e in others):
        raise errors.AlternatesBallotConflict(detail="they already have a ballot of their own")


def add_delegate_candidate(
    session: Session,
    actor: Actor,
    election_id: int,
    delegate_id: int,
    nominated_by: str = "convening",
    description: str | None = None,
) -> Candidate:
    """Put a delegate from the roll on the election's draft list; the name, birth date and
    position are copied (``description`` defaults to the position on the roll). A delegate
    withdrawn earlier is put back."""
    require(actor.role, MANAGE)
    election = queries.election(session, election_id)
    draft = _draft_round(session, election)
    delegate = session.get(Delegate, delegate_id)
    if delegate is None or delegate.congress_id != election.congress_id:
        raise errors.UnknownDelegate(id=delegate_id)
    if delegate.is_reserve_member:
        raise errors.ReserveMemberCannotStand(number=delegate.number, name=delegate.full_name)
    _check_nominated_by(nominated_by)
    description = _text("description", delegate.position if description is None else description)
    found = session.scalars(
        select(Candidate).where(
            Candidate.election_id == election.id, Candidate.delegate_id == delegate.id
        )
    ).first()
    if found is not None and not found.is_withdrawn:
        raise errors.AlreadyOnList(name=found.full_name)
    candidate = found or Candidate(election_id=election.id, delegate_id=delegate.id)
    candidate.full_name = delegate.full_name
    candidate.surname, candidate.middle_name = delegate.surname, delegate.middle_name
    candidate.given_name, candidate.birth_date = delegate.given_name, delegate.birth_date
    candidate.description, candidate.nominated_by = description, nominated_by
    candidate.is_withdrawn, candidate.withdrawal_reason = False, ""
    return _put_on_list(session, actor, draft, candidate, restored=found is not None)


def add_named_candidate(
    session: Session,
    actor: Actor,
    election_id: int,
    full_name: str,
    birth_date: dt.date | None = None,
    description: str = "",
    nominated_by: str = "convening",
) -> Candidate:
    """Put a name entered by hand (someone not on the roll) on the election's draft list."""
    require(actor.role, MANAGE)
    election = queries.election(session, election_id)
    draft = _draft_round(session, election)
    try:
        parts = names.split_name(full_name)
    except names.BadName:
        raise errors.BadName() from None
    if len(parts.full) > 200 or len(parts.given) > 60 or len(parts.surname) > 60:
        raise errors.BadText(field="full_name", limit=200, length=len(parts.full))
    _check_nominated_by(nominated_by)
    description = _text("description", description)
    for other in election.candidates:
        same = _same_name(other.full_name, parts.full) and other.birth_date == birth_date
        if same and other.delegate_id is None and not other.is_withdrawn:
            raise errors.AlreadyOnList(name=other.full_name)
    candidate = Candidate(
        election_id=election.id,
        full_name=parts.full,
        surname=parts.surname,
        middle_name=parts.middle,
        given_name=parts.given,
        birth_date=birth_date,
        description=description,
        nominated_by=nominated_by,
        is_withdrawn=False,
        withdrawal_reason="",
    )
    return _put_on_list(session, actor, draft, candidate, restored=False)


def _put_on_list(
    session: Session, actor: Actor, draft: Round, candidate: Candidate, restored: bool
) -> Candidate:
    session.add(candidate)
    session.flush()
    session.add(RoundCandidate(round_id=draft.id, candidate_id=candidate.id))
    audit.record(
        session,
        "elections.candidate_added",
        actor.name,
        election=candidate.election_id,
        round=draft.id,
        candidate=candidate.id,
        name=candidate.full_name,
        delegate=candidate.delegate_id,
        nominated_by=candidate.nominated_by,
        restored=restored,
    )
    session.commit()
    return candidate


def withdraw_candidate(
    session: Session, actor: Actor, election_id: int, candidate_id: int, reason: str
) -> Candidate:
    """A candidate withdraws (rút khỏi danh sách): off the draft list of the current round,
    kept on record with the reason for the minutes."""
    require(actor.role, MANAGE)
    election = queries.election(session, election_id)
    candidate = queries.candidate(session, election, candidate_id)
    draft = _draft_round(session, election)
    reason = names.normalise_name(reason)
    if not reason or len(reason) > TEXT_LIMIT:
        raise errors.ReasonRequired()
    if candidate.is_withdrawn:
        raise errors.AlreadyWithdrawn(name=candidate.full_name)
    entry = session.get(RoundCandidate, (draft.id, candidate.id))
    if entry is None:
        raise errors.NotOnRoundList(name=candidate.full_name, number=draft.number)
    session.delete(entry)
    candidate.is_withdrawn, candidate.withdrawal_reason = True, reason
    audit.record(
        session,
        "elections.candidate_withdrawn",
        actor.name,
        election=election.id,
        round=draft.id,
        candidate=candidate.id,
        name=candidate.full_name,
        reason=reason,
    )
    session.commit()
    return candidate


def set_counting_members(
    session: Session, actor: Actor, congress: Congress, members: Sequence[MemberInput]
) -> list[CountingMember]:
    """Record the counting committee the congress elected by show of hands (replacing the
    previous one): exactly one head, no one twice, nobody on a list in force."""
    require(actor.role, MANAGE)
    busy = queries.rounds_in(session, congress, queries.AT_WORK)
    if busy:
        first = busy[0]
        raise errors.CountingCommitteeAtWork(
            number=first.number, election=first.election.title, current=first.status
        )
    rows = _members(session, congress, members)
    for round_ in queries.rounds_in(session, congress, ("list_approved",)):
        _check_no_counting_member(session, round_, rows)
    session.execute(delete(CountingMember).where(CountingMember.congress_id == congress.id))
    session.flush()
    session.add_all(rows)
    audit.record(
        session,
        "elections.counting_committee_set",
        actor.name,
        congress=congress.id,
        members=[{"delegate": m.delegate_id, "name": m.full_name, "role": m.role} for m in rows],
    )
    session.commit()
    return rows


def _members(session, congress, members: Sequence[MemberInput]) -> list[CountingMember]:
    rows: list[CountingMember] = []
    for position, member in enumerate(members, start=1):
        if member.role not in ("head", "member"):
            raise errors.BadCountingCommittee(detail=f"unknown role {member.role!r}")
        if member.delegate_id is not None:
            delegate = session.get(Delegate, member.delegate_id)
            if delegate is None or delegate.congress_id != congress.id:
                raise errors.UnknownDelegate(id=member.delegate_id)
            name = delegate.full_name
        else:
            name = names.normalise_name(member.full_name)
            if not name or len(name) > 200:
                raise errors.BadCountingCommittee(detail="a member has no name")
        if any(_same_person(r, member.delegate_id, name) for r in rows):
            raise errors.BadCountingCommittee(detail=f"{name} is given twice")
        rows.append(
            CountingMember(
                congress_id=congress.id,
                delegate_id=member.delegate_id,
                full_name=name,
                role=member.role,
                position=position,
            )
        )
    heads = sum(row.role == "head" for row in rows)
    if heads != 1:
        raise errors.BadCountingCommittee(detail=f"it needs exactly one head ({heads} given)")
    return rows


def _same_person(row: CountingMember, delegate_id: int | None, name: str) -> bool:
    if row.delegate_id is not None and delegate_id is not None:
        return row.delegate_id == delegate_id
    return _same_name(row.full_name, name)


def counting_conflicts(
    session: Session, round_: Round, members: Sequence[CountingMember]
) -> list[str]:
    """Names on ``round_``'s list who are on the counting committee (Art. 8): the same
    delegate, or, when either was entered by hand, the same full name."""
    found = []
    for candidate in queries.round_list(session, round_):
        for member in members:
            if member.delegate_id is not None and candidate.delegate_id is not None:
                clash = member.delegate_id == candidate.delegate_id
            else:
                clash = _same_name(member.full_name, candidate.full_name)
            if clash:
                found.append(candidate.full_name)
                break
    return found


def _check_no_counting_member(session, round_: Round, members) -> None:
    clashes = counting_conflicts(session, round_, members)
    if clashes:
        raise errors.CountingMemberOnList(names=", ".join(clashes), election=round_.election.title)


def _same_name(first: str, second: str) -> bool:
    return names.normalise_name(first).casefold() == names.normalise_name(second).casefold()


def _draft_round(session: Session, election: Election) -> Round:
    """The election's current round, which must be a draft for its list to change."""
    current = queries.latest_round(session, election)
    if current.status == "draft":
        return current
    if current.status == "list_approved":
        raise errors.ListApproved(number=current.number)
    raise errors.ListVotedOn(number=current.number, current=current.status)


def _check_nominated_by(value: str) -> None:
    if value not in NOMINATED_BY:
        raise errors.BadNominatedBy(value=value)


def _text(field: str, value: str) -> str:
    value = " ".join(value.split())
    if len(value) > TEXT_LIMIT:
        raise errors.BadText(field=field, limit=TEXT_LIMIT, length=len(value))
    return value
