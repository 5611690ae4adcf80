"""Every write of the tablet: a delegate signs in with their card, opens a ballot, casts it; the
secretariat registers and revokes voting stations and sets whether they are required.

A delegate may also vote on the open motion (biểu quyết), and change that vote until the
chair closes it. A sign-in changes nothing in the database (a typed code matching no card
counts against the device, in the credentials' throttle): the voter session lives in the
browser's signed and encrypted session cookie (``voter``). Opening and casting go to the ballot
box, which writes and audits them without the delegate; nothing here writes the delegate next
to a ballot. The tablet encrypts the ballot in the browser: casting hands the box ciphertexts
and proofs only.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from votesys.audit import services as audit
from votesys.ballots import challenges
from votesys.ballots import services as box
from votesys.ballots.models import StationPolicy, VotingStation
from votesys.congress.models import Congress
from votesys.credentials import queries as cards
from votesys.credentials import services as card_services
from votesys.db import utcnow
from votesys.elections.models import Round
from votesys.errors import DomainError
from votesys.motions import queries as motion_queries
from votesys.motions import services as motion_services
from votesys.motions.models import Motion
from votesys.roles import Actor, require
from votesys.tablet import errors, queries

MANAGE = "stations.manage"
MAX_SCAN = 500
STATION_NAME = 100


@dataclass(frozen=True)
class SignedIn:
    """A delegate whose card opened the tablet, and the open rounds they may vote in."""

    delegate_id: int
    name: str
    rounds: list[Round]
    motions: list[Motion]


@dataclass(frozen=True)
class Registered:
    """A new station and the token for its cookie (shown to nobody, stored only hashed)."""

    station: VotingStation
    token: str


def sign_in(
    session: Session,
    congress: Congress,
    key: bytes,
    text: str,
    method: str | None,
    throttle: card_services.Throttle,
    who: str,
    station_token: str | None = None,
) -> SignedIn:
    """Whoever holds the card that was scanned (its URL or bare token) or typed (its short
    code, throttled per device as on the card page), if they may vote now on this device.

    Refused, with nothing written: not a card, unknown or revoked card, a station required,
    no open round, no vote in the open rounds, or every vote already cast."""
    require_station(session, congress, station_token)
    text = (text or "").strip()
    if not text:
        raise errors.EmptyScan()
    if len(text) > MAX_SCAN:
        raise errors.NotACard()
    token = cards.token_from_scan(text)
    if token is not None:
        found = cards.check_token(session, token)
    elif method in ("camera", "scanner") or "/" in text or ":" in text:
        raise errors.NotACard()  # a QR code or a URL, but not a card's
    else:
        found = card_services.lookup_code(session, key, text, throttle, who)
    return _signed_in(session, congress, found)


def _signed_in(session: Session, congress: Congress, found: cards.CardLookup) -> SignedIn:
    if found.status == cards.REVOKED:
        raise errors.RevokedCard()
    delegate = found.delegate
    if delegate is None or delegate.congress_id != congress.id:
        raise errors.UnknownCard()
    standing = queries.standing(session, congress, delegate.id)
    open_motion = motion_queries.open_motion(session, congress)
    may_motions = motion_queries.may_vote(session, congress, delegate.id)
    if not standing.open_count and open_motion is None:
        raise errors.NoOpenRound()
    if not standing.rounds and not may_motions:
        raise errors.VotedEverywhere() if standing.is_voter else errors.NoVoteHere()
    return SignedIn(delegate.id, delegate.full_name, standing.rounds, may_motions)


def open_ballot(
    session: Session,
    congress: Congress,
    delegate_id: int,
    round_id: int,
    station_token: str | None = None,
) -> box.BallotPaper:
    """Hand the signed-in delegate the ballot of a round (the box's ``issue_ballot``, which
    counts them among the ballots issued and commits)."""
    require_station(session, congress, station_token)
    _check_round(session, congress, round_id)
    return box.issue_ballot(session, round_id, delegate_id)


def cast(
    session: Session,
    congress: Congress,
    delegate_id: int,
    round_id: int,
    ballot: Any,
    submission_key: Any,
    station_token: str | None = None,
    checked: box.CheckedBallot | DomainError | None = None,
) -> box.Cast:
    """Put the signed-in delegate's encrypted ballot in the box (``cast_ballot``: every proof
    checked against the round's manifest, one ballot per voter, a resend of the same
    submission key answered with the same receipt). ``ballot`` is the ciphertexts and proofs
    the tablet made (EncryptedBallot.to_json): no mark reaches the server. ``checked``: what
    ``check`` found in a reading session first (so that SQLite's write lock is not held while
    the proofs are checked)."""
    require_station(session, congress, station_token)
    _check_round(session, congress, round_id)
    if not isinstance(ballot, dict):
        raise errors.OutdatedTablet()
    return box.cast_ballot(session, round_id, delegate_id, ballot, submission_key, checked)


def resent(reading: Session, round_id: int, ballot: Any, submission_key: Any) -> box.Cast | None:
    """A cast sent again without a voter session (it ran out while the answer was lost): the
    receipt of the very ballot in the box, or None (``ballots.services.receipt_of_resend``)."""
    return box.receipt_of_resend(reading, round_id, ballot, submission_key)


def check(reading: Session, round_id: int, ballot: Any) -> box.CheckedBallot | DomainError:
    """The ballot's proofs checked without writing (``ballots.services.check_ballot``); a
    refusal is returned, to be recorded by ``cast``."""
    if not isinstance(ballot, dict):
        return errors.OutdatedTablet()
    try:
        return box.check_ballot(reading, round_id, ballot)
    except DomainError as error:
        return error


def challenge(
    session: Session,
    congress: Congress,
    delegate_id: int,
    round_id: int,
    ballot: Any,
    revealed: Any,
    station_token: str | None = None,
) -> challenges.Challenged:
    """Publish the ballot the signed-in delegate challenged instead of casting it (the box's
    ``publish_challenge``: it checks the reveal and keeps the verdict, and the ballot is never
    cast). Only a delegate who may still vote in the round may challenge there; the challenge
    writes nothing about them and leaves their vote as it was."""
    require_station(session, congress, station_token)
    _check_round(session, congress, round_id)
    if round_id not in {r.id for r in queries.standing(session, congress, delegate_id).rounds}:
        raise errors.NotYourRound()
    if not isinstance(ballot, dict) or not isinstance(revealed, dict):
        raise errors.OutdatedTablet()
    return challenges.publish_challenge(session, round_id, ballot, revealed)


def vote_on_motion(
    session: Session,
    congress: Congress,
    delegate_id: int,
    motion_id: int,
    choice: Any,
    slip_key: bytes,
    station_token: str | None = None,
) -> motion_services.Voted:
    """The signed-in delegate's choice on the open motion (``motions.services.vote``: changeable
    until the chair closes it; refused once closed)."""
    require_station(session, congress, station_token)
    return motion_services.vote(session, congress, delegate_id, motion_id, choice, slip_key)


def _check_round(session: Session, congress: Congress, round_id: int) -> None:
    round_ = session.get(Round, round_id)
    if round_ is None or round_.election.congress_id != congress.id:
        raise errors.NotYourRound()


def require_station(session: Session, congress: Congress, token: str | None) -> None:
    """When the congress requires voting stations, only a registered, unrevoked one will do."""
    if queries.stations_required(session, congress) and not queries.station_of(
        session, congress, token
    ):
        raise errors.StationRequired()


# --- voting stations (điểm bỏ phiếu) ---


def register_station(session: Session, actor: Actor, congress: Congress, name: str) -> Registered:
    """Register the tablet the secretariat is using as a voting station: a random token for its
    cookie, of which only the SHA-256 is stored."""
    require(actor.role, MANAGE)
    name = " ".join((name or "").split())
    if not 1 <= len(name) <= STATION_NAME:
        raise errors.BadStationName()
    token = secrets.token_urlsafe(32)
    station = VotingStation(
        congress_id=congress.id,
        name=name,
        token_hash=queries.token_hash(token),
        registered_by=actor.name,
        registered_at=utcnow(),
    )
    session.add(station)
    session.flush()
    audit.record(session, "stations.registered", actor.name, station=station.id, name=name)
    session.commit()
    return Registered(station, token)


def revoke_station(
    session: Session, actor: Actor, congress: Congress, station_id: int
) -> VotingStation:
    """A station stops being one (a lost or replaced tablet): its cookie opens no ballot."""
    require(actor.role, MANAGE)
    station = session.get(VotingStation, station_id)
    if station is None or station.congress_id != congress.id:
        raise errors.UnknownStation(id=station_id)
    if station.revoked_at is not None:
        raise errors.StationAlreadyRevoked(name=station.name)
    station.revoked_at = utcnow()
    audit.record(session, "stations.revoked", actor.name, station=station.id, name=station.name)
    session.commit()
    return station


def set_station_policy(
    session: Session, actor: Actor, congress: Congress, is_required: bool
) -> StationPolicy:
    """Whether a card opens a ballot only on a registered station (True) or on any device."""
    require(actor.role, MANAGE)
    policy = session.get(StationPolicy, congress.id)
    if policy is None:
        policy = StationPolicy(congress_id=congress.id, is_required=False)
        session.add(policy)
    if policy.is_required != bool(is_required):
        policy.is_required = bool(is_required)
        audit.record(session, "stations.policy_set", actor.name, required=policy.is_required)
    session.commit()
    return policy
