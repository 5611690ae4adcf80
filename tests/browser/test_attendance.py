"""The live dashboard in a real browser: a check-in recorded in the database shows up on the
page by itself, without reloading it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.attendance.conftest import set_status
from tests.conftest import password_of

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password_of(username))
    page.get_by_role("button", name="Đăng nhập").click()


def test_the_dashboard_follows_the_door_without_reloading(app, page, live_server):
    app.config["ATTENDANCE_REFRESH_SECONDS"] = 2
    db = app.extensions["votesys.db"]
    sign_in(page, live_server, "credentials")
    page.goto(f"{live_server}/attendance")
    assert page.get_by_test_id("present").inner_text() == "0"
    assert page.get_by_test_id("absent").inner_text() == "100"
    page.evaluate("window.notReloaded = true")
    unit_one = page.locator('tr[data-unit="1"] [data-unit-field="present"]')
    assert unit_one.inner_text() == "0"

    set_status(db, {1: "present", 19: "present", 2: "left"})  # 1 and 19: Chi bộ Khu phố 1

    # The CSP forbids evaluating strings (wait_for_function); expect() polls from Python.
    expect(page.get_by_test_id("present")).to_have_text("2", timeout=10_000)
    assert page.get_by_test_id("absent").inner_text() == "98"
    assert page.get_by_test_id("left").inner_text() == "1"
    assert unit_one.inner_text() == "2"
    assert page.evaluate("window.notReloaded") is True


def test_the_base_page_sets_a_quorum_and_the_dashboard_shows_it(app, page, live_server):
    app.config["ATTENDANCE_REFRESH_SECONDS"] = 2
    sign_in(page, live_server, "secretariat")
    page.goto(f"{live_server}/attendance/base")
    assert page.get_by_test_id("base").inner_text() == "98"
    page.get_by_label("Số lượng tối thiểu (phân số của B)").fill("2/3")
    page.get_by_role("button", name="Lưu số lượng tối thiểu").click()
    assert (
        "Đã đặt số lượng tối thiểu là 2/3 của B." in page.get_by_role("status").first.inner_text()
    )
    assert "ít nhất 66 người" in page.get_by_test_id("quorum").inner_text()
    page.goto(f"{live_server}/attendance")
    assert page.get_by_test_id("quorum-state").inner_text() == "chưa đạt"
