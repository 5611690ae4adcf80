"""Reading what the minutes are drawn from: a counted round's stored result and its context.

The figures come only from ``Tally.result`` (what was counted and fingerprinted). The few facts
that are not figures of the count come from the rows: the Party organisation for the heading,
who confirmed electronically (``SignOff``), and, for an opinion ballot (whose stored result does
not name them), the counting committee and the election the names may join.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from votesys.congress.models import Congress
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.minutes.errors import NotCounted, NothingCounted
from votesys.record import queries as record_queries
from votesys.tally import queries as tally_queries
from votesys.tally import words as tally_words
from votesys.tally.models import SignOff, Tally

COUNTED = ("counted", "signed", "announced")


@dataclass(frozen=True)
class Counted:
    """One counted round with everything its minutes print."""

    round: Round
    tally: Tally
    result: dict[str, Any]
    sign_offs: list[SignOff]
    organisation: str
    committee: list[tuple[str, str]]  # (name, "chair" | "member"): opinion ballots only
    target_title: str  # the election an opinion ballot's names may join; "" otherwise
    closed_at: dt.datetime | None
    record_fingerprint: str  # SHA-256 of the round's election record (docs/record.md)

    @property
    def is_opinion(self) -> bool:
        return self.result.get("format") == tally_queries.OPINION


def counted(session: Session, round_id: int) -> Counted:
    """The round's minutes' sources; ``NotCounted`` (404) before the count."""
    round_ = elections.round_of(session, round_id)
    tally = tally_queries.tally_of(session, round_)
    if round_.status not in COUNTED or tally is None:
        raise NotCounted(
            number=round_.number,
            election=round_.election.title,
            state=tally_words.round_state(round_.status),
        )
    election = round_.election
    target = (
        elections.election(session, election.target_election_id).title
        if election.target_election_id is not None
        else ""
    )
    committee = [
        (m.full_name, "chair" if m.role == "head" else "member")
        for m in elections.counting_members(session, election.congress)
    ]
    return Counted(
        round=round_,
        tally=tally,
        result=tally_queries.result_of(tally),
        sign_offs=tally_queries.sign_offs(session, round_),
        organisation=election.congress.organisation,
        committee=committee,
        target_title=target,
        closed_at=round_.closed_at,
        record_fingerprint=record_queries.fingerprint(session, round_),
    )


def counted_rounds(session: Session, congress: Congress) -> list[Round]:
    """Every counted round of the congress, in agenda order (then round number)."""
    return elections.rounds_in(session, congress, COUNTED)


def all_counted(session: Session, congress: Congress) -> list[Counted]:
    """Every counted round's sources in agenda order; ``NothingCounted`` (404) if none."""
    rounds = counted_rounds(session, congress)
    if not rounds:
        raise NothingCounted()
    return [counted(session, round_.id) for round_ in rounds]
