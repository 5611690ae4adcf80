"""Checking a round's ballots on every core (kiểm tra từng lá phiếu), pure.

The ballots are shared out in chunks to worker processes. A worker decodes every ballot of its
chunk with every encoding check (canonical, on the curve, in the subgroup), verifies every proof
against the round's manifest, recomputes the ballot's full hash, and adds the chunk's
ciphertexts up position by position; the parent adds the chunks' sums. So the sums the verifier
compares with the published encrypted totals are made only of ciphertexts it decoded itself.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.elgamal import Ciphertext
from votesys.core.crypto.group import Point
from votesys.core.crypto.layout import Layout
from votesys.core.crypto.receipt import ballot_hash

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BallotVerdict:
    """One ballot: its position in the record, the problems found (code, position) and the
    full hash recomputed from its content (None if it does not even decode)."""

    index: int
    problems: tuple[tuple[str, int | None], ...]
    full_hash: str | None


@dataclass(frozen=True)
class RoundBallots:
    """What the round's ballot checks found: a verdict per ballot and the sums of the
    ballots that decode (marks then flags), or None when none does."""

    verdicts: tuple[BallotVerdict, ...]
    sums: tuple[Ciphertext, ...] | None


def _check_chunk(task) -> tuple[list[BallotVerdict], list | None]:
    """Worker: (layout spec, key hex, round fingerprint hex, [(index, ballot JSON)])."""
    spec, key_hex, fingerprint_hex, items = task
    layout, key, context = Layout(*spec), Point.from_hex(key_hex), bytes.fromhex(fingerprint_hex)
    verdicts, sums = [], None
    for index, document in items:
        ballot, problems = verify_ballot_json(document, layout, key, context)
        found = tuple((p.code, p.index) for p in problems)
        if ballot is None:
            verdicts.append(BallotVerdict(index, found, None))
            continue
        verdicts.append(BallotVerdict(index, found, ballot_hash(ballot).hex()))
        row = [*ballot.marks, *ballot.flags]
        sums = row if sums is None else [a + b for a, b in zip(sums, row, strict=True)]
    return verdicts, None if sums is None else [ct.to_json() for ct in sums]


def check_ballots(
    documents: Sequence,
    layout: Layout,
    key: Point,
    round_fingerprint: str,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> RoundBallots:
    """Check every ballot of a round (``workers`` processes; 1: in this process)."""
    spec = (layout.kind, layout.candidates, layout.seats, layout.flags)
    tasks = [
        (spec, key.hex(), round_fingerprint, chunk)
        for chunk in _chunks(list(enumerate(documents)), workers)
    ]
    verdicts: list[BallotVerdict] = []
    sums: list[Ciphertext] | None = None
    for chunk_verdicts, chunk_sums in _run(tasks, workers):
        verdicts += chunk_verdicts
        if chunk_sums is not None:
            decoded = [Ciphertext.from_json(ct, allow_identity=True) for ct in chunk_sums]
            sums = decoded if sums is None else [a + b for a, b in zip(sums, decoded, strict=True)]
        if progress is not None:
            progress(len(verdicts), len(documents))
    verdicts.sort(key=lambda v: v.index)
    return RoundBallots(tuple(verdicts), None if sums is None else tuple(sums))


def _chunks(items: list, workers: int) -> Iterator[list]:
    """Small enough that every core stays busy to the end and progress moves, big enough that
    sending the round's key and layout with each chunk costs nothing."""
    size = max(1, min(16, len(items) // max(1, workers * 8)))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _run(tasks: list, workers: int):
    if workers <= 1 or len(tasks) <= 1:
        yield from map(_check_chunk, tasks)
        return
    with multiprocessing.get_context(_start_method()).Pool(workers) as pool:
        yield from pool.imap_unordered(_check_chunk, tasks)


def _start_method() -> str:
    """fork where the system has it (fast, nothing to re-import), else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return "fork" if "fork" in methods else "spawn"
