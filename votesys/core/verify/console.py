"""Running the verifier at a console: read the file, show progress, print the report, and the
exit status (0: everything holds; 1: something fails, every failure named; 2: unreadable file).
Shared by ``votesys verify`` and scripts/verify_record.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TextIO

from votesys.core.verify import verify_record


class Progress:
    """One line per round, rewritten as the ballots are checked (at most 5 times a second)."""

    def __init__(self, stream: TextIO):
        self.stream, self.shown, self.current = stream, 0.0, ""

    def __call__(self, where: str, done: int, total: int) -> None:
        now = time.monotonic()
        if where != self.current or done == total or now - self.shown > 0.2:
            end = "\n" if done == total else "\r"
            self.stream.write(f"{where}: {done}/{total} ballots checked{end}")
            self.stream.flush()
            self.current, self.shown = where, now


def verify_file(path: Path, out: TextIO, err: TextIO, *, workers: int | None = None) -> int:
    started = time.monotonic()
    try:
        with path.open(encoding="utf-8") as file:
            record = json.load(file)
    except (OSError, ValueError) as error:
        err.write(
            f"FAIL {path}: not a readable JSON record ({error}). Export it again with "
            "`votesys record export --out FILE` or from the minutes page.\n"
        )
        return 2
    report = verify_record(record, workers=workers, progress=Progress(err))
    for line in report.lines():
        out.write(line + "\n")
    out.write(f"({time.monotonic() - started:.1f} s)\n")
    return 0 if report.ok else 1
