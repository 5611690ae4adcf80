"""Every role against the desk's pages and writes: what it must not do is refused, unchanged."""

from __future__ import annotations

import pytest

from tests.accounts.test_role_matrix import STAFF
from tests.checkin.conftest import DESK, delegate_id, state
from tests.conftest import csrf_from, login
from votesys.checkin import services

DESK_ROLES = {"credentials", "secretariat"}
READS = ["/checkin", "/checkin/recent", "/checkin/search?q=nguyen", "/checkin/search?q=K7M2-9XQ4-P"]


@pytest.mark.parametrize("role", sorted(STAFF))
def test_reads_by_role(app, client, cards, role):
    assert login(client, STAFF[role]).status_code == 302
    db = app.extensions["votesys.db"]
    before = state(db)
    for url in READS:
        status = client.get(url, headers={"Accept": "application/json"}).status_code
        assert status == (200 if role in DESK_ROLES else 403), (role, url, status)
    if role not in DESK_ROLES:
        assert state(db) == before  # not even a code guess is counted


def _writes(db, cards, event_id):
    here, away = cards[60].delegate.id, delegate_id(db, 61)
    return [
        ("scan", "/checkin/scan", {"scan": cards[62].token}),
        ("check in", f"/checkin/{delegate_id(db, 63)}", {"method": "search"}),
        ("leave", f"/checkin/{here}/leave", {}),
        ("come back", f"/checkin/{away}/return", {}),
        ("undo", f"/checkin/undo/{event_id}", {}),
    ]


def _prepare(db):
    """Delegate 60 present, 61 left, 64 present (its check-in is the event to undo)."""
    with db.session(write=True) as session:
        services.check_in(session, DESK, delegate_id(db, 60), "manual")
    with db.session(write=True) as session:
        services.check_in(session, DESK, delegate_id(db, 61), "manual")
    with db.session(write=True) as session:
        services.leave(session, DESK, delegate_id(db, 61))
    with db.session(write=True) as session:
        return services.check_in(session, DESK, delegate_id(db, 64), "manual").event.id


@pytest.mark.parametrize("role", sorted(STAFF))
def test_writes_by_role(app, client, cards, role):
    db = app.extensions["votesys.db"]
    event_id = _prepare(db)
    assert login(client, STAFF[role]).status_code == 302
    headers = {"X-CSRFToken": csrf_from(client, "/congress")}
    for name, url, body in _writes(db, cards, event_id):
        before = state(db)
        response = client.post(url, json=body, headers=headers)
        after = state(db)
        if role in DESK_ROLES:
            assert response.status_code == 200, (role, name, response.get_json())
            assert after != before, (role, name, "an allowed write changed nothing")
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert response.get_json()["error"] == "forbidden"
            assert after == before, (role, name, "a refused write changed something")


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(app, client, cards):
    db = app.extensions["votesys.db"]
    event_id = _prepare(db)
    for url in READS:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    headers = {"X-CSRFToken": csrf_from(client, "/login")}
    before = state(db)
    for _name, url, body in _writes(db, cards, event_id):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert state(db) == before
