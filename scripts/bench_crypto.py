#!/usr/bin/env python3
"""Timings of the crypto core on this machine: one ballot, the tally, the committee's decryption.

    .venv/bin/python scripts/bench_crypto.py [--ballots 1600] [--candidates 250] [--quick]

The tally adds real ballots: 20 distinct encrypted ballots are cycled to make up the count (the
cost of an addition does not depend on what is encrypted). --quick times 100 ballots and
extrapolates, and says so.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from itertools import cycle, islice

sys.path.insert(0, os.path.join(os.path.dirname(__file__), os.pardir))

from votesys.core.crypto import threshold as th  # noqa: E402
from votesys.core.crypto.ballot import encrypt_ballot, tally, verify_ballot_json  # noqa: E402
from votesys.core.crypto.layout import Layout  # noqa: E402
from votesys.core.crypto.totals import add_stored, open_totals  # noqa: E402

ROUND = b"bench-round".ljust(32, b"\0")
FLAGS = 2


def best_of(runs: int, fn) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def bench_ballot(pk, names: int, seats: int, runs: int) -> None:
    layout = Layout.strike(names, seats, FLAGS)
    marks = [1] * seats + [0] * (names - seats)
    t_enc, ballot = best_of(runs, lambda: encrypt_ballot(marks, [0] * FLAGS, layout, pk, ROUND))
    value = ballot.to_json()
    print(f"strike ballot, {names} names, K = {seats}, {FLAGS} flags:")
    print(f"  encrypt + prove            {ms(t_enc)}")
    for workers in (1, 2, 3):
        t, (_, problems) = best_of(
            runs, lambda w=workers: verify_ballot_json(value, layout, pk, ROUND, workers=w)
        )
        assert problems == [], problems
        print(f"  decode + verify, {workers} thread{'s' if workers > 1 else ' '} {ms(t)}")


def make_committee(members, threshold):
    dealings = [th.deal(i, members, threshold, b"bench-ceremony") for i in members]
    commitments = [d.commitments for d in dealings]
    shares = {j: th.combine_shares(d.shares[j] for d in dealings) for j in members}
    return th.joint_public_key(commitments), th.verification_keys(commitments, members), shares


def bench_tally(pk, ballots: int, candidates: int, quick: bool):
    layout = Layout.strike(candidates, candidates - 1, FLAGS)
    distinct = [
        encrypt_ballot([1] * (candidates - 1) + [0], [0] * FLAGS, layout, pk, ROUND)
        for _ in range(20)
    ]
    counted = 100 if quick else ballots
    note = f" (timed {counted}, extrapolated)" if counted != ballots else ""
    print(f"tally of {ballots} ballots x {candidates} candidates (+{FLAGS} flags):")
    for workers in (1, 2):
        start = time.perf_counter()
        totals, _ = tally(islice(cycle(distinct), counted), layout, workers=workers)
        elapsed = (time.perf_counter() - start) * ballots / counted
        label = f"{workers} thread{'s' if workers > 1 else ' '}"
        print(f"  decoded ballots, {label}     {elapsed:6.2f} s{note}")
    # What the server does when the committee adds the box up (tally.services.add_up): the
    # stored JSON, parsed and added without the subgroup checks done at casting.
    stored = [b.to_json() for b in distinct]
    width = layout.mark_count + layout.flags
    for workers in (1, 2):
        start = time.perf_counter()
        documents = [json.loads(json.dumps(d)) for d in islice(cycle(stored), counted)]
        totals = add_stored(documents, width, workers=workers)
        elapsed = (time.perf_counter() - start) * ballots / counted
        label = f"{workers} thread{'s' if workers > 1 else ' '}"
        print(f"  stored JSON (add_up), {label} {elapsed:6.2f} s{note}")
    return totals, counted


def bench_decryption(totals, keys, shares, members, threshold, max_value) -> None:
    contexts = [th.decryption_context(ROUND, i) for i in range(len(totals))]
    start = time.perf_counter()
    partials = {
        j: [th.partial_decrypt(j, shares[j], ct, c) for ct, c in zip(totals, contexts, strict=True)]
        for j in members[:threshold]
    }
    t_partial = (time.perf_counter() - start) / threshold
    start = time.perf_counter()
    open_totals(totals, partials, keys, threshold, ROUND, max_value)
    t_combine = time.perf_counter() - start
    print(f"decryption of {len(totals)} totals, {threshold} of {len(members)} members:")
    print(f"  one member's partials+proofs {t_partial:6.2f} s")
    print(f"  check proofs, combine, dlog  {t_combine:6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1600)
    parser.add_argument("--candidates", type=int, default=250)
    parser.add_argument("--quick", action="store_true", help="tally 100 ballots, extrapolate")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    members, threshold = [1, 2, 3, 4, 5], 3
    pk, keys, shares = make_committee(members, threshold)
    print(f"cpus: {os.cpu_count()}; best of {args.runs} runs for single ballots")
    bench_ballot(pk, 13, 10, args.runs)
    bench_ballot(pk, 250, 200, args.runs)
    totals, counted = bench_tally(pk, args.ballots, args.candidates, args.quick)
    bench_decryption(totals, keys, shares, members, threshold, max(args.ballots, counted))


if __name__ == "__main__":
    main()
