"""Reading the roll from a CSV or XLSX file (nhập danh sách đại biểu từ tệp), rules.md §5, §7.

Organisers keep the roll in Excel; this reads their file as it is. CSV: UTF-8 with or without a
byte-order mark, comma or semicolon (whichever the header line uses more). XLSX: the first sheet,
read-only, cached values of formulas. The header row is the first of the first ten non-empty rows
naming the number or the full name column; headers are Vietnamese or English, compared without
accents, case or punctuation (``COLUMNS``). Columns we do not know are ignored and listed, never
silently dropped. Row numbers are the spreadsheet's own (1-based), columns its letters.

Every cell of every row is parsed; what cannot be used becomes a ``Problem`` (row, column, code,
params) and parsing goes on, so the secretariat gets the whole list at once. Checks between
fields and against the roll already stored are made by ``services.import_roll``, which refuses
the whole file if any problem is found.

Limits: 5 MB per file, 50 MB unzipped for an XLSX, 5,000 delegates, 60 columns, the text lengths
of the roll's columns. A run of 1,000 empty rows ends the table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from votesys.core.names import BadName, fold, split_name
from votesys.roster.errors import Problem
from votesys.roster.reading import (  # noqa: F401 - the limits are part of this module's API
    BLANK_RUN_ENDS_TABLE,
    HEADER_SEARCH_ROWS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
)
from votesys.roster.reading import Refused as _Refused
from votesys.roster.reading import blank as _blank
from votesys.roster.reading import table as _table

MAX_NUMBER = 99999
MEMBER_MIN_AGE = 18
# A cell an export neutralised against formula injection starts with an apostrophe (exporting.py).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TRUE_WORDS = frozenset({"co", "x", "1", "v", "yes", "y", "true", "dung", "\u2713", "\u2714"})
FALSE_WORDS = frozenset({"", "khong", "0", "no", "n", "false", "sai"})
GENDER_WORDS = {"nam": "male", "male": "male", "m": "male", "nu": "female", "female": "female"}
GENDER_WORDS["f"] = "female"
HOW_CAME_WORDS = {"duong nhien": "by_right", "by right": "by_right", "duoc bau": "elected"}
HOW_CAME_WORDS.update({"bau": "elected", "elected": "elected", "": "elected"})
OFFICIAL_WORDS = {"chinh thuc": True, "official": True, "ct": True, "": True}
OFFICIAL_WORDS.update({"du khuyet": False, "alternate": False, "dk": False})
CHOICES = {
    "gender": (GENDER_WORDS, "bad_gender"),
    "how_came": (HOW_CAME_WORDS, "bad_how_came"),
    "is_official": (OFFICIAL_WORDS, "bad_official"),
}


@dataclass(frozen=True)
class Column:
    """A column of the roll: its field, its Vietnamese and English headers, how a cell is read."""

    field: str
    vi: str
    en: str
    kind: str
    limit: int = 0  # the longest text that fits in the database


# In the order of an export. The Vietnamese header is what an export writes.
COLUMNS = (
    Column("number", "STT", "Number", "number"),
    Column("full_name", "Họ và tên", "Full name", "name", 200),
    Column("gender", "Giới tính", "Gender", "choice"),
    Column("birth_date", "Ngày sinh", "Birth date", "date"),
    Column("ethnicity", "Dân tộc", "Ethnicity", "text", 60),
    Column("joined_party_on", "Ngày vào Đảng", "Joined the Party", "date"),
    Column("official_member_on", "Ngày chính thức", "Official member since", "date"),
    Column("unit", "Đơn vị", "Party unit", "unit"),
    Column("position", "Chức vụ", "Position", "text", 300),
    Column("education", "Trình độ học vấn", "Education", "text", 60),
    Column("political_theory", "Lý luận chính trị", "Political theory", "text", 60),
    Column("how_came", "Đương nhiên / Được bầu", "By right or elected", "choice"),
    Column("is_official", "Chính thức / Dự khuyết", "Official or alternate", "choice"),
    Column("is_reserve_member", "Đảng viên dự bị", "Reserve member", "flag"),
    Column("absent_whole_congress", "Vắng cả đại hội", "Absent whole congress", "flag"),
    Column("absence_reason", "Lý do vắng", "Absence reason", "text", 300),
    Column("absence_reason_accepted", "Lý do được chấp nhận", "Reason accepted", "flag"),
    Column("replaced_by_alternate", "Có dự khuyết thay", "Replaced by alternate", "flag"),
    Column(
        "temporary_activity_elsewhere",
        "Sinh hoạt tạm thời nơi khác",
        "Temporary activity elsewhere",
        "flag",
    ),
    Column("exempted_from_activity", "Miễn sinh hoạt", "Exempted from activity", "flag"),
    Column(
        "suspended_or_prosecuted",
        "Bị đình chỉ sinh hoạt hoặc truy tố",
        "Suspended or prosecuted",
        "flag",
    ),
    Column("seated_for_number", "Thay cho đại biểu số", "Seated for number", "seat"),
    Column("note", "Ghi chú", "Note", "text", 300),
)
# Other headers met on real rolls.
ALIASES = {
    "number": ("Số thứ tự", "Số TT", "Số đại biểu", "No"),
    "full_name": ("Họ tên", "Name"),
    "gender": ("Sex",),
    "birth_date": ("Date of birth", "Born"),
    "joined_party_on": ("Joined party on",),
    "unit": ("Chi bộ", "Đảng bộ bộ phận", "Unit"),
    "education": ("Học vấn", "Chuyên môn", "Trình độ chuyên môn"),
    "political_theory": ("Trình độ lý luận chính trị", "LLCT"),
    "how_came": ("How came",),
}
REQUIRED = frozenset({"number", "full_name", "gender", "birth_date"})  # a cell may not be blank
BY_FIELD = {column.field: column for column in COLUMNS}
# The model's column behind "unit" is unit_id: the cell names the unit, the row stores its id.
FIELD_OF = {"unit": "unit_id"}


def header_key(text: object) -> str:
    """A header compared without accents, case or punctuation: "Họ và tên" → "ho va ten"."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text or ""))).split())


HEADERS = {
    header_key(name): column
    for column in COLUMNS
    for name in (column.vi, column.en, column.field, *ALIASES.get(column.field, ()))
}


@dataclass
class RollRow:
    """One delegate's row: the values given (model field → value), the fields that were wrong."""

    line: int
    values: dict
    broken: set[str] = field(default_factory=set)

    @property
    def number(self) -> int | None:
        return self.values.get("number")


@dataclass
class ParsedRoll:
    """The file read: its rows, every problem found, the columns used and those ignored."""

    filename: str
    sha256: str
    rows: list[RollRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headers: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (header, letter)
    ignored: list[str] = field(default_factory=list)

    def where(self, field_name: str) -> tuple[str, str]:
        """The column's header as written in the file and its letter (the Vietnamese if absent)."""
        name = "unit" if field_name == "unit_id" else field_name
        return self.headers.get(name, (BY_FIELD[name].vi, ""))


def unit_index(units: Mapping[str, int]) -> dict[str, tuple[int, str]]:
    """The congress's units by folded name: {"chi bo khu pho 1": (id, "Chi bộ Khu phố 1")}."""
    return {" ".join(fold(name).split()): (unit_id, name) for name, unit_id in units.items()}


def read_roll(
    filename: str, data: bytes, units: Mapping[str, int], today: dt.date | None = None
) -> ParsedRoll:
    """Read and check every cell of a roll file; ``units`` maps unit names to their ids."""
    roll = ParsedRoll(filename=filename, sha256=hashlib.sha256(data).hexdigest())
    try:
        table = _table(filename, data)
        start, mapping = _header(table, roll)
    except _Refused as refused:
        roll.problems.append(Problem(None, "", refused.code, refused.params))
        return roll
    reader = _CellReader(unit_index(units), today or dt.date.today())
    seen: dict[int, int] = {}
    for line, cells in table[start + 1 :]:
        if len(roll.rows) == MAX_ROWS:
            roll.problems.append(Problem(line, "", "too_many_rows", {"limit": MAX_ROWS}))
            break
        row = _row(line, cells, mapping, reader, roll)
        if row.number is not None and row.number in seen:
            header, letter = roll.where("number")
            params = {"number": row.number, "first_row": seen[row.number]}
            roll.problems.append(Problem(line, header, "duplicate_number", params, letter))
            continue
        if row.number is not None:
            seen[row.number] = line
        roll.rows.append(row)
    _note_headerless_data(table[start + 1 :], mapping, roll)
    return roll


def letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _header(table: list[tuple[int, list]], roll: ParsedRoll) -> tuple[int, dict[int, Column]]:
    for position, (line, cells) in enumerate(table[:HEADER_SEARCH_ROWS]):
        found = {index: HEADERS.get(header_key(cell)) for index, cell in enumerate(cells)}
        if not any(c and c.field in ("number", "full_name") for c in found.values()):
            continue
        mapping: dict[int, Column] = {}
        for index, column in found.items():
            text = _plain(cells[index])
            if column is None:
                if text:
                    roll.ignored.append(f"{letter(index)} · {text}")
            elif column.field in roll.headers:
                first = roll.headers[column.field][0]
                params = {"first": first, "meaning": column.vi}
                roll.problems.append(Problem(line, text, "duplicate_column", params, letter(index)))
            else:
                roll.headers[column.field] = (text, letter(index))
                mapping[index] = column
        for required in ("number", "full_name"):
            if required not in roll.headers:
                column = BY_FIELD[required]
                params = {"vi": column.vi, "en": column.en}
                roll.problems.append(Problem(line, column.vi, "missing_column", params))
        return position, mapping
    raise _Refused("no_header", rows=HEADER_SEARCH_ROWS)


def _note_headerless_data(rows, mapping: dict[int, Column], roll: ParsedRoll) -> None:
    """A column holding data under an empty header is listed as ignored too."""
    named = {item.split(" · ")[0] for item in roll.ignored}
    filled = {i for _line, cells in rows for i, cell in enumerate(cells) if not _blank(cell)}
    roll.ignored += [letter(i) for i in sorted(filled - set(mapping)) if letter(i) not in named]


def _row(line, cells, mapping: dict[int, Column], reader: _CellReader, roll: ParsedRoll):
    row = RollRow(line=line, values={})
    for index, column in mapping.items():
        raw = cells[index] if index < len(cells) else None
        target = FIELD_OF.get(column.field, column.field)
        try:
            row.values.update(reader.read(column, raw))
        except _Refused as refused:
            header = roll.headers[column.field][0]
            roll.problems.append(Problem(line, header, refused.code, refused.params, letter(index)))
            row.broken.add(target)
    return row


def _plain(cell: object) -> str:
    """A cell as text: NFC, single spaces, an export's anti-formula apostrophe taken off."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell)
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return " ".join(unicodedata.normalize("NFC", text).split())


class _CellReader:
    """Turns one cell into model values, or raises _Refused with the problem's code."""

    def __init__(self, units: dict[str, tuple[int, str]], today: dt.date) -> None:
        self.units = units
        self.today = today

    def read(self, column: Column, raw: object) -> dict:
        if isinstance(raw, dt.datetime | dt.date) and column.kind != "date":
            raise _Refused("became_date", value=day_text(raw))
        text = _plain(raw)
        if not text and column.field in REQUIRED:
            raise _Refused("required")
        if column.limit and len(text) > column.limit:
            raise _Refused("too_long", limit=column.limit, length=len(text))
        return getattr(self, f"_{column.kind}")(column, raw, text)

    def _number(self, _column, raw, text) -> dict:
        return {"number": _positive(raw, text)}

    def _seat(self, _column, raw, text) -> dict:
        return {"seated_for_number": _positive(raw, text) if text else None}

    def _name(self, _column, _raw, text) -> dict:
        try:
            parts = split_name(text)
        except BadName:
            raise _Refused("required") from None
        if len(parts.surname) > 60 or len(parts.given) > 60 or len(parts.middle) > 120:
            raise _Refused("name_part_too_long")
        return {"full_name": parts.full}

    def _text(self, column, _raw, text) -> dict:
        return {column.field: text}

    def _choice(self, column, _raw, text) -> dict:
        words, code = CHOICES[column.field]
        folded = header_key(text)
        if folded not in words:
            raise _Refused(code, value=text)
        return {column.field: words[folded]}

    def _flag(self, column, raw, text) -> dict:
        if isinstance(raw, bool):
            return {column.field: raw}
        folded = fold(text)
        if folded in TRUE_WORDS or folded in FALSE_WORDS:
            return {column.field: folded in TRUE_WORDS}
        raise _Refused("bad_flag", value=text)

    def _unit(self, _column, _raw, text) -> dict:
        if not text:
            if self.units:
                raise _Refused("required")
            return {"unit_id": None}
        found = self.units.get(fold(text))
        if found is None:
            close = difflib.get_close_matches(fold(text), list(self.units), n=1, cutoff=0.6)
            if close:
                raise _Refused("unknown_unit_close", value=text, closest=self.units[close[0]][1])
            raise _Refused("unknown_unit", value=text)
        return {"unit_id": found[0]}

    def _date(self, column, raw, text) -> dict:
        if not text:
            return {column.field: None}
        day = _to_date(raw, text)
        if day > self.today:
            raise _Refused("date_in_future", value=day_text(day))
        if day.year < 1900:
            raise _Refused("date_too_early", value=day_text(day))
        if column.field == "birth_date" and years_after(self.today, -MEMBER_MIN_AGE) < day:
            raise _Refused("too_young", value=day_text(day), age=MEMBER_MIN_AGE)
        return {column.field: day}


def _positive(raw: object, text: str) -> int:
    if isinstance(raw, float) and not raw.is_integer():
        raise _Refused("not_whole_number", value=text)
    if not re.fullmatch(r"[0-9]+", text):
        raise _Refused("not_whole_number", value=text)
    number = int(text)
    if not 0 < number <= MAX_NUMBER:
        raise _Refused("number_out_of_range", value=text, limit=MAX_NUMBER)
    return number


DATE_PATTERNS = (
    (re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})"), (3, 2, 1)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), (1, 2, 3)),
)


def _to_date(raw: object, text: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    for pattern, (y, m, d) in DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                return dt.date(int(match[y]), int(match[m]), int(match[d]))
            except ValueError:
                raise _Refused("no_such_date", value=text) from None
    raise _Refused("bad_date", value=text)


def years_after(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later, or earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def day_text(value: dt.date) -> str:
    """A date as the hall writes it: 20/05/1975."""
    return value.strftime("%d/%m/%Y")
