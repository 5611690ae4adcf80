"""The credentials report on a small roll worked by hand: the page, and the PDF read back."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest
from sqlalchemy import delete

from tests.attendance.conftest import set_kind, set_status
from tests.conftest import csrf_from
from tests.credentials.conftest import need_tool
from votesys.congress.queries import current_congress
from votesys.roles import Actor
from votesys.roster import services as roster
from votesys.roster.models import Delegate
from votesys.roster.services import DelegateFacts

D = dt.date


def facts(number, name, gender, born, ethnicity, joined, education, theory, how, **flags):
    return DelegateFacts(
        number=number,
        full_name=name,
        gender=gender,
        birth_date=born,
        unit_id=None,
        ethnicity=ethnicity,
        joined_party_on=joined,
        education=education,
        political_theory=theory,
        how_came=how,
        is_official=flags.pop("is_official", True),
        flags=flags,
    )


@pytest.fixture
def small_roll(db):
    """Four official delegates and one seated alternate; the congress opens on 20/05/2025.

    No. name           age on 20/05/2025       Party years     present?
    1  Nguyễn Thị Hoa  34 (birthday tomorrow)  10 (joined 20/05/2015)  in the hall
    2  Trần Văn Bình   65 (birthday today)     40                      left early (attended)
    3  Lò Văn Dũng     45                      14 (joined 01/06/2010)  absent: "Ốm, nằm viện"
    4  Lê Thị Mai      55                      25                      in the hall
    5  Phạm Văn Cường  alternate seated for 3, in the hall: not summoned, not in the figures

    summoned 4: by right 2 (1, 2) 50,00%; elected 2 50,00%; present 3 75,00%; absent 1 25,00%
    women 2 (1, 4) 50,00%; minorities 2 (Tày, Thái) 50,00%
    ages: under 35: 1; 35-45: 1; 46-55: 1; 56-60: 0; over 60: 1; average 199/4 = 49,75 → 49,8
    youngest Hoa (34), oldest Bình (65)
    Party years: under 10: 0; 10-20: 2 (10, 14); 21-30: 1 (25); over 30: 1 (40)
    education: Đại học 3 (75,00%), Thạc sĩ 1 (25,00%); theory: Cao cấp 2, Trung cấp 2 (50,00%)
    """
    rows = [
        facts(1, "Nguyễn Thị Hoa", "female", D(1990, 5, 21), "Kinh", D(2015, 5, 20),
              "Thạc sĩ", "Cao cấp", "by_right"),
        facts(2, "Trần Văn Bình", "male", D(1960, 5, 20), "Tày", D(1985, 1, 1),
              "Đại học", "Cao cấp", "by_right"),
        facts(3, "Lò Văn Dũng", "male", D(1980, 1, 1), "Thái", D(2010, 6, 1),
              "Đại học", "Trung cấp", "elected", absent_whole_congress=True,
              absence_reason="Ốm, nằm viện", replaced_by_alternate=True),
        facts(4, "Lê Thị Mai", "female", D(1970, 3, 1), "Kinh", D(2000, 3, 1),
              "Đại học", "Trung cấp", "elected"),
        facts(5, "Phạm Văn Cường", "male", D(1985, 7, 7), "Kinh", D(2012, 2, 3),
              "Cao đẳng", "Sơ cấp", "elected", is_official=False, seated_for_number=3),
    ]  # fmt: skip
    with db.session(write=True) as session:
        session.execute(delete(Delegate))
        congress = current_congress(session)
        roster.add_delegates(session, Actor.console(), congress, rows)
    set_status(db, {1: "present", 2: "left", 4: "present", 5: "present"})


def lines(text: str) -> list[str]:
    """The text with runs of spaces squeezed, one line per table row."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


EXPECTED = [
    "Tổng số đại biểu được triệu tập 4",
    "– Đại biểu đương nhiên (cấp ủy viên triệu tập đại hội) 2 50,00%",
    "– Đại biểu được bầu 2 50,00%",
    "Có mặt 3 75,00%",
    "Vắng mặt 1 25,00%",
    "3 Lò Văn Dũng Ốm, nằm viện",
    "Đại biểu dự khuyết số 5, đồng chí Phạm Văn Cường, dự thay đại biểu số 3.",
    "Nữ 2 50,00%",
    "Dân tộc thiểu số 2 50,00%",
    "– Dưới 35 tuổi 1 25,00%",
    "– Từ 35 đến 45 tuổi 1 25,00%",
    "– Từ 46 đến 55 tuổi 1 25,00%",
    "– Từ 56 đến 60 tuổi 0 0,00%",
    "– Trên 60 tuổi 1 25,00%",
    "Tuổi bình quân: 49,8 tuổi",
    "Trẻ tuổi nhất: đồng chí Nguyễn Thị Hoa (số 1), sinh ngày 21/05/1990, 34 tuổi",
    "Cao tuổi nhất: đồng chí Trần Văn Bình (số 2), sinh ngày 20/05/1960, 65 tuổi",
    "– Dưới 10 năm 0 0,00%",
    "– Từ 10 đến 20 năm 2 50,00%",
    "– Từ 21 đến 30 năm 1 25,00%",
    "– Trên 30 năm 1 25,00%",
    "– Đại học 3 75,00%",
    "– Thạc sĩ 1 25,00%",
    "– Cao cấp 2 50,00%",
    "– Trung cấp 2 50,00%",
]


def page_lines(html: str) -> list[str]:
    """The report's document as text, one line per table row or paragraph."""
    document = html.split('data-testid="report-document"', 1)[1].split("</article>", 1)[0]
    document = re.sub(r"</(tr|p|h\d|div)>|<br>", "\n", document)
    document = re.sub(r"<[^>]+>", " ", document)
    document = document.replace("&amp;", "&").replace("( ", "(").replace(" )", ")")
    return [" ".join(line.split()) for line in document.splitlines() if line.strip()]


def test_the_report_page_gives_the_figures_worked_by_hand(small_roll, login_as):
    html = login_as("credentials").get("/attendance/report").get_data(as_text=True)
    found = page_lines(html)
    for line in EXPECTED:
        indented = line.removeprefix("– ")
        assert line in found or indented in found, (line, found)
    assert "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU" in found
    assert "T/M BAN THẨM TRA TƯ CÁCH ĐẠI BIỂU" in " ".join(found)
    assert "Phạm Văn Cường (số 5)" not in html  # the alternate is not in the composition


def test_the_report_is_in_vietnamese_for_an_english_viewer(small_roll, login_as):
    client = login_as("observer")
    token = csrf_from(client, "/attendance")
    client.post("/language", data={"lang": "en", "next": "/", "csrf_token": token})
    html = client.get("/attendance/report").get_data(as_text=True)
    assert "Sign out" in html  # the page around the document follows the viewer
    assert "Download the PDF" in html
    assert "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU" in html  # the document does not
    assert "Tổng số đại biểu được triệu tập" in html
    assert "Delegates summoned" not in html


def test_the_pdf_read_back_has_the_figures_in_vietnamese(small_roll, login_as, tmp_path):
    pdftotext = need_tool("pdftotext", "poppler-utils")
    response = login_as("chair").get("/attendance/report.pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.data)
    text = subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    found = lines(text)
    for line in EXPECTED:
        assert line in found, (line, found)
    for words in ("ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO THẨM TRA TƯ CÁCH ĐẠI BIỂU", "TRƯỞNG BAN"):
        assert words in text
    assert re.search(r"Số liệu tính đến \d\d:\d\d ngày \d\d/\d\d/\d{4}\.", text)


def test_a_party_member_congress_reports_as_the_convening_committee(db, small_roll, login_as):
    """At a cell's congress the convening committee reports (rules.md §7): other words, and no
    "by right / elected" lines; the figures stay the same."""
    set_kind(db, "member")
    html = login_as("observer").get("/attendance/report").get_data(as_text=True)
    found = page_lines(html)
    assert "BÁO CÁO TÌNH HÌNH ĐẢNG VIÊN DỰ ĐẠI HỘI" in found
    assert "Tổng số đảng viên được triệu tập 4" in found
    assert "Có mặt 3 75,00%" in found
    assert "T/M CẤP ỦY" in " ".join(found)
    assert "Đại biểu đương nhiên" not in html


def test_a_missing_font_says_what_to_install(small_roll, login_as, monkeypatch, tmp_path):
    monkeypatch.setenv("VOTESYS_FONT_DIR", str(tmp_path))
    response = login_as("observer").get("/attendance/report.pdf")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert f"Thiếu tệp phông chữ {tmp_path}/DejaVuSans.ttf" in html
    assert "fonts-dejavu-core" in html
