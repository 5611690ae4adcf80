"""Roll files for the tests, written the way organisers write them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from votesys.audit.models import AuditEntry
from votesys.congress.queries import current_congress
from votesys.roles import Actor
from votesys.roster import exporting, services
from votesys.roster.errors import RollRefused
from votesys.roster.importing import read_roll
from votesys.roster.models import Delegate

HEADER = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Đơn vị", "Chức vụ", "Ghi chú"]
NEW = [
    ["201", "Nguyễn Thị Hồng Nhung", "Nữ", "12/03/1980", "Chi bộ Khu phố 1", "Đảng viên", ""],
    ["202", "Trần Văn Ước", "Nam", "01/12/1968", "Chi bộ Trạm Y tế", "Bí thư Chi bộ", ""],
    ["203", "Đặng Minh Ánh", "Nam", "30/06/1990", "Chi bộ Công an Phường", "Chi ủy viên", ""],
]


def csv_bytes(rows, header=HEADER, delimiter=",", bom=True) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows, header=HEADER, title_rows=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in title_rows:
        sheet.append(row)
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def snapshot(app):
    """Everything an import may change: every delegate's values, and the audit log's head."""
    with app.extensions["votesys.db"].session() as session:
        delegates = session.scalars(select(Delegate).order_by(Delegate.number)).all()
        return (
            [tuple(getattr(d, name) for name in sorted(services.ROLL_FIELDS)) for d in delegates],
            session.scalar(select(func.max(AuditEntry.seq))),
        )


def delegate(app, number: int) -> Delegate | None:
    with app.extensions["votesys.db"].session() as session:
        query = select(Delegate).options(joinedload(Delegate.unit)).where(Delegate.number == number)
        return session.scalars(query).first()


def last_audit(app) -> AuditEntry:
    with app.extensions["votesys.db"].session() as session:
        return session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).one()


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


BROKEN_HEADER = [
    "STT",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Đơn vị",
    "Ngày vào Đảng",
    "Chính thức / Dự khuyết",
    "Thay cho đại biểu số",
    "Vắng cả đại hội",
]
BROKEN_ROWS = [
    ["201", "Phạm Văn Một", "Nam", "31/02/1970", "Chi bộ Khu phố 1", "", "", "", ""],
    ["x12", "Lê Thị Hai", "Nữ", "01/01/1980", "Chi bộ Khu phố 99", "", "", "", ""],
    ["203", "", "Nữ", "01/01/1980", "Chi bộ Khu phố 2", "", "", "", ""],
    ["204", "Võ Văn Bốn", "Ông", "05/05/2080", "Chi bộ Khu phố 3", "", "", "", ""],
    ["205", "Hồ Văn Năm", "Nam", "01/01/1975", "Chi bộ Trạm Y tế", "01/01/1970", "", "57", ""],
    ["206", "Ngô Thị Sáu", "Nữ", "02/02/1982", "Chi bộ Trạm Y tế", "", "Dự khuyết", "999", ""],
    ["206", "Ngô Thị Sáu", "Nữ", "02/02/1982", "Chi bộ Trạm Y tế", "", "Dự khuyết", "", ""],
    ["207", "Đỗ Văn Bảy", "Nam", "03/03/1977", "Chi bộ Trạm Y tế", "", "", "", "Có lẽ"],
]
BROKEN_PROBLEMS = [
    (2, "D", "no_such_date"),
    (3, "A", "not_whole_number"),
    (3, "E", "unknown_unit_close"),
    (4, "B", "required"),
    (5, "C", "bad_gender"),
    (5, "D", "date_in_future"),
    (6, "F", "joined_before_born"),
    (6, "H", "seated_for_official"),
    (7, "H", "seated_for_unknown"),
    (8, "A", "duplicate_number"),
    (9, "I", "bad_flag"),
]


def run_import(app, filename, data, actor=None):
    with app.extensions["votesys.db"].session(write=True) as session:
        congress = current_congress(session)
        units = {unit.name: unit.id for unit in congress.units}
        parsed = read_roll(filename, data, units)
        return services.import_roll(session, actor or Actor.console(), congress, parsed)


def refused(app, filename, data) -> list[tuple]:
    with pytest.raises(RollRefused) as caught:
        run_import(app, filename, data)
    return [(p.row, p.letter, p.code) for p in caught.value.problems]


def export(app, kind, actor=None) -> bytes:
    with app.extensions["votesys.db"].session() as session:
        congress = current_congress(session)
        return exporting.export_roll(session, actor or Actor.console(), congress, kind)
