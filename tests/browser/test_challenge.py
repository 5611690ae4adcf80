"""The Benaloh challenge in headless Chromium: a delegate challenges the tablet, the encrypted
ballot and its reveal are published, a phone opens the verification page by the code (the URL's
fragment) and checks it in its own browser (proofs, benaloh.checkRevealed, the code): an honest
tablet's ballot matches and shows the marks as names kept / struck; a tablet that lies about the
marks (its worker's answer altered on the way) is caught: the server keeps the failing verdict,
the tablet raises the alarm, and the page says it DOES NOT MATCH. The delegate then votes."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser import test_tablet
from tests.browser.test_tablet import PORTRAIT, STRIKE_TITLE, Tablet
from votesys.ballots.models import Ballot, ChallengedBallot
from votesys.elections.models import RoundVoter

pytestmark = pytest.mark.browser
cards, hall = test_tablet.cards, test_tablet.hall  # the hall's fixtures: two open rounds

# Prepended to the worker's bundle: the tablet claims the first name kept whatever it encrypted.
LIAR = """
const realPost = globalThis.postMessage.bind(globalThis);
globalThis.postMessage = (reply) => {
  if (reply && reply.type === "done" && reply.revealed) {
    reply.revealed.marks[0] = 1 - reply.revealed.marks[0];
  }
  realPost(reply);
};
"""


def challenge_on(tablet: Tablet, struck: list[int]) -> str:
    """Strike ``struck``, review, challenge the tablet; the challenge's code."""
    tablet.choose(STRIKE_TITLE)
    for index in struck:
        tablet.page.locator(".strike-row").nth(index).click()
    tablet.by("review").click()
    tablet.by("challenge").click()
    expect(tablet.page.locator("#work[data-screen=challenge-intro]")).to_contain_text(
        "không bao giờ được tính"
    )
    tablet.by("challenge-yes").click()
    expect(tablet.page.locator("#work[data-screen=challenged]")).to_be_visible(timeout=30_000)
    code = tablet.by("challenge-code").inner_text()
    assert tablet.page.locator("img.receipt-qr").get_attribute("src").startswith("data:image/svg")
    expect(tablet.by("challenge-how")).to_contain_text(f"{tablet.live_server}/challenges")
    return code


def verify_on_phone(browser, live_server, errors, code: str):
    """A phone opens the verification page as the QR code's URL does (the code after #)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    phone = context.new_page()
    phone.on("console", lambda m: m.type == "error" and errors.append(m.text))
    sent = []
    phone.on("request", lambda r: sent.append((r.url, r.post_data)))
    phone.goto(f"{live_server}/challenges#{code}")
    expect(phone.locator("#challenge[data-verdict]")).to_have_count(1, timeout=30_000)
    assert all(code not in url for url, _ in sent)  # the code travels only in a POST body
    assert (f"{live_server}/challenges/find", json.dumps({"code": code})) in [
        (url, body and json.dumps(json.loads(body))) for url, body in sent
    ]
    return context, phone


def test_an_honest_tablet_matches_and_the_delegate_then_votes(
    app, browser, live_server, hall, cards, console_errors
):
    db = app.extensions["votesys.db"]
    election = hall[STRIKE_TITLE]
    tablet = Tablet(browser, live_server, console_errors, PORTRAIT)
    tablet.sign_in(cards[21], "code")
    code = challenge_on(tablet, [0, 2])
    bodies = [json.loads(b) for m, u, b in tablet.sent if u.endswith("/challenge")]
    assert [set(b) for b in bodies] == [{"ballot", "revealed"}]
    assert bodies[0]["revealed"]["marks"] == [0, 1, 0, 1, 1, 1]
    expect(tablet.by("challenge-alarm")).to_have_count(0)

    context, phone = verify_on_phone(browser, live_server, console_errors, code)
    expect(phone.locator("#challenge")).to_have_attribute("data-verdict", "matches")
    expect(phone.get_by_test_id("challenge-verdict")).to_contain_text("Khớp")
    expect(phone.get_by_test_id("challenge-server")).to_contain_text("khớp")
    rows = phone.locator("#challenge-marks .review-row")
    expect(rows).to_have_count(6)
    for index, name in enumerate(election.names):
        expect(rows.nth(index)).to_contain_text(name)
        word = "đã gạch tên" if index in (0, 2) else "giữ lại"
        expect(rows.nth(index)).to_have_attribute("data-mark", word)
    phone.get_by_test_id("challenge-input").fill("AAAAA-BBBBB")
    phone.get_by_test_id("challenge-check").click()
    expect(phone.get_by_test_id("challenge-status")).to_contain_text("AAAAA-BBBBB")
    console_errors[:] = [e for e in console_errors if "404" not in e]
    context.close()

    tablet.by("mark-again").click()  # a blank ballot, encrypted afresh when cast
    expect(tablet.by("counter")).to_have_text("Giữ lại: 6 / 5 người")
    tablet.page.locator(".strike-row").nth(5).click()
    tablet.by("review").click()
    tablet.by("cast").click()
    expect(tablet.by("receipt")).to_be_visible(timeout=30_000)
    receipt = tablet.by("receipt").inner_text()
    assert receipt != code
    with db.session() as session:
        challenged = session.scalars(select(ChallengedBallot)).one()
        cast = session.scalars(select(Ballot)).one()
        voted = session.scalars(
            select(RoundVoter).where(
                RoundVoter.round_id == election.round_id, RoundVoter.has_voted.is_(True)
            )
        ).all()
    assert (challenged.code, challenged.is_match, cast.receipt) == (code, True, receipt)
    assert len(voted) == 1
    points = {ct[0] for ct in json.loads(challenged.document)["marks"]}
    assert not points & {ct[0] for ct in json.loads(cast.document)["marks"]}  # fresh nonces
    tablet.context.close()


def test_a_tablet_that_lies_about_the_marks_is_caught(
    app, browser, live_server, hall, cards, console_errors
):
    app.config["BOARD_BATCH_SIZE"] = 1
    election = hall[STRIKE_TITLE]
    tablet = Tablet(browser, live_server, console_errors, PORTRAIT)

    def lying_worker(route):
        honest = route.fetch()
        route.fulfill(response=honest, body=LIAR + honest.text())

    tablet.context.route("**/vendor/votesys/crypto-worker.js", lying_worker)
    tablet.sign_in(cards[22], "code")
    code = challenge_on(tablet, [1])
    expect(tablet.by("challenge-alarm")).to_contain_text("Ban kiểm phiếu")
    with app.extensions["votesys.db"].session() as session:
        row = session.scalars(select(ChallengedBallot)).one()
    assert (row.code, row.is_match, row.problems) == (code, False, "revealed_mark 1")

    context, phone = verify_on_phone(browser, live_server, console_errors, code)
    expect(phone.locator("#challenge")).to_have_attribute("data-verdict", "does-not-match")
    verdict = phone.get_by_test_id("challenge-verdict")
    expect(verdict).to_contain_text("KHÔNG KHỚP: máy tính bảng đã không mã hóa đúng")
    expect(verdict).to_contain_text("revealed_mark 1")
    expect(phone.get_by_test_id("challenge-server")).to_contain_text("revealed_mark 1")
    context.close()

    board = browser.new_context().new_page()
    board.goto(f"{live_server}/receipts/{election.round_id}")
    listed = board.get_by_test_id("challenged-codes")
    expect(listed).to_contain_text(code)
    expect(listed).to_contain_text("KHÔNG KHỚP")
    expect(board.get_by_test_id("receipt-codes").locator("li")).to_have_count(0)
    board.context.close()
    tablet.context.close()
