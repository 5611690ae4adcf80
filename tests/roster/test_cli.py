"""`votesys roster import FILE` and `votesys roster export FILE`."""

from __future__ import annotations

import json

from tests.roster.rolls import (
    BROKEN_HEADER,
    BROKEN_PROBLEMS,
    BROKEN_ROWS,
    NEW,
    csv_bytes,
    delegate,
    last_audit,
    snapshot,
    xlsx_bytes,
)
from votesys.roster.cli import roster


def invoke(app, *args):
    return app.test_cli_runner().invoke(roster, list(args))


def test_import_a_good_file_prints_the_counts_in_vietnamese(app, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx_bytes(NEW))
    result = invoke(app, "import", str(path))
    assert result.exit_code == 0, result.output + result.stderr
    assert "Đã nhập tệp danh-sach.xlsx: 3 đại biểu mới, 0 được cập nhật, 0 không thay đổi." in (
        result.output
    )
    assert "102 đại biểu có trong danh sách nhưng không có trong tệp, được giữ nguyên:" in (
        result.output
    )
    listed = [line for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(listed) == 31 and listed[-1] == "  … và 72 đại biểu khác."
    assert delegate(app, 203).full_name == "Đặng Minh Ánh"
    assert json.loads(last_audit(app).data)["created"] == 3


def test_import_a_broken_file_prints_every_problem_exits_1_and_changes_nothing(app, tmp_path):
    path = tmp_path / "hong.csv"
    path.write_bytes(csv_bytes(BROKEN_ROWS, BROKEN_HEADER))
    before = snapshot(app)
    result = invoke(app, "import", str(path))
    assert result.exit_code == 1
    assert snapshot(app) == before
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Tệp hong.csv chưa được nhập: có 11 lỗi. Không có gì bị thay đổi.")
    assert len(lines) == 1 + len(BROKEN_PROBLEMS)
    assert lines[1] == (
        "Dòng 2, cột D (Ngày sinh): Không có ngày 31/02/1970. Ghi ngày theo dạng ngày/tháng/năm, "
        "năm đủ bốn chữ số, ví dụ 20/05/1975."
    )
    for line, (row, letter, _code) in zip(lines[1:], BROKEN_PROBLEMS, strict=True):
        assert line.startswith(f"Dòng {row}, cột {letter} ("), line


def test_import_in_english_on_request(app, tmp_path):
    path = tmp_path / "roll.txt"
    path.write_text("STT,Họ và tên\n")
    result = invoke(app, "import", str(path), "--lang", "en")
    assert result.exit_code == 1
    assert "Whole file: The file roll.txt is neither CSV nor XLSX." in result.stderr


def test_export_by_extension_and_back(app, tmp_path):
    for name in ("roll.csv", "roll.xlsx"):
        result = invoke(app, "export", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert result.output.strip() == f"Đã ghi 102 đại biểu vào {tmp_path / name}."
        back = invoke(app, "import", str(tmp_path / name))
        assert "0 đại biểu mới, 0 được cập nhật, 102 không thay đổi." in back.output
    wrong = invoke(app, "export", str(tmp_path / "roll.pdf"))
    assert wrong.exit_code == 2 and "The file must end in .csv or .xlsx." in wrong.stderr
