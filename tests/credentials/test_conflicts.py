"""Two writers at once: at most one card in force per delegate, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tests.credentials.conftest import CREDENTIALS, SECRETARIAT
from votesys.audit.models import AuditEntry
from votesys.congress.queries import current_congress
from votesys.credentials import queries, services
from votesys.credentials.errors import CardsChanged
from votesys.credentials.models import Card


def counts(db):
    with db.session() as session:
        return (
            session.scalar(select(func.count()).select_from(Card)),
            session.scalar(select(func.count()).where(Card.revoked_at.is_(None))),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


def printing_from_a_stale_roll(db, key, monkeypatch):
    """A second printing that read the roll before the first one committed."""
    with db.session() as session:
        stale = queries.card_roll(session, current_congress(session))
    with db.session(write=True) as session:
        services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    before = counts(db)
    monkeypatch.setattr(queries, "card_roll", lambda *_args: stale)
    with db.session(write=True) as session, pytest.raises(CardsChanged):
        services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    assert counts(db) == before == (102, 102, before[2])


def test_a_printing_that_raced_another_is_refused_whole(db, key, monkeypatch):
    printing_from_a_stale_roll(db, key, monkeypatch)


def run_the_card_lifecycle(app):
    db, key = app.extensions["votesys.db"], app.extensions["votesys.card_code_key"]
    with db.session(write=True) as session:
        issued = services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    with db.session(write=True) as session:
        new = services.reissue(
            session, SECRETARIAT, current_congress(session), key, issued[0].delegate.id, "Mất"
        )
    with db.session(write=True) as session:
        services.revoke(session, CREDENTIALS, current_congress(session), issued[1].delegate.id, "x")
    with db.session() as session:
        assert queries.find_by_token(session, issued[0].token) is None
        assert queries.find_by_token(session, new.token).delegate.number == new.delegate.number
        assert queries.find_by_code(session, key, new.code).id == new.card.id
        assert queries.check_code(session, key, issued[1].code).status == "revoked"
    assert counts(app.extensions["votesys.db"])[:2] == (103, 101)


@pytest.mark.postgres
def test_cards_on_postgresql(pg_app, monkeypatch):
    run_the_card_lifecycle(pg_app)


@pytest.mark.postgres
def test_a_racing_printing_on_postgresql_is_refused_whole(pg_app, monkeypatch):
    db, key = pg_app.extensions["votesys.db"], pg_app.extensions["votesys.card_code_key"]
    printing_from_a_stale_roll(db, key, monkeypatch)


def test_the_lifecycle_on_sqlite(app):
    run_the_card_lifecycle(app)
