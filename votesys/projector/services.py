"""Every write of the projector: the chair chooses what the hall sees.

The results screen is refused until the round is announced (``tally.services.announce``); the
voting screen until the round has opened. Each choice is in the audit log.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.db import utcnow
from votesys.elections import queries as elections
from votesys.projector import errors
from votesys.projector.models import MODES, ProjectorState
from votesys.roles import Actor, require

# The chair drives the projector: roles.py has no action of its own for it, and the chair's
# "results.announce" is the one that decides what the hall may see of a result.
SHOW = "results.announce"
WITH_ROUND = ("voting", "results")
VOTING_STARTED = ("open", "closed", "counted", "signed", "announced")


def show(
    session: Session, actor: Actor, congress: Congress, mode: str, round_id: int | None = None
) -> ProjectorState:
    """Put ``mode`` on the projector (about ``round_id`` for voting, counting, results)."""
    require(actor.role, SHOW)
    if mode not in MODES:
        raise errors.UnknownMode(mode=mode)
    round_ = None
    if mode == "idle":
        round_id = None
    elif round_id is None:
        if mode in WITH_ROUND:
            raise errors.RoundNeeded(mode=mode)
    else:
        round_ = elections.round_of(session, round_id)
        if round_.election.congress_id != congress.id:
            raise errors.RoundNeeded(mode=mode)
        _check(round_, mode)
    state = session.get(ProjectorState, congress.id)
    if state is None:
        state = ProjectorState(congress_id=congress.id)
        session.add(state)
    state.mode, state.round_id = mode, round_id
    state.changed_at, state.changed_by = utcnow(), actor.name
    audit.record(session, "projector.shown", actor.name, mode=mode, round=round_id)
    session.commit()
    return state


def _check(round_, mode: str) -> None:
    params = {"number": round_.number, "election": round_.election.title}
    if mode == "results" and round_.status != "announced":
        raise errors.NotAnnounced(current=round_.status, **params)
    if mode == "voting" and round_.status not in VOTING_STARTED:
        raise errors.NotOpenedYet(**params)
