"""Every role against the ballot-box pages and the paper count: only the counting committee;
anyone else is refused with 403 and nothing changes."""

from __future__ import annotations

import pytest

from tests.accounts.test_role_matrix import STAFF
from tests.ballots.pages import both_rounds, empty_round, good_paper, state
from tests.conftest import csrf_from, login

COMMITTEE = {"counting"}


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def _reads(voted: int, empty: int) -> list[str]:
    return [
        "/ballots",
        f"/ballots/{voted}/voters",
        f"/ballots/{empty}/voters",
        f"/ballots/{voted}/paper",
        f"/ballots/{empty}/paper",
    ]


@pytest.mark.parametrize("role", sorted(STAFF))
def test_reads_by_role(db, client, role):
    voted, empty = both_rounds(db)
    assert login(client, STAFF[role]).status_code == 302
    before = state(db)
    for url in _reads(voted, empty):
        page = client.get(url)
        expected = 200 if role in COMMITTEE else 403
        assert page.status_code == expected, (role, url, page.status_code)
        if role not in COMMITTEE:
            assert 'data-testid="voters"' not in page.get_data(as_text=True)
    assert state(db) == before


@pytest.mark.parametrize("role", sorted(STAFF))
def test_the_paper_count_by_role(db, client, role):
    empty = empty_round(db).id
    assert login(client, STAFF[role]).status_code == 302
    form = {**good_paper(db, empty), "csrf_token": csrf_from(client, "/congress")}
    before = state(db)
    response = client.post(f"/ballots/{empty}/paper", data=form)
    if role in COMMITTEE:
        assert response.status_code == 302, response.get_data(as_text=True)
        assert state(db) != before
    else:
        assert response.status_code == 403, (role, response.status_code)
        assert state(db) == before
    json_refusal = client.post(
        f"/ballots/{empty}/paper", data=form, headers={"Accept": "application/json"}
    )
    if role not in COMMITTEE:
        assert json_refusal.get_json()["error"] == "forbidden"
        assert state(db) == before


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(db, client):
    voted, empty = both_rounds(db)
    for url in _reads(voted, empty):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    before = state(db)
    form = {**good_paper(db, empty), "csrf_token": csrf_from(client, "/login")}
    response = client.post(f"/ballots/{empty}/paper", data=form)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert state(db) == before
