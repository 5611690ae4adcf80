"""Reading the ceremony: the current one, its members, what they published, the public key."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.ceremony import errors
from votesys.ceremony.models import CeremonyMember, KeyCeremony, SealedShare
from votesys.congress.models import Congress
from votesys.core.crypto.group import Point
from votesys.core.crypto.threshold import Commitments, verification_keys

STEPS = ("keys", "dealing", "checking", "complete")


def current(session: Session, congress: Congress) -> KeyCeremony | None:
    """The congress's latest ceremony that was not abandoned."""
    return session.scalar(
        select(KeyCeremony)
        .where(KeyCeremony.congress_id == congress.id, KeyCeremony.status != "abandoned")
        .order_by(KeyCeremony.id.desc())
        .limit(1)
    )


def election_key(session: Session, congress: Congress) -> KeyCeremony:
    """The completed ceremony whose key the rounds use; NotComplete if there is none."""
    ceremony = current(session, congress)
    if ceremony is None or ceremony.status != "complete":
        raise errors.NotComplete()
    return ceremony


def ceremony_of(session: Session, ceremony_id: int) -> KeyCeremony:
    ceremony = session.get(KeyCeremony, ceremony_id)
    if ceremony is None:
        raise errors.NoCeremony()
    return ceremony


def members(session: Session, ceremony: KeyCeremony) -> list[CeremonyMember]:
    return list(
        session.scalars(
            select(CeremonyMember)
            .where(CeremonyMember.ceremony_id == ceremony.id)
            .order_by(CeremonyMember.number)
        )
    )


def member_for(session: Session, ceremony: KeyCeremony, account: str) -> CeremonyMember:
    """The member signed in as ``account``; NotAMember otherwise."""
    member = session.scalar(
        select(CeremonyMember).where(
            CeremonyMember.ceremony_id == ceremony.id, CeremonyMember.account == account
        )
    )
    if member is None:
        raise errors.NotAMember()
    return member


def member_numbers(session: Session, ceremony: KeyCeremony) -> list[int]:
    return [m.number for m in members(session, ceremony)]


def commitments(session: Session, ceremony: KeyCeremony) -> list[Commitments]:
    """Every member's published commitments, in member order (all must have dealt)."""
    return [
        Commitments.from_json(json.loads(m.commitments))
        for m in members(session, ceremony)
        if m.commitments is not None
    ]


def keys_of_members(session: Session, ceremony: KeyCeremony) -> dict[int, Point]:
    """X_j for every member, recomputed from the public commitments (never taken on trust)."""
    return verification_keys(commitments(session, ceremony), member_numbers(session, ceremony))


def shares_for(session: Session, ceremony: KeyCeremony, number: int) -> list[dict]:
    """What member ``number`` needs for step 3: each dealer's commitments and sealed share."""
    by_dealer = {m.number: m for m in members(session, ceremony)}
    sealed = session.scalars(
        select(SealedShare)
        .where(SealedShare.ceremony_id == ceremony.id, SealedShare.recipient == number)
        .order_by(SealedShare.dealer)
    )
    return [
        {
            "dealer": s.dealer,
            "commitments": json.loads(by_dealer[s.dealer].commitments),
            "sealed": s.sealed,
        }
        for s in sealed
    ]


def step_of(member: CeremonyMember) -> str:
    """How far one member has come: keys, dealing, checking, done."""
    if member.transport_key is None:
        return "keys"
    if member.commitments is None:
        return "dealing"
    if not member.shares_checked:
        return "checking"
    return "done"


def status(session: Session, ceremony: KeyCeremony) -> dict:
    """What the guided page polls: the ceremony's step and each member's progress (public)."""
    return {
        "id": ceremony.id,
        "status": ceremony.status,
        "threshold": ceremony.threshold,
        "fingerprint": ceremony.fingerprint,
        "public_key": ceremony.public_key,
        "members": [
            {
                "number": m.number,
                "account": m.account,
                "name": m.display_name,
                "step": step_of(m),
                "transport_key": json.loads(m.transport_key) if m.transport_key else None,
                "complaints": json.loads(m.complaints) if m.complaints else [],
            }
            for m in members(session, ceremony)
        ],
    }


def transcript(session: Session, ceremony: KeyCeremony) -> dict:
    """The ceremony's public transcript: everything published, which anyone can check (no
    sealed or wrapped share: those are useless without a member's secret, but not public)."""
    return {
        "format": "votesys-ceremony-transcript/1",
        "fingerprint": ceremony.fingerprint,
        "threshold": ceremony.threshold,
        "status": ceremony.status,
        "public_key": ceremony.public_key,
        "members": [
            {
                "number": m.number,
                "account": m.account,
                "name": m.display_name,
                "transport_key": json.loads(m.transport_key) if m.transport_key else None,
                "commitments": json.loads(m.commitments) if m.commitments else None,
                "verification_key": m.verification_key,
                "complaints": json.loads(m.complaints) if m.complaints else [],
            }
            for m in members(session, ceremony)
        ],
    }
