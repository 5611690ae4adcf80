"""A counted round's result as files: CSV for spreadsheets, and the stored JSON itself.

The CSV is UTF-8 with a byte order mark (so Excel shows Vietnamese letters), one row per name in
ballot order (``core.minutes.export.result_rows_csv_of``); every cell passes through the roll
export's ``neutralise``, so a name beginning with = + - @ cannot run as a formula. The JSON is
``Tally.result`` byte for byte: its SHA-256 is the fingerprint printed on the minutes.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from votesys.core.minutes.export import result_rows_csv_of
from votesys.roster.exporting import neutralise
from votesys.tally.models import Tally
from votesys.tally.queries import OPINION

OPINION_HEADER = ("number", "id", "full_name", "agree", "attending", "threshold", "is_agreed")


def result_csv(result: dict[str, Any]) -> bytes:
    rows = _opinion_rows(result) if result.get("format") == OPINION else result_rows_csv_of(result)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def result_json(tally: Tally) -> bytes:
    """The stored result exactly as counted and fingerprinted."""
    return tally.result.encode("utf-8")


def _opinion_rows(result: dict[str, Any]) -> list[list[str]]:
    rows = [list(OPINION_HEADER)]
    for number, row in enumerate(result["candidates"], start=1):
        rows.append(
            [
                str(number),
                row["id"],
                row["name"],
                str(row["agree"]),
                str(result["attending"]),
                str(result["threshold"]),
                "yes" if row["is_agreed"] else "no",
            ]
        )
    return rows
