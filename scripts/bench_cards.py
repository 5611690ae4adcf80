#!/usr/bin/env python3
"""Benchmark: issue and print the cards of a national congress (1,600 delegates by default).

    .venv/bin/python scripts/bench_cards.py [--delegates 1600] [--out cards.pdf]

Builds a throw-away SQLite congress in a temporary folder, then times the three steps the
secretariat's "print cards" button runs: issuing (hashes, audit entry, commit), drawing the QR
codes and laying out the PDF. Prints the figures; asserts nothing about time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from votesys import schema  # noqa: E402
from votesys.app import create_app  # noqa: E402
from votesys.congress import services as congress_services  # noqa: E402
from votesys.credentials import pdf as card_pdf  # noqa: E402
from votesys.credentials import services  # noqa: E402
from votesys.demo.people import person  # noqa: E402
from votesys.demo.seed import CONGRESS  # noqa: E402
from votesys.roles import Actor  # noqa: E402
from votesys.roster import services as roster  # noqa: E402
from votesys.roster.services import DelegateFacts  # noqa: E402


def seed(session, count: int):
    actor = Actor.console()
    units = [(f"Đảng bộ tỉnh thành {n}", "cell") for n in range(1, 64)]
    congress = congress_services.create_congress(session, actor, CONGRESS, units)
    rng, taken = random.Random(2025), set()
    unit_ids = [unit.id for unit in congress.units]
    rows = [
        DelegateFacts(
            number=number, unit_id=unit_ids[number % len(unit_ids)], **_person(rng, taken, congress)
        )
        for number in range(1, count + 1)
    ]
    roster.add_delegates(session, actor, congress, rows)
    return congress


def _person(rng, taken, congress) -> dict:
    facts = person(rng, congress.starts_on, taken)
    taken.discard(facts["full_name"])  # 1,600 names: allow the generator to repeat one
    return facts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=1600)
    parser.add_argument("--out", type=Path, help="keep the PDF here (default: discarded)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        schema.upgrade(url)
        app = create_app({"INSTANCE_PATH": folder, "DATABASE_URL": url})
        db, key = app.extensions["votesys.db"], app.extensions["votesys.card_code_key"]
        with db.session(write=True) as session:
            congress = seed(session, args.delegates)
        with db.session(write=True) as session:
            started = time.perf_counter()
            sheets = card_pdf.CardSheets(congress.name, "http://192.168.100.200:5000")
            fonts = time.perf_counter()
            issued = services.issue_missing(session, Actor.console(), congress, key)
            for item in issued:
                item.delegate.unit  # noqa: B018 - load the unit, as the web request does
            issued_at = time.perf_counter()
            sheets.add_all(issued)
            laid_out = time.perf_counter()
            data = sheets.output()
            done = time.perf_counter()
        app.extensions["votesys.db"].dispose()
    if args.out:
        args.out.write_bytes(data)
    pages = -(-len(issued) // card_pdf.PER_PAGE)
    print(f"cards            {len(issued)} ({pages} A4 pages)")
    print(f"fonts loaded     {fonts - started:7.2f} s")
    print(f"issued           {issued_at - fonts:7.2f} s  (tokens, HMAC codes, audit, commit)")
    print(f"QR + layout      {laid_out - issued_at:7.2f} s")
    print(f"PDF written      {done - laid_out:7.2f} s")
    total, count = done - started, len(issued)
    print(f"total            {total:7.2f} s  ({total / count * 1000:.1f} ms a card)")
    print(f"PDF size         {len(data) / 1e6:7.2f} MB ({len(data) / count / 1024:.1f} KiB a card)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
