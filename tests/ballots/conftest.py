"""Fixtures for the ballot box: an open round on the demo congress, and helpers to cast."""

from __future__ import annotations

import secrets

import pytest

from tests.elections.conftest import call, ids, open_ready_round
from votesys.ballots import services


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


@pytest.fixture
def open_round(db):
    """Executive committee, 4 seats, 5 names (strike layout); present: 1 2 3 20 21 101 102,
    so the voters are 1, 2, 3, 20, 21 and 101 (seated for 57)."""
    return open_ready_round(db)


def key() -> str:
    return secrets.token_urlsafe(16)


def strike(*kept: bool) -> dict:
    return {"layout": "strike", "kept": list(kept)}


def issue(db, round_id: int, number: int):
    (delegate_id,) = ids(db, number)
    with db.session(write=True) as session:
        return services.issue_ballot(session, round_id, delegate_id)


def cast(db, round_id: int, number: int, document, submission_key=None, **kwargs):
    (delegate_id,) = ids(db, number)
    with db.session(write=True) as session:
        return services.cast_ballot(
            session, round_id, delegate_id, document, submission_key or key(), **kwargs
        )


def close(db, round_id: int):
    return call(db, services.close_voting, round_id)
