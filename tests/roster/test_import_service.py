"""import_roll: all or nothing, every problem at once, updates by number, never deletes."""

from __future__ import annotations

import json

import pytest

from tests.roster.rolls import (
    BROKEN_HEADER,
    BROKEN_PROBLEMS,
    BROKEN_ROWS,
    HEADER,
    NEW,
    csv_bytes,
    day,
    delegate,
    last_audit,
    refused,
    run_import,
    snapshot,
    xlsx_bytes,
)
from votesys.errors import Forbidden
from votesys.roles import Actor


def test_a_broken_roll_is_refused_with_every_problem_and_changes_nothing(app):
    before = snapshot(app)
    problems = refused(app, "broken.csv", csv_bytes(BROKEN_ROWS, BROKEN_HEADER))
    assert problems == BROKEN_PROBLEMS
    assert snapshot(app) == before
    assert len(before[0]) == 102 and delegate(app, 201) is None and delegate(app, 207) is None


def test_a_good_csv_creates_new_numbers_and_reports_who_is_not_in_the_file(app):
    result = run_import(app, "roll.csv", csv_bytes(NEW))
    assert (result.created, result.updated, result.unchanged) == ([201, 202, 203], [], [])
    assert len(result.not_in_file) == 102 and (1, delegate(app, 1).full_name) in result.not_in_file
    nhung = delegate(app, 201)
    assert (nhung.surname, nhung.middle_name, nhung.given_name) == ("Nguyễn", "Thị Hồng", "Nhung")
    assert (nhung.gender, nhung.birth_date, nhung.unit.name) == (
        "female",
        day("12/03/1980"),
        "Chi bộ Khu phố 1",
    )
    assert (nhung.is_official, nhung.how_came, nhung.ethnicity) == (True, "elected", "")
    entry = last_audit(app)
    assert (entry.kind, entry.actor) == ("roster.imported", "console")
    data = json.loads(entry.data)
    assert {k: data[k] for k in ("created", "updated", "unchanged", "not_in_file")} == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "not_in_file": 102,
    }
    assert data["file"] == "roll.csv" and len(data["sha256"]) == 64
    assert len(snapshot(app)[0]) == 105  # nobody was deleted


def test_a_good_xlsx_with_a_title_english_headers_and_real_dates(app):
    import datetime as dt

    header = ["No.", "FULL NAME", "gender", "Date of birth", "Party unit", "Joined the Party"]
    rows = [
        [211, "Lý Thị Mai", "female", dt.datetime(1979, 4, 30), "Chi bộ Khu phố 4", "19/05/2005"],
        [212.0, "Bùi Quang Vinh", "Nam", dt.date(1983, 9, 2), "chi bo khu pho 5", None],
    ]
    data = xlsx_bytes(rows, header, title_rows=[["DANH SÁCH ĐẠI BIỂU"], []])
    result = run_import(app, "Danh sach.XLSX", data)
    assert result.created == [211, 212]
    mai, vinh = delegate(app, 211), delegate(app, 212)
    assert (mai.gender, mai.birth_date, mai.joined_party_on) == (
        "female",
        dt.date(1979, 4, 30),
        dt.date(2005, 5, 19),
    )
    assert (vinh.unit.name, vinh.joined_party_on) == ("Chi bộ Khu phố 5", None)


def test_reimport_updates_by_number_only_the_columns_in_the_file(app):
    one, two = delegate(app, 1), delegate(app, 2)
    rows = [["1", one.full_name, one.position], ["2", two.full_name, "Phó Bí thư"]]
    data = csv_bytes(rows, ["STT", "Họ và tên", "Chức vụ"], delimiter=";", bom=False)
    result = run_import(app, "chuc-vu.csv", data)
    assert (result.created, result.updated, result.unchanged) == ([], [2], [1])
    assert delegate(app, 2).position == "Phó Bí thư"
    assert delegate(app, 2).birth_date == two.birth_date and delegate(app, 2).unit_id == two.unit_id
    again = run_import(app, "chuc-vu.csv", data)
    assert (again.updated, again.unchanged) == ([], [1, 2])


def test_reimport_can_seat_an_alternate_for_an_absent_delegate(app):
    header = ["STT", "Họ và tên", "Vắng cả đại hội", "Có dự khuyết thay", "Thay cho đại biểu số"]
    rows = [
        ["73", delegate(app, 73).full_name, "Có", "x", ""],
        ["102", delegate(app, 102).full_name, "", "", "73"],
    ]
    result = run_import(app, "thay.csv", csv_bytes(rows, header))
    assert result.updated == [73, 102]
    assert delegate(app, 73).replaced_by_alternate is True
    assert delegate(app, 102).seated_for_number == 73


def test_contradictions_with_the_stored_roll_are_found(app):
    header = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Có dự khuyết thay", "Vắng cả đại hội"]
    first, fifth, ninth = delegate(app, 1), delegate(app, 5), delegate(app, 9)
    born_5 = fifth.birth_date.strftime("%d/%m/%Y")
    rows = [
        ["1", "Hoàng Văn Khác", "01/01/1960", "Nam", "", ""],  # another person on number 1
        [
            "57",
            delegate(app, 57).full_name,
            delegate(app, 57).birth_date.strftime("%d/%m/%Y"),
            "Nam",
            "",
            "Có",
        ],  # 101 is still seated for 57
        ["9", ninth.full_name, ninth.birth_date.strftime("%d/%m/%Y"), "Nam", "Có", "Có"],
        ["210", fifth.full_name, born_5, "Nam", "", ""],  # the same person as number 5
    ]
    before = snapshot(app)
    problems = refused(app, "x.csv", csv_bytes(rows, header))
    assert problems == [
        (2, "B", "other_person"),
        (3, "E", "seated_for_not_replaced"),
        (4, "E", "convening_member_replaced"),
        (4, "E", "replaced_without_alternate"),
        (5, "", "missing_for_new"),
        (5, "B", "duplicate_person"),
    ]
    assert snapshot(app) == before
    assert first.full_name != "Hoàng Văn Khác"


def test_only_the_secretariat_may_import(app):
    before = snapshot(app)
    for role in ("credentials", "counting", "chair", "observer"):
        with pytest.raises(Forbidden):
            run_import(app, "roll.csv", csv_bytes(NEW), Actor(f"staff:{role}", role))
    assert snapshot(app) == before


def test_header_is_required_and_reported(app):
    assert refused(app, "roll.csv", csv_bytes(NEW, ["Số", "Tên", *HEADER[2:]])) == [
        (None, "", "no_header")
    ]
    header = ["STT", "Ho ten", "Gioi tinh", "Ngay sinh", "Don vi", "Ngày Sinh", "Ghi chú"]
    assert refused(app, "roll.csv", csv_bytes(NEW, header)) == [(1, "F", "duplicate_column")]


def test_the_sample_roll_in_the_docs_imports_into_the_demo_congress(app):
    from votesys.app import PROJECT_ROOT

    data = (PROJECT_ROOT / "docs" / "samples" / "roll-example.csv").read_bytes()
    result = run_import(app, "roll-example.csv", data)
    assert result.created == list(range(103, 123))
    assert result.ignored_columns == []
    assert delegate(app, 107).ethnicity == "Khmer"
    assert delegate(app, 120).is_reserve_member is True
    assert [delegate(app, n).is_official for n in (119, 121, 122)] == [True, False, False]
