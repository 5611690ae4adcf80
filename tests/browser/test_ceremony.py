"""The key ceremony in real browsers: five counting committee members, each signed in on their
own device, make a 3-of-5 election key through their guided pages; the key is the joint key of
the published commitments and every member's wrapped share opens with the passphrase typed. A
sealed share changed on the server is caught by its recipient's browser, which names the dealer
and files the complaint."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.browser.test_count_and_projector import sign_in
from votesys.accounts import services as accounts
from votesys.ceremony import queries
from votesys.ceremony.models import CeremonyMember, KeyCeremony, SealedShare
from votesys.core.crypto import keywrap
from votesys.core.crypto.group import base_mul
from votesys.core.crypto.threshold import joint_public_key
from votesys.roles import Actor

pytestmark = pytest.mark.browser

NEW_MEMBERS = {"counting4": "Đỗ Thị Mai", "counting5": "Hoàng Văn Nam"}
STEP = 30_000  # ms: a step waits for the others' pages to poll and act


def passphrase_of(number: int) -> str:
    return f"hoa sen nở trên hồ Tây mùa thu {number}"


def add_counting_accounts(db) -> None:
    with db.session(write=True) as session:
        for username, name in NEW_MEMBERS.items():
            accounts.create_user(
                session, Actor.console(), username, name, "counting", f"{username}-password"
            )


def sign_in_any(tab, live_server, username: str) -> None:
    if username in NEW_MEMBERS:
        tab.goto(f"{live_server}/login")
        tab.get_by_label("Tên đăng nhập").fill(username)
        tab.get_by_label("Mật khẩu").fill(f"{username}-password")
        tab.get_by_role("button", name="Đăng nhập").click()
    else:
        sign_in(tab, live_server, username)
    expect(tab.get_by_test_id("who")).to_be_visible()


@pytest.fixture
def devices(browser, live_server, console_errors):
    """One browser context per member, as on their own tablets."""
    contexts = []

    def open_device(username: str):
        context = browser.new_context(viewport={"width": 1024, "height": 900})
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
        sign_in_any(tab, live_server, username)
        return tab

    yield open_device
    for context in contexts:
        context.close()


def start_from_page(tab, live_server, usernames) -> None:
    """The first member starts the ceremony with these accounts ticked, t left empty."""
    tab.goto(f"{live_server}/ceremony")
    for box in tab.locator('input[name="members"]').all():
        value = box.get_attribute("value")
        box.set_checked(value.removeprefix("staff:") in usernames)
    tab.get_by_test_id("start-button").click()
    expect(tab.get_by_test_id("ceremony-state")).to_have_text(
        "Bước 1: các thành viên tạo khóa vận chuyển"
    )


def open_guided_pages(tabs, live_server) -> None:
    for tab in tabs:
        tab.goto(f"{live_server}/ceremony")
        tab.get_by_test_id("open-member-page").click()
        expect(tab.get_by_test_id("step-keys")).to_be_visible()


def publish_keys(tabs) -> None:
    for tab in tabs:
        tab.get_by_test_id("make-transport-key").click()
        expect(tab.get_by_test_id("step-keys")).to_be_hidden()


def deal(tabs) -> None:
    for tab in tabs:  # the pages move on to step 2 by themselves
        expect(tab.get_by_test_id("step-dealing")).to_be_visible(timeout=STEP)
        tab.get_by_test_id("deal-shares").click()
        expect(tab.get_by_test_id("step-dealing")).to_be_hidden()
    for tab in tabs:
        expect(tab.get_by_test_id("step-checking")).to_be_visible(timeout=STEP)


def the_ceremony(db) -> KeyCeremony:
    with db.session() as session:
        return session.scalars(select(KeyCeremony).order_by(KeyCeremony.id.desc())).first()


def test_five_members_make_a_3_of_5_key_in_five_browsers(app, live_server, devices):
    db = app.extensions["votesys.db"]
    add_counting_accounts(db)
    usernames = [f"counting{n}" for n in range(1, 6)]
    tabs = [devices(username) for username in usernames]

    start_from_page(tabs[0], live_server, usernames)
    expect(tabs[0].get_by_test_id("ceremony-threshold")).to_have_text("3 trên 5 thành viên")
    open_guided_pages(tabs, live_server)

    # The first member's page names who it is still waiting for.
    tabs[0].get_by_test_id("make-transport-key").click()
    waiting = tabs[0].get_by_test_id("waiting")
    expect(waiting).to_contain_text("Đang chờ khóa vận chuyển của:")
    expect(waiting).to_contain_text("Hoàng Văn Nam (5)")
    expect(waiting).not_to_contain_text("Lê Văn Bình")
    publish_keys(tabs[1:])
    # A reload mid-ceremony continues: the transport secret is kept in the tab.
    tabs[4].reload()
    deal(tabs)

    for number, tab in enumerate(tabs, start=1):
        tab.get_by_test_id("check-shares").click()
        checks = tab.get_by_test_id("share-checks").locator("li.ok")
        expect(checks).to_have_count(5)
        expect(tab.get_by_test_id("share-checks").locator("li.bad")).to_have_count(0)
        expect(tab.get_by_test_id("passphrase-form")).to_be_visible()
        tab.get_by_test_id("passphrase").fill("ngắn quá")
        expect(tab.get_by_test_id("strength")).to_contain_text("Yếu")
        tab.get_by_test_id("passphrase-again").fill("ngắn quá")
        tab.get_by_test_id("keep-share").click()
        expect(tab.get_by_test_id("ceremony-error")).to_contain_text("Cụm mật khẩu quá ngắn")
        tab.get_by_test_id("passphrase").fill(passphrase_of(number))
        expect(tab.get_by_test_id("strength")).to_have_text("Mạnh.")
        tab.get_by_test_id("passphrase-again").fill(passphrase_of(number) + "x")
        tab.get_by_test_id("keep-share").click()
        expect(tab.get_by_test_id("ceremony-error")).to_contain_text("Hai cụm mật khẩu khác nhau")
        tab.get_by_test_id("passphrase-again").fill(passphrase_of(number))
        tab.get_by_test_id("keep-share").click()
        expect(tab.get_by_test_id("step-done")).to_be_visible(timeout=STEP)

    for tab in tabs:
        expect(tab.get_by_test_id("complete-note")).to_have_text(
            "Lễ tạo khóa đã hoàn tất: khóa bầu cử đã được tạo.", timeout=STEP
        )
        expect(tab.get_by_test_id("public-key")).to_have_text(the_ceremony(db).public_key)
        assert tab.evaluate("sessionStorage.length") == 0  # the secrets are wiped

    # In Python: the key is the commitments' joint key; every wrapped share opens to its x_j.
    ceremony = the_ceremony(db)
    assert (ceremony.status, ceremony.threshold, ceremony.members) == ("complete", 3, 5)
    fp = bytes.fromhex(ceremony.fingerprint)
    with db.session() as session:
        assert joint_public_key(queries.commitments(session, ceremony)).hex() == (
            ceremony.public_key
        )
        expected = queries.keys_of_members(session, ceremony)
        members = queries.members(session, ceremony)
    assert [m.account for m in members] == [f"staff:{u}" for u in usernames]
    for member in members:
        wrapped = json.loads(member.wrapped_share)
        assert wrapped["iterations"] >= keywrap.ITERATIONS  # the browser's full strength
        share = keywrap.unwrap_share(
            wrapped,
            passphrase_of(member.number),
            keywrap.wrap_context(fp, member.number),
            min_iterations=keywrap.ITERATIONS,
        )
        assert base_mul(share) == expected[member.number]
        assert base_mul(share).hex() == member.verification_key

    # The recovery card, the member's own: the QR and the wrapped share as text.
    card = tabs[2]
    card.goto(f"{live_server}/ceremony/{ceremony.id}/card")
    expect(card.get_by_test_id("card-member")).to_have_text("Võ Minh Tuấn · thành viên số 3")
    expect(card.get_by_test_id("card-threshold")).to_have_text("3 trên 5 thành viên")
    expect(card.get_by_test_id("card-verification-key")).to_have_text(members[2].verification_key)
    assert json.loads(card.get_by_test_id("card-wrapped").inner_text()) == json.loads(
        members[2].wrapped_share
    )
    assert card.get_by_test_id("card-qr").evaluate("img => img.naturalWidth") > 0


def test_a_changed_sealed_share_is_caught_and_its_dealer_named(app, live_server, devices):
    db = app.extensions["votesys.db"]
    usernames = ["counting1", "counting2", "counting3"]
    tabs = [devices(username) for username in usernames]
    start_from_page(tabs[0], live_server, usernames)
    open_guided_pages(tabs, live_server)
    publish_keys(tabs)
    deal(tabs)

    # On the server, the share member 3 sealed for member 2 is changed before 2 checks.
    ceremony = the_ceremony(db)
    with db.session(write=True) as session:
        row = session.get(SealedShare, (ceremony.id, 3, 2))
        last = int(row.sealed[-2:], 16) ^ 0x01
        row.sealed = row.sealed[:-2] + f"{last:02x}"
        session.commit()

    # Another tab of member 3 holds no transport secret: it says so and offers no step.
    other = tabs[2].context.new_page()
    other.goto(f"{live_server}/ceremony/{ceremony.id}/member")
    expect(other.get_by_test_id("ceremony-error")).to_contain_text(
        "Trình duyệt này không còn giữ bí mật vận chuyển"
    )
    expect(other.get_by_test_id("check-shares")).to_be_disabled()
    other.close()

    second = tabs[1]
    second.get_by_test_id("check-shares").click()
    bad = second.get_by_test_id("share-from-3")
    expect(bad).to_have_class("bad")
    expect(bad).to_contain_text("Võ Minh Tuấn")
    expect(bad).to_contain_text("không mở được bằng khóa vận chuyển")
    expect(second.get_by_test_id("share-from-1")).to_have_class("ok")
    error = second.get_by_test_id("ceremony-error")
    expect(error).to_contain_text("đã gửi khiếu nại đối với Võ Minh Tuấn (3)")
    expect(second.get_by_test_id("passphrase-form")).to_be_hidden()
    with db.session() as session:
        member = session.get(CeremonyMember, (ceremony.id, 2))
        assert json.loads(member.complaints) == [3] and member.wrapped_share is None

    # The others' pages and the committee's page show the complaint; nothing completes.
    expect(tabs[0].get_by_test_id("ceremony-error")).to_contain_text(
        "Phạm Thị Lan (2) nhận được phần chia không khớp từ Võ Minh Tuấn (3)", timeout=STEP
    )
    tabs[2].goto(f"{live_server}/ceremony")
    expect(tabs[2].get_by_test_id("member-2")).to_contain_text("Đã khiếu nại về thành viên 3")
    expect(tabs[2].get_by_test_id("complaint-note")).to_be_visible()
    assert the_ceremony(db).status == "checking"
