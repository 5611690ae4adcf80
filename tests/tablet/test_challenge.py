"""The Benaloh challenge from the tablet: a challenged ballot is published with the server's
verdict (a dishonest reveal kept with its failing verdict), never cast, listed apart on the
board, opened by its code on the verification page; the delegate still votes afterwards."""

from __future__ import annotations

import json
import re
import secrets

import pytest
from sqlalchemy import select

from tests.ballots.conftest import encrypted
from tests.elections.conftest import ids
from tests.tablet.conftest import CSRF_META, Tablet, strike
from tests.tablet.test_pages import close
from votesys.audit.models import AuditEntry
from votesys.ballots.models import Ballot, ChallengedBallot, ChallengedPoint
from votesys.core.crypto.benaloh import reveal
from votesys.core.crypto.receipt import receipt
from votesys.elections.models import RoundVoter

MARKED = strike(True, False, True, True, False)


@pytest.fixture
def signed_in(client, cards, open_round) -> Tablet:
    tablet = Tablet(client)
    assert tablet.sign_in(cards[20].token).status_code == 200
    assert tablet.open(open_round.id).status_code == 200
    return tablet


def opened(db, round_id: int, marked=MARKED):
    """What the worker answers with keepSecrets: the ballot's JSON, its reveal, its code."""
    ballot = encrypted(db, round_id, marked, keep_secrets=True)
    return ballot.to_json(), reveal(ballot).to_json(), receipt(ballot)


def challenge(tablet: Tablet, round_id: int, ballot: dict, revealed: dict):
    return tablet.post(
        f"/vote/rounds/{round_id}/challenge", {"ballot": ballot, "revealed": revealed}
    )


def voter_row(db, round_id: int, delegate_number: int = 20):
    (delegate_id,) = ids(db, delegate_number)
    with db.session() as session:
        row = session.get(RoundVoter, (round_id, delegate_id))
        return row.is_issued, row.has_voted


def find(client, code: str):
    page = client.get("/challenges")
    token = CSRF_META.search(page.get_data(as_text=True)).group(1)
    return client.post("/challenges/find", json={"code": code}, headers={"X-CSRFToken": token})


def test_an_honest_challenge_is_published_and_the_delegate_still_votes(
    app, db, signed_in, open_round
):
    ballot, revealed, code = opened(db, open_round.id)
    answer = challenge(signed_in, open_round.id, ballot, revealed)
    assert answer.status_code == 200, answer.get_json()
    data = answer.get_json()
    assert data["code"] == code.code and data["matches"] is True and data["problems"] == []
    assert data["verify_url"].endswith(f"/challenges#{code.code}")  # the code never in a path
    assert data["qr"].startswith("data:image/svg+xml;base64,")
    with db.session() as session:
        row = session.scalars(select(ChallengedBallot)).one()
        assert (row.code, row.ballot_hash, row.is_match) == (code.code, code.full, True)
        assert json.loads(row.revealed) == revealed and len(row.id) == 32
        assert session.scalars(select(Ballot)).all() == []
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.kind == "ballots.challenged")
        ).one()
        assert json.loads(entry.data) == {"round": open_round.id, "matches": True}
    assert voter_row(db, open_round.id) == (True, False)  # the vote is not used up
    assert signed_in.session_state()["rounds"][0]["id"] == open_round.id
    cast = signed_in.cast(open_round.id, MARKED, secrets.token_urlsafe(16))  # encrypted afresh
    assert cast.status_code == 200, cast.get_json()
    assert cast.get_json()["receipt"] != code.code
    assert voter_row(db, open_round.id) == (True, True)


def test_a_challenged_ballot_can_never_be_cast(db, signed_in, open_round):
    ballot, revealed, code = opened(db, open_round.id)
    assert challenge(signed_in, open_round.id, ballot, revealed).status_code == 200
    refused = signed_in.cast(open_round.id, ballot, secrets.token_urlsafe(16))
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "challenged_ballot"
    assert "không bao giờ được bỏ vào hòm" in refused.get_json()["message"]
    assert voter_row(db, open_round.id) == (True, False)
    with db.session() as session:
        assert session.scalars(select(Ballot)).all() == []
        points = set(session.scalars(select(ChallengedPoint.point)))
    assert points == {ct[0] for ct in ballot["marks"] + ballot["flags"]}


def test_a_dishonest_reveal_is_kept_with_its_failing_verdict(client, db, signed_in, open_round):
    ballot, revealed, code = opened(db, open_round.id)
    lie = {**revealed, "marks": [1 - revealed["marks"][0], *revealed["marks"][1:]]}
    answer = challenge(signed_in, open_round.id, ballot, lie)
    assert answer.status_code == 200
    assert answer.get_json()["matches"] is False
    assert answer.get_json()["problems"] == ["revealed_mark 1"]
    with db.session() as session:
        row = session.scalars(select(ChallengedBallot)).one()
        assert (row.is_match, row.problems) == (False, "revealed_mark 1")
    shown = find(client, code.code.lower().replace("-", " "))
    assert shown.status_code == 200
    data = shown.get_json()
    assert data["server"] == {"matches": False, "problems": ["revealed_mark 1"]}
    assert data["revealed"] == lie and data["ballot"] == json.loads(row.document)
    assert [c["name"] for c in data["candidates"]][:1] and data["crypto"]["fingerprint"]


def test_a_resend_gives_the_same_code_and_another_reveal_is_refused(db, signed_in, open_round):
    ballot, revealed, code = opened(db, open_round.id)
    first = challenge(signed_in, open_round.id, ballot, revealed).get_json()
    again = challenge(signed_in, open_round.id, ballot, revealed).get_json()
    assert again["code"] == first["code"] and again["is_repeat"] is True
    other = {**revealed, "marks": [1 - m for m in revealed["marks"]]}
    refused = challenge(signed_in, open_round.id, ballot, other)
    assert refused.status_code == 409 and refused.get_json()["error"] == "challenge_replaced"
    with db.session() as session:
        assert len(session.scalars(select(ChallengedBallot)).all()) == 1


def test_a_cast_ballot_cannot_be_published_as_a_challenge(app, db, cards, open_round):
    voter = Tablet(app.test_client())
    voter.sign_in(cards[1].token)
    voter.open(open_round.id)
    ballot, revealed, _ = opened(db, open_round.id)
    assert voter.cast(open_round.id, ballot, secrets.token_urlsafe(16)).status_code == 200
    other = Tablet(app.test_client())
    other.sign_in(cards[2].token)
    other.open(open_round.id)
    refused = challenge(other, open_round.id, ballot, revealed)
    assert refused.status_code == 409 and refused.get_json()["error"] == "cast_ballot_challenged"


def test_only_a_signed_in_voter_challenges_and_only_a_ballot_is_read(
    client, db, cards, open_round, signed_in
):
    ballot, revealed, _ = opened(db, open_round.id)
    extra = signed_in.post(
        f"/vote/rounds/{open_round.id}/challenge",
        {"ballot": ballot, "revealed": revealed, "marks": [1, 0]},
    )
    assert extra.status_code == 400 and extra.get_json()["error"] == "tablet_out_of_date"
    broken = challenge(signed_in, open_round.id, {"format": "votesys-ballot/1"}, revealed)
    assert broken.status_code == 400 and broken.get_json()["error"] == "bad_challenge"
    signed_in.post("/vote/finish")
    signed_in.welcome()  # a fresh CSRF token, nobody signed in
    nobody = challenge(signed_in, open_round.id, ballot, revealed)
    assert nobody.status_code == 401, nobody.get_json()
    with db.session() as session:
        assert session.scalars(select(ChallengedBallot)).all() == []


def test_the_board_lists_challenged_ballots_apart(app, client, db, signed_in, open_round):
    app.config["BOARD_BATCH_SIZE"] = 1
    ballot, revealed, code = opened(db, open_round.id)
    challenge(signed_in, open_round.id, ballot, revealed)
    cast = signed_in.cast(open_round.id, MARKED, secrets.token_urlsafe(16)).get_json()["receipt"]
    data = client.get(f"/receipts/{open_round.id}.json").get_json()
    assert data["receipts"] == [cast] and data["count"] == data["voted"] == 1
    assert data["challenged"] == [{"code": code.code, "ballot_hash": code.full, "matches": True}]
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    receipts = re.search(r'data-testid="receipt-codes">(.*?)</ol>', page, re.S).group(1)
    challenged = re.search(r'data-testid="challenged-codes">(.*?)</ul>', page, re.S).group(1)
    assert code.code not in receipts and cast in receipts
    assert f'href="/challenges#{code.code}"' in challenged and "khớp" in challenged
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    typed = client.post(
        f"/receipts/{open_round.id}", data={"receipt": code.code, "csrf_token": token}
    ).get_data(as_text=True)
    assert "phiếu kiểm tra" in typed and "không bao giờ được tính" in typed
    close(db, open_round.id)  # sealing rewrites them; they stay published
    final = client.get(f"/receipts/{open_round.id}.json").get_json()
    assert final["challenged"] == data["challenged"] and final["receipts"] == [cast]


def test_the_verification_page_needs_no_login_and_names_an_unknown_code(client):
    page = client.get("/challenges")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'data-crypto-url="/static/vendor/votesys/crypto.js"' in text
    assert "<script>" not in text  # no inline script (CSP)
    missing = find(client, "AAAAA-BBBBB")
    assert missing.status_code == 404 and missing.get_json()["error"] == "unknown_challenge"
    assert "AAAAA-BBBBB" in missing.get_json()["message"]
