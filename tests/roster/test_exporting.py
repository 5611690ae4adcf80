"""Export: the import's Vietnamese headers, a round trip that changes nothing, no formulas."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.roster.rolls import delegate, export, run_import, snapshot
from votesys.errors import Forbidden
from votesys.roles import Actor
from votesys.roster import exporting
from votesys.roster.models import Delegate

HEADERS = [
    "STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Ngày vào Đảng", "Ngày chính thức",
    "Đơn vị", "Chức vụ", "Trình độ học vấn", "Lý luận chính trị", "Đương nhiên / Được bầu",
    "Chính thức / Dự khuyết", "Đảng viên dự bị", "Vắng cả đại hội", "Lý do vắng",
    "Lý do được chấp nhận", "Có dự khuyết thay", "Sinh hoạt tạm thời nơi khác", "Miễn sinh hoạt",
    "Bị đình chỉ sinh hoạt hoặc truy tố", "Thay cho đại biểu số", "Ghi chú",
]  # fmt: skip
INJECTIONS = {
    "position": '=HYPERLINK("http://evil.example/","Bấm vào đây")',
    "note": "@SUM(1+1)*cmd|' /C calc'!A0",
    "absence_reason": "+1+1",
    "education": "-2+3",
}


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to show Vietnamese
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_the_csv_has_the_vietnamese_headers_and_the_hall_s_values(app):
    rows = csv_rows(export(app, "csv"))
    assert rows[0] == HEADERS
    assert len(rows) == 103
    by_number = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
    seated = by_number["101"]
    assert seated["Chính thức / Dự khuyết"] == "Dự khuyết"
    assert seated["Thay cho đại biểu số"] == "57"
    absent = by_number["57"]
    assert (absent["Vắng cả đại hội"], absent["Có dự khuyết thay"]) == ("Có", "Có")
    assert by_number["1"]["Đương nhiên / Được bầu"] == "Đương nhiên"
    first = delegate(app, 1)
    assert by_number["1"]["Ngày sinh"] == first.birth_date.strftime("%d/%m/%Y")
    assert by_number["1"]["Giới tính"] == {"male": "Nam", "female": "Nữ"}[first.gender]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(app, kind):
    before = snapshot(app)
    result = run_import(app, f"roll.{kind}", export(app, kind))
    assert (len(result.created), len(result.updated), len(result.unchanged)) == (0, 0, 102)
    assert result.not_in_file == [] and result.ignored_columns == []
    after = snapshot(app)
    assert after[0] == before[0] and after[1] == before[1] + 1


def _inject(app):
    with app.extensions["votesys.db"].session(write=True) as session:
        five = session.scalars(select(Delegate).where(Delegate.number == 5)).one()
        for name, value in INJECTIONS.items():
            setattr(five, name, value)
        session.commit()


def test_formula_injection_is_neutralised_in_csv_and_xlsx_and_survives_a_round_trip(app):
    _inject(app)
    rows = csv_rows(export(app, "csv"))
    five = dict(zip(HEADERS, next(row for row in rows if row[0] == "5"), strict=True))
    assert five["Chức vụ"] == "'" + INJECTIONS["position"]
    assert five["Ghi chú"] == "'" + INJECTIONS["note"]
    assert five["Lý do vắng"] == "'+1+1"
    assert five["Trình độ học vấn"] == "'-2+3"
    sheet = load_workbook(io.BytesIO(export(app, "xlsx"))).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    position = cells[5][HEADERS.index("Chức vụ")]
    assert (position.value, position.data_type) == ("'" + INJECTIONS["position"], "s")
    formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    for kind in ("csv", "xlsx"):
        result = run_import(app, f"roll.{kind}", export(app, kind))
        assert len(result.unchanged) == 102, kind
        assert delegate(app, 5).position == INJECTIONS["position"]


def test_the_xlsx_has_real_numbers_and_dates(app):
    sheet = load_workbook(io.BytesIO(export(app, "xlsx"))).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 1)
    assert row[0].value == 1 and row[3].value.date() == delegate(app, 1).birth_date
    assert row[3].number_format == "DD/MM/YYYY"


@pytest.mark.parametrize("role", ["counting", "chair", "observer"])
def test_export_needs_the_secretariat_or_the_credentials_committee(app, role):
    with pytest.raises(Forbidden):
        export(app, "csv", Actor(f"staff:{role}", role))
    assert export(app, "csv", Actor("staff:credentials", "credentials")).startswith(b"\xef")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert exporting.neutralise(start + "1") == "'" + start + "1"
    assert exporting.neutralise("Bí thư " + start) == "Bí thư " + start
