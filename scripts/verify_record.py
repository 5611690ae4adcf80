#!/usr/bin/env python3
"""Verify a votesys election record offline (kiểm tra hồ sơ bầu cử), without the app.

    python scripts/verify_record.py RECORD.json [--workers N]

Needs only votesys/core (pure Python) and PyNaCl and cryptography: no Flask, no database. It
checks every ballot's proofs (on every core), adds the ciphertexts up again, checks every partial
decryption, decrypts the totals again, recomputes the result with the rules engine, checks the
audit log's chain and that its entries agree with the record, and that each receipt appears once.
Exit 0 when all holds; 1 naming every failure; 2 for a file that is not a record.

Where to read: votesys/core/verify/__init__.py (the order of the checks), then rounds.py,
ballots.py, ceremony.py, result.py, audit.py; docs/record.md describes the file, docs/protocol.md
every byte of the cryptography.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from votesys.core.verify.console import verify_file  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("record", type=Path, help="the record file (votesys record export)")
    parser.add_argument("--workers", type=int, help="processes for the ballots (default: cores)")
    args = parser.parse_args(argv)
    return verify_file(args.record, sys.stdout, sys.stderr, workers=args.workers)


if __name__ == "__main__":
    sys.exit(main())
