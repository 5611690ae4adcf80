"""Hostile ballots on the tablet's cast: any part of a good ballot changed (garbage, or the same
part of another good ballot: proofs for another ballot), a ballot of another round, a closed
round, replays (the same ballot again, by another delegate, with a copied voter cookie).

Each is refused with a 4xx, and leaves no trace but the refusal in the audit log.
"""

from __future__ import annotations

import copy
import secrets

from hypothesis import assume, given
from hypothesis import strategies as st

from tests.ballots.conftest import encrypted
from tests.elections.conftest import call, open_ready_round
from tests.security.conftest import AUDIT_TABLES, audit_kinds_since, audit_seq, digest, fuzz
from tests.tablet.conftest import Tablet, cards, strike  # noqa: F401  (the fixture)
from votesys.ballots.services import close_voting
from votesys.roles import Actor

CHAIR = Actor("staff:chair", "chair")


def leaves(value, path=()):
    """Every leaf of a JSON value, by its path."""
    if isinstance(value, dict):
        for key in sorted(value):
            yield from leaves(value[key], (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, (*path, index))
    else:
        yield path, value


def get(value, path):
    for part in path:
        value = value[part]
    return value


def replaced(value, path, new):
    value = copy.deepcopy(value)
    get(value, path[:-1])[path[-1]] = new
    return value


def refused_alone(db, response, before, seq):
    """A 4xx, no row moved but the audit log's, and only refusals appended to it."""
    assert 400 <= response.status_code < 500, (response.status_code, response.get_data()[:300])
    assert response.get_json()["error"], response.get_json()
    after = digest(db)
    moved = {name for name in before if before[name] != after[name]}
    assert moved <= set(AUDIT_TABLES), moved
    assert set(audit_kinds_since(db, seq)) <= {"ballots.refused"}, audit_kinds_since(db, seq)


def signed_in(app, card, round_id) -> Tablet:
    tablet = Tablet(app.test_client())
    assert tablet.sign_in(card.token).status_code == 200
    assert tablet.open(round_id).status_code == 200
    return tablet


def test_any_part_of_a_good_ballot_changed_is_refused(app, db, cards):  # noqa: F811
    round_ = open_ready_round(db)
    good = encrypted(db, round_.id, strike(True, True, False, True, True)).to_json()
    other = encrypted(db, round_.id, strike(True, False, True, True, True)).to_json()
    paths = [path for path, _ in leaves(good)]
    tablet = signed_in(app, cards[1], round_.id)

    @fuzz(2)
    @given(
        path=st.sampled_from(paths),
        new=st.sampled_from(["other"])
        | st.none()
        | st.integers()
        | st.text(max_size=70)
        | st.sampled_from(["00" * 32, "ff" * 32, "01" + "00" * 31, "ed" + "ff" * 31]),
    )
    def property_(path, new):
        if new == "other":
            try:
                new = get(other, path)
            except (KeyError, IndexError):
                new = None
        assume(get(good, path) != new)
        before, seq = digest(db), audit_seq(db)
        response = tablet.cast(round_.id, replaced(good, path, new), secrets.token_urlsafe(16))
        refused_alone(db, response, before, seq)

    property_()
    # The good ballot itself goes in: every refusal above was the change's.
    assert tablet.cast(round_.id, good, secrets.token_urlsafe(16)).status_code == 200


def test_a_ballot_of_another_round_is_refused(app, db, cards):  # noqa: F811
    from tests.elections.conftest import create, first_round

    round_ = open_ready_round(db)
    other = first_round(db, create(db, title="Đại biểu đi dự đại hội cấp trên").id)
    with db.session() as session:
        from votesys.elections.models import Round

        assert session.get(Round, other.id).status != "open"
    ballot = encrypted(db, round_.id, strike(True, True, True, True, False)).to_json()
    tablet = signed_in(app, cards[2], round_.id)
    before, seq = digest(db), audit_seq(db)
    response = tablet.cast(other.id, ballot, secrets.token_urlsafe(16))
    refused_alone(db, response, before, seq)
    missing = tablet.cast(10**6, ballot, secrets.token_urlsafe(16))
    refused_alone(db, missing, before, seq)


def test_a_ballot_for_a_closed_round_is_refused(app, db, cards):  # noqa: F811
    round_ = open_ready_round(db)
    tablet = signed_in(app, cards[3], round_.id)
    ballot = encrypted(db, round_.id, strike(True, True, True, True, False)).to_json()
    call(db, close_voting, round_.id, actor=CHAIR)
    before, seq = digest(db), audit_seq(db)
    response = tablet.cast(round_.id, ballot, secrets.token_urlsafe(16))
    refused_alone(db, response, before, seq)


def test_replayed_ballots_are_refused(app, db, cards):  # noqa: F811
    round_ = open_ready_round(db)
    tablet = signed_in(app, cards[1], round_.id)
    cookie = tablet.client.get_cookie("votesys_session").value  # copied before the cast
    ballot = encrypted(db, round_.id, strike(True, True, True, True, False)).to_json()
    submission = secrets.token_urlsafe(16)
    first = tablet.cast(round_.id, ballot, submission)
    assert first.status_code == 200
    receipt = first.get_json()["receipt"]
    someone_else = signed_in(app, cards[2], round_.id)  # issued a ballot before the snapshot

    # The same submission again: the same receipt, nothing new (the tablet's resend).
    before, seq = digest(db), audit_seq(db)
    again = tablet.cast(round_.id, ballot, submission)
    assert again.status_code == 200 and again.get_json() | {"is_repeat": True} == again.get_json()
    assert again.get_json()["receipt"] == receipt
    assert digest(db) == before

    # Another ballot on the same cookie, a cookie copied before the cast, another delegate
    # casting the same ballot: each refused, the box unchanged.
    fresh = encrypted(db, round_.id, strike(True, True, False, True, True)).to_json()
    refused_alone(db, tablet.cast(round_.id, fresh, secrets.token_urlsafe(16)), before, seq)
    tablet.client.set_cookie("votesys_session", cookie)
    refused_alone(db, tablet.cast(round_.id, fresh, secrets.token_urlsafe(16)), before, seq)
    refused_alone(db, someone_else.cast(round_.id, ballot, secrets.token_urlsafe(16)), before, seq)
    # The first delegate signing in again finds nothing left to vote in.
    again_in = Tablet(app.test_client())
    answer = again_in.sign_in(cards[1].token)
    assert answer.status_code >= 400 or answer.get_json()["rounds"] == []
