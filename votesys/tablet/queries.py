"""Reading for the tablet: the rounds a delegate may vote in, the stations, the public board
and the challenged ballots."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.ballots import challenges
from votesys.ballots.models import ChallengedBallot, StationPolicy, VotingStation
from votesys.ballots.queries import PUBLISHED
from votesys.congress.models import Congress
from votesys.core.rules.settings import RuleSettings
from votesys.elections import queries as elections
from votesys.elections.models import Round, RoundVoter
from votesys.motions import queries as motions
from votesys.motions.services import slip_tag
from votesys.roster.models import Delegate

if TYPE_CHECKING:
    from votesys.ballots.services import BallotPaper


@dataclass(frozen=True)
class Standing:
    """Where a delegate stands in the rounds open now: those they may still vote in, and
    whether they are a voter of any open round at all (to say why when ``rounds`` is empty)."""

    open_count: int
    rounds: list[Round]
    is_voter: bool


def standing(session: Session, congress: Congress, delegate_id: int) -> Standing:
    """The open rounds (agenda order) in which the delegate is a voter who has not voted."""
    open_rounds = elections.rounds_in(session, congress, ("open",))
    voters = [session.get(RoundVoter, (round_.id, delegate_id)) for round_ in open_rounds]
    may = [r for r, voter in zip(open_rounds, voters, strict=True) if voter and not voter.has_voted]
    return Standing(len(open_rounds), may, any(voter is not None for voter in voters))


def is_all_disagree_valid(round_: Round) -> bool:
    """The congress's setting frozen when the round opened (rules.md §4, a GAP)."""
    settings = elections.frozen_settings(round_)
    return (RuleSettings.from_dict(settings) if settings else RuleSettings()).is_all_disagree_valid


def tablet_ballot(paper: BallotPaper) -> dict[str, Any]:
    """What the tablet needs to show the ballot and encrypt it, all from the round's frozen
    manifest (what every proof is checked against): the list in ballot order, the places, the
    rule settings, the crypto layout, the invalid reasons (the flags, in order), the election
    key and the round fingerprint (the proofs' context). Descriptions are not in the manifest:
    they come from the list, matched by candidate id."""
    round_ = paper.round
    manifest = json.loads(round_.manifest)
    described = {str(c.id): c.description for c in paper.candidates}
    settings = manifest["settings"]
    return {
        "round": {
            "id": round_.id,
            "title": manifest["election"]["title"],
            "number": manifest["round"],
            "layout": manifest["layout"],
            "seats": manifest["seats"],
            "alternates": manifest["alternates"],
            "places": manifest["seats"] + manifest["alternates"],
            "is_opinion": manifest["election"]["kind"] == "opinion",
            "all_disagree_valid": RuleSettings.from_dict(settings).is_all_disagree_valid,
        },
        "candidates": [
            {"position": c["position"], "name": c["name"], "description": described.get(c["id"])}
            for c in manifest["candidates"]
        ],
        "crypto": {
            "layout": manifest["crypto_layout"],
            "invalid_reasons": manifest["invalid_reasons"],
            "settings": settings,
            "public_key": manifest["election_key"]["public_key"],
            "fingerprint": round_.fingerprint,
        },
    }


def is_any_round_open(session: Session, congress: Congress) -> bool:
    """A ballot round or a motion open: something a card may vote on now."""
    return bool(elections.rounds_in(session, congress, ("open",))) or (
        motions.open_motion(session, congress) is not None
    )


def tablet_motions(
    session: Session, congress: Congress, delegate_id: int, slip_key: bytes
) -> list[dict[str, Any]]:
    """The open motion the delegate may vote on, with their current choice (shown to them
    alone, on the tablet they signed in to: they may change it until the chair closes)."""
    return [
        {
            "id": motion.id,
            "title": motion.title,
            "question": motion.question,
            "is_named": motion.is_named,
            "choice": motions.choice_of(
                session,
                motion,
                delegate_id,
                slip_tag(slip_key, motion.id, delegate_id) if not motion.is_named else None,
            ),
        }
        for motion in motions.may_vote(session, congress, delegate_id)
    ]


def published_rounds(session: Session, congress: Congress) -> list[Round]:
    """The rounds whose board is public: voting open, closed, counted, signed or announced."""
    return elections.rounds_in(session, congress, PUBLISHED)


def challenged_ballot(session: Session, row: ChallengedBallot) -> dict[str, Any]:
    """What the verification page needs to check a challenged ballot in the browser: the
    encrypted ballot and the reveal, and from the round's frozen manifest the crypto layout, the
    key, the fingerprint (the proofs' context), the list in ballot order and the invalid
    reasons (to name the marks); and the server's own verdict, kept when it was published."""
    round_ = session.get(Round, row.round_id)
    manifest = json.loads(round_.manifest)
    return {
        "code": row.code,
        "ballot_hash": row.ballot_hash,
        "round": {
            "id": round_.id,
            "title": manifest["election"]["title"],
            "number": manifest["round"],
            "layout": manifest["layout"],
        },
        "candidates": [
            {"position": c["position"], "name": c["name"]} for c in manifest["candidates"]
        ],
        "crypto": {
            "layout": manifest["crypto_layout"],
            "invalid_reasons": manifest["invalid_reasons"],
            "public_key": manifest["election_key"]["public_key"],
            "fingerprint": round_.fingerprint,
        },
        "ballot": json.loads(row.document),
        "revealed": json.loads(row.revealed),
        "server": {"matches": row.is_match, "problems": list(challenges.problems_of(row))},
    }


# --- voting stations ---


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def stations_required(session: Session, congress: Congress) -> bool:
    policy = session.get(StationPolicy, congress.id)
    return bool(policy and policy.is_required)


def station_of(session: Session, congress: Congress, token: str | None) -> VotingStation | None:
    """The registered, unrevoked station whose cookie holds ``token`` (None for anything else)."""
    if not token or len(token) > 100:
        return None
    station = session.scalars(
        select(VotingStation).where(VotingStation.token_hash == token_hash(token))
    ).first()
    if station is None or station.revoked_at is not None or station.congress_id != congress.id:
        return None
    return station


def stations(session: Session, congress: Congress) -> list[VotingStation]:
    """Every station of the congress, the ones in use first, then by name."""
    rows = session.scalars(select(VotingStation).where(VotingStation.congress_id == congress.id))
    return sorted(rows, key=lambda s: (s.revoked_at is not None, s.name.casefold(), s.id))


def delegate_name(session: Session, delegate_id: int) -> str:
    delegate = session.get(Delegate, delegate_id)
    return delegate.full_name if delegate is not None else ""
