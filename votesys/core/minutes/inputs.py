"""What the minutes are made from (số liệu đầu vào của biên bản kiểm phiếu), and its checks.

Plain values the elections and tally domains already hold: the congress, what is elected, the
counting committee (ban kiểm phiếu), the roll's figures at the vote and the ballots counted. A
figure of the wrong type or an unknown code is a ``BadMinutes`` listing every problem found;
the counts themselves are reconciled afterwards (checks.py), where the minutes can show them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from votesys.core.rules.base import BaseB
from votesys.core.rules.decide import Candidate
from votesys.core.rules.settings import Problem, RulesError, RuleSettings
from votesys.core.rules.validity import INVALID_REASONS

CHAIR, MEMBER = "chair", "member"
# Trưởng ban (the chair) and Ủy viên (a member) of the counting committee, in the minutes' order.
COMMITTEE_ROLES = (CHAIR, MEMBER)
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")


class BadMinutes(RulesError):
    """The minutes cannot be drawn up from these figures; ``checks``: the reconciliation, if any.

    A failed reconciliation carries every check, passed or not, so the counting committee sees
    which figures disagree before correcting the count.
    """

    checks: tuple = ()


@dataclass(frozen=True)
class Congress:
    """The congress (đại hội) and its term (nhiệm kỳ), as the minutes' heading prints them."""

    name: str
    term: str


@dataclass(frozen=True)
class Election:
    """What is elected: its title, and the seats and alternates (dự khuyết) the congress decided."""

    title: str
    seats: int
    alternates: int = 0


@dataclass(frozen=True)
class CommitteeMember:
    """A member of the counting committee: ``role`` "chair" (Trưởng ban) or "member" (Ủy viên)."""

    name: str
    role: str


@dataclass(frozen=True)
class RollFigures:
    """Official delegates (members) summoned (triệu tập), present and absent at the vote."""

    summoned: int
    present: int
    absent: int


@dataclass(frozen=True)
class BallotCount:
    """Ballots issued (phát ra), returned (thu vào), valid, and invalid by reason code → count.

    Reason codes are those of votesys.core.rules.validity.INVALID_REASONS.
    """

    issued: int
    returned: int
    valid: int
    invalid: Mapping[str, int]


def input_problems(
    *,
    congress: Congress,
    election: Election,
    round_number: int,
    candidates: Sequence[Candidate],
    committee: Sequence[CommitteeMember],
    roll: RollFigures,
    base: BaseB,
    ballots: BallotCount,
    settings: RuleSettings,
    closed_at: datetime,
    counted_at: datetime,
    place: str,
    audit_head: str,
    round_fingerprint: str,
) -> list[Problem]:
    """Every problem with the shape of the inputs; seats, layout and votes are decide()'s."""
    problems = _text_problems(
        {
            "congress.name": congress.name,
            "congress.term": congress.term,
            "election.title": election.title,
            "place": place,
            "round_fingerprint": round_fingerprint,
        }
    )
    problems += _count_problems({"round_number": round_number}, minimum=1)
    problems += _count_problems(
        {f"roll.{name}": getattr(roll, name) for name in ("summoned", "present", "absent")}
    )
    problems += _ballot_problems(ballots)
    problems += _candidate_name_problems(candidates)
    problems += _committee_problems(committee)
    problems += _time_problems(closed_at, counted_at)
    if not isinstance(base, BaseB):
        problems.append(Problem("not_a_base", {}))
    if not isinstance(settings, RuleSettings):
        problems.append(Problem("not_settings", {}))
    if not isinstance(audit_head, str) or not _SHA256_HEX.fullmatch(audit_head):
        problems.append(Problem("bad_audit_head", {"value": audit_head}))
    return problems


def _text_problems(texts: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem("empty_text", {"field": field})
        for field, value in texts.items()
        if not isinstance(value, str) or not value.strip()
    ]


def _count_problems(counts: Mapping[str, Any], minimum: int = 0) -> list[Problem]:
    problems = []
    for field, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(Problem("not_an_integer", {"field": field}))
        elif value < minimum:
            code = "negative_number" if minimum == 0 else "number_too_small"
            problems.append(Problem(code, {"field": field, "value": value, "minimum": minimum}))
    return problems


def _ballot_problems(ballots: BallotCount) -> list[Problem]:
    problems = _count_problems(
        {f"ballots.{name}": getattr(ballots, name) for name in ("issued", "returned", "valid")}
    )
    if not isinstance(ballots.invalid, Mapping):
        return [*problems, Problem("not_a_mapping", {"field": "ballots.invalid"})]
    for reason, count in ballots.invalid.items():
        if reason not in INVALID_REASONS:
            problems.append(
                Problem("unknown_invalid_reason", {"reason": reason, "allowed": INVALID_REASONS})
            )
        problems += _count_problems({f"ballots.invalid.{reason}": count})
    return problems


def _candidate_name_problems(candidates: Sequence[Candidate]) -> list[Problem]:
    return [
        Problem("candidate_without_name", {"index": index})
        for index, candidate in enumerate(candidates)
        if not isinstance(getattr(candidate, "name", None), str) or not candidate.name.strip()
    ]


def _committee_problems(committee: Sequence[CommitteeMember]) -> list[Problem]:
    if not committee:
        return [Problem("no_committee", {})]
    problems = []
    for index, member in enumerate(committee):
        name, role = getattr(member, "name", None), getattr(member, "role", None)
        if not isinstance(name, str) or not name.strip():
            problems.append(Problem("committee_member_without_name", {"index": index}))
        if role not in COMMITTEE_ROLES:
            problems.append(
                Problem("unknown_committee_role", {"role": role, "allowed": COMMITTEE_ROLES})
            )
    chairs = sum(getattr(member, "role", None) == CHAIR for member in committee)
    if chairs != 1:
        problems.append(Problem("committee_needs_one_chair", {"chairs": chairs}))
    return problems


def _time_problems(closed_at: datetime, counted_at: datetime) -> list[Problem]:
    problems = [
        Problem("time_not_aware", {"field": field})
        for field, value in (("closed_at", closed_at), ("counted_at", counted_at))
        if not _is_aware(value)
    ]
    if not problems and counted_at < closed_at:
        problems.append(
            Problem(
                "counted_before_closed",
                {"closed_at": closed_at.isoformat(), "counted_at": counted_at.isoformat()},
            )
        )
    return problems


def _is_aware(value: Any) -> bool:
    """A datetime with a timezone: a naive one would be read in whatever zone the server is."""
    return isinstance(value, datetime) and value.utcoffset() is not None
