"""Reading roll files: encodings, delimiters, headers, every kind of cell, the limits."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.roster.rolls import HEADER, NEW, csv_bytes, xlsx_bytes
from votesys.roster import importing
from votesys.roster.importing import read_roll

UNITS = {"Chi bộ Khu phố 1": 1, "Chi bộ Trạm Y tế": 2, "Chi bộ Công an Phường": 3}
TODAY = dt.date(2025, 5, 20)


def read(filename, data, today=TODAY):
    return read_roll(filename, data, UNITS, today)


def codes(roll):
    return [(p.row, p.letter, p.code) for p in roll.problems]


def test_utf8_with_or_without_bom_comma_or_semicolon_read_the_same():
    variants = [
        csv_bytes(NEW),
        csv_bytes(NEW, bom=False),
        csv_bytes(NEW, delimiter=";"),
        csv_bytes(NEW, delimiter=";", bom=False),
    ]
    rolls = [read("roll.csv", data) for data in variants]
    assert all(roll.problems == [] for roll in rolls)
    values = [[row.values for row in roll.rows] for roll in rolls]
    assert values[0] == values[1] == values[2] == values[3]
    assert values[0][0] == {
        "number": 201,
        "full_name": "Nguyễn Thị Hồng Nhung",
        "gender": "female",
        "birth_date": dt.date(1980, 3, 12),
        "unit_id": 1,
        "position": "Đảng viên",
        "note": "",
    }
    assert [row.line for row in rolls[0].rows] == [2, 3, 4]


def test_headers_ignore_accents_case_and_punctuation_and_unknown_ones_are_listed():
    header = ["stt", "HO VA TEN", "Giới Tính", "ngay sinh", "Don vi", "Quê quán", "Chức vụ:", ""]
    rows = [[*row[:5], "Hà Nội", row[5], "lạc cột"] for row in NEW]
    roll = read("roll.csv", csv_bytes(rows, header))
    assert roll.problems == []
    assert roll.ignored == ["F · Quê quán", "H"]
    assert roll.headers["position"] == ("Chức vụ:", "G")
    assert roll.rows[1].values["position"] == "Bí thư Chi bộ"


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Có", True),
        ("x", True),
        ("TRUE", True),
        ("1", True),
        (True, True),
        ("Không", False),
        ("", False),
        ("no", False),
        (False, False),
    ],
)
def test_flags(cell, value):
    data = xlsx_bytes(
        [[1, "Lê Văn An", "Nam", "01/01/1970", "Chi bộ Trạm Y tế", cell]],
        [*HEADER[:5], "Vắng cả đại hội"],
    )
    roll = read("roll.xlsx", data)
    assert roll.problems == [] and roll.rows[0].values["absent_whole_congress"] is value


def test_the_words_of_the_roll_in_vietnamese_and_english():
    header = [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Đương nhiên / Được bầu",
        "Chính thức / Dự khuyết",
    ]
    rows = [
        ["1", "Lê Văn An", "nam", "1/2/1970", "Đương nhiên", "chính thức"],
        ["2", "Lê Thị Bình", "NỮ", "1970-02-03", "duoc bau", "DỰ KHUYẾT"],
        ["3", "Lê Văn Cường", "male", "03.04.1971", "elected", "alternate"],
        ["4", "Lê Thị Dung", "Female", "04-05-1972", "", ""],
    ]
    roll = read("roll.csv", csv_bytes(rows, header))
    assert roll.problems == []
    assert [
        (r.values["gender"], r.values["birth_date"], r.values["how_came"], r.values["is_official"])
        for r in roll.rows
    ] == [
        ("male", dt.date(1970, 2, 1), "by_right", True),
        ("female", dt.date(1970, 2, 3), "elected", False),
        ("male", dt.date(1971, 4, 3), "elected", False),
        ("female", dt.date(1972, 5, 4), "elected", True),
    ]


def test_every_bad_cell_is_reported_by_row_and_column():
    header = [*HEADER[:5], "Trình độ học vấn", "Chức vụ", "Thay cho đại biểu số", "Ngày vào Đảng"]
    rows = [
        [0, "Lê Văn An", "Nam", dt.datetime(2010, 1, 1), "Chi bộ Trạm Y tế", "", "", "", ""],
        [
            12.5,
            "Lê Văn Bình",
            "Nam",
            "1970",
            "Chi bộ Trạm Y tế",
            dt.datetime(2025, 12, 12),
            "x" * 301,
            "-3",
            "01/01/1890",
        ],
        [3, "Lê Văn Cường", "N", "29/02/1971", "", "", "", "", "02/01/2026"],
    ]
    roll = read("roll.xlsx", xlsx_bytes(rows, header))
    assert codes(roll) == [
        (2, "A", "number_out_of_range"),
        (2, "D", "too_young"),
        (3, "A", "not_whole_number"),
        (3, "D", "bad_date"),
        (3, "F", "became_date"),
        (3, "G", "too_long"),
        (3, "H", "not_whole_number"),
        (3, "I", "date_too_early"),
        (4, "C", "bad_gender"),
        (4, "D", "no_such_date"),
        (4, "E", "required"),
        (4, "I", "date_in_future"),
    ]
    assert roll.problems[5].params == {"limit": 300, "length": 301}
    assert roll.rows[0].broken == {"number", "birth_date"}


def test_an_exported_apostrophe_is_taken_off_again():
    rows = [["1", "Lê Văn An", "Nam", "01/01/1970", "Chi bộ Trạm Y tế", "'=SUM(A1)", "'tên"]]
    roll = read("roll.csv", csv_bytes(rows))
    assert roll.rows[0].values["position"] == "=SUM(A1)"
    assert roll.rows[0].values["note"] == "'tên"  # only before a formula character


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("roll.xls", b"\xd0\xcf\x11\xe0", "old_excel"),
        ("roll.pdf", b"%PDF-1.4", "unknown_file_type"),
        ("roll", b"STT", "unknown_file_type"),
        ("roll.xlsx", b"PK\x03\x04 not really", "not_xlsx"),
        ("roll.xlsx", b"STT,H\xe1\xbb\x8d", "not_xlsx"),
        ("roll.csv", "STT,Họ và tên\n1,Lê Văn Ất\n".encode("utf-16"), "not_utf8"),
        ("roll.csv", b"\n\n ,\n", "empty_file"),
        ("roll.csv", b"a,b\n1,2\n", "no_header"),
        ("roll.csv", b"x" * (importing.MAX_FILE_BYTES + 1), "file_too_large"),
    ],
)
def test_files_that_cannot_be_read(filename, data, code):
    assert codes(read(filename, data)) == [(None, "", code)]


def test_a_missing_required_column_is_named():
    roll = read("roll.csv", csv_bytes([["1", "Nam"]], ["Họ và tên", "Giới tính"]))
    assert codes(roll) == [(1, "", "missing_column")]
    assert roll.problems[0].params == {"vi": "STT", "en": "Number"}


def test_the_row_limit_is_said(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    roll = read("roll.csv", csv_bytes(NEW))
    assert codes(roll) == [(4, "", "too_many_rows")]
    assert len(roll.rows) == 2


def test_a_long_run_of_empty_rows_ends_the_table():
    rows = [NEW[0]] + [[""] * 7] * importing.BLANK_RUN_ENDS_TABLE + [NEW[1]]
    roll = read("roll.csv", csv_bytes(rows))
    assert [row.number for row in roll.rows] == [201]


def test_unknown_units_suggest_the_closest():
    rows = [
        ["1", "Lê Văn An", "Nam", "01/01/1970", "Chi bo Tram y te 2"],
        ["2", "Lê Văn Bình", "Nam", "01/01/1970", "Ban Tuyên giáo"],
    ]
    roll = read("roll.csv", csv_bytes(rows, HEADER[:5]))
    assert codes(roll) == [(2, "E", "unknown_unit_close"), (3, "E", "unknown_unit")]
    assert roll.problems[0].params["closest"] == "Chi bộ Trạm Y tế"
