"""Every write on the roll (danh sách đại biểu)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.models import Congress
from votesys.core.names import split_name
from votesys.roles import Actor, require
from votesys.roster.models import Delegate


@dataclass(frozen=True)
class DelegateFacts:
    """One row of the roll as the secretariat gives it."""

    number: int
    full_name: str
    gender: str
    birth_date: dt.date
    unit_id: int | None
    ethnicity: str = "Kinh"
    joined_party_on: dt.date | None = None
    official_member_on: dt.date | None = None
    position: str = ""
    education: str = ""
    political_theory: str = ""
    how_came: str = "elected"
    is_official: bool = True
    flags: dict = field(default_factory=dict)


def add_delegates(
    session: Session, actor: Actor, congress: Congress, rows: list[DelegateFacts]
) -> list[Delegate]:
    """Add delegates to the roll in one transaction (all or nothing)."""
    require(actor.role, "roster.manage")
    delegates = [_delegate(congress, row) for row in rows]
    session.add_all(delegates)
    session.flush()
    audit.record(session, "roster.added", actor.name, congress=congress.id, count=len(delegates))
    session.commit()
    return delegates


def _delegate(congress: Congress, row: DelegateFacts) -> Delegate:
    parts = split_name(row.full_name)
    values = {key: value for key, value in row.__dict__.items() if key != "flags"}
    values["full_name"] = parts.full
    return Delegate(
        congress_id=congress.id,
        surname=parts.surname,
        middle_name=parts.middle,
        given_name=parts.given,
        **values,
        **row.flags,
    )
