"""The voting tablet in headless Chromium: a whole round of 20 delegates on 4 tablets at once,
each ballot encrypted in the page's Web Worker (no request carries a mark; the box's ballots
verify and count as marked), the wiped tablet, the board of receipts after closing; the progress
bar on a slow tablet, a resend of the same ciphertexts, a receipt that does not match; the idle
timer; the camera; portrait and landscape on a 10-inch tablet."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.ballots.conftest import count_box
from tests.browser.conftest import CHROMIUM_FLAGS
from tests.browser.test_checkin import printed_card, write_y4m
from tests.conftest import need
from tests.elections.conftest import (
    CHAIR,
    add_delegates,
    call,
    committee,
    create,
    first_round,
    set_status,
)
from votesys.ballots import queries as box
from votesys.ballots.models import Ballot
from votesys.ballots.services import close_voting
from votesys.congress.queries import current_congress
from votesys.core import record
from votesys.core.codes import format_short_code
from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.group import Point
from votesys.core.rules.settings import RuleSettings
from votesys.core.rules.validity import SPOILT, tally_marks
from votesys.credentials import services as card_services
from votesys.credentials.queries import card_url
from votesys.elections import rounds
from votesys.elections.models import Round
from votesys.elections.queries import round_list
from votesys.roles import Actor

pytestmark = pytest.mark.browser

SECRETARIAT = Actor("staff:secretariat", "secretariat")
VOTERS = tuple(range(21, 41))  # 20 official delegates in the hall
TABLETS = 4
STRIKE_TITLE, APPROVE_TITLE = "Ban Chấp hành", "Ủy ban Kiểm tra"
PORTRAIT, LANDSCAPE = {"width": 800, "height": 1280}, {"width": 1280, "height": 800}
BALLOT_KEYS = {
    *("format", "marks", "flags"),
    *("mark_proofs", "flag_proofs", "row_proofs", "shape_proof"),
}
MARK_WORDS = {"kept", "rows", "agree", "disagree", "document", "spoilt", "confirm_invalid", "marks"}
LOGGED_PATH = re.compile(r'"(?:GET|POST) (\S+) HTTP')
ALLOWED_PATH = re.compile(
    r"^/(vote(/sign-in|/session|/finish|/rounds/\d+/(ballot|cast))?"
    r"|receipts(/\d+)?|static/[\w./-]+|favicon\.ico)$"
)


@dataclass
class Election:
    round_id: int
    names: list[str]
    documents: list = field(default_factory=list)  # what the delegates cast
    receipts: dict = field(default_factory=dict)  # number → receipt


@pytest.fixture
def cards(app) -> dict:
    """A card for every delegate, through the credentials' service: number → IssuedCard."""
    with app.extensions["votesys.db"].session(write=True) as session:
        key = app.extensions["votesys.card_code_key"]
        issued = card_services.issue_missing(session, SECRETARIAT, current_congress(session), key)
        for item in issued:  # what a printed card shows, read before the session closes
            _ = item.delegate.unit.name if item.delegate.unit else ""
    return {item.delegate.number: item for item in issued}


@pytest.fixture
def hall(app, cards) -> dict[str, Election]:
    """Two open rounds: strike (5 seats, 6 names) and approve (3 seats, 3 names); voters 21-40."""
    db = app.extensions["votesys.db"]
    committee(db, 95, 96, 97)
    made = {}
    for title, kind, seats, numbers in (
        (STRIKE_TITLE, "executive_committee", 5, (60, 61, 62, 63, 64, 65)),
        (APPROVE_TITLE, "inspection_committee", 3, (66, 67, 68)),
    ):
        election = create(db, kind=kind, title=title, seats=seats)
        add_delegates(db, election.id, *numbers)
        round_ = call(db, rounds.approve_list, first_round(db, election.id).id)
        made[title] = round_
    set_status(db, VOTERS)
    elections = {}
    for title, round_ in made.items():
        call(db, rounds.open_round, round_.id, actor=CHAIR)
        with db.session() as session:
            names = [c.full_name for c in round_list(session, session.get(Round, round_.id))]
        elections[title] = Election(round_.id, names)
    return elections


@pytest.fixture
def request_log():
    """Every request line the live server logs."""
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            lines.append(record.getMessage())

    logger = logging.getLogger("werkzeug")
    handler, level = Keep(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield lines
    logger.removeHandler(handler)
    logger.setLevel(level)


class Tablet:
    """One tablet of the hall (a browser context of its own) at the welcome screen."""

    def __init__(self, browser, live_server, errors, viewport=LANDSCAPE):
        self.context = browser.new_context(viewport=viewport, has_touch=True)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        self.sent: list[tuple[str, str, str | None]] = []  # every request: method, URL, body
        self.page.on("request", lambda r: self.sent.append((r.method, r.url, r.post_data)))
        self.live_server = live_server
        self.page.goto(f"{live_server}/receipts")  # something before, for the Back button
        self.page.goto(f"{live_server}/vote")

    def by(self, test_id):
        return self.page.get_by_test_id(test_id)

    def sign_in(self, card, how: str) -> None:
        if how == "scanner":  # a USB scanner types the card's URL and Enter into the focused field
            self.page.keyboard.type(card_url(self.live_server, card.token) + "\n")
        else:
            self.by("scan-input").fill(format_short_code(card.code).lower())
            self.by("scan-input").press("Enter")
        expect(self.page.locator("#work[data-screen=rounds]")).to_be_visible()

    def choose(self, title: str) -> None:
        self.page.get_by_role("button", name=f"{title}, lần 1").click()
        expect(self.by("ballot")).to_be_visible()

    def done(self) -> None:
        with self.page.expect_navigation():
            self.by("done").click()
        expect(self.by("welcome")).to_be_visible()

    def assert_wiped(self, secrets_: list[str]) -> None:
        """The welcome screen, and nothing of the ballot or the receipt anywhere in the page."""
        expect(self.by("welcome")).to_be_visible()
        assert self.page.evaluate("document.getElementById('work').childElementCount") == 0
        assert self.page.evaluate("document.getElementById('work').hidden") is True
        html = self.page.content()
        for secret in secrets_:
            assert secret not in html


def strike_marks(j: int) -> tuple[list[bool], str]:
    """The strike ballot of the j-th delegate: the names kept, and how it is cast."""
    if j == 7:
        return [True] * 6, "invalid"  # no name struck: 6 kept for 5 places
    if j == 12:
        return [], "spoilt"
    kept = [True] * 6
    kept[j % 6] = False
    if j % 2 == 0:
        kept[(j + 1) % 6] = False
    return kept, "valid"


def approve_marks(j: int) -> list[str | None]:
    if j == 3:
        return ["disagree"] * 3  # valid under the default setting
    return [["agree", "disagree", None][(j + i) % 3] for i in range(3)]


def mark_strike(tablet: Tablet, election: Election, j: int) -> dict:
    kept, how = strike_marks(j)
    page = tablet.page
    if how == "spoilt":
        tablet.by("spoil").click()
        tablet.by("spoil-yes").click()
        expect(tablet.by("review-list")).to_have_text("Phiếu bị làm hỏng (tính là không hợp lệ)")
        return {"layout": "strike", "spoilt": True}
    for index, keep in enumerate(kept):
        if not keep:
            row = page.locator(".strike-row").nth(index)
            row.click()
            expect(row).to_have_attribute("aria-pressed", "true")
    expect(tablet.by("counter")).to_have_text(f"Giữ lại: {sum(kept)} / 5 người")
    tablet.by("review").click()
    rows = page.locator(".review-row")
    expect(rows).to_have_count(6)
    for index, keep in enumerate(kept):
        expect(rows.nth(index)).to_contain_text(election.names[index])
        expect(rows.nth(index)).to_contain_text("giữ lại" if keep else "đã gạch tên")
    if how == "invalid":
        expect(tablet.by("invalid-warning")).to_contain_text(
            "Bạn giữ lại 6 tên, nhiều hơn số 5 người được bầu."
        )
        expect(tablet.by("cast")).to_be_disabled()
        tablet.by("confirm-invalid").check()
        expect(tablet.by("cast")).to_be_enabled()
    return {"layout": "strike", "kept": kept}


def mark_approve(tablet: Tablet, j: int) -> dict:
    marks = approve_marks(j)
    for index, mark in enumerate(marks):
        if mark is not None:
            choice = tablet.page.locator(".approve-row").nth(index).locator(f".choice-{mark}")
            choice.click()
            expect(choice).to_have_attribute("aria-pressed", "true")
    tablet.by("review").click()
    words = {"agree": "Đồng ý", "disagree": "Không đồng ý", None: "để trống"}
    for index, mark in enumerate(marks):
        expect(tablet.page.locator(".review-row").nth(index)).to_contain_text(words[mark])
    expect(tablet.by("invalid-warning")).to_have_count(0)
    return {"layout": "approve", "rows": marks}


def vote_turn(serving, cards, election: Election, title: str, every_name, turn: int) -> None:
    """Each tablet signs in its delegate and marks the ballot; the four cast at the same moment;
    each shows its receipt, then Done wipes it."""
    for tablet, number in serving:
        j = VOTERS.index(number)
        tablet.sign_in(cards[number], "scanner" if turn == 0 else "code")
        voter = tablet.page.locator(".voter-name")
        expect(voter).to_have_text(f"Đại biểu: {cards[number].delegate.full_name}")
        tablet.choose(title)
        if title == STRIKE_TITLE:
            election.documents.append(mark_strike(tablet, election, j))
        else:
            election.documents.append(mark_approve(tablet, j))
    for tablet, _number in serving:
        tablet.by("cast").click()  # no waiting: the four casts are in flight together
    for tablet, number in serving:
        receipt = tablet.by("receipt")
        expect(receipt).to_have_text(re.compile(r"^[A-Z2-7]{5}-[A-Z2-7]{5}$"))
        election.receipts[number] = receipt.inner_text()
        qr = tablet.page.locator("img.receipt-qr")
        assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
        assert election.receipts[number] in qr.get_attribute("alt")
    for tablet, number in serving:
        tablet.done()
        secrets_ = [*every_name, election.receipts[number]]
        tablet.assert_wiped(secrets_)
        if turn == 0:  # Back leads to the page before the tablet, Forward to a clean welcome
            tablet.page.go_back()
            assert "/receipts" in tablet.page.url
            tablet.page.go_forward()
            tablet.assert_wiped(secrets_)
        session = tablet.page.evaluate("fetch('/vote/session').then(r => r.json())")
        assert session == {"voter": None, "rounds": [], "motions": []}


def check_board(board: Tablet, live_server: str, hall: dict[str, Election]) -> None:
    """After closing: each round's board lists exactly its receipts and finds each one."""
    page = board.page
    for title, election in hall.items():
        page.goto(f"{live_server}/receipts")
        page.get_by_role("link", name=f"{title}, lần 1").click()
        expect(board.by("receipt-count")).to_have_text("20 phiếu trong hòm")
        shown = page.locator("[data-testid=receipt-codes] li").all_inner_texts()
        assert shown == sorted(election.receipts.values())
        for receipt in election.receipts.values():
            board.by("receipt-input").fill(receipt.lower())
            board.by("receipt-find").click()
            expect(board.by("receipt-result")).to_contain_text(f"Đã tìm thấy: mã {receipt}")
        board.by("receipt-input").fill("AAAAA-BBBBB")
        board.by("receipt-find").click()
        expect(board.by("receipt-result")).to_contain_text("Không tìm thấy.")


HEX_64 = re.compile(r"^[0-9a-f]{64}$")


def leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from leaves(item)
    else:
        yield value


def plain_marks(value) -> list:
    """Anything in a request body that could be a mark: a key naming one, a list of 0/1 or of
    booleans, a row's word."""
    found = []
    if isinstance(value, dict):
        found += [key for key in value if key in MARK_WORDS]
        for item in value.values():
            found += plain_marks(item)
    elif isinstance(value, list):
        if value and all(isinstance(v, bool) or v in (0, 1) for v in value):
            found.append(value)
        for item in value:
            found += plain_marks(item)
    elif value in ("agree", "disagree"):
        found.append(value)
    return found


def check_no_mark_was_sent(tablets: list[Tablet]) -> int:
    """Every body the tablets sent: a cast holds exactly the encrypted ballot (every value a
    point or a scalar in hex) and the key; nothing else carries a mark. The number of casts."""
    casts = 0
    for tablet in tablets:
        for method, url, body in tablet.sent:
            if not body:
                continue
            data = json.loads(body) if body.startswith("{") else body
            if url.endswith("/cast"):
                casts += 1
                assert method == "POST" and set(data) == {"ballot", "submission_key"}, data
                assert set(data["ballot"]) == BALLOT_KEYS
                values = list(leaves({**data["ballot"], "format": None}))
                assert all(isinstance(v, str) and HEX_64.match(v) for v in values if v is not None)
            else:
                assert plain_marks(data) == [], (url, data)
    return casts


def as_marks(document: dict):
    if document.get("spoilt"):
        return SPOILT
    return document["kept"] if "kept" in document else document["rows"]


def check_box(db, election: Election) -> None:
    """The stored ballots all verify with the Python verifier under the round's manifest, and
    the box, decrypted by the committee, counts exactly what the delegates marked."""
    with db.session() as session:
        round_ = session.get(Round, election.round_id)
        manifest, context = json.loads(round_.manifest), bytes.fromhex(round_.fingerprint)
        stored = box.documents(session, round_)
    layout = record.layout_of(manifest)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    assert len(stored) == 20
    for ballot in stored:
        assert set(ballot) == BALLOT_KEYS
        assert verify_ballot_json(ballot, layout, key, context)[1] == []
    expected = tally_marks(
        manifest["layout"],
        [as_marks(d) for d in election.documents],
        [c["id"] for c in manifest["candidates"]],
        manifest["seats"],
        manifest["alternates"],
        RuleSettings.from_dict(manifest["settings"]),
    )
    counted = count_box(db, election.round_id)
    assert (counted.returned, counted.valid) == (expected.returned, expected.valid)
    assert json.loads(counted.invalid) == dict(expected.invalid)
    assert json.loads(counted.votes) == dict(expected.votes)


def test_a_whole_round_of_20_delegates_on_4_tablets(
    app, browser, live_server, cards, hall, request_log, console_errors
):
    tablets = [Tablet(browser, live_server, console_errors) for _ in range(TABLETS)]
    queues = [VOTERS[k * 5 : k * 5 + 5] for k in range(TABLETS)]
    every_name = hall[STRIKE_TITLE].names + hall[APPROVE_TITLE].names
    try:
        for title in (STRIKE_TITLE, APPROVE_TITLE):
            for turn in range(5):
                serving = [
                    (tablet, queue[turn]) for tablet, queue in zip(tablets, queues, strict=True)
                ]
                vote_turn(serving, cards, hall[title], title, every_name, turn)
    finally:
        for tablet in tablets:
            tablet.context.close()

    assert check_no_mark_was_sent(tablets) == 40
    db = app.extensions["votesys.db"]
    for election in hall.values():
        call(db, close_voting, election.round_id, actor=CHAIR)
        assert len(set(election.receipts.values())) == 20
        check_box(db, election)

    board = Tablet(browser, live_server, console_errors)
    try:
        check_board(board, live_server, hall)
    finally:
        board.context.close()

    # No request line names a card or a delegate next to a ballot URL (design.md, decision 3).
    paths = [LOGGED_PATH.search(line).group(1) for line in request_log if LOGGED_PATH.search(line)]
    assert any("/cast" in path for path in paths)
    assert [path for path in paths if not ALLOWED_PATH.match(path)] == []
    every_card = {c.token for c in cards.values()} | {c.code for c in cards.values()}
    assert not [line for line in request_log if any(secret in line for secret in every_card)]
    assert console_errors == []


def test_the_idle_timer_wipes_a_ballot_left_alone(app, browser, live_server, cards, hall):
    app.config["TABLET_IDLE_SECONDS"] = 6  # the warning shows for the last half, at most 20 s
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    try:
        tablet.sign_in(cards[21], "code")
        tablet.choose(STRIKE_TITLE)
        tablet.page.locator(".strike-row").first.click()
        warning = tablet.by("idle-warning")
        expect(warning).to_be_visible(timeout=10_000)
        expect(warning).to_contain_text("máy sẽ xoá phiếu này sau")
        with tablet.page.expect_navigation(timeout=30_000):
            pass
        tablet.assert_wiped(hall[STRIKE_TITLE].names)
        session = tablet.page.evaluate("fetch('/vote/session').then(r => r.json())")
        assert session["voter"] is None
    finally:
        tablet.context.close()
    assert errors == []


@pytest.mark.parametrize("viewport", [PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def test_portrait_and_landscape_have_no_sideways_scroll_and_big_targets(
    browser, live_server, cards, hall, viewport, tmp_path
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors, viewport=viewport)
    page = tablet.page

    def check(name: str) -> None:
        page.screenshot(path=str(tmp_path / f"{name}-{viewport['width']}x{viewport['height']}.png"))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], (name, width)
        heights = page.evaluate(
            "[...document.querySelectorAll('#tablet button:not([hidden]), #tablet input')]"
            ".filter(e => e.offsetParent !== null && e.type !== 'checkbox')"
            ".map(e => Math.round(e.getBoundingClientRect().height))"
        )
        assert heights and min(heights) >= 48, (name, heights)

    try:
        check("welcome")
        tablet.sign_in(cards[22], "code")
        check("rounds")
        tablet.choose(STRIKE_TITLE)
        page.locator(".strike-row").nth(1).click()
        check("strike")
        tablet.by("review").click()
        check("review")
        tablet.by("cast").click()
        expect(tablet.by("receipt")).to_be_visible()
        check("receipt")
        tablet.done()
        tablet.sign_in(cards[22], "code")
        tablet.choose(APPROVE_TITLE)
        check("approve")
        name = page.locator(".approve-row .name").first
        row_width = page.evaluate("document.querySelector('.approve-row').offsetWidth")
        assert name.bounding_box()["width"] < row_width
    finally:
        tablet.context.close()
    assert errors == []


def test_the_camera_reads_a_printed_card_on_the_tablet(browser, live_server, cards, hall, tmp_path):
    card = cards[30]
    video = tmp_path / "card.y4m"
    write_y4m(printed_card(card, live_server, tmp_path), video)
    camera = browser.browser_type.launch(
        executable_path=need("VOTESYS_TEST_CHROMIUM", "headless Chromium"),
        headless=True,
        args=CHROMIUM_FLAGS
        + [
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    errors: list[str] = []
    try:
        tablet = Tablet(camera, live_server, errors)
        tablet.by("camera-toggle").click()
        expect(tablet.page.locator("#work[data-screen=rounds]")).to_be_visible(timeout=20_000)
        expect(tablet.page.locator(".voter-name")).to_have_text(
            f"Đại biểu: {card.delegate.full_name}"
        )
        assert tablet.page.locator("#camera-video").is_hidden()  # the camera stops at sign-in
        tablet.context.close()
    finally:
        camera.close()
    assert errors == []


@pytest.fixture
def big_round(app, cards) -> Election:
    """An approve ballot of 52 names (104 boxes, 52 row proofs): seconds of proving on a slow
    tablet (the counting committee, 95-97, is not on it)."""
    db = app.extensions["votesys.db"]
    committee(db, 95, 96, 97)
    numbers = [n for n in range(41, 95) if n not in (57, 73)]
    election = create(db, kind="delegates", title="Đoàn đại biểu", seats=len(numbers))
    add_delegates(db, election.id, *numbers)
    round_ = call(db, rounds.approve_list, first_round(db, election.id).id)
    set_status(db, VOTERS)
    call(db, rounds.open_round, round_.id, actor=CHAIR)
    with db.session() as session:
        names = [c.full_name for c in round_list(session, session.get(Round, round_.id))]
    return Election(round_.id, names)


NO_PREPARATION = """(() => {
  // The worker as before the preparation: started by the press of Cast, asked nothing earlier.
  const Real = window.Worker;
  window.Worker = function (url, options) {
    let real = null;
    const listeners = [];
    return {
      addEventListener(type, listener) {
        listeners.push([type, listener]);
        if (real) real.addEventListener(type, listener);
      },
      postMessage(message) {
        if (message && message.type === "prepare") return;
        if (!real) {
          real = new Real(url, options);
          listeners.forEach(([type, listener]) => real.addEventListener(type, listener));
        }
        real.postMessage(message);
      },
      terminate() {
        if (real) real.terminate();
      },
    };
  };
})();"""


def test_a_big_ballot_on_a_slow_tablet_shows_the_encryption_progress(
    app, browser, live_server, cards, big_round
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    # Since the worker prepares the ballot while it is marked (docs/performance.md, "The tablet
    # prepares while the delegate marks"), pressing Cast leaves it too little to do for a bar to
    # be seen; without the preparation (the worker started at the press, as before) it computes
    # everything after the press, and the bar must move.
    tablet.context.add_init_script(NO_PREPARATION)
    page.reload()
    try:
        slow = tablet.context.new_cdp_session(page)
        slow.send("Emulation.setCPUThrottlingRate", {"rate": 6})
        tablet.sign_in(cards[21], "code")
        tablet.choose("Đoàn đại biểu")
        page.locator(".approve-row").nth(0).locator(".choice-agree").click()
        page.locator(".approve-row").last.locator(".choice-disagree").click()
        tablet.by("review").click()
        tablet.by("cast").click()
        expect(tablet.by("encrypt-progress")).to_be_visible()
        page.wait_for_function(  # part-way: the bar moves while the worker proves
            "() => { const bar = document.querySelector('[data-testid=encrypt-progress]');"
            " return bar && bar.value > 0 && bar.value < bar.max; }",
            polling="raf",
        )
        expect(tablet.by("encrypt-status")).to_have_text(re.compile(r"^Đã mã hóa: \d+%"))
        expect(tablet.by("receipt")).to_be_visible(timeout=60_000)
        tablet.done()
    finally:
        tablet.context.close()
    assert check_no_mark_was_sent([tablet]) == 1
    assert errors == []
    db = app.extensions["votesys.db"]
    with db.session() as session:
        (stored,) = box_ballots(session, big_round.round_id)
    assert len(stored["marks"]) == 104 and len(stored["row_proofs"]) == 52


def box_ballots(session, round_id: int) -> list[dict]:
    """The box's ballots while voting is open (the public list waits for the closing)."""
    rows = session.scalars(select(Ballot.document).where(Ballot.round_id == round_id))
    return [json.loads(text) for text in rows]


def test_a_lost_answer_resends_the_same_encrypted_ballot(app, browser, live_server, cards, hall):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    casts = []

    def drop_first(route):
        casts.append(route.request.post_data)
        if len(casts) <= 2:
            route.abort("connectionreset")  # the Wi-Fi went before the answer came, twice
        else:
            route.continue_()

    try:
        page.route("**/vote/rounds/*/cast", drop_first)
        tablet.sign_in(cards[22], "code")
        tablet.choose(STRIKE_TITLE)
        page.locator(".strike-row").nth(0).click()
        tablet.by("review").click()
        tablet.by("cast").click()
        expect(tablet.by("sending-status")).to_contain_text("thử lại (lần 2)")
        expect(tablet.by("receipt")).to_be_visible(timeout=15_000)
        receipt = tablet.by("receipt").inner_text()
        tablet.done()
    finally:
        tablet.context.close()
    errors[:] = [e for e in errors if "ERR_CONNECTION_RESET" not in e]
    assert errors == []
    assert len(casts) == 3 and casts[0] == casts[1] == casts[2]  # same key, same ciphertexts
    round_id = hall[STRIKE_TITLE].round_id
    with app.extensions["votesys.db"].session() as session:
        (stored,) = box_ballots(session, round_id)
        (row,) = session.scalars(select(Ballot).where(Ballot.round_id == round_id))
    assert stored == json.loads(casts[0])["ballot"] and row.receipt == receipt


def test_a_receipt_that_does_not_match_the_tablets_ballot_is_shown_as_an_alarm(
    browser, live_server, cards, hall
):
    errors: list[str] = []
    tablet = Tablet(browser, live_server, errors)
    page = tablet.page
    server: list[str] = []

    def wrong_receipt(route):
        answer = route.fetch()
        data = answer.json()
        server.append(data["receipt"])
        route.fulfill(response=answer, json={**data, "receipt": "AAAAA-BBBBB"})

    try:
        page.route("**/vote/rounds/*/cast", wrong_receipt)
        tablet.sign_in(cards[23], "code")
        tablet.choose(APPROVE_TITLE)
        page.locator(".approve-row").nth(1).locator(".choice-agree").click()
        tablet.by("review").click()
        tablet.by("cast").click()
        alarm = tablet.by("receipt-mismatch")
        expect(alarm).to_contain_text("AAAAA-BBBBB")
        expect(alarm).to_contain_text(server[0])  # the worker's code: the real ballot's
        expect(alarm).to_contain_text("Ban kiểm phiếu")
        expect(tablet.by("receipt")).to_have_count(0)
        tablet.done()
        tablet.assert_wiped(["AAAAA-BBBBB", server[0], *hall[APPROVE_TITLE].names])
    finally:
        tablet.context.close()
    assert errors == []
