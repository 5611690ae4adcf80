"""The base B (số triệu tập sau khi trừ), the quorum and the threshold (rules.md §5, §8).

B is not the ballots returned nor the valid ballots but the adjusted roll. It is computed from
plain roll entries, frozen for each ballot round, and printed in the minutes with its breakdown:
summoned, then each exclusion in a fixed order, with stable codes and the roll numbers involved.
Each person is subtracted at most once, under the first exclusion that applies.

Who is summoned: entries with ``is_official`` and not ``is_reserve_member``. Alternates (đại biểu
dự khuyết), reserve members (đảng viên dự bị, no vote) and guests are never counted.

Replacement (delegate congress): an alternate seated in place of an official delegate is on the roll
as an entry with ``is_official=False`` (so never counted itself); the absent official carries
``replaced_by_alternate=True`` and is then not subtracted, because the alternate holds the seat.
Alternates replace elected delegates only: a convening-committee member (cấp ủy viên triệu tập,
delegate by right) absent for the whole congress is always subtracted, and one marked as replaced
is refused as a contradiction in the roll (``convening_member_replaced``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

DELEGATE = "delegate"
MEMBER = "member"


class BadRoll(ValueError):
    """A roll or setting B cannot be computed from; ``numbers`` names the entries at fault."""

    def __init__(self, code: str, numbers: tuple[int, ...] = (), value: object = None) -> None:
        super().__init__(code, numbers, value)
        self.code = code
        self.numbers = numbers
        self.value = value


@dataclass(frozen=True)
class RollEntry:
    """One person on the congress roll (danh sách triệu tập), as B needs them."""

    number: int
    is_official: bool = True
    is_convening_committee_member: bool = False
    absent_whole_congress: bool = False
    absence_reason_accepted: bool = False
    replaced_by_alternate: bool = False
    temporary_activity_elsewhere: bool = False
    exempted_from_activity: bool = False
    is_present: bool = False
    suspended_or_prosecuted: bool = False
    is_reserve_member: bool = False


@dataclass(frozen=True)
class Exclusion:
    """One line of B's breakdown: who is subtracted from the summoned, and why."""

    code: str
    count: int
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class BaseB:
    """The base B (rules.md §5): value = summoned minus every exclusion's count."""

    value: int
    summoned: int
    exclusions: tuple[Exclusion, ...]


@dataclass(frozen=True)
class QuorumResult:
    """Quorum (số lượng tối thiểu): None when the congress set no quorum (rules.md §8)."""

    required: int | None
    is_met: bool | None


Rule = tuple[str, Callable[[RollEntry], bool]]

DELEGATE_RULES: tuple[Rule, ...] = (
    (
        "convening_absent",
        lambda e: e.is_convening_committee_member and e.absent_whole_congress,
    ),
    (
        "absent_not_replaced",
        lambda e: e.absent_whole_congress and not e.replaced_by_alternate,
    ),
)

MEMBER_RULES: tuple[Rule, ...] = (
    ("temporary_elsewhere", lambda e: e.temporary_activity_elsewhere),
    ("exempted_absent", lambda e: e.exempted_from_activity and not e.is_present),
    ("suspended", lambda e: e.suspended_or_prosecuted),
    (
        "absent_with_reason",
        lambda e: e.absent_whole_congress and e.absence_reason_accepted,
    ),
)

RULES = {DELEGATE: DELEGATE_RULES, MEMBER: MEMBER_RULES}


def is_summoned(entry: RollEntry) -> bool:
    """Counted in the summoned (triệu tập): official, not a reserve member."""
    return entry.is_official and not entry.is_reserve_member


def _numbers(entries: Iterable[RollEntry], test: Callable[[RollEntry], bool]) -> tuple[int, ...]:
    return tuple(sorted(entry.number for entry in entries if test(entry)))


def _check_roll(kind: str, entries: list[RollEntry]) -> None:
    if kind not in RULES:
        raise BadRoll("unknown_congress_kind", value=kind)
    counts = Counter(entry.number for entry in entries)
    repeated = tuple(sorted(number for number, count in counts.items() if count > 1))
    if repeated:
        raise BadRoll("duplicate_number", repeated)
    present_absent = _numbers(entries, lambda e: e.is_present and e.absent_whole_congress)
    if present_absent:
        raise BadRoll("present_but_absent", present_absent)
    if kind == DELEGATE:
        replaced = _numbers(
            entries, lambda e: e.is_convening_committee_member and e.replaced_by_alternate
        )
        if replaced:
            raise BadRoll("convening_member_replaced", replaced)


def compute_base(kind: str, entries: Iterable[RollEntry]) -> BaseB:
    """B for a ``"delegate"`` or ``"member"`` congress (đại hội đại biểu / đại hội đảng viên).

    Exclusion codes in order: delegate: convening_absent, absent_not_replaced; member:
    temporary_elsewhere, exempted_absent, suspended, absent_with_reason. Every code is listed,
    with count 0 when nobody falls under it. Raises BadRoll for a contradictory roll.
    """
    summoned = [entry for entry in entries if is_summoned(entry)]
    _check_roll(kind, summoned)
    remaining = summoned
    exclusions = []
    for code, test in RULES[kind]:
        numbers = _numbers(remaining, test)
        exclusions.append(Exclusion(code=code, count=len(numbers), numbers=numbers))
        remaining = [entry for entry in remaining if not test(entry)]
    return BaseB(value=len(remaining), summoned=len(summoned), exclusions=tuple(exclusions))


def quorum_check(present: int, base: int, quorum: Fraction | None) -> QuorumResult:
    """Whether ``present`` reaches ``quorum`` × B; ``quorum`` None means not checked (no default).

    required = the smallest integer ≥ quorum × B; quorum must be in (0, 1].
    """
    if quorum is None:
        return QuorumResult(required=None, is_met=None)
    quorum = Fraction(quorum)
    if not 0 < quorum <= 1:
        raise BadRoll("bad_quorum", value=quorum)
    required = -(-quorum.numerator * base // quorum.denominator)
    return QuorumResult(required=required, is_met=present >= required)


def threshold(base: int) -> int:
    """Votes needed to be eligible (quá một nửa): more than B/2, i.e. B // 2 + 1."""
    if base < 0:
        raise BadRoll("bad_base", value=base)
    return base // 2 + 1
