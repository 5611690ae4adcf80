"""The tablet's pages: no-store everywhere, the card holder's button, the board of receipts."""

from __future__ import annotations

import re
import secrets

from tests.elections.conftest import CHAIR, call, open_ready_round
from tests.tablet.conftest import Tablet, strike
from votesys.ballots.services import close_voting

KEEP = strike(True, True, True, True, False)


def vote(app, card, round_id: int, marked=KEEP) -> str:
    """One delegate votes on a tablet of their own; their receipt."""
    tablet = Tablet(app.test_client())
    assert tablet.sign_in(card.token).status_code == 200
    assert tablet.open(round_id).status_code == 200
    cast = tablet.cast(round_id, marked, secrets.token_urlsafe(16))
    assert cast.status_code == 200, cast.get_json()
    return cast.get_json()["receipt"]


def close(db, round_id: int) -> None:
    call(db, close_voting, round_id, actor=CHAIR)


def test_every_tablet_page_and_answer_is_no_store(app, client, login_as, cards, open_round):
    tablet = Tablet(client)
    answers = [
        tablet.welcome(),
        client.get("/vote/session"),
        tablet.sign_in(cards[20].token),
        client.get("/vote/session"),
        tablet.open(open_round.id),
        tablet.post(  # a page of before the encryption: refused unread
            f"/vote/rounds/{open_round.id}/cast",
            {"document": {"layout": "strike", "kept": [True] * 5}, "submission_key": "k" * 22},
        ),
        tablet.cast(open_round.id, KEEP, secrets.token_urlsafe(16)),
        tablet.post("/vote/finish"),
        client.get("/receipts"),
        client.get(f"/receipts/{open_round.id}"),
        client.get(f"/receipts/{open_round.id}.json"),
    ]
    close(app.extensions["votesys.db"], open_round.id)
    answers += [
        client.get(f"/receipts/{open_round.id}"),
        client.get(f"/receipts/{open_round.id}.json"),
    ]
    login_as("secretariat")
    answers.append(client.get("/stations"))
    statuses = [a.status_code for a in answers]
    assert statuses == [200, 200, 200, 200, 200, 400, 200, 200, 200, 200, 200, 200, 200, 200]
    for answer in answers:
        assert answer.headers["Cache-Control"] == "no-store", answer.request.path
        assert answer.headers["Pragma"] == "no-cache"


def test_no_tablet_url_carries_a_card_token_or_a_delegate(app, cards, open_round):
    """Every URL the tablet's pages and scripts name (vote.js builds /vote/rounds/<id>/… and
    /vote/motions/<id>)."""
    page = Tablet(app.test_client()).welcome().get_data(as_text=True)
    urls = re.findall(r'data-[a-z-]+-url="([^"]+)"', page)
    assert sorted(urls) == [
        "/static/vendor/votesys/crypto-worker.js",  # the encrypting worker
        "/vote",
        "/vote/finish",
        "/vote/motions/",
        "/vote/rounds/",
        "/vote/session",
        "/vote/sign-in",
    ]
    rules = [r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("tablet.")]
    assert all("token" not in rule and "delegate" not in rule for rule in rules), rules


def test_the_card_page_offers_to_vote_while_a_round_is_open(app, db, client, cards):
    card = cards[20]
    page = client.get(f"/c/{card.token}").get_data(as_text=True)
    assert 'data-testid="holder-vote"' not in page  # nothing open yet
    round_ = open_ready_round(db)
    page = client.get(f"/c/{card.token}").get_data(as_text=True)
    assert "Bỏ phiếu ngay" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/vote/card", data={"token": card.token, "csrf_token": token})
    assert response.status_code == 200
    assert 'data-signed-in="true"' in response.get_data(as_text=True)
    state = client.get("/vote/session").get_json()
    assert [r["id"] for r in state["rounds"]] == [round_.id]


def test_the_card_page_of_a_non_voter_shows_why_on_the_tablet(app, db, client, cards, open_round):
    card = cards[50]  # not in the hall
    page = client.get(f"/c/{card.token}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/vote/card", data={"token": card.token, "csrf_token": token})
    assert response.status_code == 403
    assert "không có quyền bỏ phiếu" in response.get_data(as_text=True)
    assert client.get("/vote/session").get_json()["voter"] is None


# --- the board of receipts ---


def test_after_closing_the_board_is_the_whole_box(app, db, client, cards, open_round):
    app.config["BOARD_BATCH_SIZE"] = 50  # no batch while open: closing publishes every receipt
    receipts = [vote(app, cards[n], open_round.id) for n in (1, 2, 3)]
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    for code in receipts:
        assert code not in page
    close(db, open_round.id)
    assert "Ban Chấp hành, lần 1" in client.get("/receipts").get_data(as_text=True)
    data = client.get(f"/receipts/{open_round.id}.json").get_json()
    assert data["count"] == 3 and data["receipts"] == sorted(receipts)
    assert data["voted"] == 3 and data["agrees"] and data["is_final"]
    assert data["round"] == {
        "id": open_round.id,
        "title": "Ban Chấp hành",
        "number": 1,
        "layout": "strike",
        "status": "closed",
    }
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    shown = re.findall(r"<li>([A-Z2-7]{5}-[A-Z2-7]{5})</li>", page)
    assert shown == sorted(receipts)
    assert "3 phiếu trong hòm" in page


def test_a_delegate_finds_their_receipt_or_is_told_it_is_not_there(
    app, db, client, cards, open_round
):
    receipt = vote(app, cards[20], open_round.id)
    close(db, open_round.id)
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    typed = receipt.lower().replace("-", " ")
    found = client.post(f"/receipts/{open_round.id}", data={"receipt": typed, "csrf_token": token})
    text = found.get_data(as_text=True)
    assert found.status_code == 200 and f"Đã tìm thấy: mã {receipt}" in text
    missing = client.post(
        f"/receipts/{open_round.id}", data={"receipt": "AAAAA-BBBBB", "csrf_token": token}
    )
    assert "Không tìm thấy." in missing.get_data(as_text=True)
    assert "AAAAA-BBBBB" in missing.get_data(as_text=True)
