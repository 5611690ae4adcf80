"""Hostile roll files: any bytes as CSV or XLSX, an export with its cells mangled (template and
formula injection, path names, control characters, huge cells), a file over the limit, an XLSX
that unzips to more than the limit, and what the exports then write.

A refused file answers 400 with its problems and changes no row; an accepted one shows every
name as text (``{{7*7}}`` stays ``{{7*7}}``) and exports no cell a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import csrf_from, login
from tests.security.conftest import digest, fuzz
from votesys.roster.importing import FORMULA_STARTS
from votesys.roster.reading import MAX_FILE_BYTES

HOSTILE_TEXT = st.sampled_from(
    [
        "{{7*7}}",
        "{% raw %}{{ config }}{% endraw %}",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://evil.example","x")',
        "+SUM(1,2)",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
        "../../etc/passwd",
        "..\\..\\boot.ini",
        "\x00",
        "A" * 400,
        "Nguyễn Văn {{7*7}}",
        "=cmd|' /C calc'!A0",
    ]
) | st.text(max_size=60)


def upload(client, name: str, data: bytes):
    token = csrf_from(client, "/roster/import")
    return client.post(
        "/roster/import",
        data={"roll_file": (io.BytesIO(data), name), "csrf_token": token},
        content_type="multipart/form-data",
    )


def exported_csv(client) -> list[list[str]]:
    response = client.get("/roster/export.csv")
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_any_bytes_as_a_roll_file_are_refused_and_change_nothing(app, client, db):
    assert login(client, "secretariat").status_code == 302

    @fuzz()
    @given(
        data=st.binary(max_size=2000)
        | st.text(max_size=500).map(lambda text: ("STT,Họ và tên\n" + text).encode()),
        name=st.sampled_from(["roll.csv", "roll.xlsx", "../../roll.csv", "roll.xls", "roll"]),
    )
    def property_(data, name):
        before = digest(db)
        response = upload(client, name, data)
        assert response.status_code in (200, 400), response.status_code
        if response.status_code == 400:
            assert digest(db) == before

    property_()


def test_a_mangled_export_is_refused_whole_or_imported_as_text(app, client, db):
    assert login(client, "secretariat").status_code == 302
    rows = exported_csv(client)
    header, body = rows[0], rows[1:4]

    @fuzz()
    @given(
        row=st.integers(0, len(body) - 1),
        column=st.integers(1, len(header) - 1),
        value=HOSTILE_TEXT,
    )
    def property_(row, column, value):
        mangled = [list(item) for item in body]
        mangled[row][column] = value
        out = io.StringIO()
        csv.writer(out).writerows([header, *mangled])
        before = digest(db)
        response = upload(client, "danh-sach.csv", out.getvalue().encode("utf-8"))
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 400), response.status_code
        assert "<script>alert(1)</script>" not in page
        if response.status_code == 400:
            assert digest(db) == before
        roll = client.get("/roster").get_data(as_text=True)
        assert "<script>alert(1)</script>" not in roll
        if "{{7*7}}" in value and response.status_code == 200 and column == 1:
            assert "{{7*7}}" in roll
        for cells in exported_csv(client)[1:]:
            for cell in cells:
                assert not cell.startswith(FORMULA_STARTS), cell

    property_()


def test_a_file_over_the_limit_is_refused(app, client, db):
    assert login(client, "secretariat").status_code == 302
    before = digest(db)
    big = b"STT,H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan\n" + b"1,A\n" * (MAX_FILE_BYTES // 4 + 10)
    response = upload(client, "roll.csv", big)
    assert response.status_code == 400
    assert digest(db) == before


def test_an_xlsx_that_unzips_to_more_than_the_limit_is_refused(app, client, db):
    """A zip bomb: a few hundred kilobytes that would be 60 MB of sheet XML."""
    assert login(client, "secretariat").status_code == 302
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"/>',
        )
        bomb.writestr("xl/worksheets/sheet1.xml", b"<x>" + b" " * (60 * 1024 * 1024) + b"</x>")
    data = buffer.getvalue()
    assert len(data) < MAX_FILE_BYTES
    before = digest(db)
    response = upload(client, "roll.xlsx", data)
    assert response.status_code == 400
    assert digest(db) == before


def test_names_that_look_like_templates_or_formulas_are_shown_and_exported_as_text(client, db):
    assert login(client, "secretariat").status_code == 302
    rows = exported_csv(client)
    header, first = rows[0], list(rows[1])
    first[1] = "Nguyễn Văn {{7*7}}"
    position = header.index("Chức vụ")
    first[position] = '=HYPERLINK("http://evil.example","x")'
    out = io.StringIO()
    csv.writer(out).writerows([header, first])
    response = upload(client, "{{7*7}}../../x.csv", out.getvalue().encode("utf-8"))
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    roll = client.get("/roster").get_data(as_text=True)
    assert "Nguyễn Văn {{7*7}}" in roll and "Nguyễn Văn 49" not in roll
    again = exported_csv(client)
    cells = [cell for row in again for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(client.get("/roster/export.xlsx").get_data()))
    sheet = workbook.active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.value for cell in values if cell.data_type == "f"]
    assert "Nguyễn Văn {{7*7}}" in [cell.value for cell in values]
