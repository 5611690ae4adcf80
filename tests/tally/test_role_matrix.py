"""Every role against the counting pages, the projector and the chair's control: what it must
not see is 403; what it must not do is 403 and changes nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.accounts.test_role_matrix import STAFF
from tests.ballots.conftest import count_box
from tests.conftest import csrf_from, login
from tests.elections.conftest import CHAIR, call
from tests.elections.conftest import state as election_rows
from tests.tally.test_pages import COUNTER, SECOND, voted_round
from votesys.projector.models import ProjectorState
from votesys.tally import services
from votesys.tally.models import EncryptedTotals, SignOff, Tally

EVERYONE = set(STAFF)
COMMITTEE = {"counting"}


def state(db) -> tuple:
    """Every row the counting and the projector write, the elections' rows, the audit head."""
    with db.session() as session:
        tallies = session.execute(select(Tally.round_id, Tally.fingerprint)).all()
        tallies += session.execute(select(EncryptedTotals.round_id, EncryptedTotals.digest)).all()
        signoffs = session.execute(select(SignOff.round_id, SignOff.account)).all()
        screens = session.execute(
            select(ProjectorState.mode, ProjectorState.round_id, ProjectorState.changed_at)
        ).all()
    return (election_rows(db), tallies, signoffs, screens)


def reads(round_id: int, status: str) -> dict[str, set[str]]:
    """Who may open what while the round is in ``status``."""
    count_page = {
        "closed": COMMITTEE,
        "counted": COMMITTEE,
        "signed": COMMITTEE | {"chair"},
        "announced": EVERYONE,
    }[status]
    return {
        "/count": COMMITTEE,
        f"/count/{round_id}": count_page,
        "/projector": EVERYONE,
        "/projector/state.json": EVERYONE,
        "/projector/control": {"chair"},
    }


@pytest.mark.parametrize("role", sorted(STAFF))
def test_reads_by_role(app, client, role):
    db = app.extensions["votesys.db"]
    round_ = voted_round(db, voters=5)
    assert login(client, STAFF[role]).status_code == 302
    steps = [
        ("closed", lambda: None),
        ("counted", lambda: count_box(db, round_.id)),
        ("signed", lambda: _sign(db, round_.id)),
        ("announced", lambda: call(db, services.announce, round_.id, actor=CHAIR)),
    ]
    for status, step in steps:
        step()
        before = state(db)
        for url, allowed in reads(round_.id, status).items():
            response = client.get(url)
            expected = 200 if role in allowed else 403
            assert response.status_code == expected, (role, status, url, response.status_code)
        assert state(db) == before, (role, status, "a read changed something")


def _sign(db, round_id: int) -> None:
    call(db, services.confirm_count, round_id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_id, "Phạm Thị Lan", actor=SECOND)


def _writes(db, round_id: int):
    """Each write in the order of the day, who may do it, and how the day goes on without it."""
    return [
        (
            "count",
            f"/count/{round_id}/count",
            {"confirm": "1"},
            COMMITTEE,
            lambda: call(db, services.add_up, round_id, actor=COUNTER),
        ),
        # The key holders decrypt on their own devices (JSON, tests/tally/test_pages.py).
        ("decrypt", None, {}, set(), lambda: count_box(db, round_id)),
        (
            "confirm",
            f"/count/{round_id}/confirm",
            {},
            COMMITTEE,
            lambda: call(db, services.confirm_count, round_id, "Lê Văn Bình", actor=COUNTER),
        ),
        (
            "second confirmation",
            f"/count/{round_id}/confirm",
            {},
            set(),  # counting1 (the role's account) has confirmed already: refused, not 403
            lambda: call(db, services.confirm_count, round_id, "Phạm Thị Lan", actor=SECOND),
        ),
        (
            "announce",
            f"/projector/control/announce/{round_id}",
            {},
            {"chair"},
            lambda: call(db, services.announce, round_id, actor=CHAIR),
        ),
        (
            "show the results",
            "/projector/control/show",
            {"mode": "results", "round_id": str(round_id)},
            {"chair"},
            lambda: None,
        ),
        ("next round", f"/count/{round_id}/next-round", {}, {"secretariat"}, lambda: None),
    ]


@pytest.mark.parametrize("role", sorted(STAFF))
def test_writes_by_role(app, client, role):
    db = app.extensions["votesys.db"]
    round_ = voted_round(db, voters=5)  # nobody above half of B: every seat open
    assert login(client, STAFF[role]).status_code == 302
    token = csrf_from(client, "/congress")
    for name, url, data, allowed, otherwise in _writes(db, round_.id):
        if url is None:
            otherwise()
            continue
        before = state(db)
        response = client.post(url, data={"csrf_token": token, **data})
        after = state(db)
        if role in allowed:
            assert response.status_code == 302, (role, name, response.status_code)
            assert after != before, (role, name, "an allowed write changed nothing")
        elif name == "second confirmation" and role in COMMITTEE:
            assert response.status_code == 302 and after == before, (role, name)
            otherwise()
        else:
            assert response.status_code == 403, (role, name, response.status_code)
            assert after == before, (role, name, "a refused write changed something")
            otherwise()


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(app, client):
    db = app.extensions["votesys.db"]
    round_ = voted_round(db, voters=5)
    for url in reads(round_.id, "closed"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    token = csrf_from(client, "/login")
    before = state(db)
    for _name, url, data, _allowed, _otherwise in _writes(db, round_.id):
        if url is None:
            continue
        response = client.post(url, data={"csrf_token": token, **data})
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    assert state(db) == before
