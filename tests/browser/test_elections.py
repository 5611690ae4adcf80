"""The elections in headless Chromium: the secretariat creates an election, adds candidates and
approves the list; the chair opens voting, sees the turnout 0 / N, and closes it."""

from __future__ import annotations

import pytest

from tests.conftest import password_of
from tests.elections.conftest import committee, set_status

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username: str, lands_on: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password_of(username))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}{lands_on}")


def test_an_election_from_creation_to_closed_voting(app, page, live_server):
    db = app.extensions["votesys.db"]
    committee(db, 95, 96, 97)
    set_status(db, (1, 2, 3, 20, 21))

    sign_in(page, live_server, "secretariat", "/congress")
    page.get_by_role("link", name="Bầu cử").click()
    page.wait_for_url(f"{live_server}/elections")
    page.locator("#kind").select_option("executive_committee")
    page.locator("#title").fill("Ban Chấp hành khóa XV")
    page.locator("#seats").fill("2")
    page.get_by_role("button", name="Tạo cuộc bầu").click()
    page.wait_for_selector("text=Đã tạo cuộc bầu “Ban Chấp hành khóa XV” với danh sách dự thảo.")

    for number in (20, 21):
        select = page.get_by_test_id("add-delegate").locator("select#delegate")
        label = next(
            o for o in select.locator("option").all_inner_texts() if o.startswith(f"{number} · ")
        )
        select.select_option(label=label)
        page.get_by_test_id("add-delegate").get_by_role("button", name="Thêm vào danh sách").click()
        page.wait_for_selector("text=vào danh sách.")
    assert page.get_by_test_id("candidate").count() == 2
    assert "2 người cho 2 chỗ: số dư 0 (0,00%)." in page.get_by_test_id("surplus").inner_text()
    page.get_by_role("button", name="Thông qua danh sách").click()
    page.wait_for_selector("text=Đoàn Chủ tịch có thể mở bỏ phiếu.")
    assert "Đã thông qua danh sách" in page.get_by_test_id("round-status").inner_text()
    page.get_by_role("button", name="Đăng xuất").click()

    sign_in(page, live_server, "chair", "/chair")
    page.get_by_role("link", name="Mở bỏ phiếu", exact=True).click()
    page.get_by_role("button", name="Đồng ý, mở bỏ phiếu").click()
    page.wait_for_selector("text=Đã mở bỏ phiếu: lần bầu 1 của Ban Chấp hành khóa XV.")
    assert page.get_by_test_id("voted").inner_text() == "0"
    assert page.get_by_test_id("eligible").inner_text() == "5"
    assert page.get_by_test_id("all-voted").is_hidden()
    # The figures are refreshed in place from the JSON endpoint without a reload.
    with page.expect_response(lambda r: r.url.endswith("/turnout.json") and r.ok):
        pass
    assert page.get_by_test_id("voted").inner_text() == "0"
    page.get_by_role("link", name="Kết thúc bỏ phiếu", exact=True).click()
    page.get_by_role("button", name="Đồng ý, kết thúc bỏ phiếu").click()
    page.wait_for_selector("text=Hòm phiếu đã niêm phong")
    assert "Ban Chấp hành khóa XV" in page.get_by_test_id("closed").inner_text()
    assert page.get_by_test_id("none-open").is_visible()
