"""Fixtures for the motions: the demo congress (B = 98) with delegates at the door, and helpers
to run a service as the role whose job it is."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.elections.conftest import CHAIR, SECRETARIAT, ids, set_status
from tests.tablet.conftest import cards  # noqa: F401 (a card for every delegate: a fixture)
from votesys.audit.models import AuditEntry, AuditHead
from votesys.congress.queries import current_congress
from votesys.motions import services
from votesys.motions.models import Motion, MotionSlip, MotionVoter

# The demo's summoned delegates but the three absent for the whole congress (9, 57, 73).
PRESENT = tuple(n for n in range(1, 101) if n not in (9, 57, 73))
SLIP_KEY = b"k" * 32


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def run(db, function, *args, actor=None):
    if actor is None:
        actor = CHAIR if function in (services.open_motion, services.close_motion) else SECRETARIAT
    with db.session(write=True) as session:
        return function(session, actor, *args)


def new_motion(db, is_named=True, kind="programme", title="Chương trình đại hội", **extra):
    data = services.MotionInput(
        kind, title, "Đại hội biểu quyết thông qua Chương trình đại hội.", is_named, **extra
    )
    with db.session(write=True) as session:
        return services.create_motion(session, SECRETARIAT, current_congress(session), data)


def open_with(db, present=PRESENT, **kwargs) -> Motion:
    motion = new_motion(db, **kwargs)
    set_status(db, present)
    return run(db, services.open_motion, motion.id)


def vote(db, motion_id: int, number: int, choice: str, key: bytes = SLIP_KEY):
    (delegate_id,) = ids(db, number)
    with db.session(write=True) as session:
        return services.vote(
            session, current_congress(session), delegate_id, motion_id, choice, key
        )


def votes(db, motion_id: int, choices: dict[str, range | list[int] | tuple[int, ...]]) -> None:
    for choice, numbers in choices.items():
        for number in numbers:
            vote(db, motion_id, number, choice)


def snapshot(db) -> tuple:
    with db.session() as session:

        def rows(model, *order):
            return [
                tuple(getattr(r, c.key) for c in model.__table__.columns)
                for r in session.scalars(select(model).order_by(*order))
            ]

        return (
            rows(Motion, Motion.id),
            rows(MotionVoter, MotionVoter.motion_id, MotionVoter.delegate_id),
            rows(MotionSlip, MotionSlip.motion_id, MotionSlip.tag),
            session.execute(select(AuditHead.seq, AuditHead.hash)).all(),
        )


def audit_kinds(db, kind: str) -> list[dict]:
    import json

    with db.session() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.kind == kind).order_by(AuditEntry.seq)
        )
        return [json.loads(e.data) for e in entries]
