"""The demo congress's elections (bầu cử), set up as the secretariat would, ready for the chair.

A separate step from ``seed`` (which every test's database is built from): the counting
committee the congress elected by show of hands, then two elections with their lists approved:

- the executive committee (Ban Chấp hành): the congress fixed 11 members for the term and elects
  10 now (one place is left for a later appointment), from a list of 12 (surplus 20%);
- the delegation to the district congress: 7 official delegates and 1 alternate on one ballot
  (rules.md §5, Art. 18), from a list of 10 (surplus 25%).

Candidates come from the roll: most of the outgoing committee (the convening committee, delegates
by right; No. 9 is abroad for the whole congress and does not stand) and delegates the
cells put forward. Nobody on the counting committee stands (Art. 8); no reserve member stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.congress.models import Congress
from votesys.elections import rounds, services
from votesys.elections.models import Election
from votesys.elections.queries import latest_round
from votesys.roles import Actor
from votesys.roster.models import Delegate

# The counting committee (ban kiểm phiếu): the first is its head (trưởng ban).
COUNTING_COMMITTEE = (27, 52, 84)
EXECUTIVE_TITLE = "Ban Chấp hành Đảng bộ Phường 1 khóa XIV, nhiệm kỳ 2025-2030"
EXECUTIVE_PLANNED = 11  # the number the congress decided; one place left for later
EXECUTIVE_SEATS = 10
EXECUTIVE_LIST = (1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 18, 42)
DELEGATION_TITLE = "Đoàn đại biểu dự Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII"
DELEGATION_SEATS, DELEGATION_ALTERNATES = 7, 1
DELEGATION_LIST = (1, 2, 3, 14, 23, 29, 38, 45, 61, 79)


@dataclass(frozen=True)
class DemoElection:
    title: str
    seats: int
    alternates: int
    candidates: int
    round_id: int


def set_up_elections(session: Session, congress: Congress) -> list[DemoElection]:
    """The counting committee, both elections, their lists approved: ready to open."""
    actor = Actor.console()
    delegates = {
        d.number: d
        for d in session.scalars(select(Delegate).where(Delegate.congress_id == congress.id))
    }
    members = [
        services.MemberInput("head" if i == 0 else "member", delegate_id=delegates[n].id)
        for i, n in enumerate(COUNTING_COMMITTEE)
    ]
    services.set_counting_members(session, actor, congress, members)
    made = []
    for kind, title, seats, alternates, numbers in (
        ("executive_committee", EXECUTIVE_TITLE, EXECUTIVE_SEATS, 0, EXECUTIVE_LIST),
        ("delegates", DELEGATION_TITLE, DELEGATION_SEATS, DELEGATION_ALTERNATES, DELEGATION_LIST),
    ):
        election = services.create_election(
            session, actor, congress, kind, title, seats, alternates
        )
        for number in numbers:
            services.add_delegate_candidate(session, actor, election.id, delegates[number].id)
        made.append(_approved(session, actor, election, len(numbers)))
    return made


def _approved(session: Session, actor: Actor, election: Election, count: int) -> DemoElection:
    round_ = rounds.approve_list(session, actor, latest_round(session, election).id)
    return DemoElection(election.title, election.seats, election.alternates, count, round_.id)
