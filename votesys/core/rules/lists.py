"""Election lists (danh sách bầu cử): ballot order, surplus, layout, opinion ballots, next rounds.

rules.md §2: the list and the ballot are in Vietnamese alphabetical order of the given name (tên);
for committees the surplus (số dư) is at most 30% of the places; a name not proposed by the
convening committee enters a list only when more than 30% of the delegates attending agree in an
opinion ballot (phiếu xin ý kiến). §3: more candidates than places gives the strike layout, else
the agree / disagree layout. §5: a new round (bầu lần tiếp theo) takes the seats still open and
the candidates tied or not elected. Integers and Fractions only; no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from math import floor

from votesys.core import names
from votesys.core.rules.decide import Decision
from votesys.core.rules.settings import Problem, RulesError

STRIKE, APPROVE = "strike", "approve"
OFFICIAL, ALTERNATES = "official", "alternates"  # what a round's seats are
SURPLUS_LIMIT = Fraction(3, 10)  # §2: at most 30% of the places
OPINION_SHARE = Fraction(3, 10)  # §2: more than 30% of the delegates attending


class ListError(RulesError):
    """A list or a round that the rules cannot work with; lists every problem found."""


@dataclass(frozen=True)
class Nominee:
    """A name on a list as the order needs it: họ, tên đệm, tên, ngày sinh (may be unknown)."""

    id: str
    surname: str
    middle: str
    given: str
    birth_date: date | None = None


@dataclass(frozen=True)
class Surplus:
    """The surplus (số dư): candidates beyond the places, and its share of the places."""

    candidates: int
    places: int
    count: int
    share: Fraction
    text: str  # the share printed: "36,36%"
    is_over_limit: bool  # above 30%: the list needs an explicit confirmation


@dataclass(frozen=True)
class NextRound:
    """What the next round starts from (§5): its seats, what they fill, the names carried over."""

    reason: str  # "tie" or "short"
    seats: int
    alternates: int
    fills: str  # OFFICIAL or ALTERNATES
    carried: tuple[str, ...]  # candidate ids, in the decided round's ballot order
    alternates_left_open: int  # alternate places this round does not put to the vote


def sort_key(nominee: Nominee):
    """Ballot order: tên, then họ, then tên đệm, then the earlier birth date (GAP default, §2)."""
    return names.sort_key(nominee.given, nominee.surname, nominee.middle, nominee.birth_date)


def ballot_order(nominees: Iterable[Nominee]) -> tuple[Nominee, ...]:
    """The list in ballot order; people equal on every key keep the order given."""
    return tuple(sorted(nominees, key=sort_key))


def percent_text(share: Fraction) -> str:
    """A share as printed in the hall: two decimals, decimal comma, half up: 4/11 -> "36,36%"."""
    hundredths = floor(share * 10_000 + Fraction(1, 2))
    return f"{hundredths // 100},{hundredths % 100:02d}%"


def surplus(candidates: int, places: int) -> Surplus:
    """The surplus of a list of ``candidates`` for ``places`` (seats + alternates on the ballot).

    12 candidates for 10 places: 2, "20,00%"; 14 for 10: 4, "40,00%", over the limit.
    """
    _check_sizes(candidates, places)
    count = max(candidates - places, 0)
    share = Fraction(count, places)
    return Surplus(candidates, places, count, share, percent_text(share), share > SURPLUS_LIMIT)


def layout(candidates: int, places: int) -> str:
    """§3: "strike" when the list has more names than places on the ballot, else "approve"."""
    _check_sizes(candidates, places)
    return STRIKE if candidates > places else APPROVE


def opinion_threshold(attending: int) -> int:
    """Agree votes needed in an opinion ballot: more than 30% of ``attending``, the smallest
    integer n with n > 3/10 × attending (100 attending: 31; 11 attending: 4)."""
    if isinstance(attending, bool) or not isinstance(attending, int) or attending < 1:
        raise ListError("attending_not_positive", attending=attending)
    return attending * OPINION_SHARE.numerator // OPINION_SHARE.denominator + 1


def next_round(decision: Decision, ballot_ids: Sequence[str], fills: str = OFFICIAL) -> NextRound:
    """The next round after ``decision`` (§5) for a round whose list was ``ballot_ids`` (in
    ballot order) and whose seats filled ``fills``.

    A tie: the tied candidates, among themselves, for the places still open at the cut-off where
    the tie fell (the official seats, or, when those are filled, the alternate places); alternate
    places behind an official tie stay open for a later decision of the congress. Too few
    eligible: every candidate neither elected nor alternate, for every place still open. The
    congress may add names to what this gives; a complete decision has no next round. The
    decision must be about exactly ``ballot_ids`` (its percentages name every candidate).
    """
    _check_decision(decision, ballot_ids, fills)
    if decision.status == "tie":
        carried = set(decision.tied)
        if decision.open_seats > 0:
            seats, alternates, left = decision.open_seats, 0, decision.open_alternates
            new_fills = fills
        else:
            seats, alternates, left = decision.open_alternates, 0, 0
            new_fills = ALTERNATES
    else:
        carried = set(ballot_ids) - set(decision.elected) - set(decision.alternates)
        left = 0
        if decision.open_seats > 0:
            seats, alternates, new_fills = decision.open_seats, decision.open_alternates, fills
        else:
            seats, alternates, new_fills = decision.open_alternates, 0, ALTERNATES
    ordered = tuple(cid for cid in ballot_ids if cid in carried)
    return NextRound(decision.status, seats, alternates, new_fills, ordered, left)


def _check_sizes(candidates: int, places: int) -> None:
    problems = []
    for name, value in (("candidates", candidates), ("places", places)):
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem("not_an_integer", {"field": name}))
        elif value < 1:
            problems.append(Problem(f"{name}_too_few", {name: value}))
    if problems:
        raise ListError.of(problems)


def _check_decision(decision: Decision, ballot_ids: Sequence[str], fills: str) -> None:
    if fills not in (OFFICIAL, ALTERNATES):
        raise ListError("unknown_fills", fills=fills)
    if decision.status == "complete":
        raise ListError("nothing_open")
    known = set(ballot_ids)
    named = {*decision.percent, *decision.elected, *decision.alternates, *decision.tied}
    strangers = sorted(named - known)
    if strangers:
        raise ListError("unknown_candidate", ids=strangers)
    missing = [cid for cid in ballot_ids if cid not in decision.percent]
    if missing:
        raise ListError("missing_candidate", ids=missing)
