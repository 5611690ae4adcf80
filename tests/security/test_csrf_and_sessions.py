"""CSRF on every write of the url_map, sessions (fixation, a staff session dropped by a card),
cards on the tablet (another delegate's session, a revoked card) and the throttles on guessing."""

from __future__ import annotations

import pytest

from tests.accounts.test_role_matrix import STAFF
from tests.conftest import csrf_from, login
from tests.elections.conftest import open_ready_round
from tests.security.conftest import audit_kinds_since, audit_seq, digest, rows_changed
from tests.security.matrix import ACCESS, PUBLIC, VOTER
from tests.security.urls import calls, sample_values
from tests.tablet.conftest import Tablet, cards  # noqa: F401  (the fixture)


def someone_allowed(call) -> str | None:
    rule = ACCESS[call.endpoint]
    if isinstance(rule, dict):
        rule = rule[call.choice]
    if rule in (PUBLIC, VOTER):
        return None
    return STAFF[sorted(rule)[0]]


def test_every_write_without_its_csrf_token_is_refused_and_changes_nothing(app, db, cards):  # noqa: F811
    app.config["WTF_CSRF_ENABLED"] = True
    round_ = open_ready_round(db)
    writes = [call for call in calls(app, sample_values(db)) if call.writes]
    assert len(writes) > 40
    problems = []
    for call in writes:
        client = app.test_client()
        user = someone_allowed(call)
        if user is not None:
            assert login(client, user).status_code == 302
        elif ACCESS[call.endpoint] is VOTER:
            tablet = Tablet(client)
            assert tablet.sign_in(cards[1].token).status_code == 200
            if call.endpoint in ("tablet.cast", "tablet.challenge"):
                assert tablet.open(round_.id).status_code == 200
        else:
            client.get("/vote")  # a session with a token, as a browser has
        before = digest(db)
        as_form = client.open(call.url, method=call.method, data={"name": "x"})
        as_json = client.open(
            call.url, method=call.method, json={"scan": "x"}, headers={"X-CSRFToken": "forged"}
        )
        for kind, response in (("form", as_form), ("json", as_json)):
            if response.status_code != 400:
                problems.append((call.method, call.url, kind, response.status_code))
        assert as_json.get_json()["error"] == "csrf", call.url
        if changed := rows_changed(before, digest(db)):
            problems.append((call.method, call.url, "changed", changed))
    assert not problems, "\n".join(map(str, problems))


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("votesys_session")
    return cookie.value if cookie else None


def test_signing_in_starts_a_new_session(client):
    csrf_from(client, "/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    before = session_cookie(client)
    assert login(client, "chair").status_code == 302
    after = session_cookie(client)
    assert after and after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["role"] == "chair"


def test_a_card_signing_in_on_the_tablet_drops_the_staff_session(client, db, cards):  # noqa: F811
    open_ready_round(db)
    assert login(client, "secretariat").status_code == 302
    assert client.get("/users").status_code == 200
    tablet = Tablet(client)
    assert tablet.sign_in(cards[1].token).status_code == 200
    response = client.get("/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_delegates_card_replaces_the_voter_session(client, db, cards):  # noqa: F811
    """A card scanned on a tablet where another delegate is signed in: the session is the new
    holder's, nothing of the first delegate's remains, and nothing is cast for the first."""
    round_ = open_ready_round(db)
    tablet = Tablet(client)
    first = tablet.sign_in(cards[1].token).get_json()["voter"]["name"]
    assert tablet.open(round_.id).status_code == 200
    second = tablet.sign_in(cards[2].token).get_json()["voter"]["name"]
    assert first != second
    assert tablet.session_state()["voter"]["name"] == second


def test_a_revoked_card_signs_in_nowhere_and_changes_nothing(app, client, db, cards):  # noqa: F811
    from votesys.congress.queries import current_congress
    from votesys.credentials import services as card_services
    from votesys.roles import Actor

    open_ready_round(db)
    with db.session(write=True) as session:
        card_services.revoke(
            session,
            Actor("staff:credentials", "credentials"),
            current_congress(session),
            cards[3].delegate.id,
            "lost",
        )
    before, seq = digest(db), audit_seq(db)
    tablet = Tablet(client)
    by_token = tablet.sign_in(cards[3].token)
    by_code = tablet.sign_in(cards[3].code, "code")
    holder = client.get(f"/c/{cards[3].token}")
    assert by_token.status_code >= 400 and by_code.status_code >= 400
    assert by_token.get_json()["error"] == by_code.get_json()["error"]
    assert holder.status_code == 410
    assert tablet.session_state()["voter"] is None
    assert rows_changed(before, digest(db)) == [] and audit_kinds_since(db, seq) == []


def wrong_codes(count: int) -> list[str]:
    from votesys.core.codes import new_short_code

    return [new_short_code() for _ in range(count)]


def test_the_sixth_wrong_card_code_locks_the_address_even_for_a_right_code(app, client, cards):  # noqa: F811
    from votesys.credentials.services import PUBLIC as CARD_THROTTLE

    limit = app.config.get("CARD_CODE_MAX_FAILURES", CARD_THROTTLE.max_failures)
    assert limit == 5
    token = csrf_from(client, "/c")
    for code in wrong_codes(limit):
        assert client.post("/c", data={"code": code, "csrf_token": token}).status_code == 404
    locked = client.post("/c", data={"code": cards[1].code, "csrf_token": token})
    assert locked.status_code == 429


def test_the_sixth_wrong_password_locks_the_account_even_for_the_right_one(client):
    import itertools

    for attempt in itertools.count():
        response = login(client, "chair", f"wrong-{attempt}")
        if response.status_code == 429:
            break
        assert response.status_code in (400, 401, 403), response.status_code
        assert attempt < 10, "never locked"
    assert login(client, "chair").status_code == 429
    assert client.get("/congress").status_code == 302


@pytest.mark.parametrize("role", ["observer", "chair"])
def test_an_observer_or_chair_cannot_write_the_roll(client, db, role):
    assert login(client, STAFF[role]).status_code == 302
    before = digest(db)
    token = csrf_from(client, "/congress")
    csv = "STT,Họ và tên\n1,Nguyễn Văn Đổi\n".encode()
    response = client.post(
        "/roster/import",
        data={"roll_file": (__import__("io").BytesIO(csv), "roll.csv"), "csrf_token": token},
    )
    assert response.status_code == 403
    assert rows_changed(before, digest(db)) == []
