"""The day's end of a round in real browsers: the committee adds the encrypted box up, two key
holders decrypt the totals on their own devices with their passphrases (one mistyped first),
the committee signs on two devices, the chair announces it and puts it on the projector, the
projector (another device, which is never reloaded) shows the result by itself, and the minutes'
PDF holds the figures and names."""

from __future__ import annotations

import json
import subprocess

import pytest
from playwright.sync_api import expect

from tests.conftest import password_of
from tests.credentials.conftest import need_tool
from tests.tally.test_pages import voted_round
from votesys.demo.seed import PASSPHRASES
from votesys.tally.models import Tally

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password_of(username))
    page.get_by_role("button", name="Đăng nhập").click()


def pdf_text(data: bytes, folder) -> str:
    path = folder / "minutes.pdf"
    path.write_bytes(data)
    pdftotext = need_tool("pdftotext", "poppler-utils")
    command = [pdftotext, "-layout", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def test_count_sign_announce_and_project(app, browser, page, live_server, console_errors, tmp_path):
    db = app.extensions["votesys.db"]
    # 60 delegates vote through the ballot box's services (as the tablets do); the chair closes.
    round_ = voted_round(db)
    contexts = []

    def device(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        contexts.append(context)
        tab = context.new_page()
        tab.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
        sign_in(tab, live_server, username)
        return tab

    try:
        # The projector, signed in as the chair on the projector laptop: idle, the congress.
        projector = device("chair")
        projector.goto(f"{live_server}/projector")
        expect(projector.get_by_test_id("screen-idle")).to_contain_text("Phường 1")
        expect(projector.get_by_test_id("screen-results")).to_be_hidden()
        projector.evaluate("window.notReloaded = true")

        # counting1 adds the box up, from the committee's start page.
        sign_in(page, live_server, "counting1")
        expect(page).to_have_url(f"{live_server}/count")
        page.get_by_test_id(f"count-round-{round_.id}").get_by_role("link").click()
        page.get_by_test_id("count-confirm").check()
        page.get_by_test_id("count-button").click()
        expect(page.get_by_test_id("decryption-count")).to_contain_text("0 trên 2")
        # counting1 decrypts on this device: a mistyped passphrase first, then the right one.
        page.get_by_test_id("decrypt-link").click()
        page.get_by_test_id("passphrase").fill("not my passphrase")
        page.get_by_test_id("decrypt-button").click()
        expect(page.get_by_test_id("decrypt-message")).to_contain_text("không mở được")
        page.get_by_test_id("passphrase").fill(PASSPHRASES["staff:counting1"])
        page.get_by_test_id("decrypt-button").click()
        expect(page.get_by_test_id("decrypt-message")).to_contain_text("Đang chờ", timeout=20_000)
        expect(page.get_by_test_id("decryption-count")).to_contain_text("1 trên 2", timeout=10_000)
        expect(page.get_by_test_id("decryption-member-1")).to_have_attribute("data-state", "done")
        # counting3 decrypts on their own device: two of three, the round is counted.
        third = device("counting3")
        third.goto(f"{live_server}/count/{round_.id}/decrypt")
        third.get_by_test_id("passphrase").fill(PASSPHRASES["staff:counting3"])
        third.get_by_test_id("decrypt-button").click()
        expect(third.get_by_test_id("decrypt-message")).to_contain_text("Đã đủ", timeout=20_000)
        expect(third.get_by_test_id("round-state")).to_have_attribute(
            "data-status", "counted", timeout=10_000
        )
        page.reload()
        expect(page.get_by_test_id("confirm-count")).to_have_text(
            "Đã có 0 trên 2 xác nhận cần thiết"
        )
        expect(page.get_by_test_id("checks")).not_to_contain_text("✖")
        expect(page.get_by_test_id("elected")).to_contain_text("61,22%")
        page.get_by_test_id("confirm-button").click()
        expect(page.get_by_test_id("confirm-count")).to_have_text(
            "Đã có 1 trên 2 xác nhận cần thiết"
        )
        expect(page.get_by_test_id("confirmed-by")).to_contain_text("Lê Văn Bình")

        # Nothing of it on the projector yet.
        expect(projector.get_by_test_id("screen-idle")).to_be_visible()

        # counting2 confirms on their own device: signed.
        second = device("counting2")
        second.goto(f"{live_server}/count/{round_.id}")
        second.get_by_test_id("confirm-button").click()
        expect(second.get_by_test_id("signed-note")).to_be_visible()
        expect(second.get_by_test_id("confirmed-by")).to_contain_text("Phạm Thị Lan")

        # The chair announces and shows it.
        chair = device("chair")
        chair.goto(f"{live_server}/projector/control")
        chair.get_by_test_id(f"announce-{round_.id}").click()
        expect(chair.get_by_test_id(f"control-status-{round_.id}")).to_have_text("Đã công bố")
        chair.get_by_test_id(f"show-results-{round_.id}").click()
        expect(chair.get_by_test_id("projector-mode")).to_have_text("Kết quả")

        # The projector shows the result by itself.
        with db.session() as session:
            result = json.loads(session.get(Tally, round_.id).result)
        elected = [row["name"] for row in result["candidates"] if row["outcome"] == "elected"]
        assert len(elected) == 3
        results = projector.get_by_test_id("screen-results")
        expect(results).to_be_visible(timeout=10_000)
        for name in elected:
            expect(results.locator("tr.elected", has_text=name)).to_have_count(1)
        expect(projector.locator("tr.elected")).to_have_count(3)
        expect(projector.locator("tr.elected").first).to_contain_text("61,22%")
        expect(projector.locator("tr.elected").first).to_contain_text("60/98")
        expect(projector.get_by_test_id("results-summary")).to_contain_text("Trúng cử: ")
        expect(projector.get_by_test_id("results-notices")).to_contain_text(
            "Còn 1 chỗ chưa có người trúng cử"
        )
        assert projector.evaluate("window.notReloaded") is True

        # The minutes, as the chair's browser downloads them, read back from the PDF.
        pdf = chair.request.get(f"{live_server}/minutes/{round_.id}.pdf")
        assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
        text = " ".join(pdf_text(pdf.body(), tmp_path).split())
        assert "BIÊN BẢN KIỂM PHIẾU" in text and "Cơ sở B 98" in text
        for row in result["candidates"]:
            assert row["name"] in text, row["name"]
        assert "61,22%" in text and "60/98" in text
        assert result["ballots"]["valid"] == 60 and "Số phiếu hợp lệ 60" in text
    finally:
        for context in contexts:
            context.close()
