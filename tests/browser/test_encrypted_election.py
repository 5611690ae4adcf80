"""A whole encrypted election in real browsers, from the key ceremony to the projector.

Five counting committee members make a 3-of-5 election key in five browser contexts; the chair
opens a round with it; delegates vote on two tablets, each ballot encrypted and proven in the
tablet's Web Worker; the chair closes; the committee adds the box up; three of the five decrypt
the totals on their own devices with their passphrases; the committee signs, the chair announces
and the projector shows the result. Everything the server received and answered is recorded at
the WSGI layer, and neither it, the logs nor the database file holds the marks of any ballot
the test cast (it knows them: it clicked them).
"""

from __future__ import annotations

import io
import json
import logging
import os
import re

import pytest
from playwright.sync_api import expect

from tests.browser import test_ceremony, test_tablet
from tests.browser.test_ceremony import (
    add_counting_accounts,
    deal,
    open_guided_pages,
    passphrase_of,
    publish_keys,
    start_from_page,
    the_ceremony,
)
from tests.browser.test_count_and_projector import sign_in
from tests.browser.test_tablet import (
    STRIKE_TITLE,
    Election,
    Tablet,
    mark_strike,
    strike_marks,
)
from tests.elections.conftest import (
    CHAIR,
    add_delegates,
    call,
    committee,
    create,
    first_round,
    set_status,
)
from votesys.ballots.services import close_voting
from votesys.core.audit_chain import canonical_json
from votesys.elections import rounds
from votesys.elections.models import Round
from votesys.elections.queries import round_list
from votesys.tally.models import Tally

pytestmark = pytest.mark.browser

# The fixtures of the ceremony's and the tablet's tests: the members' devices, the cards.
devices = test_ceremony.devices
cards = test_tablet.cards

VOTERS = tuple(range(21, 29))  # 8 delegates in the hall
DECRYPTING = (1, 3, 5)  # three of the five members
STEP = 30_000
RECEIPT = re.compile(r"^[A-Z2-7]{5}-[A-Z2-7]{5}$")


class Recorder:
    """WSGI middleware: every request body and response body the app handled, kept here."""

    def __init__(self, app):
        self.app = app
        self.seen: list[bytes] = []

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        self.seen.append(environ.get("PATH_INFO", "").encode() + b" " + body)
        chunks = list(self.app(environ, start_response))
        self.seen.append(b"".join(chunks))
        return chunks


def make_key(db, live_server, devices) -> list:
    """The five members' ceremony, as test_ceremony drives it; returns the five tabs."""
    add_counting_accounts(db)
    usernames = [f"counting{n}" for n in range(1, 6)]
    tabs = [devices(username) for username in usernames]
    start_from_page(tabs[0], live_server, usernames)
    open_guided_pages(tabs, live_server)
    publish_keys(tabs)
    deal(tabs)
    for number, tab in enumerate(tabs, start=1):
        tab.get_by_test_id("check-shares").click()
        expect(tab.get_by_test_id("passphrase-form")).to_be_visible()
        tab.get_by_test_id("passphrase").fill(passphrase_of(number))
        tab.get_by_test_id("passphrase-again").fill(passphrase_of(number))
        tab.get_by_test_id("keep-share").click()
        expect(tab.get_by_test_id("step-done")).to_be_visible(timeout=STEP)
    for tab in tabs:
        expect(tab.get_by_test_id("complete-note")).to_be_visible(timeout=STEP)
    return tabs


def open_round_with_the_new_key(db) -> Election:
    committee(db, 95, 96, 97)
    election = create(db, kind="executive_committee", title=STRIKE_TITLE, seats=5)
    add_delegates(db, election.id, 60, 61, 62, 63, 64, 65)
    round_ = call(db, rounds.approve_list, first_round(db, election.id).id)
    set_status(db, VOTERS)
    call(db, rounds.open_round, round_.id, actor=CHAIR)
    with db.session() as session:
        opened = session.get(Round, round_.id)
        names = [c.full_name for c in round_list(session, opened)]
        manifest = json.loads(opened.manifest)
    ceremony = the_ceremony(db)
    assert manifest["election_key"] == {
        "public_key": ceremony.public_key,
        "ceremony": ceremony.fingerprint,
        "threshold": 3,
        "members": 5,
    }
    return Election(round_.id, names)


def vote(browser, live_server, cards, election: Election, errors) -> None:
    """Two tablets, four delegates each, one after the other on each tablet."""
    tablets = [Tablet(browser, live_server, errors) for _ in range(2)]
    try:
        for turn in range(4):
            serving = [(tablets[k], VOTERS[k * 4 + turn]) for k in range(2)]
            for tablet, number in serving:
                tablet.sign_in(cards[number], "code")
                tablet.choose(STRIKE_TITLE)
                election.documents.append(mark_strike(tablet, election, VOTERS.index(number)))
            for tablet, _number in serving:
                tablet.by("cast").click()
            for tablet, number in serving:
                receipt = tablet.by("receipt")
                expect(receipt).to_have_text(RECEIPT, timeout=STEP)
                election.receipts[number] = receipt.inner_text()
                tablet.done()
    finally:
        for tablet in tablets:
            tablet.context.close()


def plain_forms(election: Election) -> list[bytes]:
    """How the test's ballots would look if anything kept their marks in the clear."""
    forms = []
    for document in election.documents:
        forms.append(canonical_json(document))
        forms.append(json.dumps(document).encode())
        if "kept" in document:
            forms.append(json.dumps(document["kept"]).encode())
            forms.append(json.dumps(document["kept"], separators=(",", ":")).encode())
            zero_one = [int(k) for k in document["kept"]]
            forms.append(json.dumps(zero_one).encode())
            forms.append(json.dumps(zero_one, separators=(",", ":")).encode())
    return forms


def test_an_encrypted_election_from_the_key_ceremony_to_the_projector(
    app,
    browser,
    live_server,
    devices,
    cards,
    console_errors,
    caplog,
    tmp_path,  # noqa: F811
):
    db = app.extensions["votesys.db"]
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder
    caplog.set_level(logging.DEBUG)

    tabs = make_key(db, live_server, devices)
    election = open_round_with_the_new_key(db)
    vote(browser, live_server, cards, election, console_errors)
    assert len(set(election.receipts.values())) == len(VOTERS)
    call(db, close_voting, election.round_id, actor=CHAIR)

    # The committee adds the box up; three members decrypt, each on their own device.
    first = tabs[0]
    first.goto(f"{live_server}/count/{election.round_id}")
    first.get_by_test_id("count-confirm").check()
    first.get_by_test_id("count-button").click()
    expect(first.get_by_test_id("decryption-count")).to_contain_text("0 trên 3")
    for done, number in enumerate(DECRYPTING, start=1):
        tab = tabs[number - 1]
        tab.goto(f"{live_server}/count/{election.round_id}/decrypt")
        tab.get_by_test_id("passphrase").fill(passphrase_of(number))
        tab.get_by_test_id("decrypt-button").click()
        message = "Đã đủ" if done == len(DECRYPTING) else "Đang chờ"
        expect(tab.get_by_test_id("decrypt-message")).to_contain_text(message, timeout=STEP)
        # The page goes back to the round's count by itself.
        expect(tab).to_have_url(f"{live_server}/count/{election.round_id}", timeout=STEP)
        if done < len(DECRYPTING):  # fewer than t: still not counted
            with db.session() as session:
                assert session.get(Round, election.round_id).status == "closed"
    with db.session() as session:
        tally = session.get(Tally, election.round_id)
        votes = json.loads(tally.votes)
        listed = [str(c.id) for c in round_list(session, session.get(Round, election.round_id))]
    # The decrypted totals are the marks the test clicked.
    kept = [strike_marks(VOTERS.index(n)) for n in VOTERS]
    valid = [marks for marks, how in kept if how == "valid"]
    assert [votes[cid] for cid in listed] == [sum(m[i] for m in valid) for i in range(6)]
    assert tally.returned == len(VOTERS) and tally.valid == len(valid)

    # The committee signs on two devices, the chair announces and shows it on the projector.
    for tab in tabs[:2]:
        tab.goto(f"{live_server}/count/{election.round_id}")
        tab.get_by_test_id("confirm-button").click()
    expect(tabs[1].get_by_test_id("signed-note")).to_be_visible()
    chair = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    try:
        sign_in(chair, live_server, "chair")
        chair.goto(f"{live_server}/projector/control")
        chair.get_by_test_id(f"announce-{election.round_id}").click()
        chair.get_by_test_id(f"show-results-{election.round_id}").click()
        chair.goto(f"{live_server}/projector")
        expect(chair.get_by_test_id("screen-results")).to_be_visible(timeout=10_000)
    finally:
        chair.context.close()

    # Nothing the server received or answered, nothing logged, nothing in the database file
    # holds a ballot's marks in the clear.
    forms = plain_forms(election)
    seen = b"\n".join(recorder.seen)
    assert b"/cast" in seen and len(forms) >= 4 * len(VOTERS) - 8
    # The recording does hold what passed: every receipt the server answered, the names listed.
    assert all(receipt.encode() in seen for receipt in election.receipts.values())
    assert all(name.encode() in seen for name in election.names)
    assert [f for f in forms if f in seen] == []
    logged = caplog.text.encode()
    assert [f for f in forms if f in logged] == []
    path = os.path.join(app.config["INSTANCE_PATH"], "votesys.sqlite3")
    stored = b""
    for name in (path, path + "-wal"):
        if os.path.exists(name):
            with open(name, "rb") as file:
                stored += file.read()
    assert [f for f in forms if f in stored] == []
    assert console_errors == []
