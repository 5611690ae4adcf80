"""The key ceremony, step by step (docs/ceremony.md, docs/protocol.md §7).

The server is a notice board here: it checks every proof and every encoding a member publishes,
carries the sealed shares from dealer to recipient, and computes the public key from the
commitments once every member has checked their shares. It never sees a secret: transport
secrets and polynomials stay in each member's browser, shares travel sealed to their recipient,
and a member's final share comes back only wrapped under a passphrase the server never sees.

    keys      each member publishes a transport key with a proof of knowledge
    dealing   each member publishes Feldman commitments (with a proof for the constant term)
              and a sealed share for every member, themself included
    checking  each member opens their shares, checks them against the commitments, and either
              publishes X_j and their wrapped share, or complains about a dealer (which stops the
              ceremony: the committee abandons it and starts again)
    complete  the election key is Σ C_i0; the rounds use it from now on

Every step is in the audit log.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from votesys.accounts.models import StaffUser
from votesys.audit import services as audit
from votesys.ceremony import errors, queries
from votesys.ceremony.models import CeremonyMember, KeyCeremony, SealedShare
from votesys.congress.queries import the_congress
from votesys.core.audit_chain import canonical_json
from votesys.core.crypto import keywrap
from votesys.core.crypto.errors import CryptoError
from votesys.core.crypto.group import Point
from votesys.core.crypto.proofs import ScalarPair, verify_knowledge
from votesys.core.crypto.share_box import SEALED_BYTES, transport_key_context
from votesys.core.crypto.threshold import (
    Commitments,
    joint_public_key,
    verification_keys,
    verify_commitments,
)
from votesys.core.record import ceremony_manifest, fingerprint
from votesys.db import Base, utcnow
from votesys.roles import Actor, require

RUN = "ceremony.run"
MIN_ITERATIONS = 600_000
_HEX = re.compile(r"[0-9a-f]+")


def start_ceremony(
    session: Session, actor: Actor, threshold: int, accounts: Sequence[str]
) -> KeyCeremony:
    """Start a ceremony with these counting accounts ("staff:<username>") as members 1..n, in
    the order given, any ``threshold`` of whom will be able to decrypt."""
    require(actor.role, RUN)
    congress = the_congress(session)
    accounts = list(accounts)
    if (
        not 1 <= len(accounts) <= 64
        or len(set(accounts)) != len(accounts)
        or not isinstance(threshold, int)
        or not 1 <= threshold <= len(accounts)
    ):
        raise errors.BadCommittee(max=64, members=len(accounts), threshold=threshold)
    users = [_counting_user(session, account) for account in accounts]
    running = queries.current(session, congress)
    if running is not None and running.status != "complete":
        raise errors.CeremonyRunning()
    if running is not None:
        _refuse_if_used(session, running)
        running.status = "abandoned"
        audit.record(session, "ceremony.replaced", actor.name, ceremony=running.id)
    members = [(n, u.actor, u.display_name) for n, u in enumerate(users, start=1)]
    manifest = ceremony_manifest(congress.name, threshold, members, secrets.token_hex(16))
    ceremony = KeyCeremony(
        congress_id=congress.id,
        threshold=threshold,
        members=len(members),
        status="keys",
        fingerprint=fingerprint(manifest),
        started_by=actor.name,
        started_at=utcnow(),
    )
    session.add(ceremony)
    session.flush()
    session.add_all(
        CeremonyMember(ceremony_id=ceremony.id, number=n, account=a, display_name=name)
        for n, a, name in members
    )
    audit.record(
        session,
        "ceremony.started",
        actor.name,
        ceremony=ceremony.id,
        fingerprint=ceremony.fingerprint,
        manifest=manifest,
    )
    session.commit()
    return ceremony


def _counting_user(session: Session, account: str) -> StaffUser:
    username = account.removeprefix("staff:") if isinstance(account, str) else None
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if user is None or user.role != "counting" or not user.is_active:
        raise errors.NotACountingAccount(account=str(account))
    return user


def _refuse_if_used(session: Session, ceremony: KeyCeremony) -> None:
    # The rounds sit above the ceremony (they take its key), so read their table, not their model.
    rounds = Base.metadata.tables["rounds"]
    used = session.scalar(select(rounds.c.id).where(rounds.c.ceremony_id == ceremony.id).limit(1))
    if used is not None:
        raise errors.KeyInUse(started=ceremony.started_at.strftime("%d/%m/%Y %H:%M"))


def publish_transport_key(
    session: Session, actor: Actor, ceremony_id: int, published: Mapping
) -> KeyCeremony:
    """Step 1: ``{"key": hex, "proof": [c, z]}``, a Schnorr proof of the transport secret."""
    ceremony, member = _member_at(session, actor, ceremony_id, "keys")
    if member.transport_key is not None:
        raise errors.AlreadyDone(step="keys")
    fp = bytes.fromhex(ceremony.fingerprint)
    try:
        if not isinstance(published, Mapping) or set(published) != {"key", "proof"}:
            raise CryptoError("bad_json")
        key = Point.from_hex(published["key"])
        proof = ScalarPair.from_json(published["proof"])
    except (CryptoError, TypeError, ValueError) as exc:
        raise _bad("keys", exc) from None
    if not verify_knowledge(key, proof, transport_key_context(fp, member.number)):
        raise errors.BadPublication(step="keys", detail="proof_of_knowledge")
    member.transport_key = canonical_json({"key": key.hex(), "proof": proof.to_json()}).decode()
    audit.record(
        session, "ceremony.transport_key", actor.name, ceremony=ceremony.id, member=member.number
    )
    _advance(session, ceremony, "keys", "dealing", lambda m: m.transport_key is not None)
    session.commit()
    return ceremony


def publish_dealing(
    session: Session,
    actor: Actor,
    ceremony_id: int,
    commitments: Mapping,
    sealed: Mapping[str, str],
) -> KeyCeremony:
    """Step 2: the member's Feldman commitments (with the proof for C_i0) and one sealed share
    for every member, themself included, keyed by the recipient's number."""
    ceremony, member = _member_at(session, actor, ceremony_id, "dealing")
    if member.commitments is not None:
        raise errors.AlreadyDone(step="dealing")
    fp = bytes.fromhex(ceremony.fingerprint)
    numbers = queries.member_numbers(session, ceremony)
    try:
        parsed = Commitments.from_json(commitments)
    except (CryptoError, TypeError, ValueError) as exc:
        raise _bad("dealing", exc) from None
    if parsed.member != member.number:
        raise errors.BadPublication(step="dealing", detail="member_number")
    if not verify_commitments(parsed, ceremony.threshold, fp):
        raise errors.BadPublication(step="dealing", detail="commitments")
    expected = {str(n) for n in numbers}
    if not isinstance(sealed, Mapping) or set(sealed) != expected:
        raise errors.BadPublication(step="dealing", detail="one_sealed_share_per_member")
    if not all(_is_hex(v, SEALED_BYTES) for v in sealed.values()):
        raise errors.BadPublication(step="dealing", detail="sealed_share_encoding")
    member.commitments = canonical_json(parsed.to_json()).decode()
    session.add_all(
        SealedShare(ceremony_id=ceremony.id, dealer=member.number, recipient=int(j), sealed=v)
        for j, v in sealed.items()
    )
    audit.record(
        session,
        "ceremony.dealt",
        actor.name,
        ceremony=ceremony.id,
        member=member.number,
        commitments=parsed.to_json()["points"],
    )
    _advance(session, ceremony, "dealing", "checking", lambda m: m.commitments is not None)
    session.commit()
    return ceremony


def confirm_shares(
    session: Session,
    actor: Actor,
    ceremony_id: int,
    complaints: Sequence[int],
    verification_key: str | None,
    wrapped_share: Mapping | None,
) -> KeyCeremony:
    """Step 3: either every share checked (then X_j, which must equal the one the commitments
    give, and the passphrase-wrapped share are stored), or a complaint naming the dealers whose
    share failed (the ceremony cannot complete: abandon it and start again)."""
    ceremony, member = _member_at(session, actor, ceremony_id, "checking")
    if member.shares_checked or member.complaints:
        raise errors.AlreadyDone(step="checking")
    numbers = queries.member_numbers(session, ceremony)
    if not isinstance(complaints, Sequence) or isinstance(complaints, str):
        raise errors.BadPublication(step="checking", detail="complaints")
    if complaints:
        dealers = sorted({int(d) for d in complaints if type(d) is int and d in numbers})
        if len(dealers) != len(set(complaints)):
            raise errors.BadPublication(step="checking", detail="complaints")
        member.complaints = json.dumps(dealers)
        audit.record(
            session,
            "ceremony.complaint",
            actor.name,
            ceremony=ceremony.id,
            member=member.number,
            against=dealers,
        )
        session.commit()
        return ceremony
    expected = queries.keys_of_members(session, ceremony)[member.number]
    if verification_key != expected.hex():
        raise errors.BadPublication(step="checking", detail="verification_key")
    member.wrapped_share = canonical_json(_checked_wrapped(wrapped_share)).decode()
    member.verification_key = verification_key
    member.shares_checked = True
    audit.record(
        session,
        "ceremony.shares_checked",
        actor.name,
        ceremony=ceremony.id,
        member=member.number,
        verification_key=verification_key,
    )
    everyone = queries.members(session, ceremony)
    if all(m.shares_checked for m in everyone):
        _complete(session, ceremony, everyone)
    session.commit()
    return ceremony


def abandon(session: Session, actor: Actor, ceremony_id: int, reason: str) -> KeyCeremony:
    """Give a ceremony up (a complaint, a member who cannot go on); its key is never used."""
    require(actor.role, RUN)
    ceremony = queries.ceremony_of(session, ceremony_id)
    if ceremony.status == "abandoned":
        raise errors.WrongStep(current="abandoned", expected="keys")
    _refuse_if_used(session, ceremony)
    reason = (reason or "").strip()
    if not reason:
        raise errors.BadPublication(step="abandon", detail="reason_required")
    ceremony.status = "abandoned"
    audit.record(
        session, "ceremony.abandoned", actor.name, ceremony=ceremony.id, reason=reason[:500]
    )
    session.commit()
    return ceremony


def _complete(session: Session, ceremony: KeyCeremony, everyone) -> None:
    all_commitments = queries.commitments(session, ceremony)
    key = joint_public_key(all_commitments)
    keys = verification_keys(all_commitments, [m.number for m in everyone])
    if any(keys[m.number].hex() != m.verification_key for m in everyone):
        raise errors.BadPublication(step="checking", detail="verification_key")
    ceremony.public_key = key.hex()
    ceremony.status = "complete"
    ceremony.completed_at = utcnow()
    audit.record(
        session,
        "ceremony.completed",
        "server",
        ceremony=ceremony.id,
        fingerprint=ceremony.fingerprint,
        public_key=ceremony.public_key,
        threshold=ceremony.threshold,
        members=ceremony.members,
    )


def _member_at(session: Session, actor: Actor, ceremony_id: int, step: str):
    require(actor.role, RUN)
    ceremony = queries.ceremony_of(session, ceremony_id)
    member = queries.member_for(session, ceremony, actor.name)
    if ceremony.status != step:
        raise errors.WrongStep(current=ceremony.status, expected=step)
    return ceremony, member


def _advance(session: Session, ceremony: KeyCeremony, step: str, following: str, done) -> None:
    session.flush()
    if all(done(m) for m in queries.members(session, ceremony)):
        ceremony.status = following
        audit.record(session, "ceremony.step", "server", ceremony=ceremony.id, step=following)


def _checked_wrapped(value) -> dict:
    """The wrapped share's form (core.crypto.keywrap): the server cannot open it, but it keeps
    only a well-formed one with a key derivation at least as slow as required."""
    try:
        keywrap.parse_wrapped(
            dict(value) if isinstance(value, Mapping) else value, min_iterations=MIN_ITERATIONS
        )
    except CryptoError:
        raise errors.BadPublication(step="checking", detail="wrapped_share") from None
    return dict(value)


def _is_hex(text, size: int) -> bool:
    return isinstance(text, str) and len(text) == 2 * size and bool(_HEX.fullmatch(text))


def _bad(step: str, exc: Exception) -> errors.BadPublication:
    return errors.BadPublication(step=step, detail=getattr(exc, "code", "encoding"))
