"""Every role against the attendance pages and the quorum: every staff role may look; only the
secretariat sets the quorum; a refused write changes nothing."""

from __future__ import annotations

import pytest

from tests.accounts.test_role_matrix import STAFF
from tests.attendance.conftest import audit_tail, quorum_of
from tests.conftest import csrf_from, login

READS = [
    "/attendance",
    "/attendance.json",
    "/attendance/report",
    "/attendance/report.pdf",
    "/attendance/base",
]
WRITES = [
    ("set the quorum", "/attendance/base/quorum", {"quorum": "2/3"}),
    ("clear the quorum", "/attendance/base/quorum", {"quorum": "", "clear": "1"}),
]


def snapshot(db):
    return quorum_of(db), audit_tail(db)


@pytest.mark.parametrize("role", sorted(STAFF))
def test_every_staff_role_may_look(client, role):
    assert login(client, STAFF[role]).status_code == 302
    for url in READS:
        assert client.get(url).status_code == 200, (role, url)


@pytest.mark.parametrize("role", sorted(STAFF))
def test_only_the_secretariat_sets_the_quorum(db, client, role):
    assert login(client, STAFF[role]).status_code == 302
    token = csrf_from(client, "/attendance")
    html = client.get("/attendance/base").get_data(as_text=True)
    assert ('action="/attendance/base/quorum"' in html) == (role == "secretariat")
    for name, url, form in WRITES:
        before = snapshot(db)
        response = client.post(url, data={**form, "csrf_token": token})
        after = snapshot(db)
        if role == "secretariat":
            assert response.status_code == 302, (name, response.get_data(as_text=True))
            assert after[1] != before[1], (name, "an allowed write left no audit entry")
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert after == before, (role, name, "a refused write changed something")


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(db, client):
    for url in READS:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    token = csrf_from(client, "/login")
    before = snapshot(db)
    for _name, url, form in WRITES:
        response = client.post(url, data={**form, "csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert snapshot(db) == before


def test_a_post_without_the_csrf_token_is_refused(db, login_as):
    client = login_as("secretariat")
    before = snapshot(db)
    response = client.post("/attendance/base/quorum", data={"quorum": "2/3"})
    assert response.status_code == 400
    assert snapshot(db) == before
