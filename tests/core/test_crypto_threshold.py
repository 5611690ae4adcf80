"""The committee's t-of-n key: ceremony, shares, partial decryptions, combination."""

import dataclasses
import itertools

import pytest

from votesys.core.crypto import threshold as th
from votesys.core.crypto.elgamal import ZERO, add_all, encrypt
from votesys.core.crypto.errors import CeremonyError, DecryptionError, EncodingError
from votesys.core.crypto.group import G, L, base_mul, random_scalar
from votesys.core.crypto.proofs import prove_knowledge, verify_knowledge
from votesys.core.crypto.share_box import (
    open_share,
    seal_share,
    share_context,
    transport_key,
    transport_key_context,
    verify_transport_key,
)

MEMBERS = [1, 2, 3, 4, 5]
T = 3
CEREMONY = b"ceremony-of-congress-1"
ROUND = b"round-1"


@pytest.fixture(scope="module")
def committee():
    dealings = {i: th.deal(i, MEMBERS, T, CEREMONY) for i in MEMBERS}
    commitments = [d.commitments for d in dealings.values()]
    shares = {j: th.combine_shares(d.shares[j] for d in dealings.values()) for j in MEMBERS}
    return dealings, commitments, shares


def test_everything_published_checks_out(committee):
    dealings, commitments, shares = committee
    assert all(th.verify_commitments(c, T, CEREMONY) for c in commitments)
    for i, j in itertools.product(MEMBERS, MEMBERS):
        assert th.verify_share(j, dealings[i].shares[j], dealings[i].commitments)
    keys = th.verification_keys(commitments, MEMBERS)
    assert all(keys[j] == base_mul(shares[j]) for j in MEMBERS)
    # The joint key belongs to the secret nobody holds: Σ_i a_i0 = Lagrange of any t shares.
    lambdas = th.lagrange_at_zero([1, 3, 5])
    secret = sum(lambdas[j] * shares[j] for j in (1, 3, 5)) % L
    assert th.joint_public_key(commitments) == base_mul(secret)


def test_a_wrong_share_is_detected(committee):
    dealings, _, _ = committee
    assert not th.verify_share(2, (dealings[1].shares[2] + 1) % L, dealings[1].commitments)
    assert not th.verify_share(3, dealings[1].shares[2], dealings[1].commitments)


def test_proof_of_knowledge_is_bound_to_member_and_ceremony(committee):
    _, commitments, _ = committee
    stolen = dataclasses.replace(commitments[0], member=2)  # member 2 replays member 1's key
    assert not th.verify_commitments(stolen, T, CEREMONY)
    assert not th.verify_commitments(commitments[0], T, b"another ceremony")
    assert not th.verify_commitments(commitments[0], T + 1, CEREMONY)
    rogue = dataclasses.replace(commitments[0], points=(base_mul(5), *commitments[0].points[1:]))
    assert not th.verify_commitments(rogue, T, CEREMONY)


def _encrypted_total(pk, votes):
    return add_all(encrypt(v, pk, random_scalar()) for v in votes)


def _partials(shares, ct, members, context):
    return [th.partial_decrypt(j, shares[j], ct, context) for j in members]


def test_any_t_members_decrypt_the_total(committee):
    _, commitments, shares = committee
    pk, keys = th.joint_public_key(commitments), th.verification_keys(commitments, MEMBERS)
    ct = _encrypted_total(pk, [1, 0, 1, 1, 0, 1, 1])
    context = th.decryption_context(ROUND, 0)
    for group in itertools.combinations(MEMBERS, T):
        partials = _partials(shares, ct, group, context)
        assert th.decrypt_total(ct, partials, keys, T, context, 10) == 5
    everyone = _partials(shares, ct, MEMBERS, context)
    assert th.decrypt_total(ct, everyone, keys, T, context, 10) == 5


def test_t_minus_one_members_cannot_decrypt(committee):
    _, commitments, shares = committee
    pk, keys = th.joint_public_key(commitments), th.verification_keys(commitments, MEMBERS)
    ct = _encrypted_total(pk, [1, 1, 0])
    context = th.decryption_context(ROUND, 0)
    partials = _partials(shares, ct, [2, 4], context)
    combined = th.combine_partials({pd.member: pd.value for pd in partials})
    assert ct.b - combined != base_mul(2)
    with pytest.raises(DecryptionError) as err:
        th.decrypt_total(ct, partials, keys, T, context, 10)
    assert err.value.code == "too_few_partials"


def test_a_wrong_partial_decryption_names_its_member(committee):
    _, commitments, shares = committee
    pk, keys = th.joint_public_key(commitments), th.verification_keys(commitments, MEMBERS)
    ct = _encrypted_total(pk, [1, 1])
    context = th.decryption_context(ROUND, 3)
    partials = _partials(shares, ct, [1, 2, 3], context)
    partials[1] = dataclasses.replace(partials[1], value=partials[1].value + G)
    with pytest.raises(DecryptionError) as err:
        th.decrypt_total(ct, partials, keys, T, context, 10)
    assert (err.value.code, err.value.params["members"]) == ("bad_partial_decryption", [2])


def test_a_partial_decryption_of_another_total_is_refused(committee):
    _, commitments, shares = committee
    pk, keys = th.joint_public_key(commitments), th.verification_keys(commitments, MEMBERS)
    ct = _encrypted_total(pk, [1])
    other = th.decryption_context(ROUND, 1)
    partials = _partials(shares, ct, [1, 2], th.decryption_context(ROUND, 0))
    partials += _partials(shares, ct, [4], other)
    with pytest.raises(DecryptionError) as err:
        th.decrypt_total(ct, partials, keys, T, other, 10)
    assert err.value.params["members"] == [1, 2]
    with pytest.raises(DecryptionError) as err:
        th.decrypt_total(ct, partials[:1] * 3, keys, T, other, 10)
    assert err.value.code == "duplicate_member"


def test_a_total_over_no_ballots_decrypts_to_zero(committee):
    _, commitments, shares = committee
    keys = th.verification_keys(commitments, MEMBERS)
    context = th.decryption_context(ROUND, 0)
    partials = [
        th.PartialDecryption.from_json(p.to_json())
        for p in _partials(shares, ZERO, [1, 2, 5], context)
    ]
    assert th.decrypt_total(ZERO, partials, keys, T, context, 10) == 0


def test_json_round_trips(committee):
    _, commitments, _ = committee
    assert th.Commitments.from_json(commitments[0].to_json()) == commitments[0]
    bad = commitments[0].to_json()
    bad["points"][1] = "01" + "00" * 31  # the identity is never a commitment
    with pytest.raises(EncodingError):
        th.Commitments.from_json(bad)


@pytest.mark.parametrize("members,t", [([1, 1, 2], 2), ([0, 1], 1), ([1, 2], 3), ([1, 2], 0)])
def test_impossible_ceremonies_are_refused(members, t):
    with pytest.raises(CeremonyError):
        th.deal(1, members, t, CEREMONY)


def test_transport_key_proves_its_secret_for_its_member_and_ceremony_only():
    made = transport_key(CEREMONY, 2)
    assert made.public == base_mul(made.secret)
    assert verify_transport_key(made.public, made.proof, CEREMONY, 2)
    assert not verify_transport_key(made.public, made.proof, CEREMONY, 3)
    assert not verify_transport_key(made.public, made.proof, b"another-ceremony", 2)
    assert not verify_transport_key(base_mul(made.secret + 1), made.proof, CEREMONY, 2)
    # the helper is the plain Schnorr proof under transport_key_context (what the server checks)
    assert verify_knowledge(made.public, made.proof, transport_key_context(CEREMONY, 2))


def test_sealed_share_opens_only_for_its_recipient_and_context():
    secret = random_scalar()
    transport = base_mul(secret)
    proof = prove_knowledge(secret, transport_key_context(CEREMONY, 2))
    assert verify_knowledge(transport, proof, transport_key_context(CEREMONY, 2))
    assert not verify_knowledge(transport, proof, transport_key_context(CEREMONY, 3))
    context = share_context(CEREMONY, 1, 2)
    sealed = seal_share(12345, transport, context)
    assert open_share(sealed, secret, context) == 12345
    tampered = sealed[:40] + bytes([sealed[40] ^ 1]) + sealed[41:]
    for args in [
        (tampered, secret, context),
        (sealed, secret, share_context(CEREMONY, 3, 2)),
        (sealed, secret + 1, context),
        (sealed[:-1], secret, context),
    ]:
        with pytest.raises(CeremonyError):
            open_share(*args)
