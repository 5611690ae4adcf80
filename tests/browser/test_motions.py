"""A motion by show of hands in headless Chromium: the chair puts it to the vote on their page,
the projector (another device, never reloaded) shows how many have voted and then the result,
delegates vote on three tablets (one changes their vote), the chair closes it, and a vote after
closing is refused on the tablet with nothing recorded."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.test_count_and_projector import sign_in
from tests.browser.test_tablet import LANDSCAPE, Tablet
from tests.elections.conftest import set_status
from tests.motions.conftest import PRESENT, new_motion, snapshot, vote
from votesys.congress.queries import current_congress
from votesys.credentials import services as card_services
from votesys.motions import queries
from votesys.motions.models import Motion
from votesys.roles import Actor

pytestmark = pytest.mark.browser
SECRETARIAT = Actor("staff:secretariat", "secretariat")
ON_TABLETS = {  # delegate: their choice on a tablet (4 changes their mind)
    1: "agree",
    2: "agree",
    3: "disagree",
    4: "agree",
    5: "abstain",
    6: "agree",
}


def hand(tablet: Tablet, motion_id: int, choice: str, changed: bool = False) -> None:
    tablet.by(f"motion-{motion_id}").click()
    expect(tablet.by("hand-agree")).to_be_visible()
    tablet.by(f"hand-{choice}").click()
    expect(tablet.by("motion-confirm-choice")).to_be_visible()
    tablet.by("motion-confirm").click()
    word = "Đã thay đổi" if changed else "Đã ghi nhận"
    expect(tablet.by("motion-recorded")).to_contain_text(word)
    tablet.done()


def test_a_motion_on_several_tablets_closed_and_projected(
    app, browser, page, live_server, console_errors
):
    db = app.extensions["votesys.db"]
    key = app.extensions["votesys.card_code_key"]
    with db.session(write=True) as session:
        issued = card_services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    cards = {item.delegate.number: item for item in issued}
    motion = new_motion(db, is_named=False)
    set_status(db, PRESENT)
    contexts = []

    def device(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
        sign_in(tab, live_server, username)
        return tab

    tablets = [Tablet(browser, live_server, console_errors, LANDSCAPE) for _ in range(3)]
    try:
        # The chair puts it to the vote from their start page.
        sign_in(page, live_server, "chair")
        page.goto(f"{live_server}/chair")
        page.get_by_test_id(f"chair-open-motion-{motion.id}").click()
        expect(page.get_by_test_id("confirm-motion")).to_have_text(motion.title)
        page.get_by_test_id("confirm").click()
        expect(page.get_by_test_id("motion-status")).to_have_text("Đang biểu quyết")

        # The projector shows how many have voted, never how.
        projector = device("chair")
        control = device("chair")
        control.goto(f"{live_server}/projector/control")
        control.get_by_test_id(f"show-motion-{motion.id}").click()
        projector.goto(f"{live_server}/projector")
        projector.evaluate("window.notReloaded = true")
        expect(projector.get_by_test_id("screen-motion")).to_be_visible()
        expect(projector.get_by_test_id("motion-turnout")).to_have_text("0 / 97")

        # Six delegates on three tablets, two each; the tablet is wiped after each.
        for index, (number, choice) in enumerate(ON_TABLETS.items()):
            tablet = tablets[index % 3]
            tablet.sign_in(cards[number], "code")
            expect(tablet.by(f"motion-{motion.id}")).to_contain_text("chưa biểu quyết")
            hand(tablet, motion.id, choice)
            tablet.assert_wiped([])
        expect(projector.get_by_test_id("motion-turnout")).to_have_text("6 / 97", timeout=10_000)
        # Delegate 4 comes back and changes their vote: the tablet shows them their own choice.
        tablets[0].sign_in(cards[4], "code")
        expect(tablets[0].by(f"motion-{motion.id}")).to_contain_text("Tán thành")
        hand(tablets[0], motion.id, "disagree", changed=True)
        # 50 more delegates vote on other tablets, through the same service.
        for number in PRESENT[10:60]:
            vote(db, motion.id, number, "agree", app_key(app))
        expect(projector.get_by_test_id("motion-turnout")).to_have_text("56 / 97", timeout=10_000)
        chair_page = page.content()
        assert "Tán thành" not in chair_page.split("motion-voting")[-1][:2000]

        # Delegate 7 has the motion open on a tablet while the chair closes it.
        late = tablets[1]
        late.sign_in(cards[7], "code")
        late.by(f"motion-{motion.id}").click()
        late.by("hand-agree").click()
        page.goto(f"{live_server}/motions/{motion.id}/close")
        page.get_by_test_id("confirm").click()
        expect(page.get_by_test_id("result-line")).to_have_text("53 / 98 tán thành (54,08%)")
        before = snapshot(db)
        console_errors_before = len(console_errors)
        late.by("motion-confirm").click()
        expect(late.page.locator("#work[data-screen=problem]")).to_contain_text("không mở")
        assert snapshot(db) == before
        del console_errors[console_errors_before:]  # the 409 the browser logged
        # After closing, a card opens nothing: no vote is open.
        other = tablets[2]
        other.by("scan-input").fill(cards[8].code)
        other.by("scan-input").press("Enter")
        expect(other.by("welcome-error")).to_contain_text("Chưa có cuộc bỏ phiếu nào đang mở")
        del console_errors[console_errors_before:]

        # The projector, never reloaded, shows the result by itself.
        expect(projector.get_by_test_id("motion-result")).to_have_text(
            "53 / 98 tán thành (54,08%)", timeout=10_000
        )
        expect(projector.get_by_test_id("motion-state")).to_have_text("Thông qua")
        expect(projector.get_by_test_id("motion-figures")).to_contain_text("Không tán thành")
        assert projector.evaluate("window.notReloaded") is True
        with db.session() as session:
            result = queries.result_of(session.get(Motion, motion.id))
        assert result["counts"] == {"agree": 53, "disagree": 2, "abstain": 1}
    finally:
        for tablet in tablets:
            tablet.context.close()
        for context in contexts:
            context.close()


def app_key(app) -> bytes:
    """The slip key the server derives from its secret (motions.views.slip_key)."""
    from votesys.motions.views import slip_key

    with app.app_context():
        return slip_key()
