"""Writing the roll to CSV or XLSX (xuất danh sách đại biểu), in a form the import reads back.

The headers are the import's Vietnamese ones, in the same order, and every value is written the
way the import reads it, so an exported file re-imports unchanged. The CSV is UTF-8 with a byte
order mark (so Excel shows Vietnamese letters) and commas. The XLSX has real dates and numbers.

A text cell that starts with = + - @, a tab or a carriage return could run as a formula when the
file is opened in a spreadsheet (CSV/formula injection): such a cell is written with an
apostrophe in front, which the import takes off again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable

from sqlalchemy.orm import Session

from votesys.congress.models import Congress
from votesys.roles import Actor, require
from votesys.roster import queries
from votesys.roster.importing import COLUMNS, FORMULA_STARTS, day_text
from votesys.roster.models import Delegate

CHOICE_TEXT = {
    "gender": {"male": "Nam", "female": "Nữ"},
    "how_came": {"by_right": "Đương nhiên", "elected": "Được bầu"},
    "is_official": {True: "Chính thức", False: "Dự khuyết"},
}
YES = "Có"
SHEET_TITLE = "Danh sách đại biểu"
CSV_NAME = "danh-sach-dai-bieu.csv"
XLSX_NAME = "danh-sach-dai-bieu.xlsx"


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet cannot take for a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def header() -> list[str]:
    return [column.vi for column in COLUMNS]


def row_of(delegate: Delegate) -> list:
    """One delegate as typed cells: int, date, or text (already neutralised)."""
    cells = []
    for column in COLUMNS:
        value = _value(delegate, column.field, column.kind)
        cells.append(neutralise(value) if isinstance(value, str) else value)
    return cells


def _value(delegate: Delegate, name: str, kind: str):
    if kind == "unit":
        return delegate.unit.name if delegate.unit else ""
    value = getattr(delegate, name)
    if kind == "choice":
        return CHOICE_TEXT[name][value]
    if kind == "flag":
        return YES if value else ""
    if value is None:
        return ""
    return value


def to_csv(delegates: Iterable[Delegate]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header())
    for delegate in delegates:
        writer.writerow(
            [day_text(cell) if isinstance(cell, dt.date) else cell for cell in row_of(delegate)]
        )
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(delegates: Iterable[Delegate]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    sheet.append(header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for delegate in delegates:
        sheet.append(row_of(delegate))
    for column_cells in sheet.iter_cols(min_row=2):
        for cell in column_cells:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(8, min(40, len(column.vi) + 4))
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


FORMATS = {
    "csv": (to_csv, "text/csv; charset=utf-8", CSV_NAME),
    "xlsx": (
        to_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        XLSX_NAME,
    ),
}


def export_roll(session: Session, actor: Actor, congress: Congress, kind: str) -> bytes:
    """The whole roll as a ``"csv"`` or ``"xlsx"`` file, in Vietnamese alphabetical order."""
    require(actor.role, "roster.export")
    write = FORMATS[kind][0]
    return write(queries.delegates(session, congress))
