"""Reading the box: what is published after closing, and what the counting reads."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from votesys.ballots.errors import BoardNotOpen, BoxNotClosed, UnknownReceipt
from votesys.ballots.models import Ballot, PaperCount
from votesys.elections.models import Round

CLOSED = ("closed", "counted", "signed", "announced")
PUBLISHED = ("open", *CLOSED)  # the rounds whose board of receipts is public
RECEIPT_TEXT = re.compile(r"[^A-Z2-7]")


def ballot_count(session: Session, round_: Round) -> int:
    return session.scalar(select(func.count()).where(Ballot.round_id == round_.id)) or 0


def receipts(session: Session, round_: Round) -> list[str]:
    """The round's receipt codes, sorted: the public list (danh sách mã biên nhận)."""
    require_closed(round_)
    return sorted(session.scalars(select(Ballot.receipt).where(Ballot.round_id == round_.id)))


def receipt_code(text: str) -> str:
    """A code as stored ("ABCDE-FGH23") from what was typed (case, spaces and dashes ignored)."""
    letters = RECEIPT_TEXT.sub("", text.upper().replace("-", ""))
    return f"{letters[:5]}-{letters[5:]}"


def find_receipt(session: Session, round_: Round, text: str) -> str:
    """The receipt as stored, from what a delegate typed (case, spaces and dashes ignored).
    While voting is open too: only whoever holds a receipt can look it up, so the answer tells
    nothing about when it was cast to anyone who did not know it already."""
    require_published(round_)
    code = receipt_code(text)
    found = session.scalar(
        select(Ballot.receipt).where(Ballot.round_id == round_.id, Ballot.receipt == code)
    )
    if found is None:
        raise UnknownReceipt(code=text.strip()[:20] or "-")
    return found


def documents(session: Session, round_: Round) -> list[Any]:
    """Every ballot's document, in the order of their random ids: what counting reads."""
    require_closed(round_)
    rows = session.scalars(
        select(Ballot.document).where(Ballot.round_id == round_.id).order_by(Ballot.id)
    )
    return [json.loads(text) for text in rows]


def paper_count(session: Session, round_: Round) -> PaperCount | None:
    return session.get(PaperCount, round_.id)


def require_closed(round_: Round) -> None:
    if round_.status not in CLOSED:
        raise BoxNotClosed(
            number=round_.number, election=round_.election.title, current=round_.status
        )


def require_published(round_: Round) -> None:
    """The board of a round is public from the moment voting opens."""
    if round_.status not in PUBLISHED:
        raise BoardNotOpen(
            number=round_.number, election=round_.election.title, current=round_.status
        )
