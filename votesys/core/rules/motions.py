"""Motions voted by show of hands (biểu quyết, rules.md §1): who passes, against which base.

The presidium, the secretariat, the credentials and counting committees, the programme and the
working rules, the number to elect, the election list and the resolution are approved openly.
A motion passes with more than half of the base B (rules.md §1 and §5): the same B as a ballot
round's, frozen when the motion opens, and not the number of delegates who pressed a button.
So a delegate who does not vote, or chooses "không biểu quyết", counts like one who disagrees.

Plain data in, plain data out: the shells word the result ("72 / 98 tán thành (73,47%)").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from votesys.core.rules.base import threshold
from votesys.core.rules.decide import BadFacts, percent_of_base

# tán thành / không tán thành / không biểu quyết
AGREE, DISAGREE, ABSTAIN = "agree", "disagree", "abstain"
CHOICES = (AGREE, DISAGREE, ABSTAIN)


@dataclass(frozen=True)
class MotionResult:
    """A closed motion's figures. ``not_voted``: voters who never chose (or whose only choice was
    withdrawn); ``percent``: each choice over B, two decimals and a decimal comma."""

    base: int
    threshold: int
    voters: int
    counts: Mapping[str, int]
    percent: Mapping[str, str]
    is_passed: bool

    @property
    def voted(self) -> int:
        return sum(self.counts.values())

    @property
    def not_voted(self) -> int:
        return self.voters - self.voted

    def to_dict(self) -> dict:
        return {
            "base": self.base,
            "threshold": self.threshold,
            "voters": self.voters,
            "voted": self.voted,
            "not_voted": self.not_voted,
            "counts": dict(self.counts),
            "percent": dict(self.percent),
            "is_passed": self.is_passed,
        }


def decide_motion(
    base: int, voters: int, counts: Mapping[str, int], rounding: str = "half_up"
) -> MotionResult:
    """The result of a motion: passed when "agree" is more than half of B (at least B//2 + 1).

    ``voters``: the delegates entitled to vote on it, frozen when it opened; ``counts``: how many
    chose each of CHOICES. Raises BadFacts for figures that cannot be (a negative count, more
    choices than voters, B not positive, an unknown choice)."""
    problems = []
    if not isinstance(base, int) or isinstance(base, bool) or base < 1:
        raise BadFacts("base_not_positive", base=base)
    if not isinstance(voters, int) or isinstance(voters, bool) or voters < 0:
        raise BadFacts("count_negative", name="voters", value=voters)
    unknown = sorted(set(counts) - set(CHOICES))
    if unknown:
        raise BadFacts("unknown_choice", choice=unknown[0])
    figures = {choice: counts.get(choice, 0) for choice in CHOICES}
    for choice, value in figures.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            problems.append(("count_negative", choice, value))
    if problems:
        code, name, value = problems[0]
        raise BadFacts(code, name=name, value=value)
    if sum(figures.values()) > voters:
        raise BadFacts("more_choices_than_voters", voted=sum(figures.values()), voters=voters)
    needed = threshold(base)
    return MotionResult(
        base=base,
        threshold=needed,
        voters=voters,
        counts=figures,
        percent={c: percent_of_base(n, base, rounding) for c, n in figures.items()},
        is_passed=figures[AGREE] >= needed,
    )
