"""Reading the count: a round's stored result, who has confirmed it, and who may see it.

The result is the canonical JSON the count froze (``Tally.result``); the pages and the projector
read it through ``result_of`` and ``summary`` so that they say the same thing in the same order.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.ceremony import queries as ceremony_queries
from votesys.core.rules.decide import Decision
from votesys.elections.models import Round
from votesys.roles import allows
from votesys.tally.models import EncryptedTotals, PartialDecryption, SignOff, Tally

OPINION = "votesys-opinion/1"
# Who sees a counted result before the hall does: the committee from the count, the chair once
# the committee has signed it (to announce it), every member of staff once announced.
RELEASED_TO_CHAIR = ("signed", "announced")


@dataclass(frozen=True)
class Summary:
    """A result in the order it is read out: the elected highest first, then the alternates,
    then the ties and the places still open (rules.md §5)."""

    is_opinion: bool
    elected: list[dict[str, Any]]
    alternates: list[dict[str, Any]]
    tied: list[dict[str, Any]]
    by_votes: list[dict[str, Any]]  # every candidate, most votes first, then ballot order
    notices: list[dict[str, Any]]  # {"code", "places", "names"}
    open_seats: int
    open_alternates: int


def tally_of(session: Session, round_: Round) -> Tally | None:
    return session.get(Tally, round_.id)


def result_of(tally: Tally) -> dict[str, Any]:
    return json.loads(tally.result)


def sign_offs(session: Session, round_: Round) -> list[SignOff]:
    """Who has confirmed the count, in the order they did."""
    return list(
        session.scalars(
            select(SignOff)
            .where(SignOff.round_id == round_.id)
            .order_by(SignOff.confirmed_at, SignOff.account)
        )
    )


def has_confirmed(session: Session, round_: Round, account: str) -> bool:
    return session.get(SignOff, (round_.id, account)) is not None


def may_see_result(role: str | None, round_: Round) -> bool:
    """The counting committee from the count on; the chair once signed; all staff once
    announced. Nobody before the count (there is nothing to see)."""
    if round_.status == "announced":
        return allows(role, "elections.view")
    if allows(role, "tally.count"):
        return round_.status in ("counted", "signed")
    if allows(role, "results.announce"):
        return round_.status in RELEASED_TO_CHAIR
    return False


def summary(result: dict[str, Any]) -> Summary:
    """The result in reading order, each name with its row of figures."""
    rows = {row["id"]: row for row in result["candidates"]}
    # sorted() is stable: equal votes stay in ballot order (rules.md §5, announcement order).
    by_votes = sorted(result["candidates"], key=lambda row: -_votes(row))
    if result.get("format") == OPINION:
        agreed = [rows[cid] for cid in result["agreed"]]
        return Summary(True, agreed, [], [], by_votes, [], 0, 0)
    notices = [
        {
            "code": notice["code"],
            "places": notice["places"],
            "names": [rows[cid]["name"] for cid in notice["ids"]],
        }
        for notice in result["notices"]
    ]
    return Summary(
        False,
        [rows[cid] for cid in result["elected"]],
        [rows[cid] for cid in result["alternates"]],
        [rows[cid] for cid in result["tied"]],
        by_votes,
        notices,
        result["open_seats"],
        result["open_alternates"],
    )


def decision_of(tally: Tally) -> Decision:
    """The rules engine's decision, rebuilt from the stored result (for the next round)."""
    result = result_of(tally)
    return Decision(
        valid=result["ballots"]["valid"],
        threshold=result["threshold"],
        elected=tuple(result["elected"]),
        alternates=tuple(result["alternates"]),
        tied=tuple(result["tied"]),
        open_seats=result["open_seats"],
        open_alternates=result["open_alternates"],
        status=result["status"],
        percent={row["id"]: row["percent"].rstrip("%") for row in result["candidates"]},
    )


def _votes(row: dict[str, Any]) -> int:
    return row["votes"] if "votes" in row else row["agree"]


def totals_of(session: Session, round_: Round):
    """The round's box added up (encrypted), or None before."""
    return session.get(EncryptedTotals, round_.id)


def decryption_status(session: Session, round_: Round) -> dict | None:
    """Who of the key ceremony has decrypted the round's totals, whose decryption was refused,
    and how many are needed; None when the round's key has no ceremony (never opened)."""
    if round_.ceremony_id is None:
        return None
    ceremony = ceremony_queries.ceremony_of(session, round_.ceremony_id)
    rows = {
        row.member: row
        for row in session.scalars(
            select(PartialDecryption).where(PartialDecryption.round_id == round_.id)
        )
    }
    members = []
    for member in ceremony_queries.members(session, ceremony):
        row = rows.get(member.number)
        state = "waiting" if row is None else ("done" if row.is_valid else "refused")
        members.append(
            {
                "number": member.number,
                "account": member.account,
                "name": member.display_name,
                "state": state,
                "failed": len(json.loads(row.problems)) if row and row.problems else 0,
            }
        )
    done = sum(1 for m in members if m["state"] == "done")
    return {"threshold": ceremony.threshold, "done": done, "members": members}
