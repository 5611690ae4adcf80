"""Reading a roll file into rows of cells (CSV or XLSX), within limits; the cells are parsed by
``importing``.

Limits: 5 MB per file, 50 MB unzipped for an XLSX, 5,000 delegates, 60 columns. A run of 1,000
empty rows ends the table.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 60
HEADER_SEARCH_ROWS = 10
BLANK_RUN_ENDS_TABLE = 1000


class Refused(Exception):
    """The file (or a cell) cannot be used; ``code`` and ``params`` say why."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def table(filename: str, data: bytes) -> list[tuple[int, list]]:
    if len(data) > MAX_FILE_BYTES:
        raise Refused("file_too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if suffix == "csv":
        rows = _csv_rows(data)
    elif suffix in ("xlsx", "xlsm"):
        rows = _xlsx_rows(data)
    elif suffix == "xls":
        raise Refused("old_excel")
    else:
        raise Refused("unknown_file_type", name=filename)
    table, blank_run = [], 0
    for line, cells in rows:
        if all(blank(cell) for cell in cells):
            blank_run += 1
            if blank_run >= BLANK_RUN_ENDS_TABLE:
                break
            continue
        blank_run = 0
        table.append((line, list(cells[:MAX_COLUMNS])))
        if len(table) > MAX_ROWS + HEADER_SEARCH_ROWS + 1:
            break
    if not table:
        raise Refused("empty_file")
    return table


def _csv_rows(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused("not_utf8") from None
    top = [line for line in text.splitlines() if line.strip()][:HEADER_SEARCH_ROWS]
    delimiter = (
        ";" if sum(line.count(";") for line in top) > sum(line.count(",") for line in top) else ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise Refused("bad_csv", line=reader.line_num, detail=str(error)) from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise Refused("not_xlsx") from None
    if unzipped > MAX_UNZIPPED_BYTES:
        raise Refused("file_too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise Refused("not_xlsx") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record wrong dimensions; read what is there
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True)
        yield from enumerate(rows, start=1)
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - a damaged sheet's XML
        raise Refused("not_xlsx") from None
    finally:
        workbook.close()


def blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())
