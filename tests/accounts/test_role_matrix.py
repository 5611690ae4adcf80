"""Every role against every page and every write: what it must not do is refused, unchanged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from, login
from votesys.accounts.models import StaffUser
from votesys.audit.models import AuditEntry
from votesys.congress.models import Congress

STAFF = {
    "secretariat": "secretariat",
    "credentials": "credentials",
    "counting": "counting1",
    "chair": "chair",
    "observer": "observer",
}
EVERYONE = set(STAFF)

READS = {
    "/congress": EVERYONE,
    "/roster": EVERYONE,
    "/audit/": EVERYONE,
    "/audit/verify": EVERYONE,
    "/audit/export.jsonl": EVERYONE,
    "/users": {"secretariat"},
    "/congress/edit": {"secretariat"},
}


def _writes(client):
    """Each write as (name, roles allowed, the POST to make)."""
    observer_id = 7
    congress_form = {
        "name": "Đại hội đã sửa",
        "organisation": "Đảng bộ Phường 1",
        "level": "ward",
        "ordinal": "XIV",
        "term": "2025-2030",
        "kind": "delegate",
        "venue": "Hội trường",
        "starts_on": "2025-05-20",
        "ends_on": "2025-05-21",
    }
    new_user = {
        "username": "newclerk",
        "display_name": "Nguyễn Văn Mới",
        "role": "observer",
        "password": "a-long-password",
    }
    return [
        ("create a user", {"secretariat"}, "/users", new_user),
        ("deactivate a user", {"secretariat"}, f"/users/{observer_id}/active", {"active": "0"}),
        ("edit the congress", {"secretariat"}, "/congress/edit", congress_form),
    ]


def snapshot(app):
    with app.extensions["votesys.db"].session() as session:
        return (
            session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)),
            [
                (u.username, u.is_active)
                for u in session.scalars(select(StaffUser).order_by(StaffUser.id))
            ],
            [c.name for c in session.scalars(select(Congress))],
        )


@pytest.mark.parametrize("role", sorted(STAFF))
def test_reads_by_role(client, role):
    assert login(client, STAFF[role]).status_code == 302
    for url, allowed in READS.items():
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), (role, url, status)


@pytest.mark.parametrize("role", sorted(STAFF))
def test_writes_by_role(app, client, role):
    assert login(client, STAFF[role]).status_code == 302
    token = csrf_from(client, "/congress")
    for name, allowed, url, form in _writes(client):
        before = snapshot(app)
        response = client.post(url, data={**form, "csrf_token": token})
        after = snapshot(app)
        if role in allowed:
            assert response.status_code == 302, (role, name, response.get_data(as_text=True))
            assert after != before, (role, name, "an allowed write changed nothing")
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert after == before, (role, name, "a refused write changed something")


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(app, client):
    for url in READS:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    token = csrf_from(client, "/login")
    before = snapshot(app)
    for _name, _allowed, url, form in _writes(client):
        response = client.post(url, data={**form, "csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert snapshot(app) == before


def test_the_service_refuses_a_role_even_when_called_directly(app):
    from votesys.accounts import services
    from votesys.errors import Forbidden
    from votesys.roles import Actor

    with app.extensions["votesys.db"].session(write=True) as session, pytest.raises(Forbidden):
        services.create_user(
            session, Actor("staff:chair", "chair"), "sneaky", "Sneaky", "secretariat", "x" * 12
        )
    assert "sneaky" not in [name for name, _ in snapshot(app)[1]]
