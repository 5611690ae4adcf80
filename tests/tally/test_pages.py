"""The counting committee's pages: count, read the figures and the result, confirm, next round."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.ballots.conftest import cast, close, count_box, issue, strike
from tests.conftest import csrf_from, login
from tests.elections.conftest import CHAIR, call, open_ready_round, state
from votesys.core.crypto.keywrap import unwrap_share, wrap_context
from votesys.core.crypto.threshold import decryption_context, partial_decrypt
from votesys.core.crypto.totals import stored_ciphertext
from votesys.demo.seed import PASSPHRASES
from votesys.elections.models import Round
from votesys.roles import Actor
from votesys.tally import services
from votesys.tally.models import SignOff, Tally

COUNTER = Actor("staff:counting1", "counting")
SECOND = Actor("staff:counting2", "counting")
# 61 official delegates in the hall (not 9 and 57: absent for the whole congress; not the
# counting committee 95-97, so two of its three members must confirm).
PRESENT = tuple(n for n in range(1, 64) if n not in (9, 57, 73))
ELECTED_NAMES_KEPT = (60, 60, 60, 30, 0)  # how many voters keep each of the 5 names


def voted_round(db, kept=ELECTED_NAMES_KEPT, voters=60, present=PRESENT, ballots=None):
    """The 5-name, 4-seat round, opened with ``present`` in the hall; the first ``voters`` of
    them vote, the i-th name kept on ``kept[i]`` ballots (or ``ballots``: each voter's kept
    names); then the chair closes it."""
    round_ = open_ready_round(db, present=present)
    if ballots is None:
        ballots = [tuple(index < k for k in kept) for index in range(voters)]
    for number, marks in zip(present, ballots, strict=False):
        issue(db, round_.id, number)
        cast(db, round_.id, number, strike(*marks))
    close(db, round_.id)
    return round_


def tied_round(db):
    """81 voters: names 1 and 2 on every ballot (elected), names 3, 4, 5 on 54 each (eligible,
    above 49) for the 2 seats left: a tie, nobody among them declared."""
    hall = tuple(n for n in range(1, 101) if n not in (9, 57, 73, 95, 96, 97))
    # Each ballot keeps names 1, 2 and two of 3, 4, 5 in turn: (3, 4), (4, 5), (3, 5).
    ballots = [(True, True, i % 3 != 1, i % 3 != 2, i % 3 != 0) for i in range(81)]
    round_ = voted_round(db, present=hall, ballots=ballots)
    count_box(db, round_.id)
    call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Phạm Thị Lan", actor=SECOND)
    call(db, services.announce, round_.id, actor=CHAIR)
    return round_


def counted(db, kept=ELECTED_NAMES_KEPT):
    round_ = voted_round(db, kept)
    count_box(db, round_.id)
    return round_


def signed(db, kept=ELECTED_NAMES_KEPT):
    round_ = counted(db, kept)
    call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Phạm Thị Lan", actor=SECOND)
    return round_


def announced(db, kept=ELECTED_NAMES_KEPT):
    round_ = signed(db, kept)
    call(db, services.announce, round_.id, actor=CHAIR)
    return round_


def status(db, round_id: int) -> str:
    with db.session() as session:
        return session.get(Round, round_id).status


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def post(client, url: str, data: dict | None = None, page: str = "/congress"):
    return client.post(url, data={"csrf_token": csrf_from(client, page), **(data or {})})


def test_the_committee_counts_a_closed_round_from_its_page(db, login_as):
    round_ = voted_round(db)
    client = login_as("counting1")
    listing = text(client.get("/count"))
    assert f'href="/count/{round_.id}"' in listing and "Kiểm phiếu" in listing
    page = text(client.get(f"/count/{round_.id}"))
    assert 'data-testid="count-button"' in page and 'data-testid="figures"' not in page
    # Without ticking the confirmation nothing is counted.
    refused = post(client, f"/count/{round_.id}/count")
    assert refused.status_code == 302 and status(db, round_.id) == "closed"
    done = post(client, f"/count/{round_.id}/count", {"confirm": "1"})
    assert done.status_code == 302 and status(db, round_.id) == "closed"  # added up only
    page = text(client.get(f"/count/{round_.id}"))
    assert 'data-testid="decryption"' in page and "0 trên 2" in page
    assert 'data-testid="decrypt-link"' in page  # counting1 holds a share
    assert decrypt_as(client, round_.id, 1).status_code == 200
    assert status(db, round_.id) == "closed"  # one member fewer than the 2 needed
    second = login_as("counting3")
    reply = decrypt_as(second, round_.id, 3)
    assert reply.status_code == 200 and reply.get_json()["counted"] is True
    assert status(db, round_.id) == "counted"
    client = login_as("counting1")
    page = text(client.get(f"/count/{round_.id}"))
    # Figures, reconciliation and the result in words (elected highest first, then the seat open).
    assert 'data-testid="valid">60<' in page and 'data-testid="base">98<' in page
    assert "60/98" in page and "61,22%" in page and "30/98" in page
    assert page.count("✔") >= 5 and "✖" not in page
    assert "Đã có 0 trên 2 xác nhận cần thiết" in page
    assert "Còn 1 chỗ chưa có người trúng cử" in page  # the seat open, said in words
    assert "Trúng cử, từ cao xuống thấp:" in page
    assert f'href="/minutes/{round_.id}"' in page
    assert 'data-testid="confirm-button"' in page


def decrypt_as(client, round_id: int, number: int, tamper: bool = False):
    """What the decryption page's script does, in Python: fetch the encrypted totals and the
    wrapped share, unlock it with the passphrase, decrypt with proofs, send."""
    data = client.get(f"/count/{round_id}/decryption.json").get_json()
    assert data["member"] == number
    account = f"staff:counting{number}"
    context = wrap_context(bytes.fromhex(data["ceremony_fingerprint"]), number)
    share = unwrap_share(data["wrapped_share"], PASSPHRASES[account], context, min_iterations=1000)
    round_fp = bytes.fromhex(data["round_fingerprint"])
    partials = [
        partial_decrypt(
            number,
            share + (1 if tamper and i == 2 else 0),
            stored_ciphertext(ct),
            decryption_context(round_fp, i),
        ).to_json()
        for i, ct in enumerate(data["totals"])
    ]
    token = csrf_from(client, f"/count/{round_id}/decrypt")
    return client.post(
        f"/count/{round_id}/decryption", json={"partials": partials}, headers={"X-CSRFToken": token}
    )


def test_a_wrong_decryption_is_refused_named_and_not_used(db, login_as):
    round_ = voted_round(db)
    client = login_as("counting2")
    post(client, f"/count/{round_.id}/count", {"confirm": "1"})
    page = text(client.get(f"/count/{round_.id}/decrypt"))
    assert 'data-testid="decrypt-form"' in page and "Phạm Thị Lan" in page
    refused = decrypt_as(client, round_.id, 2, tamper=True)
    assert refused.status_code == 422
    assert "Phạm Thị Lan" in refused.get_json()["error"] and "1" in refused.get_json()["error"]
    page = text(client.get(f"/count/{round_.id}"))
    assert 'data-testid="decryption-member-2" data-state="refused"' in page
    assert decrypt_as(client, round_.id, 2).status_code == 200  # an honest retry is taken
    observer = login_as("observer")
    assert observer.get(f"/count/{round_.id}/decryption.json").status_code == 403


def test_counting_twice_is_refused_with_the_typed_message_and_changes_nothing(db, login_as):
    round_ = counted(db)
    client = login_as("counting1")
    before = state(db)
    response = post(client, f"/count/{round_.id}/count", {"confirm": "1"})
    assert response.status_code == 302
    assert state(db) == before
    page = text(client.get(f"/count/{round_.id}"))
    assert 'class="flash error"' in page and "đã" in page and "counted" in page


def test_each_member_confirms_once_on_their_own_account_and_two_sign_it(db, app):
    round_ = counted(db)
    first, second = app.test_client(), app.test_client()
    login(first, "counting1")
    login(second, "counting2")
    assert post(first, f"/count/{round_.id}/confirm").status_code == 302
    page = text(first.get(f"/count/{round_.id}"))
    assert "Lê Văn Bình" in page and 'data-testid="you-confirmed"' in page
    assert 'data-testid="confirm-button"' not in page
    assert "Đã có 1 trên 2 xác nhận cần thiết" in page
    with db.session() as session:
        before = session.scalars(select(SignOff.account)).all()
    post(first, f"/count/{round_.id}/confirm")  # again: refused, nothing added
    with db.session() as session:
        assert session.scalars(select(SignOff.account)).all() == before == ["staff:counting1"]
    assert "Lê Văn Bình đã xác nhận biên bản này" in text(first.get(f"/count/{round_.id}"))
    post(second, f"/count/{round_.id}/confirm")
    assert status(db, round_.id) == "signed"
    page = text(second.get(f"/count/{round_.id}"))
    assert "Phạm Thị Lan" in page and 'data-testid="signed-note"' in page


def test_a_round_still_open_shows_nothing_and_cannot_be_counted(db, login_as):
    round_ = open_ready_round(db, present=PRESENT)
    client = login_as("counting1")
    page = text(client.get(f"/count/{round_.id}"))
    assert 'data-testid="not-closed"' in page and 'data-testid="count-button"' not in page
    before = state(db)
    post(client, f"/count/{round_.id}/count", {"confirm": "1"})
    assert state(db) == before and status(db, round_.id) == "open"


def test_the_secretariat_makes_the_next_round_after_open_seats(db, login_as):
    round_ = announced(db)  # 3 elected, one seat open: "short"
    client = login_as("secretariat")
    page = text(client.get(f"/count/{round_.id}"))
    assert 'data-testid="next-round-button"' in page
    response = post(client, f"/count/{round_.id}/next-round")
    assert response.status_code == 302
    with db.session() as session:
        rounds = session.scalars(
            select(Round).where(Round.election_id == session.get(Round, round_.id).election_id)
        ).all()
        assert [(r.number, r.seats, r.status) for r in rounds] == [
            (1, 4, "announced"),
            (2, 1, "draft"),
        ]
    again = post(client, f"/count/{round_.id}/next-round")  # the next round exists: refused
    assert again.status_code == 302
    with db.session() as session:
        assert len(session.scalars(select(Round)).all()) == 2
    assert 'class="flash error"' in text(client.get(f"/count/{round_.id}"))


def test_the_result_is_hidden_from_other_staff_until_released(db, login_as):
    round_ = counted(db)
    client = login_as("chair")
    assert client.get(f"/count/{round_.id}").status_code == 403  # not signed yet
    with db.session() as session:
        assert session.get(Tally, round_.id) is not None


def test_no_next_round_before_the_result_is_announced(db, login_as):
    round_ = signed(db)
    client = login_as("secretariat")
    before = state(db)
    response = post(client, f"/count/{round_.id}/next-round")
    assert response.status_code == 302 and state(db) == before
    assert client.get(f"/count/{round_.id}").status_code == 403  # not the secretariat's yet
