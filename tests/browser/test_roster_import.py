"""The secretariat uploads a roll in a real browser: first a broken one, then a good one."""

from __future__ import annotations

import pytest

from tests.conftest import password_of
from tests.roster.rolls import BROKEN_HEADER, BROKEN_PROBLEMS, BROKEN_ROWS, NEW, csv_bytes

pytestmark = pytest.mark.browser


def test_upload_a_broken_roll_then_a_good_one(page, live_server, console_errors, tmp_path):
    broken, good = tmp_path / "hong.csv", tmp_path / "tot.csv"
    broken.write_bytes(csv_bytes(BROKEN_ROWS, BROKEN_HEADER))
    good.write_bytes(csv_bytes(NEW))
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill("secretariat")
    page.get_by_label("Mật khẩu").fill(password_of("secretariat"))
    page.get_by_role("button", name="Đăng nhập").click()
    page.goto(f"{live_server}/roster")
    page.get_by_role("link", name="Nhập danh sách từ tệp").click()
    page.get_by_label("Tệp danh sách (CSV hoặc XLSX)").set_input_files(str(broken))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    problems = page.get_by_test_id("import-problems")
    assert "có 11 lỗi" in problems.get_by_role("alert").inner_text()
    assert problems.locator("tbody tr").count() == len(BROKEN_PROBLEMS)
    console_errors.remove(
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    )
    page.get_by_label("Tệp danh sách (CSV hoặc XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    assert page.get_by_test_id("created").inner_text() == "3"
    page.get_by_role("link", name="Xem danh sách").click()
    assert "Nguyễn Thị Hồng Nhung" in page.get_by_test_id("roll").inner_text()
