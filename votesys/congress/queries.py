"""Reading the congress: this installation serves one congress at a time."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.congress.errors import NoCongress
from votesys.congress.models import Congress, PartyUnit


def current_congress(session: Session) -> Congress | None:
    return session.scalars(select(Congress).order_by(Congress.id.desc()).limit(1)).first()


def units(session: Session, congress: Congress) -> list[PartyUnit]:
    return list(
        session.scalars(
            select(PartyUnit)
            .where(PartyUnit.congress_id == congress.id)
            .order_by(PartyUnit.position)
        )
    )


def count_units(session: Session, congress: Congress) -> dict[str, int]:
    rows = session.execute(
        select(PartyUnit.kind, func.count())
        .where(PartyUnit.congress_id == congress.id)
        .group_by(PartyUnit.kind)
    )
    return dict(rows.all())


def the_congress(session: Session) -> Congress:
    """The congress this installation serves; ``NoCongress`` (a 404 saying how) if none yet."""
    congress = current_congress(session)
    if congress is None:
        raise NoCongress()
    return congress
