"""Reading the door (điểm danh): who is in the hall, the counts, the search, the recent events.

Who counts, as on the attendance dashboard (docs/attendance.md): the summoned (triệu tập) are the
official delegates who are not reserve members; present, left early and not come are counted
among them. Alternates seated in place of an absent official (seated_for_number) are counted
apart: they vote in that seat. "Present at the vote" (có mặt khi biểu quyết, rules.md §5) is
``present_ids`` at the moment a ballot round opens: a delegate who left early is not present
until they come back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, joinedload

from votesys.checkin.models import Attendance, CheckinEvent
from votesys.congress.models import Congress
from votesys.core.names import fold, matches, sort_key
from votesys.roster.models import Delegate

NONE, PRESENT, LEFT = "none", "present", "left"
SEARCH_LIMIT = 12


@dataclass(frozen=True)
class Counts:
    """The desk's running figures (số liệu tại cửa); all but the last among the summoned."""

    summoned: int  # official delegates, not reserve members (đại biểu được triệu tập)
    present: int  # in the hall now (đang có mặt)
    left: int  # left early, not back (ra về sớm)
    not_come: int  # not come yet (chưa đến)
    announced_absent: int  # of not_come: absent for the whole congress per the roll
    alternates_present: int  # alternates seated in place of an official, in the hall


@dataclass(frozen=True)
class Match:
    """A search result: the delegate and where they are now."""

    delegate: Delegate
    presence: str  # none / present / left
    since: dt.datetime | None


@dataclass(frozen=True)
class RecentEvent:
    event: CheckinEvent
    is_undone: bool
    is_undoable: bool


def is_expected(delegate: Delegate) -> bool:
    """An official delegate, or an alternate seated in place of an absent official."""
    return delegate.is_official or delegate.seated_for_number is not None


def presence_of(attendance: Attendance | None) -> str:
    return attendance.status if attendance is not None else NONE


def attendance_of(session: Session, delegate_id: int) -> Attendance | None:
    return session.get(Attendance, delegate_id)


def delegate_of(session: Session, delegate_id: int) -> Delegate | None:
    return session.scalars(
        select(Delegate).where(Delegate.id == delegate_id).options(joinedload(Delegate.unit))
    ).first()


def seated_in_place_of(session: Session, delegate: Delegate) -> Delegate | None:
    """The alternate seated in place of this official delegate, if any."""
    return session.scalars(
        select(Delegate).where(
            Delegate.congress_id == delegate.congress_id,
            Delegate.seated_for_number == delegate.number,
        )
    ).first()


def counts(session: Session, congress: Congress) -> Counts:
    """One grouped query: a handful of rows whatever the size of the roll."""
    summoned = and_(Delegate.is_official.is_(True), Delegate.is_reserve_member.is_(False))
    seated = and_(Delegate.is_official.is_(False), Delegate.seated_for_number.is_not(None))
    rows = session.execute(
        select(
            summoned.label("summoned"),
            seated.label("seated"),
            Delegate.absent_whole_congress,
            Attendance.status,
            func.count(),
        )
        .outerjoin(Attendance, Attendance.delegate_id == Delegate.id)
        .where(Delegate.congress_id == congress.id)
        .group_by("summoned", "seated", Delegate.absent_whole_congress, Attendance.status)
    ).all()

    def total(condition) -> int:
        return sum(row[4] for row in rows if condition(row))

    return Counts(
        summoned=total(lambda row: row.summoned),
        present=total(lambda row: row.summoned and row.status == PRESENT),
        left=total(lambda row: row.summoned and row.status == LEFT),
        not_come=total(lambda row: row.summoned and row.status is None),
        announced_absent=total(
            lambda row: row.summoned and row.status is None and row.absent_whole_congress
        ),
        alternates_present=total(lambda row: row.seated and row.status == PRESENT),
    )


def present_ids(session: Session, congress: Congress) -> set[int]:
    """The delegates in the hall now: "present at the vote" when read as a round opens."""
    return set(
        session.scalars(
            select(Attendance.delegate_id)
            .join(Delegate, Delegate.id == Attendance.delegate_id)
            .where(Delegate.congress_id == congress.id, Attendance.status == PRESENT)
        )
    )


def search(
    session: Session, congress: Congress, text: str, limit: int = SEARCH_LIMIT
) -> tuple[list[Match], int]:
    """Delegates by number (digits only) or by name, accent-insensitively ("nguyen van an"
    finds "Nguyễn Văn An"), in Vietnamese alphabetical order; the first ``limit`` and the total."""
    query = fold(text)
    if not query:
        return [], 0
    rows = session.execute(
        select(Delegate, Attendance)
        .outerjoin(Attendance, Attendance.delegate_id == Delegate.id)
        .where(Delegate.congress_id == congress.id)
        .options(joinedload(Delegate.unit))
    ).all()
    digits = query.removeprefix("so ").removeprefix("no ").strip()
    if digits.isdigit():
        found = [(d, a) for d, a in rows if d.number == int(digits)]
    else:
        found = [(d, a) for d, a in rows if matches(query, d.full_name)]
    found.sort(key=lambda pair: _order(pair[0]))
    return [_match(d, a) for d, a in found[:limit]], len(found)


def _match(delegate: Delegate, attendance: Attendance | None) -> Match:
    since = attendance.changed_at if attendance is not None else None
    return Match(delegate, presence_of(attendance), since)


def _order(delegate: Delegate):
    return sort_key(
        delegate.given_name, delegate.surname, delegate.middle_name, delegate.birth_date
    )


# --- the timeline ---


def timeline(session: Session, delegate_ids: Iterable[int]) -> dict[int, list[CheckinEvent]]:
    """Each delegate's events, oldest first."""
    ids = list(set(delegate_ids))
    by_delegate: dict[int, list[CheckinEvent]] = {i: [] for i in ids}
    if not ids:
        return by_delegate
    for event in session.scalars(
        select(CheckinEvent).where(CheckinEvent.delegate_id.in_(ids)).order_by(CheckinEvent.id)
    ):
        by_delegate[event.delegate_id].append(event)
    return by_delegate


def changes_in_force(events: list[CheckinEvent]) -> list[CheckinEvent]:
    """The changes still in force, oldest first: each undo takes back the change it names."""
    stack: list[CheckinEvent] = []
    for event in events:
        if event.kind != "undo":
            stack.append(event)
        elif stack and stack[-1].id == event.undoes_id:
            stack.pop()
    return stack


def last_change(session: Session, delegate_id: int) -> CheckinEvent | None:
    """The delegate's latest change still in force: the only one that may be undone."""
    stack = changes_in_force(timeline(session, [delegate_id])[delegate_id])
    return stack[-1] if stack else None


def same_day(at: dt.datetime, now: dt.datetime, zone: str) -> bool:
    """Both moments fall on the same calendar day in the hall's time zone."""
    local = ZoneInfo(zone)
    return at.astimezone(local).date() == now.astimezone(local).date()


def recent_events(
    session: Session, congress: Congress, now: dt.datetime, zone: str, limit: int = 15
) -> list[RecentEvent]:
    """The latest events at the door, newest first, each saying whether it may still be undone."""
    events = list(
        session.scalars(
            select(CheckinEvent)
            .join(Delegate, Delegate.id == CheckinEvent.delegate_id)
            .where(Delegate.congress_id == congress.id)
            .options(joinedload(CheckinEvent.delegate).joinedload(Delegate.unit))
            .order_by(CheckinEvent.id.desc())
            .limit(limit)
        )
    )
    lines = timeline(session, [event.delegate_id for event in events])
    tops = {i: changes_in_force(found) for i, found in lines.items()}
    undone = {e.undoes_id for found in lines.values() for e in found if e.kind == "undo"}
    return [
        RecentEvent(
            event,
            is_undone=event.id in undone,
            is_undoable=bool(tops[event.delegate_id])
            and tops[event.delegate_id][-1].id == event.id
            and same_day(event.at, now, zone),
        )
        for event in events
    ]
