"""The minutes of a round voted on the tablets: the page (in Vietnamese even for an English
viewer), the PDF read back, and a round not yet counted. Figures: tests/minutes/conftest.py."""

from __future__ import annotations

import re
import subprocess

from tests.conftest import csrf_from
from tests.credentials.conftest import need_tool
from tests.elections.conftest import open_ready_round
from tests.minutes.conftest import box_round, names_of, release
from votesys.core.verify import record_format
from votesys.elections.models import Round
from votesys.record import queries as record_queries
from votesys.tally.models import Tally

PERCENTS = ("53,06%", "58,16%", "56,12%", "10,20%", "52,04%")
VOTES = (52, 57, 55, 10, 51)
ELECTED_ORDER = (1, 2, 0, 4)  # ballot positions (from 0), highest votes first


def squeeze(text: str) -> str:
    return " ".join(text.split())


def document_text(html: str) -> str:
    """The minutes' article as text, one line per row, line or paragraph."""
    article = html.split('data-testid="minutes-document"', 1)[1].split("</article>", 1)[0]
    article = re.sub(r"</(tr|p|h\d|div)>|<br>", "\n", squeeze(article))
    article = re.sub(r"<[^>]+>", " ", article)
    return "\n".join(squeeze(line) for line in article.splitlines() if line.strip())


def english(client):
    token = csrf_from(client, "/congress")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    return client


def fingerprint_of(db, round_id: int) -> str:
    with db.session() as session:
        return session.get(Tally, round_id).fingerprint


def record_fingerprint_of(db, round_id: int) -> str:
    """The round's election record fingerprint, from the file a staff member downloads."""
    with db.session() as session:
        fingerprint = record_queries.fingerprint(session, session.get(Round, round_id))
        section = record_queries.section(session, session.get(Round, round_id))
    assert fingerprint == record_format.record_fingerprint(section) and len(fingerprint) == 64
    return fingerprint


def test_the_page_gives_the_figures_in_vietnamese_for_an_english_viewer(db, login_as):
    round_ = box_round(db)
    release(db, round_)
    names = names_of(db, round_.id)
    client = english(login_as("observer"))
    response = client.get(f"/minutes/{round_.id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Download the PDF" in html  # the page around the document follows the viewer
    text = document_text(html)
    lines = text.splitlines()
    for expected in (
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "BIÊN BẢN KIỂM PHIẾU",
        "Bầu Ban Chấp hành, lần bầu thứ 1",
        "Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV, nhiệm kỳ 2025-2030",
        "Số lượng Đại hội quyết định bầu 4 người",
        "Tổng số đại biểu chính thức được triệu tập 100",
        "− Cấp ủy viên triệu tập đại hội vắng mặt suốt thời gian đại hội (số 9) 1",
        "− Đại biểu chính thức vắng mặt suốt thời gian đại hội không có đại biểu dự khuyết "
        "thay thế (số 73) 1",
        "Cơ sở B 98",
        "Số phiếu cần để trúng cử (quá một nửa B) 50",
        "Số đại biểu có mặt khi bầu cử 61",
        "Số đại biểu vắng mặt khi bầu cử 39",
        "Số phiếu phát ra 60",
        "Số phiếu thu vào 60",
        "Số phiếu hợp lệ 58",
        "Số phiếu không hợp lệ 2",
        "Để lại nhiều tên hơn số lượng cần bầu 1",
        "Đại biểu cố ý bỏ phiếu không hợp lệ 1",
        "B = triệu tập − các trường hợp trừ 100 − 1 − 1 = 98 đúng",
        "Hợp lệ + không hợp lệ = thu vào 58 + 2 = 60 đúng",
        "Làm tròn tỷ lệ phần trăm so với B hai chữ số thập phân, làm tròn (từ 5 trở lên làm "
        "tròn lên)",
        "Trúng cử, từ cao xuống thấp:",
    ):
        assert expected in lines, (expected, lines)
    for position, name in enumerate(names):
        votes, percent = VOTES[position], PERCENTS[position]
        outcome = "Không trúng cử" if position == 3 else "Trúng cử"
        assert f"{position + 1} {name} {votes} {votes}/98 {percent} {outcome}" in lines
    ranked = [f"{place} {names[p]} {VOTES[p]} {PERCENTS[p]}" for place, p in
              enumerate(ELECTED_ORDER, start=1)]  # fmt: skip
    assert [line for line in lines if line in ranked] == ranked  # highest first, in that order
    assert fingerprint_of(db, round_.id) in text
    record = record_fingerprint_of(db, round_.id)
    assert f"Dấu vân tay của hồ sơ bầu cử (SHA-256, docs/record.md) {record}" in lines
    assert f"http://localhost/record/{round_.id}.json" in text
    assert "votesys record export --out FILE" in text and "votesys verify FILE" in text
    assert re.search(r"Thời điểm kết thúc bỏ phiếu \d\d giờ \d\d phút, ngày \d\d tháng", text)
    assert "Lê Văn Bình" in text and "trùng khớp" in text  # the electronic confirmation
    # Signature blocks: the two members, then the head of the committee last.
    signatures = html.split('data-testid="signatures"', 1)[1].split("</footer>", 1)[0]
    roles = re.findall(r"<strong>([^<]+)</strong>", signatures)
    assert roles == ["ỦY VIÊN", "ỦY VIÊN", "TRƯỞNG BAN"]
    assert "Delegates summoned" not in text and "Ballots issued" not in text


def test_the_pdf_read_back_has_the_figures_and_the_names(db, login_as, tmp_path):
    pdftotext = need_tool("pdftotext", "poppler-utils")
    round_ = release(db, box_round(db))
    names = names_of(db, round_.id)
    response = english(login_as("chair")).get(f"/minutes/{round_.id}.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = [squeeze(line) for line in text.splitlines() if line.strip()]
    for expected in (
        "BIÊN BẢN KIỂM PHIẾU",
        "Cơ sở B 98",
        "Số phiếu hợp lệ 58",
        "Số phiếu không hợp lệ 2",
        "Để lại nhiều tên hơn số lượng cần bầu 1",
        "Đại biểu cố ý bỏ phiếu không hợp lệ 1",
    ):
        assert expected in lines, (expected, lines)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "TRƯỞNG BAN" in text
    for position, name in enumerate(names):
        votes = VOTES[position]
        assert any(
            line.startswith(f"{position + 1} {name} {votes} {votes}/98 {PERCENTS[position]}")
            for line in lines
        ), (name, lines)
    ranked = [f"{place} {names[p]} {VOTES[p]} {PERCENTS[p]}" for place, p in
              enumerate(ELECTED_ORDER, start=1)]  # fmt: skip
    assert [line for line in lines if line in ranked] == ranked
    assert fingerprint_of(db, round_.id) in text
    assert record_fingerprint_of(db, round_.id) in text.replace("\n", "").replace(" ", "")


def test_a_round_not_counted_has_no_minutes_and_says_why(db, login_as):
    round_ = open_ready_round(db)
    client = login_as("observer")
    for url in (
        f"/minutes/{round_.id}",
        f"/minutes/{round_.id}.pdf",
        f"/minutes/{round_.id}/result.csv",
        f"/minutes/{round_.id}/result.json",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        page = squeeze(response.get_data(as_text=True))
        assert "Lần bầu 1 của Ban Chấp hành chưa có biên bản" in page, url
        assert "Ban kiểm phiếu kiểm phiếu lần bầu này" in page
    response = client.get("/minutes/all.pdf")
    assert response.status_code == 404
    assert "Chưa có lần bầu nào của Đại hội được kiểm phiếu" in response.get_data(as_text=True)
    assert client.get("/minutes/9999").status_code == 404
