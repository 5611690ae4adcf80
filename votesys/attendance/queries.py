"""Reading attendance: the live counts, the credentials report's figures and the base B now.

Who is summoned (triệu tập): official delegates (members) who are not reserve members, as in the
core (``votesys.core.rules.base.is_summoned``). A seated alternate (đại biểu dự khuyết thay thế)
is counted apart: they vote in the seat of the absent official, who stays in the summoned.

Presence comes from the door (``Attendance``): "present" is in the hall now, "left" left early,
no row not come. Two readings of it are used:

- the live counts (the dashboard, the quorum) take who is in the hall *now*;
- the report and B take who *attended* (came at least once, in the hall now or left early),
  because their rules speak of the whole congress: an exempted member who came is not "not
  present", and a delegate who came is not "absent for the whole congress".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.attendance.errors import BadQuorum, person_error, roll_error
from votesys.checkin.models import Attendance
from votesys.congress.models import Congress, PartyUnit
from votesys.core.composition import BadPerson, Composition, Person, composition
from votesys.core.names import sort_key
from votesys.core.rules.base import (
    BadRoll,
    BaseB,
    QuorumResult,
    RollEntry,
    compute_base,
    quorum_check,
    threshold,
)
from votesys.roster.models import Delegate

PRESENT, LEFT = "present", "left"
MAX_QUORUM_TERM = 10_000
_FRACTION = re.compile(r"^\s*(\d{1,5})\s*/\s*(\d{1,5})\s*$")
_PERCENT = re.compile(r"^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%\s*$")


@dataclass(frozen=True)
class RollRow:
    """A delegate on the roll and their status at the door (None: not come)."""

    delegate: Delegate
    status: str | None

    @property
    def attended(self) -> bool:
        return self.status is not None


@dataclass(frozen=True)
class Counts:
    """Summoned, in the hall now, left early, not come (số triệu tập, có mặt, ra về, chưa đến)."""

    summoned: int = 0
    present: int = 0
    left: int = 0
    not_come: int = 0

    @property
    def absent(self) -> int:
        return self.left + self.not_come

    def plus(self, status: str | None) -> Counts:
        return Counts(
            self.summoned + 1,
            self.present + (status == PRESENT),
            self.left + (status == LEFT),
            self.not_come + (status is None),
        )


@dataclass(frozen=True)
class UnitRow:
    unit: PartyUnit | None  # None: delegates with no unit on the roll
    counts: Counts


@dataclass(frozen=True)
class Seated:
    """An alternate seated in place of an absent official delegate."""

    delegate: Delegate
    for_number: int
    status: str | None


@dataclass(frozen=True)
class Dashboard:
    counts: Counts
    units: list[UnitRow]
    seated: list[Seated]
    voting_present: int  # summoned in the hall + seated alternates in the hall


@dataclass(frozen=True)
class ExclusionLine:
    code: str
    delegates: list[Delegate]  # in Vietnamese alphabetical order


@dataclass(frozen=True)
class BaseNow:
    """B now, with its breakdown, the threshold and the quorum check (rules.md §5, §8)."""

    kind: str
    base: BaseB
    lines: list[ExclusionLine]
    threshold: int
    quorum: Fraction | None
    quorum_result: QuorumResult
    voting_present: int


@dataclass(frozen=True)
class Report:
    congress: Congress
    figures: Composition
    absentees: list[tuple[Delegate, str]]  # (delegate, reason), in alphabetical order
    seated: list[Seated]


def is_summoned(delegate: Delegate) -> bool:
    return delegate.is_official and not delegate.is_reserve_member


def is_seated_alternate(delegate: Delegate) -> bool:
    return not delegate.is_official and delegate.seated_for_number is not None


def roll(session: Session, congress: Congress) -> list[RollRow]:
    """Every delegate with their status at the door, by number. Lists of people shown are
    sorted by name where they are made (collating the whole roll every few seconds for the
    dashboard's counts would cost more than the database read)."""
    rows = session.execute(
        select(Delegate, Attendance.status)
        .outerjoin(Attendance, Attendance.delegate_id == Delegate.id)
        .where(Delegate.congress_id == congress.id)
        .order_by(Delegate.number)
    )
    return [RollRow(d, status) for d, status in rows]


def _order(delegate: Delegate):
    return sort_key(
        delegate.given_name, delegate.surname, delegate.middle_name, delegate.birth_date
    )


def seated_alternates(rows: list[RollRow]) -> list[Seated]:
    """The seated alternates, in the order of ``rows`` (by number)."""
    return [
        Seated(r.delegate, r.delegate.seated_for_number, r.status)
        for r in rows
        if is_seated_alternate(r.delegate)
    ]


def voting_present(rows: list[RollRow]) -> int:
    """In the hall now with a vote: summoned delegates and seated alternates."""
    return sum(
        r.status == PRESENT and (is_summoned(r.delegate) or is_seated_alternate(r.delegate))
        for r in rows
    )


def dashboard(session: Session, congress: Congress, rows: list[RollRow] | None = None) -> Dashboard:
    """The live counts, in total and per Party unit in the units' order (``rows``: the roll,
    when the caller has read it already)."""
    rows = roll(session, congress) if rows is None else rows
    units = session.scalars(
        select(PartyUnit).where(PartyUnit.congress_id == congress.id).order_by(PartyUnit.position)
    ).all()
    per_unit: dict[int | None, Counts] = {unit.id: Counts() for unit in units}
    total = Counts()
    for row in rows:
        if is_summoned(row.delegate):
            key = row.delegate.unit_id if row.delegate.unit_id in per_unit else None
            per_unit[key] = per_unit.get(key, Counts()).plus(row.status)
            total = total.plus(row.status)
    unit_rows = [UnitRow(unit, per_unit[unit.id]) for unit in units]
    if None in per_unit:
        unit_rows.append(UnitRow(None, per_unit[None]))
    return Dashboard(total, unit_rows, seated_alternates(rows), voting_present(rows))


def roll_entry(delegate: Delegate, attended: bool) -> RollEntry:
    """The core's view of a delegate for B; by right = member of the convening committee."""
    return RollEntry(
        number=delegate.number,
        is_official=delegate.is_official,
        is_convening_committee_member=delegate.how_came == "by_right",
        absent_whole_congress=delegate.absent_whole_congress,
        absence_reason_accepted=delegate.absence_reason_accepted,
        replaced_by_alternate=delegate.replaced_by_alternate,
        temporary_activity_elsewhere=delegate.temporary_activity_elsewhere,
        exempted_from_activity=delegate.exempted_from_activity,
        is_present=attended,
        suspended_or_prosecuted=delegate.suspended_or_prosecuted,
        is_reserve_member=delegate.is_reserve_member,
    )


def base_now(session: Session, congress: Congress, rows: list[RollRow] | None = None) -> BaseNow:
    """B from the roll and the door now. Raises a typed error for a contradictory roll."""
    rows = roll(session, congress) if rows is None else rows
    try:
        base = compute_base(congress.kind, [roll_entry(r.delegate, r.attended) for r in rows])
    except BadRoll as error:
        raise roll_error(error) from error
    by_number = {r.delegate.number: r.delegate for r in rows}
    lines = [
        ExclusionLine(e.code, sorted((by_number[n] for n in e.numbers), key=_order))
        for e in base.exclusions
    ]
    quorum = quorum_of(congress)
    present = voting_present(rows)
    return BaseNow(
        kind=congress.kind,
        base=base,
        lines=lines,
        threshold=threshold(base.value),
        quorum=quorum,
        quorum_result=quorum_check(present, base.value, quorum),
        voting_present=present,
    )


def person(delegate: Delegate, attended: bool) -> Person:
    return Person(
        number=delegate.number,
        full_name=delegate.full_name,
        gender=delegate.gender,
        birth_date=delegate.birth_date,
        ethnicity=delegate.ethnicity,
        joined_party_on=delegate.joined_party_on,
        education=delegate.education,
        political_theory=delegate.political_theory,
        how_came=delegate.how_came,
        is_present=attended,
        absence_reason=delegate.absence_reason,
    )


def report(session: Session, congress: Congress) -> Report:
    """The credentials report's figures on the opening day, for the summoned delegates."""
    rows = roll(session, congress)
    summoned = [r for r in rows if is_summoned(r.delegate)]
    try:
        figures = composition(
            [person(r.delegate, r.attended) for r in summoned], congress.starts_on
        )
    except BadPerson as error:
        raise person_error(error) from error
    absent = sorted((r.delegate for r in summoned if not r.attended), key=_order)
    absentees = [(delegate, delegate.absence_reason) for delegate in absent]
    return Report(congress, figures, absentees, seated_alternates(rows))


def parse_quorum(text: str) -> Fraction:
    """A quorum as typed: "2/3", "1/2", "50%", "66,67%". In (0, 1]; raises BadQuorum."""
    value = _fraction(text)
    if value is None or not 0 < value <= 1:
        raise BadQuorum(value=text.strip()[:30] or '""')
    return value


def _fraction(text: str) -> Fraction | None:
    if match := _FRACTION.match(text):
        numerator, denominator = int(match[1]), int(match[2])
        if 0 < denominator <= MAX_QUORUM_TERM and numerator <= MAX_QUORUM_TERM:
            return Fraction(numerator, denominator)
        return None
    if match := _PERCENT.match(text):
        hundredths = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
        return Fraction(hundredths, 10_000)
    return None


def quorum_text(value: Fraction) -> str:
    """How a quorum is stored and shown: the reduced fraction, "2/3", "1/1"."""
    return f"{value.numerator}/{value.denominator}"


def quorum_of(congress: Congress) -> Fraction | None:
    """The congress's quorum setting; None: no quorum check (rules.md §8, no default)."""
    return None if congress.quorum is None else parse_quorum(congress.quorum)
