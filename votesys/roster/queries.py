"""Reading the roll: delegates in Vietnamese alphabetical order, counts per unit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.congress.models import Congress, PartyUnit
from votesys.core.names import sort_key
from votesys.roster.models import Delegate


@dataclass(frozen=True)
class UnitCount:
    unit: PartyUnit
    summoned: int


def delegates(session: Session, congress: Congress) -> list[Delegate]:
    """The whole roll, by given name in Vietnamese order (rules.md §2)."""
    rows = session.scalars(select(Delegate).where(Delegate.congress_id == congress.id))
    return sorted(rows, key=_order)


def _order(delegate: Delegate):
    return sort_key(
        delegate.given_name, delegate.surname, delegate.middle_name, delegate.birth_date
    )


def summoned_by_unit(session: Session, congress: Congress) -> list[UnitCount]:
    """Official delegates summoned, per unit (alternates are summoned only when seated)."""
    counts = dict(
        session.execute(
            select(Delegate.unit_id, func.count())
            .where(
                Delegate.congress_id == congress.id,
                Delegate.is_official.is_(True),
                Delegate.is_reserve_member.is_(False),
            )
            .group_by(Delegate.unit_id)
        ).all()
    )
    units = session.scalars(
        select(PartyUnit).where(PartyUnit.congress_id == congress.id).order_by(PartyUnit.position)
    )
    return [UnitCount(unit, counts.get(unit.id, 0)) for unit in units]
