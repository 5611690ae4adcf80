"""Every write of the projector: the chair chooses what the hall sees.

The results screen is refused until the round is announced (``tally.services.announce``); the
voting screen until the round has opened; a motion's screen until it is put to the vote (it then
shows how many have voted, and its result once the chair has closed it). Each choice is in the
audit log.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.db import utcnow
from votesys.elections import queries as elections
from votesys.motions import queries as motion_queries
from votesys.projector import errors
from votesys.projector.models import MODES, ProjectorState
from votesys.roles import Actor, require

# The chair drives the projector: roles.py has no action of its own for it, and the chair's
# "results.announce" is the one that decides what the hall may see of a result.
SHOW = "results.announce"
WITH_ROUND = ("voting", "results")
VOTING_STARTED = ("open", "closed", "counted", "signed", "announced")


def show(
    session: Session,
    actor: Actor,
    congress: Congress,
    mode: str,
    round_id: int | None = None,
    motion_id: int | None = None,
) -> ProjectorState:
    """Put ``mode`` on the projector (about ``round_id`` for voting, counting, results; about
    ``motion_id`` for a motion)."""
    require(actor.role, SHOW)
    if mode not in MODES:
        raise errors.UnknownMode(mode=mode)
    round_ = None
    if mode == "motion":
        return _show_motion(session, actor, congress, motion_id)
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
    return _put(session, actor, congress, mode, round_id, None)


def _show_motion(
    session: Session, actor: Actor, congress: Congress, motion_id: int | None
) -> ProjectorState:
    """A motion's screen: its turnout while it is open, its result once closed."""
    if motion_id is None:
        raise errors.MotionNeeded()
    motion = motion_queries.motion_of(session, motion_id)
    if motion.congress_id != congress.id:
        raise errors.MotionNeeded()
    if motion.status == "draft":
        raise errors.MotionNotPut(title=motion.title)
    return _put(session, actor, congress, "motion", None, motion.id)


def _put(session, actor: Actor, congress: Congress, mode, round_id, motion_id) -> ProjectorState:
    state = session.get(ProjectorState, congress.id)
    if state is None:
        state = ProjectorState(congress_id=congress.id)
        session.add(state)
    state.mode, state.round_id, state.motion_id = mode, round_id, motion_id
    state.changed_at, state.changed_by = utcnow(), actor.name
    about = {"round": round_id} if motion_id is None else {"motion": motion_id}
    audit.record(session, "projector.shown", actor.name, mode=mode, **about)
    session.commit()
    return state


def _check(round_, mode: str) -> None:
    params = {"number": round_.number, "election": round_.election.title}
    if mode == "results" and round_.status != "announced":
        raise errors.NotAnnounced(current=round_.status, **params)
    if mode == "voting" and round_.status not in VOTING_STARTED:
        raise errors.NotOpenedYet(**params)
