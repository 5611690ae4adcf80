"""A counting committee simulated in Python: each member's "device" is an object here.

For the demo (``votesys demo`` seeds a completed ceremony, so that the tablets can vote at once)
and for tests. It goes through the very services a member's browser calls, with the same crypto
(the Python twin of the browser's): transport keys, dealings with sealed shares, checking the
shares, wrapping the final share under the member's passphrase. What a real member's browser
keeps to itself, this object keeps: the transport secrets and the final shares x_j. Then it can
decrypt a round's totals as t members would (``decrypt``), through the tally's services.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from votesys.ceremony import queries, services
from votesys.ceremony.models import KeyCeremony
from votesys.congress.queries import the_congress
from votesys.core.crypto import keywrap
from votesys.core.crypto.group import base_mul, random_scalar
from votesys.core.crypto.proofs import prove_knowledge
from votesys.core.crypto.share_box import (
    open_share,
    seal_share,
    share_context,
    transport_key_context,
)
from votesys.core.crypto.threshold import (
    Commitments,
    combine_shares,
    deal,
    decryption_context,
    partial_decrypt,
    verify_share,
)
from votesys.core.crypto.totals import stored_ciphertext
from votesys.elections.models import Round
from votesys.roles import Actor
from votesys.tally import services as tally
from votesys.tally.models import EncryptedTotals


@dataclass
class Member:
    number: int
    actor: Actor
    passphrase: str
    transport_secret: int = 0
    share: int = 0


@dataclass
class Committee:
    ceremony_id: int
    fingerprint: bytes
    threshold: int
    members: dict[int, Member] = field(default_factory=dict)

    def by_account(self, account: str) -> Member:
        return next(m for m in self.members.values() if m.actor.name == account)


def run_ceremony(
    session: Session,
    actors: Sequence[Actor],
    threshold: int,
    passphrases: Mapping[str, str] | None = None,
    *,
    iterations: int | None = None,
) -> Committee:
    """Start and finish a ceremony with these counting accounts; returns the members' secrets.
    ``passphrases`` by account (default: "<account>-passphrase"); ``iterations`` of the key
    derivation (default the server's minimum)."""
    passphrases = passphrases or {}
    iterations = iterations or services.MIN_ITERATIONS
    ceremony = services.start_ceremony(session, actors[0], threshold, [a.name for a in actors])
    fp = bytes.fromhex(ceremony.fingerprint)
    committee = Committee(ceremony.id, fp, threshold)
    for member in queries.members(session, ceremony):
        actor = next(a for a in actors if a.name == member.account)
        passphrase = passphrases.get(actor.name, f"{actor.name}-passphrase")
        committee.members[member.number] = Member(member.number, actor, passphrase)
    numbers = sorted(committee.members)
    for m in committee.members.values():
        m.transport_secret = random_scalar()
        proof = prove_knowledge(m.transport_secret, transport_key_context(fp, m.number))
        published = {"key": base_mul(m.transport_secret).hex(), "proof": proof.to_json()}
        services.publish_transport_key(session, m.actor, ceremony.id, published)
    for m in committee.members.values():
        dealing = deal(m.number, numbers, threshold, fp)
        sealed = {
            str(j): seal_share(
                dealing.shares[j],
                base_mul(committee.members[j].transport_secret),
                share_context(fp, m.number, j),
            ).hex()
            for j in numbers
        }
        commitments = dealing.commitments.to_json()
        services.publish_dealing(session, m.actor, ceremony.id, commitments, sealed)
    for m in committee.members.values():
        received = queries.shares_for(session, _ceremony(session, committee), m.number)
        shares = []
        for row in received:
            share = open_share(
                bytes.fromhex(row["sealed"]),
                m.transport_secret,
                share_context(fp, row["dealer"], m.number),
            )
            if not verify_share(m.number, share, Commitments.from_json(row["commitments"])):
                raise AssertionError(f"dealer {row['dealer']}'s share does not check")
            shares.append(share)
        m.share = combine_shares(shares)
        wrapped = keywrap.wrap_share(
            m.share, m.passphrase, keywrap.wrap_context(fp, m.number), iterations=iterations
        )
        services.confirm_shares(session, m.actor, ceremony.id, [], base_mul(m.share).hex(), wrapped)
    return committee


def unlock(session: Session, passphrases: Mapping[str, str], numbers: Sequence[int] = ()):
    """The committee of the congress's election key, its members' shares unwrapped with their
    passphrases (by account), as each member's browser unlocks its own: for the demo's
    simulation and the tests. ``numbers``: only these members (default: all)."""
    congress = the_congress(session)
    ceremony = queries.election_key(session, congress)
    fp = bytes.fromhex(ceremony.fingerprint)
    committee = Committee(ceremony.id, fp, ceremony.threshold)
    for row in queries.members(session, ceremony):
        if numbers and row.number not in numbers:
            continue
        actor = Actor(row.account, "counting")
        member = Member(row.number, actor, passphrases[row.account])
        member.share = keywrap.unwrap_share(
            json.loads(row.wrapped_share),
            member.passphrase,
            keywrap.wrap_context(fp, row.number),
            min_iterations=services.MIN_ITERATIONS,
        )
        committee.members[row.number] = member
    return committee


def _ceremony(session: Session, committee: Committee) -> KeyCeremony:
    return queries.ceremony_of(session, committee.ceremony_id)


def unwrap(session: Session, committee: Committee, number: int) -> int:
    """What a member's browser does when decrypting: unwrap the stored share with the
    passphrase (a check that what the server keeps really opens)."""
    member = queries.members(session, _ceremony(session, committee))[number - 1]
    wrapped = json.loads(member.wrapped_share)
    context = keywrap.wrap_context(committee.fingerprint, number)
    passphrase = committee.members[number].passphrase
    return keywrap.unwrap_share(
        wrapped, passphrase, context, min_iterations=services.MIN_ITERATIONS
    )


def decrypt(session: Session, committee: Committee, round_id: int, numbers: Sequence[int]):
    """Members ``numbers`` decrypt the round's totals as their browsers would (partial
    decryptions with proofs, sent through the tally's service). Returns the round."""
    totals = json.loads(session.get(EncryptedTotals, round_id).totals)
    round_fp = bytes.fromhex(session.get(Round, round_id).fingerprint)
    round_ = None
    for number in numbers:
        member = committee.members[number]
        partials = [
            partial_decrypt(
                number, member.share, stored_ciphertext(ct), decryption_context(round_fp, i)
            ).to_json()
            for i, ct in enumerate(totals)
        ]
        round_ = tally.submit_partials(session, member.actor, round_id, partials)
    return round_
