#!/usr/bin/env python3
"""Benchmark: importing a national congress's roll (about 1,600 delegates) from Excel.

    .venv/bin/python scripts/bench_import.py [--delegates 1600] [--units 60]

Generates a realistic XLSX (Vietnamese names, dates, units, a few absences and alternates),
then times, on a fresh SQLite database: reading and checking every cell, the import itself
(the checks against the roll, the inserts, the audit event), a re-import of the same file (every
delegate unchanged), and the export to XLSX and CSV. Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.congress import services as congress_services  # noqa: E402
from votesys.congress.queries import current_congress  # noqa: E402
from votesys.demo.people import person  # noqa: E402
from votesys.demo.seed import CONGRESS  # noqa: E402
from votesys.roles import Actor  # noqa: E402
from votesys.roster import exporting, services  # noqa: E402
from votesys.roster.importing import COLUMNS, read_roll  # noqa: E402


def make_roll(delegates: int, units: list[str], rng: random.Random) -> bytes:
    """An XLSX as organisers keep it: a title row, the header, one row per delegate."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐẠI BIỂU ĐẠI HỘI"])
    sheet.append([column.vi for column in COLUMNS])
    taken: set[str] = set()
    alternates = max(2, delegates // 50)
    officials = delegates - alternates
    for number in range(1, delegates + 1):
        facts = person(rng, CONGRESS.starts_on, taken)
        official = number <= officials
        seat = number - officials if not official and number - officials <= 3 else None
        replaced = official and number <= 3
        absent = replaced or number % 97 == 0
        sheet.append(
            [
                number,
                facts["full_name"],
                "Nữ" if facts["gender"] == "female" else "Nam",
                facts["birth_date"],
                facts["ethnicity"],
                facts["joined_party_on"],
                facts["official_member_on"],
                units[number % len(units)],
                rng.choice(["Bí thư", "Phó Bí thư", "Ủy viên", "Đảng viên"]),
                facts["education"],
                facts["political_theory"],
                "Được bầu",
                "Chính thức" if official else "Dự khuyết",
                "",
                "Có" if absent else "",
                "Ốm" if absent else "",
                "Có" if absent else "",
                "Có" if replaced else "",
                "",
                "",
                "",
                seat,
                "",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(label: str, action):
    start = time.perf_counter()
    value = action()
    print(f"{label:<44} {time.perf_counter() - start:8.3f} s")
    return value


def import_once(database, actor: Actor, data: bytes, label: str) -> None:
    with database.session(write=True) as session:
        congress = current_congress(session)
        ids = {unit.name: unit.id for unit in congress.units}
        start = time.perf_counter()
        parsed = timed("  read and check every cell", lambda: read_roll("r.xlsx", data, ids))
        if parsed.problems:
            raise SystemExit(f"the generated roll has problems: {parsed.problems[:5]}")
        result = timed(
            "  check against the roll, write, audit",
            lambda: services.import_roll(session, actor, congress, parsed),
        )
        total = time.perf_counter() - start
    counts = (len(result.created), len(result.updated), len(result.unchanged))
    print(f"{label:<44} {total:8.3f} s  (created, updated, unchanged) = {counts}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--units", type=int, default=60)
    args = parser.parse_args()
    unit_names = [f"Đảng bộ số {n}" for n in range(1, args.units + 1)]
    data = timed(
        "generate the XLSX", lambda: make_roll(args.delegates, unit_names, random.Random(7))
    )
    print(f"{'file size':<44} {len(data) / 1024:8.0f} KiB, {args.delegates} delegates")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        schema.upgrade(url)
        app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": url})
        database = app.extensions["votesys.db"]
        actor = Actor.console()
        with database.session(write=True) as session:
            units = [(name, "cell") for name in unit_names]
            congress_services.create_congress(session, actor, CONGRESS, units)
        for label in ("import into an empty roll", "re-import the same file (all unchanged)"):
            import_once(database, actor, data, label)
        with database.session() as session:
            congress = current_congress(session)
            for kind in ("xlsx", "csv"):
                timed(
                    f"export to {kind}",
                    lambda kind=kind: exporting.export_roll(session, actor, congress, kind),
                )
        database.dispose()
    print(f"{'date':<44} {dt.date.today().isoformat()}")


if __name__ == "__main__":
    main()
