"""Fixtures for the door: the database, the code key, a card for every delegate, the actors."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from votesys.audit.models import AuditEntry
from votesys.checkin.models import Attendance, CheckinEvent
from votesys.congress.queries import current_congress
from votesys.credentials import services as card_services
from votesys.roles import Actor
from votesys.roster.models import Delegate

SECRETARIAT = Actor("staff:secretariat", "secretariat")
DESK = Actor("staff:credentials", "credentials")
BASE = "http://10.0.0.2:5000"


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


@pytest.fixture
def key(app) -> bytes:
    return app.extensions["votesys.card_code_key"]


@pytest.fixture
def cards(db, key) -> dict:
    """A card for every delegate, issued through the credentials' service: number → IssuedCard."""
    with db.session(write=True) as session:
        issued = card_services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    return {item.delegate.number: item for item in issued}


def delegate_id(db, number: int) -> int:
    with db.session() as session:
        return session.scalar(select(Delegate.id).where(Delegate.number == number))


def set_flags(db, number: int, **flags) -> None:
    """Change a delegate's roll flags directly (the roll's own service is not under test here)."""
    with db.session(write=True) as session:
        delegate = session.scalars(select(Delegate).where(Delegate.number == number)).one()
        for name, value in flags.items():
            setattr(delegate, name, value)
        session.commit()


def state(db) -> tuple:
    """Everything the door writes: attendance rows, events, audit entries (kind and data)."""
    with db.session() as session:
        return (
            [
                (a.delegate_id, a.status, a.checked_in_at, a.changed_at)
                for a in session.scalars(select(Attendance).order_by(Attendance.delegate_id))
            ],
            [
                (e.id, e.delegate_id, e.kind, e.method, e.actor, e.undoes_id)
                for e in session.scalars(select(CheckinEvent).order_by(CheckinEvent.id))
            ],
            [
                (e.seq, e.kind, json.loads(e.data))
                for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
            ],
        )


def last_audit(db) -> tuple[str, str, dict]:
    with db.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        return entry.kind, entry.actor, json.loads(entry.data)
