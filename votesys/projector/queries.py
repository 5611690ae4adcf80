"""What the projector shows now, as plain data (codes and figures; the view words it).

Nothing of a round's ballots comes out of here unless the round is announced: the voting
screen carries only the turnout, the counting screen only the round's name. ``screen`` checks
the round's state itself, whatever the stored choice says.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.audit.models import AuditEntry
from votesys.congress.models import Congress
from votesys.elections import queries as elections
from votesys.elections.models import Round
from votesys.motions import queries as motions
from votesys.projector.models import ProjectorState
from votesys.record import queries as record
from votesys.tally import queries as tally


def state_of(session: Session, congress: Congress) -> ProjectorState | None:
    return session.get(ProjectorState, congress.id)


def screen(session: Session, congress: Congress) -> dict[str, Any]:
    """The screen: {"mode", "congress", "round"?, and the mode's own figures}."""
    state = state_of(session, congress)
    data: dict[str, Any] = {
        "mode": "idle",
        "congress": {"name": congress.name, "term": congress.term, "venue": congress.venue},
        "changed_at": state.changed_at.isoformat() if state is not None else None,
    }
    if state is None or state.mode == "idle":
        return data
    if state.mode == "motion":
        return data | {"mode": "motion", "motion": motion_screen(session, state.motion_id)}
    round_ = session.get(Round, state.round_id) if state.round_id is not None else None
    if state.mode == "counting":
        data["mode"] = "counting"
        if round_ is not None:
            data["round"] = _round(round_)
        return data
    if state.mode == "voting":
        return data | {"mode": "voting", "round": _round(round_), **voting(session, round_)}
    if round_.status != "announced":  # never, through the service; kept as the last guard
        return data | {"mode": "counting", "round": _round(round_)}
    return data | {"mode": "results", "round": _round(round_), **results(session, round_)}


def voting(session: Session, round_: Round) -> dict[str, Any]:
    """Turnout only: eligible voters as the denominator (design.md: never a partial result)."""
    turnout = elections.turnout(session, round_)
    share = 0 if turnout.eligible == 0 else turnout.voted * 100 // turnout.eligible
    return {
        "is_open": round_.status == "open",
        "voted": turnout.voted,
        "eligible": turnout.eligible,
        "turnout": f"{turnout.voted} / {turnout.eligible}",
        "share": share,
        "opening_hash": opening_hash(session, round_),
    }


def results(session: Session, round_: Round) -> dict[str, Any]:
    """An announced round's result: candidates by votes, the elected, ties and open places."""
    found = tally.tally_of(session, round_)
    result = tally.result_of(found)
    summary = tally.summary(result)
    elected = {row["id"] for row in summary.elected}
    alternates = {row["id"] for row in summary.alternates}
    rows = [
        {
            "name": row["name"],
            "votes": row.get("votes", row.get("agree")),
            "of_base": row.get("of_base", ""),
            "percent": row.get("percent", ""),
            "outcome": _outcome(row, elected, alternates),
        }
        for row in summary.by_votes
    ]
    return {
        "is_opinion": summary.is_opinion,
        "status": result.get("status", "complete"),
        "base": result.get("base", {}).get("value"),
        "threshold": result.get("threshold"),
        "ballots": {
            "issued": result["ballots"]["issued"],
            "returned": result["ballots"]["returned"],
            "valid": result["ballots"]["valid"],
        },
        "candidates": rows,
        "elected": [row["name"] for row in summary.elected],
        "alternates": [row["name"] for row in summary.alternates],
        "notices": summary.notices,
        "fingerprint": found.fingerprint,
        "record_fingerprint": record.fingerprint(session, round_),
    }


def motion_screen(session: Session, motion_id: int) -> dict[str, Any]:
    """A motion: how many have voted while it is open (never how); its result once closed."""
    motion = motions.motion_of(session, motion_id)
    turnout = motions.turnout(session, motion)
    return {
        "id": motion.id,
        "title": motion.title,
        "question": motion.question,
        "is_named": motion.is_named,
        "is_open": motion.status == "open",
        "voted": turnout.voted,
        "voters": turnout.voters,
        "share": turnout.share,
        "result": motions.result_of(motion) if motion.status == "closed" else None,
    }


def opening_hash(session: Session, round_: Round) -> str | None:
    """The audit log's head just after the round opened: the hash of its opening entry."""
    entries = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.kind == "elections.round_opened")
        .order_by(AuditEntry.seq.desc())
    )
    for entry in entries:
        if json.loads(entry.data).get("round") == round_.id:
            return entry.hash
    return None


def choosable_motions(session: Session, congress: Congress) -> list:
    """The motions the chair may put on the projector: every one put to the vote."""
    return [m for m in motions.motions(session, congress) if m.status != "draft"]


def choosable(session: Session, congress: Congress) -> list[Round]:
    """The rounds the chair may put on the projector: every round that has opened."""
    return elections.rounds_in(
        session, congress, ("open", "closed", "counted", "signed", "announced")
    )


def _round(round_: Round) -> dict[str, Any]:
    return {
        "id": round_.id,
        "number": round_.number,
        "election": round_.election.title,
        "seats": round_.seats,
        "alternates": round_.alternates,
        "status": round_.status,
    }


def _outcome(row: dict[str, Any], elected: set[str], alternates: set[str]) -> str:
    if "outcome" in row:
        return row["outcome"]
    return "elected" if row["id"] in elected else "not_elected"
