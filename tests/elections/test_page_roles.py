"""Every role against every elections page and the chair's page, and every POST: what a role
may not do is refused with 403 and changes nothing; what it may do works."""

from __future__ import annotations

import pytest

from tests.accounts.test_role_matrix import STAFF
from tests.conftest import csrf_from, login
from tests.elections.conftest import (
    add_delegates,
    call,
    committee,
    create,
    first_round,
    ids,
    ready_round,
    set_status,
    state,
)
from tests.elections.pages import committee_form, election_form
from votesys.elections import rounds

EVERYONE = set(STAFF)
SECRETARIAT, CHAIR = {"secretariat"}, {"chair"}


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def prepare(db, role: str | None) -> dict:
    """A draft election with two names, one approved round for the secretariat to reopen, one for
    the chair to open, and (for the chair) one open round to close."""
    to_reopen = ready_round(db, numbers=(20, 21), seats=2)
    to_open = ready_round(db, numbers=(22, 23), seats=2)
    to_close = ready_round(db, numbers=(24, 25), seats=2)
    draft = create(db, title="Ban Thường vụ", kind="standing_committee", seats=3)
    withdrawn, kept = add_delegates(db, draft.id, 30, 31)
    committee(db, 95, 96, 97)
    set_status(db, (1, 2, 3, 20, 22, 24, 30))
    if role == "chair":
        call(db, rounds.open_round, to_close.id)
    return {
        "draft": draft.id,
        "withdrawn": withdrawn,
        "kept": kept,
        "reopen": to_reopen.election_id,
        "open": to_open.id,
        "close": to_close.id,
        "draft_round": first_round(db, draft.id).id,
    }


def reads(ids_: dict) -> list[tuple[str, set[str]]]:
    draft = ids_["draft"]
    return [
        ("/elections", EVERYONE),
        (f"/elections/{draft}", EVERYONE),
        ("/elections/counting-committee", EVERYONE),
        (f"/elections/{draft}/withdraw/{ids_['kept']}", SECRETARIAT),
        ("/chair", CHAIR),
        (f"/chair/{ids_['open']}/open", CHAIR),
        (f"/chair/{ids_['close']}/close", CHAIR),
        (f"/chair/{ids_['open']}/turnout.json", EVERYONE),
    ]


def writes(db, ids_: dict) -> list[tuple[str, set[str], str, dict]]:
    draft = ids_["draft"]
    (newcomer,) = ids(db, 32)
    return [
        (
            "create",
            SECRETARIAT,
            "/elections",
            election_form(kind="secretary", title="Bí thư", seats="1"),
        ),
        (
            "add delegate",
            SECRETARIAT,
            f"/elections/{draft}/delegate",
            {"delegate": str(newcomer), "description": "", "nominated_by": "convening"},
        ),
        (
            "add named",
            SECRETARIAT,
            f"/elections/{draft}/named",
            {
                "full_name": "Lê Văn Tám",
                "birth_date": "",
                "description": "",
                "nominated_by": "congress",
            },
        ),
        (
            "withdraw",
            SECRETARIAT,
            f"/elections/{draft}/withdraw/{ids_['withdrawn']}",
            {"reason": "sức khỏe"},
        ),
        (
            "counting",
            SECRETARIAT,
            "/elections/counting-committee",
            committee_form(ids(db, 90, 91, 92)),
        ),
        ("approve", SECRETARIAT, f"/elections/{draft}/approve", {}),
        (
            "reopen",
            SECRETARIAT,
            f"/elections/{ids_['reopen']}/reopen",
            {"reason": "đại hội chấp nhận"},
        ),
        ("open", CHAIR, f"/chair/{ids_['open']}/open", {}),
        ("close", CHAIR, f"/chair/{ids_['close']}/close", {}),
    ]


@pytest.mark.parametrize("role", sorted(STAFF))
def test_reads_by_role(db, client, role):
    found = prepare(db, role)
    assert login(client, STAFF[role]).status_code == 302
    before = state(db)
    for url, allowed in reads(found):
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), (role, url, status)
    assert state(db) == before


@pytest.mark.parametrize("role", sorted(STAFF))
def test_writes_by_role(db, client, role):
    found = prepare(db, role)
    assert login(client, STAFF[role]).status_code == 302
    token = csrf_from(client, "/congress")
    for name, allowed, url, data in writes(db, found):
        before = state(db)
        response = client.post(url, data={"csrf_token": token, **data})
        after = state(db)
        if role in allowed:
            assert response.status_code == 302, (role, name, response.get_data(as_text=True))
            assert after != before, (role, name, "an allowed write changed nothing")
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert after == before, (role, name, "a refused write changed something")


def test_a_refused_json_request_says_forbidden(db, client):
    found = prepare(db, "observer")
    assert login(client, "observer").status_code == 302
    token = csrf_from(client, "/congress")
    response = client.post(
        f"/chair/{found['open']}/open", headers={"X-CSRFToken": token, "Accept": "application/json"}
    )
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(db, client):
    found = prepare(db, None)
    for url, _allowed in reads(found):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    token = csrf_from(client, "/login")
    before = state(db)
    for _name, _allowed, url, data in writes(db, found):
        response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert state(db) == before


def test_a_post_without_its_csrf_token_is_refused_and_changes_nothing(db, client):
    found = prepare(db, "secretariat")
    assert login(client, "secretariat").status_code == 302
    before = state(db)
    for _name, _allowed, url, data in writes(db, found):
        assert client.post(url, data=data).status_code == 400, url
    assert state(db) == before
