"""Delegate cards in a real browser: the secretariat downloads the PDF, the credentials committee
revokes a card after confirming, the card's own page then says it is revoked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.conftest import password_of
from votesys.credentials.models import Card

pytestmark = pytest.mark.browser


def sign_in(page, live_server, username):
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password_of(username))
    page.get_by_role("button", name="Đăng nhập").click()


def test_print_then_revoke_with_confirmation(app, page, live_server, tmp_path):
    sign_in(page, live_server, "secretariat")
    page.goto(f"{live_server}/cards")
    assert "0 trên 102 đại biểu có thẻ" in page.get_by_test_id("card-counts").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("print-missing").click()
    saved = tmp_path / "cards.pdf"
    download.value.save_as(saved)
    assert download.value.suggested_filename == "the-dai-bieu.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    page.goto(f"{live_server}/cards")
    assert "102 trên 102 đại biểu có thẻ" in page.get_by_test_id("card-counts").inner_text()
    assert page.get_by_test_id("print-missing").is_disabled()

    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, "credentials")
    page.goto(f"{live_server}/cards")
    row = page.locator("tr[data-number='17']")
    assert row.get_by_role("link", name="Cấp lại").count() == 0  # the secretariat's alone
    row.get_by_role("link", name="Thu hồi").click()
    assert page.get_by_test_id("confirm-number").inner_text() == "17"
    page.get_by_label("Lý do").fill("Mất thẻ")
    page.get_by_test_id("confirm").click()
    assert "Thẻ của đại biểu số 17 đã bị thu hồi" in page.get_by_role("status").inner_text()
    assert "Chưa có thẻ" in page.locator("tr[data-number='17']").inner_text()
    with app.extensions["votesys.db"].session() as session:
        revoked = session.scalars(select(Card).where(Card.revoked_at.is_not(None))).one()
        assert (revoked.delegate.number, revoked.revoke_reason) == (17, "Mất thẻ")


def test_typing_a_code_on_a_phone_sized_screen(page, live_server, console_errors):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{live_server}/c")
    page.get_by_label("Mã thẻ").fill("K7M2-9XQ4-Q")
    page.get_by_role("button", name="Kiểm tra mã").click()
    assert "gõ nhầm" in page.get_by_test_id("code-error").inner_text()
    page.wait_for_load_state("networkidle")
    assert console_errors == [
        "Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"
    ]
    console_errors.clear()
