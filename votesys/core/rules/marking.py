"""From the delegate's marks to the plaintexts the tablet encrypts, and from the decrypted totals
back to the count (rules.md §3-§4; docs/protocol.md §6.1).

The encrypted ballot carries one 0/1 value per mark (strike: kept_1..kept_n; approve: agree_1,
disagree_1, ..., agree_R, disagree_R) and one per *invalid reason* that can arise on the tablet
for this layout. A ballot the rules count as invalid is encrypted as "every mark 0, its reason
1", so the box's totals give each candidate's votes from valid ballots only and the invalid
ballots by reason, exactly as the minutes need them. The server never sees a marking, only
ciphertexts (the tablet runs the JavaScript twin, static/js/tablet/marking.js).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from votesys.core.crypto.layout import Layout
from votesys.core.rules.settings import DEFAULT_SETTINGS, RuleSettings
from votesys.core.rules.validity import (
    AGREE,
    DISAGREE,
    SPOILT,
    BadMarks,
    MarksTally,
    check_ballot,
)


def reasons_for(layout: str, rows: int, settings: RuleSettings = DEFAULT_SETTINGS) -> tuple:
    """The invalid reasons a tablet ballot of this layout can have, in the minutes' order: the
    encrypted ballot's flags. ("both_marked" cannot come from a tablet, which offers one choice
    per row; a paper count may still enter it.)"""
    if layout == "strike":
        return ("too_many_kept", "all_struck", "deliberately_spoilt")
    if layout != "approve":
        raise BadMarks("unknown_layout", layout=layout)
    if rows == 1:
        return ("no_mark", "deliberately_spoilt")
    if not settings.is_all_disagree_valid:
        return ("all_disagree", "deliberately_spoilt")
    return ("deliberately_spoilt",)


def crypto_layout(
    layout: str,
    rows: int,
    seats: int,
    alternates: int = 0,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> Layout:
    """The layout the proofs enforce: strike keeps 1..seats + alternates names (Art. 18: the
    alternates elected on the same ballot), approve at most one box per row."""
    flags = len(reasons_for(layout, rows, settings))
    if layout == "strike":
        return Layout.strike(rows, min(seats + alternates, rows), flags)
    return Layout.approve(rows, flags)


def plaintexts(
    layout: str,
    marks: Any,
    seats: int,
    alternates: int = 0,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> tuple[list[int], list[int]]:
    """The 0/1 marks and flags to encrypt for ``marks`` (a list of kept booleans, of row marks
    "agree" / "disagree" / None, or SPOILT). Raises BadMarks when ``marks`` is not a ballot of
    this layout (the tablet never produces one)."""
    rows = _rows(layout, marks)
    reasons = reasons_for(layout, rows, settings)
    verdict = check_ballot(layout, marks, seats, alternates, settings)
    width = rows if layout == "strike" else 2 * rows
    if not verdict.is_valid:
        if verdict.reason not in reasons:
            raise BadMarks("reason_not_on_tablet", reason=verdict.reason)
        return [0] * width, [int(reason == verdict.reason) for reason in reasons]
    if layout == "strike":
        values = [int(kept) for kept in marks]
    else:
        values = [v for row in marks for v in (int(row == AGREE), int(row == DISAGREE))]
    return values, [0] * len(reasons)


def _rows(layout: str, marks: Any) -> int:
    if marks is SPOILT:
        raise BadMarks("spoilt_needs_rows")
    if isinstance(marks, str) or not isinstance(marks, Sequence):
        raise BadMarks("marks_not_a_sequence")
    return len(marks)


def spoilt_plaintexts(
    layout: str, rows: int, settings: RuleSettings = DEFAULT_SETTINGS
) -> tuple[list[int], list[int]]:
    """A ballot spoilt on purpose: every mark 0, the "deliberately_spoilt" flag 1."""
    reasons = reasons_for(layout, rows, settings)
    width = rows if layout == "strike" else 2 * rows
    return [0] * width, [int(reason == "deliberately_spoilt") for reason in reasons]


def tally_from_totals(
    layout: str,
    totals: Sequence[int],
    ballots: int,
    candidate_ids: Sequence[str],
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> MarksTally:
    """The count from the decrypted totals (marks then flags, as the box adds them) of
    ``ballots`` ballots: votes per candidate (kept names, or agree boxes), invalid by reason."""
    rows = len(candidate_ids)
    reasons = reasons_for(layout, rows, settings)
    width = rows if layout == "strike" else 2 * rows
    if len(totals) != width + len(reasons):
        raise BadMarks("wrong_total_count", totals=len(totals), expected=width + len(reasons))
    marks, flags = totals[:width], totals[width:]
    step = 1 if layout == "strike" else 2
    votes = {cid: marks[i * step] for i, cid in enumerate(candidate_ids)}
    invalid = {reason: n for reason, n in zip(reasons, flags, strict=True) if n}
    return MarksTally(ballots, ballots - sum(invalid.values()), invalid, votes)
