"""The voting tablet through the test client: sign-in, refusals, opening, casting, the session."""

from __future__ import annotations

import base64
import copy
import json
import secrets
import time
import zlib

import pytest
from sqlalchemy import select

from tests.ballots.conftest import close, count_box
from tests.ballots.conftest import plaintexts as ballot_plaintexts
from tests.elections.conftest import ids
from tests.tablet.conftest import Tablet, spoilt, state, strike
from votesys.ballots.models import Ballot
from votesys.congress.queries import current_congress
from votesys.core import record
from votesys.core.codes import check_character, format_short_code
from votesys.core.crypto.ballot import encrypt_ballot
from votesys.core.crypto.group import Point, base_mul, random_scalar
from votesys.credentials import services as card_services
from votesys.credentials.queries import card_url
from votesys.elections.models import Round, RoundVoter
from votesys.elections.queries import round_list
from votesys.roles import Actor
from votesys.tablet import voter

CREDENTIALS = Actor("staff:credentials", "credentials")
KEEP_ALL = strike(True, True, True, True, False)
BALLOT_KEYS = {
    *("format", "marks", "flags"),
    *("mark_proofs", "flag_proofs", "row_proofs", "shape_proof"),
}


def key() -> str:
    return secrets.token_urlsafe(16)


def voter_row(db, round_id: int, number: int) -> RoundVoter | None:
    (delegate_id,) = ids(db, number)
    with db.session() as session:
        return session.get(RoundVoter, (round_id, delegate_id))


def fingerprint(db) -> bytes:
    with db.session() as session:
        (round_,) = session.scalars(select(Round).where(Round.status == "open"))
        return bytes.fromhex(round_.fingerprint)


def ballots(db) -> list[Ballot]:
    with db.session() as session:
        return list(session.scalars(select(Ballot)))


# --- signing in ---


@pytest.mark.parametrize(
    "how", ["url", "token", "code", "formatted code"], ids=lambda how: how.replace(" ", "-")
)
def test_a_voter_signs_in_by_scan_or_code_and_sees_the_open_round(
    db, tablet, cards, open_round, how
):
    card = cards[20]
    scan = {
        "url": (card_url("http://10.0.0.2:5000", card.token), "scanner"),
        "token": (card.token, "camera"),
        "code": (card.code.lower(), "code"),
        "formatted code": (format_short_code(card.code), "code"),
    }[how]
    before = state(db)
    response = tablet.sign_in(*scan)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["voter"]["name"] == card.delegate.full_name
    assert 590 <= data["voter"]["seconds_left"] <= 600
    assert data["rounds"] == [
        {"id": open_round.id, "title": "Ban Chấp hành", "number": 1, "layout": "strike"}
    ]
    assert tablet.session_state()["rounds"] == data["rounds"]
    assert state(db) == before  # signing in writes nothing


def test_the_voter_session_cookie_does_not_show_the_delegate(app, db, tablet, cards, open_round):
    tablet.sign_in(cards[20].token)
    cookie = tablet.client.get_cookie("votesys_session").value
    payload = cookie[1:] if cookie.startswith(".") else cookie
    data = payload.split(".")[0]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    session = json.loads(zlib.decompress(raw) if cookie.startswith(".") else raw)
    assert set(session) == {"csrf_token", "tablet_voter"}  # signed, readable: nothing else
    token = session["tablet_voter"].encode()
    assert token.startswith(b"gAAAAA")  # a Fernet token: encrypted, not merely signed
    assert b'"d"' not in base64.urlsafe_b64decode(token)
    (delegate_id,) = ids(db, 20)
    with app.test_request_context():
        assert json.loads(voter._fernet().decrypt(token))["d"] == delegate_id


def test_signing_in_signs_a_staff_member_out(db, client, login_as, cards, open_round):
    login_as("secretariat")
    tablet = Tablet(client)
    assert tablet.sign_in(cards[20].token).status_code == 200
    response = client.get("/congress")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    ("case", "status", "words"),
    [
        ("no open round", 409, "Chưa có cuộc bỏ phiếu nào đang mở"),
        ("not in the hall", 403, "không có quyền bỏ phiếu"),
        ("unseated alternate", 403, "không có quyền bỏ phiếu"),
        ("already voted", 409, "đã bỏ phiếu"),
        ("revoked card", 410, "đã bị thu hồi"),
        ("unknown card", 404, "Không có thẻ"),
        ("not a card", 400, "không phải thẻ đại biểu"),
        ("bad code", 400, "9 ký tự"),
    ],
)
def test_a_refused_sign_in_says_why_and_changes_nothing(
    request, app, db, tablet, cards, case, status, words
):
    round_ = None if case == "no open round" else request.getfixturevalue("open_round")
    scan, method = cards[20].token, "scanner"
    if case == "not in the hall":
        scan = cards[50].token
    elif case == "unseated alternate":
        scan = cards[102].token
    elif case == "already voted":
        voted = Tablet(app.test_client())
        assert voted.sign_in(scan).status_code == 200
        assert voted.open(round_.id).status_code == 200
        assert voted.cast(round_.id, KEEP_ALL, key()).status_code == 200
    elif case == "revoked card":
        with db.session(write=True) as session:
            congress = current_congress(session)
            card_services.revoke(session, CREDENTIALS, congress, cards[20].delegate.id, "Mất thẻ")
    elif case == "unknown card":
        scan = secrets.token_urlsafe(16)
    elif case == "not a card":
        scan = "https://example.org/somewhere/else"
    elif case == "bad code":
        scan, method = "XIN CHAO", "code"
    before = state(db)
    response = tablet.sign_in(scan, method)
    assert response.status_code == status, response.get_json()
    assert words in response.get_json()["message"]
    assert state(db) == before
    assert tablet.session_state() == {"voter": None, "rounds": [], "motions": []}


def test_a_typed_code_matching_no_card_counts_against_the_device(app, db, tablet, open_round):
    app.config["CARD_CODE_MAX_FAILURES"] = 2
    unknown = "22222222" + check_character("22222222")  # well formed, matches no card
    first = tablet.sign_in(unknown, "code")
    assert first.status_code == 404 and "Không có thẻ" in first.get_json()["message"]
    tablet.sign_in(unknown, "code")  # the second wrong code locks this device for a while
    locked = tablet.sign_in(unknown, "code")
    assert locked.status_code == 429 and locked.get_json()["error"] == "card_guess_locked"


# --- opening and casting ---


def test_opening_issues_the_ballot_in_ballot_order(db, tablet, cards, open_round):
    tablet.sign_in(cards[21].token)
    assert not voter_row(db, open_round.id, 21).is_issued
    response = tablet.open(open_round.id)
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["round"]["layout"] == "strike" and data["round"]["places"] == 4
    assert data["round"]["all_disagree_valid"] is True
    assert [c["position"] for c in data["candidates"]] == [1, 2, 3, 4, 5]
    with db.session() as session:
        names = [c.full_name for c in round_list(session, session.get(Round, open_round.id))]
    assert [c["name"] for c in data["candidates"]] == names
    assert voter_row(db, open_round.id, 21).is_issued
    # Nothing names the delegate (the hex of the key and fingerprint aside, where any digits
    # may occur).
    named = json.dumps({key: value for key, value in data.items() if key != "crypto"})
    assert "delegate" not in named and str(ids(db, 21)[0]) not in named


def test_cast_then_resend_gives_the_same_receipt_and_one_ballot(db, tablet, cards, open_round):
    tablet.sign_in(cards[20].token)
    tablet.open(open_round.id)
    submission = key()
    ballot = tablet.encrypt(open_round.id, KEEP_ALL)
    first = tablet.cast(open_round.id, ballot, submission)
    assert first.status_code == 200, first.get_json()
    receipt = first.get_json()["receipt"]
    assert len(receipt) == 11 and receipt[5] == "-"
    assert first.get_json()["qr"].startswith("data:image/svg+xml;base64,")
    svg = base64.b64decode(first.get_json()["qr"].split(",", 1)[1]).decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    again = tablet.cast(open_round.id, ballot, submission)  # the answer was lost: resent
    assert again.status_code == 200
    assert again.get_json()["receipt"] == receipt and again.get_json()["is_repeat"] is True
    # Encrypting the same marks again makes another ballot: why the tablet resends the same one.
    other = tablet.cast(open_round.id, KEEP_ALL, submission)
    assert other.status_code == 409 and other.get_json()["error"] == "replayed_submission"
    assert [b.receipt for b in ballots(db)] == [receipt]
    assert voter_row(db, open_round.id, 20).has_voted


def test_the_session_ends_with_the_cast(db, tablet, cards, open_round):
    tablet.sign_in(cards[20].token)
    tablet.open(open_round.id)
    assert tablet.cast(open_round.id, KEEP_ALL, key()).status_code == 200
    assert tablet.session_state() == {"voter": None, "rounds": [], "motions": []}
    before = state(db)
    other = tablet.cast(open_round.id, strike(True, False, False, False, False), key())
    assert other.status_code == 401 and other.get_json()["error"] == "no_voter_session"
    assert "quét lại thẻ" in other.get_json()["message"]
    assert tablet.open(open_round.id).status_code == 401
    assert state(db) == before
    assert len(ballots(db)) == 1


def test_finish_clears_the_session(db, tablet, cards, open_round):
    tablet.sign_in(cards[20].token)
    response = tablet.post("/vote/finish")
    assert response.get_json() == {"next": "/vote"}
    with tablet.client.session_transaction() as session:
        assert dict(session) == {}
    assert tablet.session_state()["voter"] is None


def test_the_welcome_screen_ends_a_session_left_on_the_tablet(db, tablet, cards, open_round):
    tablet.sign_in(cards[20].token)
    tablet.welcome()
    assert tablet.session_state()["voter"] is None
    assert tablet.open(open_round.id).status_code in (400, 401)  # the CSRF token went too


def test_the_voter_session_expires(db, tablet, cards, open_round, monkeypatch):
    tablet.sign_in(cards[20].token)
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert tablet.session_state()["voter"] is None
    assert tablet.open(open_round.id).status_code == 401


def test_a_resend_after_the_session_ran_out_gets_its_receipt_and_nothing_else(
    app, db, tablet, cards, open_round, monkeypatch
):
    """The answer was lost and the Wi-Fi came back after the voter session's 600 s: the very
    submission gets its receipt; another ballot, another key or another round does not."""
    tablet.sign_in(cards[20].token)
    tablet.open(open_round.id)
    submission = key()
    ballot = tablet.encrypt(open_round.id, KEEP_ALL)
    receipt = tablet.cast(open_round.id, ballot, submission).get_json()["receipt"]
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert tablet.session_state()["voter"] is None
    before = state(db)
    again = tablet.cast(open_round.id, ballot, submission)
    assert again.status_code == 200, again.get_json()
    assert again.get_json()["receipt"] == receipt and again.get_json()["is_repeat"] is True
    fresh = Tablet(app.test_client())  # another tablet, no session at all: the same
    assert fresh.cast(open_round.id, ballot, submission).get_json()["receipt"] == receipt
    for round_id, body, submitted in (
        (open_round.id, ballot, key()),  # the ciphertexts without their key
        (open_round.id, tablet.encrypt(open_round.id, KEEP_ALL), submission),  # another ballot
        (open_round.id + 1, ballot, submission),  # another round
        (open_round.id, {"format": 1}, submission),  # not a ballot
    ):
        refused = fresh.cast(round_id, body, submitted)
        assert refused.status_code == 401 and refused.get_json()["error"] == "no_voter_session"
    assert state(db) == before
    assert [b.receipt for b in ballots(db)] == [receipt]


def test_invalid_and_spoilt_ballots_reach_the_count_as_their_reasons(app, db, cards, open_round):
    """The tablet decides validity: an invalid marking is encrypted as "every mark 0, its reason
    1"; the box, which never sees a mark, counts it by reason once decrypted."""
    cast = {
        1: spoilt(),
        3: strike(True, True, True, True, True),  # 5 kept for 4 places
        21: strike(False, False, False, False, False),  # every name struck
        20: strike(True, True, False, False, False),
    }
    for number, marked in cast.items():
        tablet = Tablet(app.test_client())
        tablet.sign_in(cards[number].token)
        tablet.open(open_round.id)
        assert tablet.cast(open_round.id, marked, key()).status_code == 200
    for stored in ballots(db):
        assert set(json.loads(stored.document)) == BALLOT_KEYS  # ciphertexts and proofs only
    close(db, open_round.id)
    counted = count_box(db, open_round.id)
    expected = {"too_many_kept": 1, "all_struck": 1, "deliberately_spoilt": 1}
    assert json.loads(counted.invalid) == expected


def test_a_plain_document_from_an_old_page_is_refused_unread(db, tablet, cards, open_round):
    tablet.sign_in(cards[20].token)
    tablet.open(open_round.id)
    good = tablet.encrypt(open_round.id, KEEP_ALL)
    before = state(db)
    url = f"/vote/rounds/{open_round.id}/cast"
    for body in (
        {"document": KEEP_ALL, "submission_key": key(), "confirm_invalid": False},
        {"ballot": good, "submission_key": key(), "document": KEEP_ALL},  # a mark alongside
        {"ballot": good, "submission_key": key(), "confirm_invalid": True},
        {"ballot": [good], "submission_key": key()},
        {"ballot": "format", "submission_key": key()},
    ):
        refused = tablet.post(url, body)
        assert refused.status_code == 400, body
        assert refused.get_json()["error"] == "tablet_out_of_date"
        assert "Hãy tải lại trang" in refused.get_json()["message"]
    assert state(db) == before  # not even the box's refusal: it never saw these
    assert tablet.cast(open_round.id, good, key()).status_code == 200


def test_a_ballot_whose_proof_does_not_check_is_refused_and_the_voter_may_cast_again(
    db, tablet, cards, open_round
):
    tablet.sign_in(cards[20].token)
    tablet.open(open_round.id)
    good = tablet.encrypt(open_round.id, KEEP_ALL)
    broken = copy.deepcopy(good)
    broken["mark_proofs"][:2] = good["mark_proofs"][1::-1]  # two proofs swapped
    refused = tablet.cast(open_round.id, broken, key())
    assert refused.status_code == 400 and refused.get_json()["error"] == "bad_ballot"
    assert "không khớp với danh sách" in refused.get_json()["message"]
    assert ballots(db) == [] and not voter_row(db, open_round.id, 20).has_voted
    assert tablet.cast(open_round.id, good, key()).status_code == 200


def test_a_ballot_made_for_another_round_or_key_is_refused(db, tablet, cards, open_round):
    """The proofs are bound to the round's fingerprint and key: a ballot encrypted under any
    other context (a tablet holding a stale page of another round) does not verify."""
    tablet.sign_in(cards[20].token)
    tablet.open(open_round.id)
    with db.session() as session:
        manifest = json.loads(session.get(Round, open_round.id).manifest)
    marks, flags = ballot_plaintexts(manifest, KEEP_ALL)
    layout = record.layout_of(manifest)
    election_key = Point.from_hex(manifest["election_key"]["public_key"])
    stale = encrypt_ballot(marks, flags, layout, election_key, secrets.token_bytes(32))
    refused = tablet.cast(open_round.id, stale.to_json(), key())
    assert refused.status_code == 400 and refused.get_json()["error"] == "bad_ballot"
    other_key = encrypt_ballot(marks, flags, layout, base_mul(random_scalar()), fingerprint(db))
    assert tablet.cast(open_round.id, other_key.to_json(), key()).status_code == 400
    assert ballots(db) == []


def test_a_copy_of_a_ballot_in_the_box_is_refused(app, db, cards, open_round):
    first = Tablet(app.test_client())
    first.sign_in(cards[20].token)
    first.open(open_round.id)
    ballot = first.encrypt(open_round.id, KEEP_ALL)
    assert first.cast(open_round.id, ballot, key()).status_code == 200
    copier = Tablet(app.test_client())
    copier.sign_in(cards[21].token)
    copier.open(open_round.id)
    refused = copier.cast(open_round.id, ballot, key())
    assert refused.status_code == 409 and refused.get_json()["error"] == "copied_ballot"
    assert "bản sao" in refused.get_json()["message"]
    assert len(ballots(db)) == 1 and not voter_row(db, open_round.id, 21).has_voted


def test_a_voter_may_not_cast_without_opening_nor_in_another_round(db, tablet, cards, open_round):
    tablet.sign_in(cards[2].token)
    before = state(db)
    response = tablet.cast(open_round.id, KEEP_ALL, key())
    assert response.status_code == 409 and response.get_json()["error"] == "ballot_not_issued"
    assert tablet.open(open_round.id + 999).status_code == 403
    assert state(db)[1] == before[1]  # no ballot (the box audits its refusal)
