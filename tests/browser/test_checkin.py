"""The check-in desk in headless Chromium: typed code, USB scanner, search, colours, undo,
leave/return, and the camera (Chromium's fake video capture fed with a printed card)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from tests.browser.conftest import CHROMIUM_FLAGS
from tests.conftest import STRICT, need, password_of
from votesys.congress.queries import current_congress
from votesys.core.codes import format_short_code
from votesys.core.names import fold
from votesys.credentials import pdf, services
from votesys.credentials.queries import card_url
from votesys.roles import Actor

pytestmark = pytest.mark.browser

SECRETARIAT = Actor("staff:secretariat", "secretariat")
FRAME = (640, 480)


@pytest.fixture
def cards(app) -> dict:
    """A card for every delegate, through the credentials' service: number → IssuedCard."""
    with app.extensions["votesys.db"].session(write=True) as session:
        congress = current_congress(session)
        key = app.extensions["votesys.card_code_key"]
        issued = services.issue_missing(session, SECRETARIAT, congress, key)
        for item in issued:  # read what the tests print before the session closes
            _ = item.delegate.unit.name if item.delegate.unit else ""
    return {item.delegate.number: item for item in issued}


def sign_in(page, live_server, username="credentials"):
    page.goto(f"{live_server}/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password_of(username))
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server}/checkin")


def panel(page):
    return page.get_by_test_id("result")


def wait_for(page, status: str, name: str):
    """The panel shows ``status`` for ``name`` (the JSON answer may take a moment)."""
    page.wait_for_selector(f"#result.result-{status}")
    page.wait_for_function(
        "name => document.querySelector('[data-testid=result-name]').textContent === name", arg=name
    )


def wait_recent(page, count: int):
    """The list of the latest events has ``count`` lines (it is refreshed after each answer)."""
    page.wait_for_function("n => document.querySelectorAll('#recent li').length === n", arg=count)


def test_a_typed_code_is_green_then_amber_on_the_second_scan(page, live_server, cards):
    item = cards[5]
    sign_in(page, live_server)
    scan = page.get_by_test_id("scan-input")
    scan.fill(format_short_code(item.code).lower())
    scan.press("Enter")
    wait_for(page, "green", item.delegate.full_name)
    assert page.get_by_test_id("result-title").inner_text().upper() == "ĐÃ ĐIỂM DANH"
    assert page.locator(".result-icon").inner_text() == "✔"
    assert page.get_by_test_id("result-number").inner_text() == "Số 5"
    assert page.get_by_test_id("result-unit").inner_text() == item.delegate.unit.name
    message = page.get_by_test_id("result-message").inner_text()
    assert message.startswith("Đã điểm danh lúc ")
    assert page.get_by_test_id("present-count").inner_text() == "1"
    assert page.get_by_test_id("summoned-total").inner_text() == "100"
    scan.fill(item.code)
    scan.press("Enter")
    wait_for(page, "amber", item.delegate.full_name)
    time = message.removeprefix("Đã điểm danh lúc ").rstrip(".")
    assert page.get_by_test_id("result-message").inner_text() == (
        f"Đã điểm danh trước đó, lúc {time}."
    )
    assert page.locator(".result-icon").inner_text() == "⚠"
    assert page.get_by_test_id("present-count").inner_text() == "1"
    # Nothing was written, so nothing to undo; the delegate is in the hall, so: left early.
    assert page.locator("#result-undo").is_hidden() and page.locator("#result-return").is_hidden()
    assert page.locator("#result-leave").is_visible()


def test_a_usb_scanner_types_the_card_url_and_enter_without_touching_the_screen(
    page, live_server, cards
):
    item = cards[6]
    sign_in(page, live_server)
    url = card_url(live_server, item.token)
    page.keyboard.type(url + "\n")  # the scan field has the focus from the start
    wait_for(page, "green", item.delegate.full_name)
    assert page.evaluate("document.activeElement.id") == "scan-input"
    page.keyboard.type(url + "\n")  # the same card again within 3 s: ignored, still green
    page.wait_for_timeout(500)
    assert page.locator("#result").get_attribute("class") == "result result-green"
    wait_recent(page, 1)
    assert "máy quét" in page.locator("#recent li").first.inner_text()


def test_search_without_accents_then_a_tap_checks_in(page, live_server, cards):
    item = cards[7]
    sign_in(page, live_server)
    typed = fold(item.delegate.full_name)
    assert typed != item.delegate.full_name.lower()  # the demo name has accents
    page.get_by_test_id("search-input").fill(typed)
    result = page.locator(".search-result", has_text=item.delegate.full_name)
    result.wait_for()
    assert "Chưa đến" in result.inner_text() and "Số 7" in result.inner_text()
    result.click()
    wait_for(page, "green", item.delegate.full_name)
    assert page.get_by_test_id("search-input").input_value() == ""
    wait_recent(page, 1)
    assert "tìm kiếm" in page.locator("#recent li").first.inner_text()


def test_a_revoked_card_and_garbage_are_red(page, live_server, cards, app):
    item = cards[8]
    with app.extensions["votesys.db"].session(write=True) as session:
        services.revoke(
            session, SECRETARIAT, current_congress(session), item.delegate.id, "Mất thẻ"
        )
    sign_in(page, live_server)
    page.keyboard.type(card_url(live_server, item.token) + "\n")
    wait_for(page, "red", item.delegate.full_name)
    assert page.get_by_test_id("result-title").inner_text().upper() == "THẺ ĐÃ BỊ THU HỒI"
    assert "Mất thẻ" in page.get_by_test_id("result-message").inner_text()
    assert page.locator(".result-icon").inner_text() == "✖"
    page.keyboard.type("xin chao\n")
    wait_for(page, "red", "")
    assert page.get_by_test_id("result-title").inner_text().upper() == "MÃ KHÔNG HỢP LỆ"
    assert "ký tự" in page.get_by_test_id("result-message").inner_text()
    assert page.get_by_test_id("present-count").inner_text() == "0"
    assert page.locator("#recent li").count() == 0


def test_undo_leave_and_come_back(page, live_server, cards):
    item = cards[19]
    name = item.delegate.full_name
    sign_in(page, live_server)
    page.keyboard.type(item.token + "\n")
    wait_for(page, "green", name)
    page.locator("#result-undo").click()
    wait_for(page, "undone", name)
    assert page.get_by_test_id("result-message").inner_text().startswith("Đã hoàn tác: điểm danh")
    assert page.get_by_test_id("present-count").inner_text() == "0"
    assert page.locator("#result-undo").is_hidden()
    page.keyboard.type(format_short_code(item.code) + "\n")
    wait_for(page, "green", name)
    page.get_by_role("button", name="Ra về sớm").click()
    wait_for(page, "amber", name)
    assert page.get_by_test_id("left-count").inner_text() == "1"
    assert page.get_by_test_id("present-count").inner_text() == "0"
    page.get_by_role("button", name="Đã trở lại").click()
    wait_for(page, "green", name)
    assert page.get_by_test_id("result-title").inner_text().upper() == "ĐÃ TRỞ LẠI"
    assert page.get_by_test_id("left-count").inner_text() == "0"
    assert page.get_by_test_id("present-count").inner_text() == "1"
    wait_recent(page, 5)
    kinds = page.locator("#recent .recent-kind").all_inner_texts()
    assert kinds == ["Đã trở lại", "Đã ra về", "Đã điểm danh", "Hoàn tác", "Đã điểm danh"]


def test_an_absent_delegate_needs_a_confirmation(page, live_server, cards):
    absent = cards[73].delegate  # the roll marks No. 73 absent for the whole congress
    sign_in(page, live_server)
    page.get_by_test_id("search-input").fill("73")
    page.locator(".search-result", has_text=absent.full_name).click()
    wait_for(page, "amber", absent.full_name)
    assert "vắng mặt cả Đại hội" in page.get_by_test_id("result-message").inner_text()
    assert page.get_by_test_id("present-count").inner_text() == "0"
    assert page.locator("#result-undo").is_hidden() and page.locator("#result-leave").is_hidden()
    page.get_by_role("button", name="Vẫn điểm danh").click()
    wait_for(page, "green", absent.full_name)
    assert "Việc gia đình" in page.get_by_test_id("result-notes").inner_text()
    assert page.get_by_test_id("present-count").inner_text() == "1"


def test_without_a_camera_the_desk_says_what_to_do(page, live_server):
    sign_in(page, live_server)
    page.get_by_test_id("camera-toggle").click()
    message = page.get_by_test_id("camera-message")
    page.wait_for_function("() => document.querySelector('#camera-message').textContent !== ''")
    # Headless Chromium without the fake-device flags has no camera at all.
    assert message.inner_text() == (
        "Không tìm thấy camera trên thiết bị này. Hãy dùng máy quét USB hoặc nhập mã."
    )
    assert page.get_by_test_id("camera-toggle").inner_text() == "Bật camera"


# --- the camera ---


def printed_card(item, base: str, folder: Path) -> Image.Image:
    """The card as the secretariat prints it (their PDF, rendered by pdftoppm), cut out."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        message = "pdftoppm is not installed (Debian package poppler-utils)"
        if STRICT:
            pytest.fail(message)
        pytest.skip(message)
    sheets = pdf.CardSheets("Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV", base)
    sheets.add(item)
    (folder / "card.pdf").write_bytes(sheets.output())
    dpi = 150
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-png", "-singlefile", "card.pdf", "card"],
        cwd=folder,
        check=True,
        timeout=60,
    )
    sheet = Image.open(folder / "card.png").convert("RGB")
    box = [round(mm * dpi / 25.4) for mm in (pdf.LEFT, pdf.TOP)]
    size = [round(mm * dpi / 25.4) for mm in (pdf.CARD_W, pdf.CARD_H)]
    return sheet.crop((box[0], box[1], box[0] + size[0], box[1] + size[1]))


def write_y4m(image: Image.Image, path: Path, frames: int = 10) -> None:
    """A YUV4MPEG2 file of the image on a grey desk, 640×480, 4:2:0, repeated ``frames`` times."""
    frame = Image.new("RGB", FRAME, (200, 200, 200))
    card = image.copy()
    card.thumbnail((FRAME[0] - 40, FRAME[1] - 40))
    frame.paste(card, ((FRAME[0] - card.width) // 2, (FRAME[1] - card.height) // 2))
    y, cb, cr = frame.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = y.tobytes() + cb.resize(half).tobytes() + cr.resize(half).tobytes()
    header = f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + (b"FRAME\n" + planes) * frames)


def test_the_camera_reads_a_printed_card_and_checks_in_once(browser, live_server, cards, tmp_path):
    item = cards[12]
    image = printed_card(item, live_server, tmp_path)
    video = tmp_path / "card.y4m"
    write_y4m(image, video)
    camera_flags = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    camera = browser.browser_type.launch(
        executable_path=need("VOTESYS_TEST_CHROMIUM", "headless Chromium"),
        headless=True,
        args=CHROMIUM_FLAGS + camera_flags,
    )
    errors: list[str] = []
    try:
        context = camera.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        sign_in(page, live_server)
        page.get_by_test_id("camera-toggle").click()
        page.wait_for_selector("#result.result-green", timeout=20000)
        wait_for(page, "green", item.delegate.full_name)
        assert page.get_by_test_id("camera-message").inner_text() == (
            "Camera đang bật: hãy đưa mã QR trên thẻ vào trước camera."
        )
        assert page.get_by_test_id("result-number").inner_text() == "Số 12"
        # The card stays in front of the camera: still one check-in, the panel stays green.
        page.wait_for_timeout(2500)
        assert page.locator("#result").get_attribute("class") == "result result-green"
        wait_recent(page, 1)
        assert "camera" in page.locator("#recent li").first.inner_text()
        page.get_by_test_id("camera-toggle").click()
        assert page.locator("#camera-video").is_hidden()
        context.close()
    finally:
        camera.close()
    assert errors == []
