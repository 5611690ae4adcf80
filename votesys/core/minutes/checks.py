"""The reconciliation printed in the minutes (đối chiếu số liệu), rules.md §4-§6.

Each check is a stable code, whether it holds, and the arithmetic as a formula of figures and
signs only ("95 + 2 = 97", "97 > 96"), so the printed minutes show the working in any language
and a failed check shows the figures that disagree. Counts here are already known to be integers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from votesys.core.minutes.inputs import BallotCount, RollFigures
from votesys.core.rules.base import BaseB

# Every check code, in the order the minutes print them.
CHECK_CODES = (
    "roll_adds_up",  # present + absent at the vote = summoned
    "roll_matches_base",  # the roll's summoned = B's summoned
    "base_adds_up",  # B = summoned − each exclusion
    "returned_within_issued",  # returned ≤ issued
    "ballots_add_up",  # valid + invalid = returned
    "votes_within_valid",  # no candidate above the valid ballots
    "strike_total_within_bounds",  # strike layout: valid ≤ total votes ≤ valid × places
)


@dataclass(frozen=True)
class Check:
    """One line of the reconciliation: ``detail`` is the formula with the actual figures."""

    code: str
    ok: bool
    detail: str


def reconcile(
    *,
    roll: RollFigures,
    base: BaseB,
    ballots: BallotCount,
    votes: Sequence[int],
    layout: str,
    places: int,
) -> tuple[Check, ...]:
    """The checks, in CHECK_CODES order; the strike total only for the strike layout.

    ``votes``: each candidate's votes in ballot order; ``places``: seats plus alternates.
    """
    invalid = sum(ballots.invalid.values())
    top = max(votes, default=0)
    checks = [
        _equal(
            "roll_adds_up",
            f"{roll.present} + {roll.absent}",
            roll.present + roll.absent,
            roll.summoned,
        ),
        _equal("roll_matches_base", str(roll.summoned), roll.summoned, base.summoned),
        _base_check(base),
        _at_most("returned_within_issued", ballots.returned, ballots.issued),
        _equal(
            "ballots_add_up",
            f"{ballots.valid} + {invalid}",
            ballots.valid + invalid,
            ballots.returned,
        ),
        _at_most("votes_within_valid", top, ballots.valid),
    ]
    if layout == "strike":
        checks.append(_strike_total(sum(votes), ballots.valid, places))
    return tuple(checks)


def _equal(code: str, left: str, value: int, expected: int) -> Check:
    ok = value == expected
    return Check(code, ok, f"{left} {'=' if ok else '≠'} {expected}")


def _at_most(code: str, value: int, limit: int) -> Check:
    ok = value <= limit
    return Check(code, ok, f"{value} {_le(ok)} {limit}")


def _base_check(base: BaseB) -> Check:
    left = " − ".join([str(base.summoned), *(str(e.count) for e in base.exclusions)])
    remaining = base.summoned - sum(e.count for e in base.exclusions)
    return _equal("base_adds_up", left, remaining, base.value)


def _strike_total(total: int, valid: int, places: int) -> Check:
    """§4: every valid strike ballot keeps at least one name and at most ``places``."""
    upper = valid * places
    low_ok, high_ok = valid <= total, total <= upper
    detail = f"{valid} {_le(low_ok)} {total} {_le(high_ok)} {upper}"
    return Check("strike_total_within_bounds", low_ok and high_ok, detail)


def _le(ok: bool) -> str:
    return "≤" if ok else ">"
