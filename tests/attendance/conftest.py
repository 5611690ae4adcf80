"""Helpers for the attendance tests: set who is at the door and the roll's flags directly.

Presence is written as Attendance rows through a session (the check-in desk's services are
tested in tests/checkin); the flags of rules.md §5 are set on the roll the same way.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from votesys.audit.models import AuditEntry
from votesys.checkin.models import Attendance
from votesys.congress.models import Congress
from votesys.roster.models import Delegate


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def by_number(session) -> dict[int, Delegate]:
    return {d.number: d for d in session.scalars(select(Delegate))}


def set_status(db, statuses: dict[int, str | None]) -> None:
    """Put delegates (by number) at the door: "present", "left", or None (not come)."""
    with db.session(write=True) as session:
        roll = by_number(session)
        for number, status in statuses.items():
            row = session.get(Attendance, roll[number].id)
            if status is None:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(Attendance(delegate_id=roll[number].id, status=status))
            else:
                row.status = status
        session.commit()


def set_flags(db, number: int, **flags) -> None:
    with db.session(write=True) as session:
        delegate = by_number(session)[number]
        for name, value in flags.items():
            setattr(delegate, name, value)
        session.commit()


def set_kind(db, kind: str) -> None:
    with db.session(write=True) as session:
        for congress in session.scalars(select(Congress)):
            congress.kind = kind
        session.commit()


def quorum_of(db) -> str | None:
    with db.session() as session:
        return session.scalar(select(Congress.quorum))


def audit_tail(db) -> tuple[int, str]:
    with db.session() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()
        return last.seq, last.hash


def audit_events(db, kind: str) -> list[dict]:
    with db.session() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.kind == kind))
        return [json.loads(row.data) for row in rows]
