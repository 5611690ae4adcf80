"""The ballot's layout as the crypto sees it, and which plaintexts are well-formed (rules.md §3-4).

Paper semantics: a delegate may cast a ballot the rules count as invalid, and the minutes give
the reason. On the tablet an invalid ballot is "every mark 0, exactly one reason flag 1"; a valid
one has every flag 0 and an allowed marking. With every mark and flag proven 0 or 1 (and, on an
approve ballot, every row proven to hold at most one box), one range proof on the public
combination

    S = Σ marks + K · Σ flags  in  [lo, K]

holds exactly for the well-formed ballots, K being the most marks a valid ballot carries
(docs/protocol.md, "Ballot shape", gives the argument; test_crypto_layout checks it
exhaustively on small layouts).

- strike (gạch tên): ``candidates`` names, mark 1 = name kept, K = seats (plus the alternates
  elected on the same ballot), lo = 1. Valid: 1 <= kept <= K.
- approve (đồng ý / không đồng ý): ``candidates`` rows, marks agree_1, disagree_1, agree_2, ...;
  at most one box per row (a row left empty is not counted for that person). K = rows,
  lo = 1 for a single candidate (exactly one box), else 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .hashing import frame, u32

STRIKE = "strike"
APPROVE = "approve"
MAX_CANDIDATES = 10_000  # far above any list; keeps every S well inside u32


@dataclass(frozen=True)
class Layout:
    kind: str
    candidates: int  # names (strike) or rows (approve)
    seats: int  # strike: the most names a valid ballot keeps (seats + alternates on this ballot)
    flags: int  # number of invalid-reason flags

    def __post_init__(self):
        if self.kind not in (STRIKE, APPROVE):
            raise ValueError(f"unknown layout {self.kind!r}")
        if not 1 <= self.candidates <= MAX_CANDIDATES or not 0 <= self.flags <= 64:
            raise ValueError("candidates must be 1..10000 and flags 0..64")
        if self.kind == STRIKE and not 1 <= self.seats <= self.candidates:
            raise ValueError("a strike ballot keeps between 1 and len(candidates) names")
        if self.kind == APPROVE and self.seats != self.candidates:
            raise ValueError("an approve ballot has as many seats as rows")

    @classmethod
    def strike(cls, names: int, seats: int, flags: int) -> Layout:
        return cls(STRIKE, names, seats, flags)

    @classmethod
    def approve(cls, rows: int, flags: int) -> Layout:
        return cls(APPROVE, rows, rows, flags)

    @property
    def mark_count(self) -> int:
        return self.candidates if self.kind == STRIKE else 2 * self.candidates

    @property
    def row_count(self) -> int:
        return self.candidates if self.kind == APPROVE else 0

    @property
    def flag_weight(self) -> int:
        """K: a flag lifts S to at least K, so a flagged ballot fits only with no mark at all."""
        return self.seats

    @property
    def shape_range(self) -> tuple[int, int]:
        """(lo, K): the range S must fall in."""
        single = self.kind == APPROVE and self.candidates == 1
        return (1 if self.kind == STRIKE or single else 0), self.seats

    def encode(self) -> bytes:
        counts = (self.candidates, self.seats, self.flags)
        return frame([self.kind.encode("ascii"), *(u32(n) for n in counts)])

    def shape_value(self, marks: Sequence[int], flags: Sequence[int]) -> int:
        return sum(marks) + self.flag_weight * sum(flags)

    def is_well_formed(self, marks: Sequence[int], flags: Sequence[int]) -> bool:
        """The plaintexts a ballot may carry, straight from rules.md (not from shape_range)."""
        if len(marks) != self.mark_count or len(flags) != self.flags:
            return False
        if any(v not in (0, 1) for v in (*marks, *flags)):
            return False
        pairs = range(0, len(marks), 2)
        if self.kind == APPROVE and any(marks[i] + marks[i + 1] > 1 for i in pairs):
            return False
        if sum(flags) == 1:
            return sum(marks) == 0
        if sum(flags) > 1:
            return False
        if self.kind == STRIKE:
            return 1 <= sum(marks) <= self.seats
        return self.candidates > 1 or sum(marks) == 1
