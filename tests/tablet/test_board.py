"""The public board during voting: sorted receipts in batches (at most every N s, only with at
least M new ballots), the full hash per receipt, the count beside the voters (an alarm when they
differ), a delegate finding their receipt before it is in a batch; the board before opening."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from tests.elections.conftest import ready_round
from tests.tablet.test_pages import close, vote
from votesys.ballots.models import Ballot, BoardSnapshot
from votesys.elections.models import RoundVoter
from votesys.tablet import views

START = dt.datetime(2026, 12, 3, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(monkeypatch, app):
    """The board's clock, moved by hand; batches of 2 ballots, at most every 60 s."""
    app.config.update(BOARD_BATCH_SECONDS=60, BOARD_BATCH_SIZE=2)
    now = {"at": START}
    monkeypatch.setattr(views, "utcnow", lambda: now["at"])

    def advance(seconds: int) -> None:
        now["at"] += dt.timedelta(seconds=seconds)

    return advance


def listing(client, round_id: int) -> dict:
    answer = client.get(f"/receipts/{round_id}.json")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_while_voting_the_board_shows_sorted_receipts_in_batches(
    app, db, client, cards, open_round, clock
):
    cast = [vote(app, cards[1], open_round.id)]
    first = listing(client, open_round.id)
    assert (first["count"], first["voted"], first["receipts"]) == (0, 0, [])  # 1 < a batch of 2
    assert first["is_final"] is False and first["batching"] == {"seconds": 60, "size": 2}
    cast.append(vote(app, cards[2], open_round.id))
    second = listing(client, open_round.id)
    assert second["receipts"] == sorted(cast) and second["voted"] == 2 and second["agrees"]
    cast += [vote(app, cards[n], open_round.id) for n in (3, 20)]
    clock(59)
    assert listing(client, open_round.id)["receipts"] == sorted(cast[:2])  # not 60 s yet
    clock(1)
    third = listing(client, open_round.id)
    assert third["receipts"] == sorted(cast) and third["count"] == third["voted"] == 4
    cast.append(vote(app, cards[21], open_round.id))
    clock(600)
    assert listing(client, open_round.id)["count"] == 4  # one new ballot is not a batch
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    assert re.findall(r"<li>([A-Z2-7]{5}-[A-Z2-7]{5})</li>", page) == sorted(cast[:4])
    assert "4 phiếu trong hòm" in page and "4 đại biểu đã được ghi nhận là đã bỏ phiếu" in page
    assert "theo từng đợt" in page and "board-mismatch" not in page
    close(db, open_round.id)
    final = listing(client, open_round.id)
    assert final["receipts"] == sorted(cast) and final["is_final"] and final["batching"] is None
    with db.session() as session:
        assert session.get(BoardSnapshot, open_round.id) is None  # sealing drops the batch
        hashes = dict(session.execute(select(Ballot.receipt, Ballot.ballot_hash)).all())
    assert final["ballots"] == [{"receipt": c, "ballot_hash": hashes[c]} for c in sorted(cast)]
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["ballot_hash"]) for e in final["ballots"])


def test_the_receipts_are_sorted_not_in_casting_order(app, client, cards, open_round, clock):
    app.config["BOARD_BATCH_SIZE"] = 1
    cast = []
    for number in (1, 2, 3, 20, 21, 101):
        cast.append(vote(app, cards[number], open_round.id))
        clock(60)
        assert listing(client, open_round.id)["receipts"] == sorted(cast)


def test_a_delegate_finds_their_receipt_before_its_batch_is_shown(
    app, client, cards, open_round, clock
):
    receipt = vote(app, cards[20], open_round.id)
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    assert receipt not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = {"receipt": receipt, "csrf_token": token}
    found = client.post(f"/receipts/{open_round.id}", data=form)
    text = found.get_data(as_text=True)
    assert f"Đã tìm thấy: mã {receipt}" in text
    assert "đợt tiếp theo" in text  # not in the batch shown yet
    assert re.findall(r"<li[^>]*>([A-Z2-7]{5}-[A-Z2-7]{5})</li>", text) == []


def test_the_board_says_loudly_when_ballots_and_voters_differ(app, db, client, cards, open_round):
    for number in (1, 2):
        vote(app, cards[number], open_round.id)
    close(db, open_round.id)
    with db.session(write=True) as session:  # a voter marked as voted without a ballot
        session.execute(
            update(RoundVoter)
            .where(RoundVoter.round_id == open_round.id, RoundVoter.has_voted.is_(False))
            .values(is_issued=True, has_voted=True)
        )
        session.commit()
    data = listing(client, open_round.id)
    assert data["count"] == 2 and data["voted"] > 2 and data["agrees"] is False
    page = client.get(f"/receipts/{open_round.id}").get_data(as_text=True)
    assert 'data-testid="board-mismatch"' in page
    assert "CẢNH BÁO" in page and "Ban kiểm phiếu" in page


def test_before_voting_opens_the_board_is_not_published(db, client):
    round_ = ready_round(db)
    page = client.get(f"/receipts/{round_.id}")
    assert page.status_code == 409
    assert 'data-testid="not-published"' in page.get_data(as_text=True)
    answer = client.get(f"/receipts/{round_.id}.json")
    assert answer.status_code == 409 and answer.get_json()["error"] == "board_not_open"
    assert "Ban Chấp hành" not in client.get("/receipts").get_data(as_text=True)


def test_the_rounds_list_offers_an_open_round(client, cards, open_round):
    page = client.get("/receipts").get_data(as_text=True)
    assert "Ban Chấp hành, lần 1" in page and "(đang bỏ phiếu)" in page
