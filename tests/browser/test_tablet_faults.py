"""The tablet's faults in headless Chromium (docs/reliability.md, "Tablet faults"): the Wi-Fi lost
after the box stored the ballot (the answer dropped, the tablet offline for a while, the chair
closing meanwhile), a double tap on Cast and a cast sent again after its receipt, the page
reloaded in the middle of a ballot or while the cast's answer was lost, two tablets with the same
card. The delegate is never told a ballot was cast unless it is in the box, and never casts two.

The fixtures (the two open rounds of 20 voters, the cards) and the ``Tablet`` helper are those of
tests/browser/test_tablet.py.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.browser import test_tablet
from tests.browser.test_tablet import APPROVE_TITLE, STRIKE_TITLE, Tablet
from tests.elections.conftest import CHAIR, call, ids
from votesys.audit.models import AuditEntry
from votesys.ballots.models import Ballot
from votesys.ballots.services import close_voting
from votesys.elections.models import RoundVoter

pytestmark = pytest.mark.browser
cards, hall = test_tablet.cards, test_tablet.hall  # the hall's fixtures: two open rounds

CAST_URL = "**/vote/rounds/*/cast"
RECEIPT = re.compile(r"^[A-Z2-7]{5}-[A-Z2-7]{5}$")
RETRYING = "Mất kết nối. Đang thử lại (lần {n})"
ALREADY_VOTED = "Thẻ này đã bỏ phiếu trong lần bầu 1 của Ban Chấp hành: mỗi đại biểu một phiếu."
COUNT_WORKERS = """(() => {
  const Real = window.Worker;
  window.workersStarted = 0;
  window.Worker = function (url, options) {
    window.workersStarted += 1;
    return new Real(url, options);
  };
})();"""
NOT_SENT = ("ERR_CONNECTION_RESET", "ERR_INTERNET_DISCONNECTED", "ERR_FAILED")


def box(app, round_id: int) -> tuple[list[str], int, int]:
    """The round's receipts in the box, the voters marked as voted, the ``ballots.cast`` entries
    (one round at a time in these tests: each entry is of the round cast in)."""
    with app.extensions["votesys.db"].session() as session:
        query = select(Ballot.receipt).where(Ballot.round_id == round_id)
        receipts = sorted(session.scalars(query))
        marked = session.scalar(
            select(func.count()).where(
                RoundVoter.round_id == round_id, RoundVoter.has_voted.is_(True)
            )
        )
        entries = session.scalar(select(func.count()).where(AuditEntry.kind == "ballots.cast"))
    return receipts, marked, entries


def has_voted(app, round_id: int, number: int) -> bool:
    (delegate_id,) = ids(app.extensions["votesys.db"], number)
    with app.extensions["votesys.db"].session() as session:
        return session.get(RoundVoter, (round_id, delegate_id)).has_voted


def mark_and_review(tablet: Tablet, struck: int = 0) -> None:
    tablet.choose(STRIKE_TITLE)
    row = tablet.page.locator(".strike-row").nth(struck)
    row.click()
    expect(row).to_have_attribute("aria-pressed", "true")
    tablet.by("review").click()
    expect(tablet.by("cast")).to_be_enabled()


def only_network_errors(errors: list[str]) -> list[str]:
    """The console's errors but those of the requests the test itself cut."""
    return [e for e in errors if not any(code in e for code in NOT_SENT)]


def resend(page, url: str, body: str) -> dict:
    """What the tablet's page sends once more, exactly as vote.js does (its CSRF token)."""
    return page.evaluate(
        """([url, body]) => fetch(url, {method: 'POST', credentials: 'same-origin', body,
             headers: {'Content-Type': 'application/json', Accept: 'application/json',
                       'X-CSRFToken': document.querySelector('meta[name=csrf-token]').content}})
           .then(r => r.json().then(data => ({status: r.status, data})))""",
        [url, body],
    )


def post(page, url: str) -> dict:
    return resend(page, url, "{}")


# --- 1. the Wi-Fi lost after the box stored the ballot ---


def test_an_answer_lost_after_the_box_stored_the_ballot_gets_the_same_receipt(
    app, browser, live_server, cards, hall
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    sent, answers = [], []

    def store_then_lose(route):
        sent.append(route.request.post_data)
        if len(sent) <= 2:  # the box stores it (then answers a repeat), the answer never arrives
            answers.append(route.fetch().json())
            route.abort("internetdisconnected")
        else:
            route.continue_()

    round_id = hall[STRIKE_TITLE].round_id
    try:
        page.route(CAST_URL, store_then_lose)
        tablet.sign_in(cards[24], "code")
        mark_and_review(tablet)
        tablet.by("cast").click()
        expect(tablet.by("sending-status")).to_contain_text(RETRYING.format(n=2))
        expect(tablet.by("receipt")).to_have_text(RECEIPT, timeout=15_000)
        receipt = tablet.by("receipt").inner_text()
        tablet.done()
    finally:
        tablet.context.close()
    assert only_network_errors(errors) == []
    assert len(sent) == 3 and sent[0] == sent[1] == sent[2]  # same key, same ciphertexts
    assert answers[0]["receipt"] == answers[1]["receipt"] == receipt
    assert [a["is_repeat"] for a in answers] == [False, True]
    assert box(app, round_id) == ([receipt], 1, 1)  # one ballot, the one the server stored
    assert has_voted(app, round_id, 24)


def test_a_tablet_offline_for_a_while_after_the_box_stored_its_ballot(
    app, browser, live_server, cards, hall
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    sent, stored = [], []

    def store_then_go_offline(route):
        sent.append(route.request.post_data)
        if len(sent) == 1:
            stored.append(route.fetch().json()["receipt"])
            tablet.context.set_offline(True)  # the Wi-Fi goes just as the answer comes back
            route.abort("internetdisconnected")
        else:
            route.continue_()

    round_id = hall[STRIKE_TITLE].round_id
    try:
        page.route(CAST_URL, store_then_go_offline)
        tablet.sign_in(cards[25], "code")
        mark_and_review(tablet, struck=2)
        tablet.by("cast").click()
        status = tablet.by("sending-status")
        expect(status).to_contain_text(RETRYING.format(n=3), timeout=15_000)  # 2 tries offline
        expect(status).to_contain_text("Phiếu của bạn vẫn được giữ và chỉ được tính một lần.")
        expect(tablet.by("receipt")).to_have_count(0)
        assert box(app, round_id) == (stored, 1, 1)
        tablet.context.set_offline(False)
        expect(tablet.by("receipt")).to_have_text(stored[0], timeout=20_000)
        tablet.done()
    finally:
        tablet.context.close()
    assert only_network_errors(errors) == []
    assert len(set(sent)) == 1  # every request that reached the route was the same submission
    assert box(app, round_id) == (stored, 1, 1)


def test_an_answer_lost_before_the_chair_closed_the_round_still_gets_its_receipt(
    app, browser, live_server, cards, hall
):
    """The ballot went in, the answer was lost, the chair closed voting while the tablet was
    offline: once back, the resend is answered with the receipt, not with "closed, not cast"."""
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    stored = []

    def store_then_go_offline(route):
        if not stored:
            stored.append(route.fetch().json()["receipt"])
            tablet.context.set_offline(True)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    round_id = hall[STRIKE_TITLE].round_id
    try:
        page.route(CAST_URL, store_then_go_offline)
        tablet.sign_in(cards[26], "code")
        mark_and_review(tablet, struck=3)
        tablet.by("cast").click()
        expect(tablet.by("sending-status")).to_contain_text(RETRYING.format(n=2))
        call(app.extensions["votesys.db"], close_voting, round_id, actor=CHAIR)
        tablet.context.set_offline(False)
        expect(tablet.by("receipt")).to_have_text(stored[0], timeout=20_000)
        tablet.done()
    finally:
        tablet.context.close()
    assert only_network_errors(errors) == []
    assert box(app, round_id) == (stored, 1, 1)


# --- 2. casting twice ---


def test_a_double_tap_on_cast_casts_one_ballot(app, browser, live_server, cards, hall):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    sent = []
    page.on("request", lambda r: r.url.endswith("/cast") and sent.append(r.post_data))
    tablet.context.add_init_script(COUNT_WORKERS)
    page.reload()
    round_id = hall[STRIKE_TITLE].round_id
    try:
        tablet.sign_in(cards[27], "code")
        mark_and_review(tablet)
        tablet.by("cast").dblclick()  # a finger that taps twice
        expect(tablet.by("receipt")).to_have_text(RECEIPT)
        first = tablet.by("receipt").inner_text()
        tablet.done()

        tablet.sign_in(cards[28], "code")
        mark_and_review(tablet, struck=1)
        # Two taps queued before the page could answer the first: both reach the button.
        tablet.by("cast").evaluate("button => { button.click(); button.click(); }")
        expect(tablet.by("receipt")).to_have_text(RECEIPT)
        assert page.evaluate("window.workersStarted") == 1  # one ballot encrypted, not two
        second = tablet.by("receipt").inner_text()
        expect(page.locator("#work[data-screen=problem]")).to_have_count(0)
        tablet.done()
    finally:
        tablet.context.close()
    assert errors == []
    assert len(sent) == 2  # one cast per delegate
    assert box(app, round_id) == (sorted([first, second]), 2, 2)


def test_the_same_cast_sent_again_after_its_receipt_gets_the_same_receipt(
    app, browser, live_server, cards, hall
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    sent = []
    page.on("request", lambda r: r.url.endswith("/cast") and sent.append((r.url, r.post_data)))
    round_id = hall[STRIKE_TITLE].round_id
    try:
        tablet.sign_in(cards[29], "code")
        mark_and_review(tablet)
        tablet.by("cast").click()
        expect(tablet.by("receipt")).to_have_text(RECEIPT)
        receipt = tablet.by("receipt").inner_text()
        (url, body), *_ = sent
        again = resend(page, url, body)
        assert again["status"] == 200, again
        assert again["data"]["receipt"] == receipt and again["data"]["is_repeat"] is True
        # Another ballot on the same sign-in (another key) is refused: one sign-in, one ballot.
        other = json.loads(body) | {"submission_key": "B" * 22}
        refused = resend(page, url, json.dumps(other))
        assert refused["status"] == 401 and refused["data"]["error"] == "no_voter_session"
        tablet.done()
    finally:
        tablet.context.close()
    errors[:] = [e for e in errors if "401" not in e]
    assert errors == []
    assert box(app, round_id) == ([receipt], 1, 1)


# --- 3. reloading the page ---


def storage_of(page) -> dict:
    return page.evaluate(
        """async () => ({local: localStorage.length, session: sessionStorage.length,
             databases: indexedDB.databases ? (await indexedDB.databases()).length : 0,
             caches: (await caches.keys()).length})"""
    )


def test_reloading_in_the_middle_of_a_ballot_wipes_it_and_the_delegate_votes_once(
    app, browser, live_server, cards, hall
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    names = hall[STRIKE_TITLE].names
    round_id = hall[STRIKE_TITLE].round_id
    try:
        tablet.sign_in(cards[30], "code")
        tablet.choose(STRIKE_TITLE)
        page.locator(".strike-row").nth(1).click()
        page.locator(".strike-row").nth(4).click()
        page.reload()
        tablet.assert_wiped(names)
        assert storage_of(page) == {"local": 0, "session": 0, "databases": 0, "caches": 0}
        cookies = {c["name"] for c in tablet.context.cookies()}
        assert cookies <= {"votesys_session"}
        session = page.evaluate("fetch('/vote/session').then(r => r.json())")
        assert session["voter"] is None  # the reload ended the voter session
        assert box(app, round_id) == ([], 0, 0)

        tablet.sign_in(cards[30], "code")  # the card again: the ballot is blank, offered again
        tablet.choose(STRIKE_TITLE)
        assert page.locator(".strike-row[aria-pressed=true]").count() == 0
        page.locator(".strike-row").nth(0).click()
        tablet.by("review").click()
        tablet.by("cast").click()
        expect(tablet.by("receipt")).to_have_text(RECEIPT)
        receipt = tablet.by("receipt").inner_text()
        tablet.done()
    finally:
        tablet.context.close()
    assert errors == []
    assert box(app, round_id) == ([receipt], 1, 1)


def test_reloading_while_a_lost_cast_was_retried_never_says_cast_and_never_casts_two(
    app, browser, live_server, cards, hall
):
    """Two delegates reload while their tablet is retrying: one whose ballot reached the box
    (the answer lost), one whose ballot never left the tablet. Neither is shown a receipt; the
    first cannot vote again in the round (already voted, in Vietnamese), the second can, once."""
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    strike, approve = hall[STRIKE_TITLE], hall[APPROVE_TITLE]
    mode = {"store": True}
    stored = []

    def lose(route):
        if mode["store"]:
            stored.append(route.fetch().json()["receipt"])
        route.abort("internetdisconnected")

    try:
        page.route(CAST_URL, lose)
        # 31: the box stores the ballot, the answer is lost, the page is reloaded.
        tablet.sign_in(cards[31], "code")
        mark_and_review(tablet)
        tablet.by("cast").click()
        expect(tablet.by("sending-status")).to_contain_text(RETRYING.format(n=2))
        # The code the box will answer, said to be unconfirmed: what 31 can look for later.
        pending = tablet.by("pending-receipt")
        expect(pending).to_contain_text("Chưa được hòm phiếu xác nhận")
        expect(pending).to_contain_text(stored[0])
        expect(tablet.by("receipt")).to_have_count(0)
        page.reload()
        tablet.assert_wiped([*strike.names, *stored])
        assert has_voted(app, strike.round_id, 31)
        tablet.sign_in(cards[31], "code")
        offered = page.locator(".round-choice").all_inner_texts()
        assert offered == [f"{APPROVE_TITLE}, lần 1"]  # the round voted in is not offered again
        refused = post(page, f"/vote/rounds/{strike.round_id}/ballot")
        assert refused["status"] == 409 and refused["data"]["error"] == "already_voted"
        assert refused["data"]["message"].startswith(ALREADY_VOTED)
        tablet.by("leave").click()
        expect(tablet.by("welcome")).to_be_visible()

        # 32: the ballot never reached the box; the reload leaves it not cast, as it is.
        mode["store"] = False
        tablet.sign_in(cards[32], "code")
        mark_and_review(tablet)
        tablet.by("cast").click()
        expect(tablet.by("sending-status")).to_contain_text(RETRYING.format(n=2))
        page.reload()
        tablet.assert_wiped(strike.names)
        assert not has_voted(app, strike.round_id, 32)
        page.unroute(CAST_URL)
        tablet.sign_in(cards[32], "code")
        offered = page.locator(".round-choice").all_inner_texts()
        assert offered == [f"{STRIKE_TITLE}, lần 1", f"{APPROVE_TITLE}, lần 1"]
        mark_and_review(tablet, struck=5)
        tablet.by("cast").click()
        expect(tablet.by("receipt")).to_have_text(RECEIPT)
        receipt = tablet.by("receipt").inner_text()
        tablet.done()
    finally:
        tablet.context.close()
    errors[:] = [e for e in errors if "409" not in e]
    assert only_network_errors(errors) == []
    assert box(app, strike.round_id) == (sorted([stored[0], receipt]), 2, 2)
    assert box(app, approve.round_id)[:2] == ([], 0)

    # What 31 can check: the board lists the ballot (the code shown as not yet confirmed)
    # and counts it against the voters marked, once the round is closed.
    call(app.extensions["votesys.db"], close_voting, strike.round_id, actor=CHAIR)
    board = Tablet(browser, live_server, errors)
    try:
        board.page.goto(f"{live_server}/receipts/{strike.round_id}")
        expect(board.by("receipt-count")).to_have_text("2 phiếu trong hòm")
        shown = board.page.locator("[data-testid=receipt-codes] li").all_inner_texts()
        assert shown == sorted([stored[0], receipt])
    finally:
        board.context.close()


# --- 4. two tablets, one card ---


def test_two_tablets_signed_in_with_the_same_card_cast_one_ballot(
    app, browser, live_server, cards, hall
):
    errors: list[str] = []
    first = Tablet(browser, live_server, errors)
    second = Tablet(browser, live_server, errors)
    round_id = hall[STRIKE_TITLE].round_id
    try:
        first.sign_in(cards[33], "code")
        second.sign_in(cards[33], "code")  # accepted: it does not end the first tablet's session
        for tablet, struck in ((first, 0), (second, 3)):
            mark_and_review(tablet, struck)
        first.by("cast").click()
        second.by("cast").click()  # no waiting: both casts in flight together
        outcomes = {}
        for name, tablet in (("first", first), ("second", second)):
            done = tablet.page.locator("#work[data-screen=receipt], #work[data-screen=problem]")
            expect(done).to_be_visible(timeout=20_000)
            outcomes[name] = done.get_attribute("data-screen")
        assert sorted(outcomes.values()) == ["problem", "receipt"]
        winner = first if outcomes["first"] == "receipt" else second
        loser = second if winner is first else first
        receipt = winner.by("receipt").inner_text()
        assert RECEIPT.match(receipt)
        expect(loser.page.locator(".work-title")).to_have_text(re.compile("^" + ALREADY_VOTED))
        expect(loser.by("receipt")).to_have_count(0)
        assert receipt not in loser.page.content()
        loser.by("back-to-start").click()
        expect(loser.by("welcome")).to_be_visible()
        winner.done()
    finally:
        first.context.close()
        second.context.close()
    errors[:] = [e for e in errors if "409" not in e]
    assert errors == []
    assert box(app, round_id) == ([receipt], 1, 1)
