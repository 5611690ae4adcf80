"""Valid and invalid ballots (phiếu hợp lệ / phiếu không hợp lệ), rules.md §3-§4.

Two layouts (Art. 15): "strike", more candidates than seats, where the delegate strikes through
(gạch) the names they do not vote for; and "approve", candidates equal to seats, one X per row in
đồng ý (agree) or không đồng ý (disagree). Results are counted from valid ballots only, and the
minutes give the invalid ballots with their reasons.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from votesys.core.rules.settings import DEFAULT_SETTINGS, Problem, RulesError, RuleSettings

LAYOUTS = ("strike", "approve")
AGREE, DISAGREE, BOTH = "agree", "disagree", "both"
APPROVE_MARKS = (AGREE, DISAGREE, None, BOTH)
# The reasons a ballot is invalid, in the order the minutes list them.
INVALID_REASONS = (
    "too_many_kept",  # strike: keeps more names than places (a ballot with no strike at all)
    "all_struck",  # strike: every name struck
    "no_mark",  # approve, one candidate: neither box
    "both_marked",  # approve, one candidate: both boxes
    "all_disagree",  # approve, several rows all "disagree", when the congress rules it invalid
    "deliberately_spoilt",  # the delegate chose, and confirmed, to cast an invalid ballot
)


class _Spoilt:
    """A ballot the delegate spoils on purpose (§4: as on paper; the tablet asks to confirm)."""

    def __repr__(self) -> str:
        return "SPOILT"


SPOILT = _Spoilt()


class BadMarks(RulesError):
    """The marks given are not a ballot of this layout (a bug in the caller, not a delegate)."""


@dataclass(frozen=True)
class Verdict:
    """One ballot's validity; ``votes[i]``: whether candidate i (ballot order) gets its vote."""

    is_valid: bool
    reason: str | None
    votes: tuple[bool, ...]


@dataclass(frozen=True)
class MarksTally:
    """Ballots counted (kiểm phiếu): returned, valid, invalid by reason, votes per candidate."""

    returned: int
    valid: int
    invalid: Mapping[str, int]
    votes: Mapping[str, int]

    @property
    def invalid_total(self) -> int:
        return sum(self.invalid.values())


def _invalid(reason: str, rows: int) -> Verdict:
    return Verdict(False, reason, (False,) * rows)


def check_strike(kept: Sequence[bool], seats: int, alternates: int = 0) -> Verdict:
    """Strike layout (§4): valid if it keeps at least one name and at most seats + alternates.

    ``alternates``: the alternates elected on the same ballot (Art. 18); 0 for a separate ballot.
    """
    _check_strike_marks(kept, seats, alternates)
    count = sum(kept)
    if count == 0:
        return _invalid("all_struck", len(kept))
    if count > seats + alternates:
        return _invalid("too_many_kept", len(kept))
    return Verdict(True, None, tuple(kept))


def check_approve(rows: Sequence[str | None], settings: RuleSettings = DEFAULT_SETTINGS) -> Verdict:
    """Approve layout (§4): a row with both boxes or neither does not count for that person.

    One candidate: valid only with exactly one box. Several rows all "disagree": valid or
    "all_disagree" per ``settings.is_all_disagree_valid`` (a GAP; one row is not this case).
    """
    _check_approve_marks(rows)
    votes = tuple(row == AGREE for row in rows)
    if len(rows) == 1 and rows[0] is None:
        return _invalid("no_mark", 1)
    if len(rows) == 1 and rows[0] == BOTH:
        return _invalid("both_marked", 1)
    is_all_disagree = len(rows) > 1 and all(row == DISAGREE for row in rows)
    if is_all_disagree and not settings.is_all_disagree_valid:
        return _invalid("all_disagree", len(rows))
    return Verdict(True, None, votes)


def check_ballot(
    layout: str,
    marks: Any,
    seats: int,
    alternates: int = 0,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> Verdict:
    """One ballot of either layout; ``SPOILT`` for a ballot spoilt on purpose (§4)."""
    if layout not in LAYOUTS:
        raise BadMarks("unknown_layout", layout=layout)
    if marks is SPOILT:
        return Verdict(False, "deliberately_spoilt", ())
    if layout == "strike":
        return check_strike(marks, seats, alternates)
    return check_approve(marks, settings)


def tally_marks(
    layout: str,
    ballots: Sequence[Any],
    candidate_ids: Sequence[str],
    seats: int,
    alternates: int = 0,
    settings: RuleSettings = DEFAULT_SETTINGS,
) -> MarksTally:
    """Count ballots in ballot order of ``candidate_ids``: kept names (strike), agree rows."""
    votes = dict.fromkeys(candidate_ids, 0)
    invalid = dict.fromkeys(INVALID_REASONS, 0)
    for index, marks in enumerate(ballots):
        if marks is not SPOILT and len(marks) != len(candidate_ids):
            raise BadMarks("wrong_row_count", ballot=index, rows=len(marks), expected=len(votes))
        verdict = check_ballot(layout, marks, seats, alternates, settings)
        if not verdict.is_valid:
            invalid[verdict.reason] += 1
        for candidate_id, vote in zip(candidate_ids, verdict.votes, strict=False):
            votes[candidate_id] += vote
    invalid = {reason: n for reason, n in invalid.items() if n}
    returned = len(ballots)
    return MarksTally(returned, returned - sum(invalid.values()), invalid, votes)


def _check_strike_marks(kept: Sequence[bool], seats: int, alternates: int) -> None:
    problems = []
    if isinstance(kept, str) or not isinstance(kept, Sequence):
        raise BadMarks("marks_not_a_sequence")
    problems += [Problem("mark_not_allowed", {"row": i, "mark": m}) for i, m in _bad(kept, bool)]
    if seats < 1 or alternates < 0:
        problems.append(Problem("bad_places", {"seats": seats, "alternates": alternates}))
    if problems:
        raise BadMarks.of(problems)


def _check_approve_marks(rows: Sequence[str | None]) -> None:
    if isinstance(rows, str) or not isinstance(rows, Sequence):
        raise BadMarks("marks_not_a_sequence")
    if not rows:
        raise BadMarks("no_rows")
    bad = [(i, row) for i, row in enumerate(rows) if row not in APPROVE_MARKS]
    if bad:
        raise BadMarks.of(Problem("mark_not_allowed", {"row": i, "mark": m}) for i, m in bad)


def _bad(marks: Sequence[Any], kind: type) -> list[tuple[int, Any]]:
    return [(i, mark) for i, mark in enumerate(marks) if not isinstance(mark, kind)]
