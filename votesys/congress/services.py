"""Every write on the congress and its Party units (thiết lập đại hội)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.congress.errors import BadCongress
from votesys.congress.models import KINDS, UNIT_KINDS, Congress, PartyUnit
from votesys.congress.queries import the_congress
from votesys.roles import Actor, require


@dataclass(frozen=True)
class CongressFacts:
    """What the secretariat types about the congress (tên, cấp, nhiệm kỳ, địa điểm, ngày)."""

    name: str
    organisation: str
    level: str
    ordinal: str
    term: str
    kind: str
    venue: str
    starts_on: dt.date
    ends_on: dt.date


def create_congress(
    session: Session, actor: Actor, facts: CongressFacts, units: list[tuple[str, str]]
) -> Congress:
    """Set up the congress with its Party units, given as (name, kind) in the order shown."""
    require(actor.role, "congress.setup")
    _check(facts)
    for name, kind in units:
        if kind not in UNIT_KINDS or not name.strip():
            raise BadCongress(field="units", value=f"{name} ({kind})")
    congress = Congress(**facts.__dict__)
    congress.units = [
        PartyUnit(name=name.strip(), kind=kind, position=index)
        for index, (name, kind) in enumerate(units, start=1)
    ]
    session.add(congress)
    session.flush()
    audit.record(
        session,
        "congress.created",
        actor.name,
        congress=congress.id,
        name=facts.name,
        units=len(units),
    )
    session.commit()
    return congress


def update_congress(session: Session, actor: Actor, facts: CongressFacts) -> Congress:
    require(actor.role, "congress.setup")
    congress = the_congress(session)
    _check(facts)
    changed = {
        key: str(value) for key, value in facts.__dict__.items() if getattr(congress, key) != value
    }
    for key, value in facts.__dict__.items():
        setattr(congress, key, value)
    audit.record(session, "congress.updated", actor.name, congress=congress.id, changed=changed)
    session.commit()
    return congress


def _check(facts: CongressFacts) -> None:
    for key in ("name", "organisation", "level", "ordinal", "term", "venue"):
        if not getattr(facts, key).strip():
            raise BadCongress(field=key, value="")
    if facts.kind not in KINDS:
        raise BadCongress(field="kind", value=facts.kind)
    if facts.ends_on < facts.starts_on:
        raise BadCongress(field="ends_on", value=facts.ends_on.isoformat())
