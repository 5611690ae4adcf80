"""The import page, the export downloads and the roll's links, through the Flask client."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import csrf_from, login
from tests.roster.rolls import (
    BROKEN_HEADER,
    BROKEN_PROBLEMS,
    BROKEN_ROWS,
    NEW,
    csv_bytes,
    delegate,
    snapshot,
    xlsx_bytes,
)

STAFF = {
    "secretariat": "secretariat",
    "credentials": "credentials",
    "counting": "counting1",
    "chair": "chair",
    "observer": "observer",
}
IMPORTERS = {"secretariat"}
EXPORTERS = {"secretariat", "credentials"}
READS = {
    "/roster/import": IMPORTERS,
    "/roster/export.csv": EXPORTERS,
    "/roster/export.xlsx": EXPORTERS,
}


def upload(client, name: str, data: bytes, token: str | None = None):
    token = token or csrf_from(client, "/roster/import")
    return client.post(
        "/roster/import",
        data={"csrf_token": token, "roll_file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_the_secretariat_imports_a_file_and_sees_what_was_done(app, client):
    login(client, "secretariat")
    page = client.get("/roster/import").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and "Nhập danh sách đại biểu" in page
    response = upload(client, "danh-sach.xlsx", xlsx_bytes(NEW))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Đã nhập tệp danh-sach.xlsx." in html
    assert re.search(r'data-testid="created">3<', html)
    assert re.search(r'data-testid="not-in-file">102<', html)
    assert delegate(app, 201).full_name == "Nguyễn Thị Hồng Nhung"


def test_a_broken_file_shows_every_problem_in_a_table_and_changes_nothing(app, client):
    login(client, "secretariat")
    before = snapshot(app)
    response = upload(client, "hong.csv", csv_bytes(BROKEN_ROWS, BROKEN_HEADER))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert snapshot(app) == before
    assert "Tệp hong.csv chưa được nhập: có 11 lỗi." in html
    rows = re.findall(r'<tr data-code="([a-z_]+)">\s*<td class="num">(\d+)</td>\s*<td>(\w)', html)
    assert [(int(row), letter, code) for code, row, letter in rows] == BROKEN_PROBLEMS
    assert "Có phải là “Chi bộ Khu phố 9”?" in html
    assert "Số 206 đã có ở dòng 7." in html


def test_a_post_without_a_file_says_so_and_changes_nothing(app, client):
    login(client, "secretariat")
    before = snapshot(app)
    token = csrf_from(client, "/roster/import")
    response = client.post("/roster/import", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Chọn tệp danh sách (.xlsx hoặc .csv)." in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_downloads_are_attachments_not_cached(client):
    login(client, "credentials")
    csv_response = client.get("/roster/export.csv")
    assert csv_response.headers["Content-Disposition"] == (
        'attachment; filename="danh-sach-dai-bieu.csv"'
    )
    assert csv_response.headers["Cache-Control"] == "no-store"
    assert csv_response.content_type == "text/csv; charset=utf-8"
    xlsx = client.get("/roster/export.xlsx")
    assert load_workbook(io.BytesIO(xlsx.data)).active["B1"].value == "Họ và tên"
    assert client.get("/roster/export.pdf").status_code == 404


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("secretariat", ["/roster/import", "/roster/export.xlsx", "/roster/export.csv"]),
        ("credentials", ["/roster/export.xlsx", "/roster/export.csv"]),
        ("chair", []),
    ],
)
def test_the_roll_links_only_what_the_role_may_do(client, role, links):
    login(client, STAFF[role])
    html = client.get("/roster").get_data(as_text=True)
    assert re.findall(r'href="(/roster/(?:import|export\.\w+))"', html) == links


@pytest.mark.parametrize("role", sorted(STAFF))
def test_reads_and_the_import_by_role(app, client, role):
    assert login(client, STAFF[role]).status_code == 302
    for url, allowed in READS.items():
        status = client.get(url).status_code
        assert status == (200 if role in allowed else 403), (role, url, status)
    token = csrf_from(client, "/congress")
    before = snapshot(app)
    response = upload(client, "roll.csv", csv_bytes(NEW), token)
    if role in IMPORTERS:
        assert response.status_code == 200 and snapshot(app) != before
    else:
        assert response.status_code == 403, (role, response.status_code)
        assert snapshot(app) == before


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(app, client):
    for url in READS:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
    before = snapshot(app)
    response = upload(client, "roll.csv", csv_bytes(NEW), csrf_from(client, "/login"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert snapshot(app) == before
