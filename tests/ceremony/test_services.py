"""The key ceremony's services: what each step checks, and what it refuses."""

from __future__ import annotations

import json

import pytest

from votesys.ceremony import errors, queries, services
from votesys.ceremony.models import CeremonyMember, KeyCeremony, SealedShare
from votesys.congress.queries import the_congress
from votesys.core.crypto.elgamal import decrypt, encrypt
from votesys.core.crypto.errors import CeremonyError
from votesys.core.crypto.group import L, base_mul, random_scalar
from votesys.core.crypto.keywrap import unwrap_share, wrap_context
from votesys.core.crypto.proofs import prove_knowledge
from votesys.core.crypto.share_box import transport_key_context
from votesys.core.crypto.threshold import lagrange_at_zero
from votesys.demo import committee as simulated
from votesys.demo.seed import PASSPHRASES
from votesys.errors import Forbidden
from votesys.roles import Actor

C1, C2, C3 = (Actor(f"staff:counting{i}", "counting") for i in (1, 2, 3))
ACCOUNTS = [C1.name, C2.name, C3.name]


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def test_the_demo_seed_leaves_a_complete_ceremony_whose_shares_open_the_key(db):
    with db.session() as session:
        ceremony = queries.election_key(session, the_congress(session))
        assert (ceremony.status, ceremony.threshold, ceremony.members) == ("complete", 2, 3)
        committee = simulated.unlock(session, PASSPHRASES)
        shares = {n: m.share for n, m in committee.members.items()}
    # Any two shares rebuild the key the ceremony published; the message comes back.
    secret = sum(lam * shares[j] for j, lam in lagrange_at_zero([1, 3]).items()) % L
    key = base_mul(secret)
    assert key.hex() == ceremony.public_key
    assert decrypt(encrypt(7, key, random_scalar()), secret, 10) == 7


def test_a_wrong_passphrase_does_not_open_a_stored_share(db):
    with db.session() as session:
        ceremony = queries.election_key(session, the_congress(session))
        member = queries.members(session, ceremony)[0]
        context = wrap_context(bytes.fromhex(ceremony.fingerprint), 1)
        wrapped = json.loads(member.wrapped_share)
        with pytest.raises(CeremonyError) as caught:
            unwrap_share(wrapped, "not the passphrase", context, min_iterations=1000)
        assert caught.value.code == "wrong_passphrase"


def start(db, actor=C1, threshold=2, accounts=ACCOUNTS):
    with db.session(write=True) as session:
        return services.start_ceremony(session, actor, threshold, accounts).id


def test_only_counting_accounts_start_and_a_bad_committee_is_refused(db):
    with pytest.raises(Forbidden):
        start(db, actor=Actor("staff:secretariat", "secretariat"))
    with pytest.raises(errors.BadCommittee):
        start(db, threshold=4)
    with pytest.raises(errors.BadCommittee):
        start(db, accounts=[C1.name, C1.name])
    with pytest.raises(errors.NotACountingAccount):
        start(db, accounts=[C1.name, "staff:chair"])


def test_a_new_ceremony_replaces_an_unused_complete_one_and_checks_every_proof(db):
    ceremony_id = start(db)
    with db.session() as session:
        fp = bytes.fromhex(session.get(KeyCeremony, ceremony_id).fingerprint)
    secret = random_scalar()
    wrong = prove_knowledge(secret, transport_key_context(fp, 2))  # made for member 2
    with db.session(write=True) as session, pytest.raises(errors.BadPublication):
        services.publish_transport_key(
            session, C1, ceremony_id, {"key": base_mul(secret).hex(), "proof": wrong.to_json()}
        )
    with db.session(write=True) as session, pytest.raises(errors.NotAMember):
        services.publish_transport_key(
            session, Actor("staff:counting9", "counting"), ceremony_id, {"key": "", "proof": []}
        )
    with db.session(write=True) as session, pytest.raises(errors.WrongStep):
        services.publish_dealing(session, C1, ceremony_id, {}, {})
    with db.session() as session:
        member = session.get(CeremonyMember, (ceremony_id, 1))
        assert member.transport_key is None  # nothing was stored


def test_an_abandoned_ceremony_can_be_run_again_to_completion(db):
    ceremony_id = start(db)
    with db.session(write=True) as session, pytest.raises(errors.BadPublication):
        services.abandon(session, C1, ceremony_id, "  ")  # a reason is required
    with db.session(write=True) as session:
        services.abandon(session, C1, ceremony_id, "practice")
    with db.session(write=True) as session:
        committee = simulated.run_ceremony(session, [C1, C2, C3], 2)
    with db.session() as session:
        done = session.get(KeyCeremony, committee.ceremony_id)
        assert done.status == "complete"
        assert session.query(SealedShare).filter_by(ceremony_id=done.id).count() == 9


def test_a_complaint_stops_the_ceremony_and_names_the_dealer(db):
    with db.session(write=True) as session:
        committee = simulated.run_ceremony(session, [C1, C2, C3], 2)
    ceremony_id = start(db)  # replaces the unused complete one
    with db.session() as session:
        assert session.get(KeyCeremony, committee.ceremony_id).status == "abandoned"
    with db.session(write=True) as session:
        session.get(KeyCeremony, ceremony_id).status = "checking"  # as if all had dealt
        session.commit()
    with db.session(write=True) as session:
        services.confirm_shares(session, C2, ceremony_id, [1], None, None)
    with db.session() as session:
        member = session.get(CeremonyMember, (ceremony_id, 2))
        assert json.loads(member.complaints) == [1] and not member.shares_checked
    with db.session(write=True) as session, pytest.raises(errors.AlreadyDone):
        services.confirm_shares(session, C2, ceremony_id, [], None, None)


def test_the_real_key_derivation_floor_is_enforced(db, monkeypatch):
    monkeypatch.setattr(services, "MIN_ITERATIONS", 600_000)
    weak = {
        "format": "votesys-wrapped-share/1",
        "kdf": "PBKDF2-SHA256",
        "iterations": 1000,
        "salt": "00" * 16,
        "iv": "00" * 12,
        "ciphertext": "00" * 48,
    }
    with pytest.raises(errors.BadPublication):
        services._checked_wrapped(weak)
    assert services._checked_wrapped({**weak, "iterations": 600_000})["iterations"] == 600_000
