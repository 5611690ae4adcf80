"""Every role against every card page and write: what it must not do is refused, unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.accounts.test_role_matrix import STAFF
from tests.conftest import csrf_from, login
from tests.credentials.conftest import CREDENTIALS
from votesys.accounts.models import LoginThrottle
from votesys.audit.models import AuditEntry
from votesys.congress.queries import current_congress
from votesys.credentials import services
from votesys.credentials.models import Card

CARD_STAFF = {"secretariat", "credentials"}


@pytest.fixture
def prepared(db, issued):
    """Every card printed, then delegate A's card revoked: A has none, B and C have one."""
    a, b, c = (issued[i].delegate for i in (20, 21, 22))
    with db.session(write=True) as session:
        services.revoke(session, CREDENTIALS, current_congress(session), a.id, "Hỏng")
    return {"a": a.id, "b": b.id, "c": c.id, "code": issued[23].code}


def reads(ids):
    return {
        "/cards": CARD_STAFF,
        "/cards/find": CARD_STAFF,
        f"/cards/{ids['b']}/reissue": {"secretariat"},
        f"/cards/{ids['b']}/revoke": CARD_STAFF,
    }


def writes(ids):
    """(name, roles allowed, URL, form, status when allowed)."""
    return [
        ("print the missing card", {"secretariat"}, "/cards/print", {}, 200),
        (
            "reissue a card",
            {"secretariat"},
            f"/cards/{ids['b']}/reissue",
            {"reason": "Mất thẻ", "replace": "1"},
            200,
        ),
        ("revoke a card", CARD_STAFF, f"/cards/{ids['c']}/revoke", {"reason": "Mất thẻ"}, 302),
        ("look up a code", CARD_STAFF, "/cards/find", {"code": ids["code"]}, 200),
    ]


def snapshot(app):
    with app.extensions["votesys.db"].session() as session:
        return (
            session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)),
            [(c.id, c.revoked_at) for c in session.scalars(select(Card).order_by(Card.id))],
            [row.key for row in session.scalars(select(LoginThrottle))],
        )


@pytest.mark.parametrize("role", sorted(STAFF))
def test_card_pages_by_role(client, prepared, role):
    assert login(client, STAFF[role]).status_code == 302
    for url, allowed in reads(prepared).items():
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), (role, url, status)


@pytest.mark.parametrize("role", sorted(STAFF))
def test_card_writes_by_role(app, client, prepared, role):
    assert login(client, STAFF[role]).status_code == 302
    token = csrf_from(client, "/congress")
    for name, allowed, url, form, status in writes(prepared):
        before = snapshot(app)
        response = client.post(url, data={**form, "csrf_token": token})
        after = snapshot(app)
        if role in allowed:
            assert response.status_code == status, (role, name, response.get_data(as_text=True))
            if name != "look up a code":
                assert after != before, (role, name, "an allowed write changed nothing")
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert after == before, (role, name, "a refused write changed something")


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(app, client, prepared):
    for url in reads(prepared):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    token = csrf_from(client, "/login")
    before = snapshot(app)
    for _name, _allowed, url, form, _status in writes(prepared):
        response = client.post(url, data={**form, "csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert snapshot(app) == before


def test_a_write_without_the_csrf_token_is_refused(app, client, prepared):
    assert login(client, "secretariat").status_code == 302
    before = snapshot(app)
    for _name, _allowed, url, form, _status in writes(prepared):
        assert client.post(url, data=form).status_code == 400, url
    assert snapshot(app) == before
