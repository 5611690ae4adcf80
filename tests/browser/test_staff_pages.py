"""Each staff role signs in in a real browser, sees its home page in Vietnamese, switches to
English."""

from __future__ import annotations

import pytest

from tests.conftest import password_of

pytestmark = pytest.mark.browser

HOMES = {
    "secretariat": ("Trang đầu của Ban tổ chức", "Start page of the Secretariat"),
    "credentials": (
        "Trang đầu của Ban thẩm tra tư cách đại biểu",
        "Start page of the Credentials committee",
    ),
    "counting1": ("Trang đầu của Ban kiểm phiếu", "Start page of the Counting committee"),
    "chair": ("Trang đầu của Đoàn Chủ tịch", "Start page of the Chair"),
    "observer": ("Trang đầu của Quan sát viên (chỉ xem)", "Start page of the Observer (read only)"),
}


@pytest.mark.parametrize("username", sorted(HOMES))
def test_each_role_signs_in_and_reads_its_home_in_vietnamese_then_english(
    page, live_server, username
):
    vietnamese, english = HOMES[username]
    page.goto(f"{live_server}/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password_of(username))
    page.get_by_role("button", name="Đăng nhập").click()
    banner = page.get_by_test_id("role-home")
    assert banner.inner_text() == vietnamese
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV" in page.locator("main").inner_text()
    page.get_by_role("button", name="English").click()
    assert page.get_by_test_id("role-home").inner_text() == english
    assert page.locator("html").get_attribute("lang") == "en"
    if username in ("secretariat", "credentials", "observer"):  # the overview or the desk
        assert page.get_by_test_id("summoned-total").inner_text() == "100"


def test_a_wrong_password_shows_a_clear_message(page, live_server, console_errors):
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("chair")
    page.get_by_label("Mật khẩu").fill("wrong-password")
    page.get_by_role("button", name="Đăng nhập").click()
    assert "Sai tên đăng nhập hoặc mật khẩu" in page.get_by_role("alert").inner_text()
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 401 (UNAUTHORIZED)"
    ]
    console_errors.clear()


def test_the_counting_committee_checks_the_audit_log(page, live_server):
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("counting1")
    page.get_by_label("Mật khẩu").fill(password_of("counting1"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("link", name="Nhật ký kiểm tra").click()
    page.get_by_role("link", name="Kiểm tra toàn bộ nhật ký").click()
    assert "Nhật ký nguyên vẹn" in page.get_by_test_id("verify-result").inner_text()
