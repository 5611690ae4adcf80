"""Fixtures of the security drills: a digest of every row, the staff logins, the fuzz profiles.

The Hypothesis profiles: ``ci`` (the default, a few dozen examples a property, for every run of
the suite) and ``drill`` (many more, for a long run: ``VOTESYS_FUZZ_PROFILE=drill``; the figures
of the last long run are in docs/reliability.md). Only the tests of this folder use them: the
rest of the suite keeps Hypothesis's defaults.
"""

from __future__ import annotations

import hashlib
import os

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import select

import votesys.models  # noqa: F401  (every table in the metadata)
from votesys.db import Base

AUDIT_TABLES = ("audit_entries", "audit_head", "audit_checkpoints")

settings.register_profile(
    "security-ci",
    max_examples=int(os.environ.get("VOTESYS_FUZZ_EXAMPLES", "30")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "security-drill",
    max_examples=int(os.environ.get("VOTESYS_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile("security-" + os.environ.get("VOTESYS_FUZZ_PROFILE", "ci"))


def fuzz(share: float = 1.0):
    """The profile's settings for one property; ``share`` scales the examples for a slow one."""
    return settings(PROFILE, max_examples=max(5, int(PROFILE.max_examples * share)))


def table_rows(session, table) -> list[tuple]:
    order = list(table.primary_key.columns) or list(table.columns)
    return [tuple(row) for row in session.execute(select(table).order_by(*order))]


def digest(db, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """SHA-256 of every table's rows, by table (those in ``skip`` left out)."""
    with db.session() as session:
        return {
            table.name: hashlib.sha256(repr(table_rows(session, table)).encode()).hexdigest()
            for table in Base.metadata.sorted_tables
            if table.name not in skip
        }


def rows_changed(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return sorted(name for name in before if before[name] != after.get(name))


def audit_kinds_since(db, seq: int) -> list[str]:
    from votesys.audit.models import AuditEntry

    with db.session() as session:
        return list(
            session.scalars(
                select(AuditEntry.kind).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)
            )
        )


def audit_seq(db) -> int:
    from votesys.audit.models import AuditEntry

    with db.session() as session:
        return session.scalar(select(AuditEntry.seq).order_by(AuditEntry.seq.desc()).limit(1)) or 0


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]
