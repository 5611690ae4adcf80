#!/usr/bin/env python3
"""What the server spends checking one encrypted ballot at casting (``verify_ballot_json``).

    .venv/bin/python scripts/bench_ballot_verify.py [--ballots 20] [--names 13,250]
                                                    [--threads 1,2,3]

Distinct random strike ballots (K = 200 for 250 names, K = 10 for 13; 3 invalid-reason flags),
each verified once per way and thread count in turn, p50 and p95 over the ballots: the quick
path the server runs (``verify_ballot_json``), and the full path it falls back to for a ballot
that fails (every point decoded and checked, then the proofs on Point objects: what every
ballot cost before the quick path). ``run(...)`` returns the figures as a dict.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

from votesys.core.crypto.ballot import (  # noqa: E402
    EncryptedBallot,
    _threads,
    encrypt_ballot,
    verify_ballot,
    verify_ballot_json,
)
from votesys.core.crypto.elgamal import keypair  # noqa: E402
from votesys.core.crypto.layout import Layout  # noqa: E402

ROUND = b"bench-ballot-verify".ljust(32, b"\0")
FLAGS = 3
SEATS = {13: 10, 250: 200}


def _full_path(value, layout, pk, workers: int) -> list:
    with _threads(workers) as pool:
        ballot = EncryptedBallot.from_json(value, layout, pool=pool)
        return verify_ballot(ballot, layout, pk, ROUND, workers=workers)


def _quick_path(value, layout, pk, workers: int) -> list:
    return verify_ballot_json(value, layout, pk, ROUND, workers=workers)[1]


def _percentiles(times: list[float]) -> dict:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}


def ballots_of(names: int, count: int, pk, rng: random.Random) -> tuple[Layout, list[dict]]:
    seats = SEATS.get(names, max(1, names - 3))
    layout = Layout.strike(names, seats, FLAGS)
    values = []
    for _ in range(count):
        kept = rng.randint(1, seats)
        marks = [1] * kept + [0] * (names - kept)
        rng.shuffle(marks)
        values.append(encrypt_ballot(marks, [0] * FLAGS, layout, pk, ROUND).to_json())
    return layout, values


def run(ballots: int = 20, names=(13, 250), threads=(1, 2, 3), seed: int = 10) -> dict:
    rng = random.Random(seed)
    pk = keypair().public
    figures: dict = {"ballots": ballots, "load_average_before": os.getloadavg()[0]}
    for n in names:
        layout, values = ballots_of(n, ballots, pk, rng)
        row: dict = {"seats": layout.seats, "flags": FLAGS}
        configs = [(label, w) for label in ("quick", "full") for w in threads]
        times: dict = {config: [] for config in configs}
        for value in values:  # every way in turn on each ballot: the box's load is shared
            for label, workers in configs:
                check = _quick_path if label == "quick" else _full_path
                started = time.perf_counter()
                problems = check(value, layout, pk, workers)
                times[label, workers].append(time.perf_counter() - started)
                assert problems == [], problems
        for label, workers in configs:
            row[f"{label}_{workers}_threads"] = _percentiles(times[label, workers])
        figures[f"{n}_names"] = row
    figures["load_average_after"] = os.getloadavg()[0]
    return figures


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ballots", type=int, default=20)
    parser.add_argument("--names", default="13,250")
    parser.add_argument("--threads", default="1,2,3")
    args = parser.parse_args(argv)
    names = tuple(int(n) for n in args.names.split(","))
    threads = tuple(int(n) for n in args.threads.split(","))
    figures = run(args.ballots, names, threads)
    print(f"{args.ballots} ballots each; load average {figures['load_average_before']:.2f}")
    for n in names:
        row = figures[f"{n}_names"]
        print(f"{n} names (K = {row['seats']}, {FLAGS} flags):")
        for label, what in (("quick", "verify_ballot_json"), ("full", "full path (before)")):
            for workers in threads:
                p = row[f"{label}_{workers}_threads"]
                print(
                    f"  {what:20s} {workers} thread(s): p50 {p['p50_ms']:7.1f} ms"
                    f"   p95 {p['p95_ms']:7.1f} ms"
                )
    print(f"load average after: {figures['load_average_after']:.2f}")
    return figures


if __name__ == "__main__":
    main()
