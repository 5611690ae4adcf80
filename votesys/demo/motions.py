"""The demo's motions by show of hands: the usual items of a congress on the agenda (as drafts,
for the chair to put to the vote); with ``--simulate``, each one voted on the delegates' tablets
(named votes, most delegates in favour, a few against or abstaining, some not pressing at all),
closed and counted against B."""

from __future__ import annotations

import json
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.congress.models import Congress
from votesys.motions import queries, services
from votesys.motions.models import Motion, MotionVoter
from votesys.roles import Actor

SECRETARIAT = Actor("console:secretariat", "secretariat")
CHAIR = Actor("console:chair", "chair")
WEIGHTS = (("agree", 90), ("disagree", 4), ("abstain", 3), (None, 3))  # None: did not press


def put_usual(session: Session, congress: Congress) -> list[Motion]:
    return services.create_usual(session, SECRETARIAT, congress)


def simulate(session: Session, congress: Congress, rng: random.Random, key: bytes) -> list[str]:
    """Vote and close every motion still a draft, in agenda order; what to print."""
    lines = []
    choices = [c for c, _ in WEIGHTS]
    weights = [w for _, w in WEIGHTS]
    for motion in [m for m in queries.motions(session, congress) if m.status == "draft"]:
        services.open_motion(session, CHAIR, motion.id)
        voters = session.scalars(
            select(MotionVoter.delegate_id).where(MotionVoter.motion_id == motion.id)
        ).all()
        for delegate_id in voters:
            choice = rng.choices(choices, weights)[0]
            if choice is not None:
                services.vote(session, congress, delegate_id, motion.id, choice, key)
        closed = services.close_motion(session, CHAIR, motion.id)
        result = json.loads(closed.result)
        verdict = "passed" if result["is_passed"] else "NOT passed"
        lines.append(
            f"Motion: {closed.title}: {result['counts']['agree']} / {result['base']} in favour "
            f"({result['percent']['agree']}%), {verdict}."
        )
    return lines
