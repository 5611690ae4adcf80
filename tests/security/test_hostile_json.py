"""Hostile JSON to every JSON endpoint: any value, any bytes, the right keys with wrong values.

Each answer is a 4xx with a JSON error (never a 5xx, never a traceback), and changes nothing:
no row of any table moves, except what the refusal itself is allowed to leave (a refused ballot
is one ``ballots.refused`` entry in the audit log; a typed card code that matches no card counts
against the throttle).
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import csrf_from, login
from tests.elections.conftest import open_ready_round
from tests.security.conftest import AUDIT_TABLES, audit_kinds_since, audit_seq, digest, fuzz
from tests.tablet.conftest import Tablet, cards  # noqa: F401  (the fixture)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=80)
    | st.sampled_from(
        ["", "0" * 64, "ff" * 32, "{{7*7}}", "../../etc/passwd", "\x00", "’", "1e999"]
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)


def shaped(*keys: str):
    """A body with the endpoint's own keys (some left out), each holding any value."""
    return st.dictionaries(st.sampled_from(keys), values, max_size=len(keys)) | values


def raw_bodies():
    return st.binary(max_size=200) | values.map(json.dumps).map(str.encode)


def check_refusal(db, response, before, seq, allowed_kinds=(), allowed_tables=()):
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data()[:300])
    body = response.get_json(silent=True)
    assert isinstance(body, dict) and ("error" in body or "code" in body), response.get_data()[:300]
    assert "Traceback" not in response.get_data(as_text=True)
    after = digest(db)
    moved = {name for name in before if before[name] != after[name]}
    assert moved <= set(AUDIT_TABLES) | set(allowed_tables), moved
    kinds = audit_kinds_since(db, seq)
    assert set(kinds) <= set(allowed_kinds), kinds


def post_json(client, url, body, token):
    return post_raw(client, url, json.dumps(body).encode(), token)


def post_raw(client, url, raw, token):
    return client.post(
        url, data=raw, headers={"X-CSRFToken": token, "Content-Type": "application/json"}
    )


def test_the_ballot_endpoints_refuse_any_body(app, db, cards):  # noqa: F811
    round_ = open_ready_round(db)
    tablet = Tablet(app.test_client())
    assert tablet.sign_in(cards[1].token).status_code == 200
    assert tablet.open(round_.id).status_code == 200

    @fuzz(2)
    @given(
        endpoint=st.sampled_from(["cast", "challenge"]),
        body=shaped("ballot", "submission_key", "revealed"),
        raw=st.none() | raw_bodies(),
    )
    def property_(endpoint, body, raw):
        url = f"/vote/rounds/{round_.id}/{endpoint}"
        before, seq = digest(db), audit_seq(db)
        if raw is None:
            response = post_json(tablet.client, url, body, tablet.csrf)
        else:
            response = post_raw(tablet.client, url, raw, tablet.csrf)
        check_refusal(db, response, before, seq, allowed_kinds={"ballots.refused"})
        assert tablet.session_state()["voter"] is not None  # a refusal keeps the voter's session

    property_()


def test_the_public_and_tablet_endpoints_refuse_any_body(app, db, cards):  # noqa: F811
    round_ = open_ready_round(db)
    client = app.test_client()
    tablet = Tablet(client)

    @fuzz(2)
    @given(
        url=st.sampled_from(
            [
                "/vote/sign-in",
                "/challenges/find",
                "/vote/motions/1",
                f"/vote/rounds/{round_.id}/ballot",
            ]
        ),
        body=shaped("scan", "method", "code", "choice"),
        raw=st.none() | raw_bodies(),
    )
    def property_(url, body, raw):
        before, seq = digest(db), audit_seq(db)
        if raw is None:
            response = post_json(client, url, body, tablet.csrf)
        else:
            response = post_raw(client, url, raw, tablet.csrf)
        # A well-formed code matching no card counts against the address (login_throttle).
        check_refusal(
            db, response, before, seq, {"card.code_locked"}, allowed_tables={"login_throttle"}
        )

    property_()


def test_the_staff_json_endpoints_refuse_any_body(app, db):
    round_ = open_ready_round(db)
    counting, door = app.test_client(), app.test_client()
    assert login(counting, "counting1").status_code == 302
    assert login(door, "credentials").status_code == 302
    tokens = {
        id(counting): csrf_from(counting, "/congress"),
        id(door): csrf_from(door, "/congress"),
    }
    urls = [
        (door, "/checkin/scan"),
        (counting, f"/count/{round_.id}/decryption"),
        (counting, "/ceremony/1/transport-key"),
        (counting, "/ceremony/1/dealing"),
        (counting, "/ceremony/1/confirm"),
    ]

    @fuzz(2)
    @given(
        target=st.sampled_from(urls),
        body=shaped("scan", "method", "partials", "keys", "dealing", "wrapped", "shares"),
        raw=st.none() | raw_bodies(),
    )
    def property_(target, body, raw):
        client, url = target
        before, seq = digest(db), audit_seq(db)
        if raw is None:
            response = post_json(client, url, body, tokens[id(client)])
        else:
            response = post_raw(client, url, raw, tokens[id(client)])
        check_refusal(
            db,
            response,
            before,
            seq,
            {"card.code_locked", "tally.partial_decryption_refused"},
            allowed_tables={"login_throttle"},
        )

    property_()
