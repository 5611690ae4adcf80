"""The demo congress on its first morning: cards printed, most delegates checked in at the door.

Through the same services the secretariat and the credentials committee use, so the audit log
tells the demo's story too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.checkin import services as checkin
from votesys.congress.models import Congress
from votesys.credentials import services as cards
from votesys.credentials.pdf import CardSheets
from votesys.demo.seed import ABSENCES, SUMMONED
from votesys.roles import Actor
from votesys.roster.models import Delegate

LATE = (12, 34, 48, 66, 90)  # not come yet: check them in at /checkin to try the desk
LEFT_EARLY = (25, 88)  # came, then left the hall
SEATED_ALTERNATE = SUMMONED + 1  # seated in place of 57


@dataclass(frozen=True)
class Hall:
    cards_pdf: Path
    cards: int
    present: int


def open_the_doors(
    session: Session, congress: Congress, key: bytes, base_url: str, cards_pdf: Path
) -> Hall:
    """Print every card into ``cards_pdf``, then check in everyone expected but the late."""
    actor = Actor.console()
    sheets = CardSheets(congress.name, base_url)
    issued = cards.issue_missing(session, actor, congress, key)
    cards_pdf.write_bytes(sheets.add_all(issued).output())
    roll = session.scalars(select(Delegate).where(Delegate.congress_id == congress.id))
    delegates = {delegate.number: delegate for delegate in roll}
    coming = [n for n in range(1, SUMMONED + 1) if n not in ABSENCES and n not in LATE]
    for number in [*coming, SEATED_ALTERNATE]:
        checkin.check_in(session, actor, delegates[number].id, "scanner")
    for number in LEFT_EARLY:
        checkin.leave(session, actor, delegates[number].id)
    return Hall(cards_pdf, len(issued), len(coming) + 1 - len(LEFT_EARLY))
