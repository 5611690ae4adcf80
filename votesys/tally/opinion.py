"""After an opinion ballot (phiếu xin ý kiến, rules.md §2): the names it agreed join the list of
the election it was held for, as nominated at the congress, so that the list can be put to the
vote (a motion, votesys.motions) and approved right after it.

Names already on the list are left as they are; each other agreed name is added through the
elections' own service (which refuses, before anything is added, a list already approved).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from votesys.elections import queries as elections
from votesys.elections import services as election_services
from votesys.elections.models import Candidate
from votesys.roles import Actor, require
from votesys.tally import errors, queries

MANAGE = "elections.manage"  # the secretariat keeps the lists


def agreed_not_on_list(session: Session, round_id: int) -> list[Candidate]:
    """The opinion ballot's agreed names not yet on its target election's list (empty for a
    round that is not an announced opinion ballot)."""
    round_ = elections.round_of(session, round_id)
    election = round_.election
    tally = queries.tally_of(session, round_)
    if election.kind != "opinion" or round_.status != "announced" or tally is None:
        return []
    agreed = set(queries.result_of(tally).get("agreed", []))
    target = elections.election(session, election.target_election_id)
    listed = [c for c in target.candidates if not c.is_withdrawn]
    return [c for c in election.candidates if str(c.id) in agreed and not _on(c, listed)]


def add_agreed_to_list(session: Session, actor: Actor, round_id: int) -> list[Candidate]:
    """Put the agreed names on the target election's draft list, nominated by the congress."""
    require(actor.role, MANAGE)
    round_ = elections.round_of(session, round_id)
    election = round_.election
    if election.kind != "opinion" or round_.status != "announced":
        raise errors.NotAnOpinionResult(number=round_.number, election=election.title)
    target_id = election.target_election_id
    pending = agreed_not_on_list(session, round_id)
    if not pending:
        target = elections.election(session, target_id)
        raise errors.NothingAgreedToAdd(election=target.title)
    added = []
    for candidate in pending:
        if candidate.delegate_id is not None:
            added.append(
                election_services.add_delegate_candidate(
                    session,
                    actor,
                    target_id,
                    candidate.delegate_id,
                    "congress",
                    candidate.description,
                )
            )
        else:
            added.append(
                election_services.add_named_candidate(
                    session,
                    actor,
                    target_id,
                    candidate.full_name,
                    candidate.birth_date,
                    candidate.description,
                    "congress",
                )
            )
    return added


def _on(candidate: Candidate, listed: list[Candidate]) -> bool:
    for other in listed:
        if candidate.delegate_id is not None and other.delegate_id == candidate.delegate_id:
            return True
        if (
            candidate.delegate_id is None
            and other.delegate_id is None
            and other.full_name == candidate.full_name
            and other.birth_date == candidate.birth_date
        ):
            return True
    return False
