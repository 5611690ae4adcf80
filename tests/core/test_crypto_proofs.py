"""Set (CDS), DLEQ and Schnorr proofs: they verify, and fail when anything at all is changed."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votesys.core.crypto.elgamal import encrypt, keypair
from votesys.core.crypto.errors import EncodingError, ProvingError
from votesys.core.crypto.group import IDENTITY, G, L, base_mul, random_scalar
from votesys.core.crypto.proofs import (
    BIT,
    ScalarPair,
    SetProof,
    prove_dleq,
    prove_knowledge,
    prove_set,
    verify_dleq,
    verify_knowledge,
    verify_set,
)

KEY = keypair()
PK = KEY.public
CTX = b"round-1"


def _bit(m):
    r = random_scalar()
    ct = encrypt(m, PK, r)
    return ct, prove_set(ct, m, r, BIT, PK, CTX)


@pytest.mark.parametrize("m", [0, 1])
def test_bit_proof_verifies(m):
    ct, proof = _bit(m)
    assert verify_set(ct, proof, BIT, PK, CTX)


@settings(max_examples=15, deadline=None)
@given(st.sets(st.integers(0, 40), min_size=1, max_size=5), st.data())
def test_set_proof_verifies_for_every_member(values, data):
    values = sorted(values)
    m = data.draw(st.sampled_from(values))
    r = random_scalar()
    ct = encrypt(m, PK, r)
    assert verify_set(ct, prove_set(ct, m, r, values, PK, CTX), values, PK, CTX)


@pytest.mark.parametrize("claim", [0, 1])
def test_proof_for_the_value_2_fails_whatever_it_claims(claim):
    r = random_scalar()
    ct = encrypt(2, PK, r)
    assert not verify_set(ct, prove_set(ct, claim, r, BIT, PK, CTX), BIT, PK, CTX)


def test_prover_refuses_a_claim_outside_the_set():
    with pytest.raises(ProvingError):
        prove_set(encrypt(2, PK, 5), 2, 5, BIT, PK, CTX)


def _tweak(proof: SetProof, branch: int, field: str) -> SetProof:
    branches = list(proof.branches)
    old = branches[branch]
    branches[branch] = dataclasses.replace(old, **{field: (getattr(old, field) + 1) % L})
    return SetProof(tuple(branches))


@pytest.mark.parametrize("branch", [0, 1])
@pytest.mark.parametrize("field", ["c", "z"])
def test_altering_any_scalar_breaks_the_proof(branch, field):
    ct, proof = _bit(1)
    assert not verify_set(ct, _tweak(proof, branch, field), BIT, PK, CTX)


def test_proof_does_not_transfer_to_another_statement():
    ct, proof = _bit(1)
    other, _ = _bit(1)
    assert not verify_set(other, proof, BIT, PK, CTX)  # another ciphertext
    assert not verify_set(ct, proof, BIT, PK, b"round-2")  # another round / ballot / position
    assert not verify_set(ct, proof, BIT, keypair().public, CTX)  # another election key
    assert not verify_set(ct, proof, (1, 0), PK, CTX)  # the branches in another order
    assert not verify_set(ct, SetProof(proof.branches[::-1]), BIT, PK, CTX)
    assert not verify_set(ct, SetProof(proof.branches[:1]), (1,), PK, CTX)


def test_altering_the_ciphertext_breaks_the_proof():
    ct, proof = _bit(0)
    shifted = dataclasses.replace(ct, b=ct.b + G)  # now an encryption of 1, still in the set
    assert not verify_set(shifted, proof, BIT, PK, CTX)


def test_set_proof_json_round_trip_and_canonical_scalars():
    ct, proof = _bit(1)
    assert SetProof.from_json(proof.to_json(), 2) == proof
    with pytest.raises(EncodingError):
        SetProof.from_json(proof.to_json(), 3)
    bad = proof.to_json()
    bad[0][1] = L.to_bytes(32, "little").hex()  # z + L would verify if it were accepted
    with pytest.raises(EncodingError) as err:
        SetProof.from_json(bad, 2)
    assert err.value.code == "non_canonical_scalar"


def test_dleq_proves_a_correct_partial_decryption_only():
    x = random_scalar()
    base = encrypt(3, PK, random_scalar()).a
    result, proof = prove_dleq(x, base, CTX)
    public = base_mul(x)
    assert result == base * x
    assert verify_dleq(public, base, result, proof, CTX)
    assert not verify_dleq(public, base, result + G, proof, CTX)
    assert not verify_dleq(public, base, result, proof, b"other total")
    assert not verify_dleq(base_mul(x + 1), base, result, proof, CTX)
    assert not verify_dleq(public, base, result, ScalarPair(proof.c, proof.z + 1), CTX)
    assert not verify_dleq(public, base, result, ScalarPair(proof.c + 1, proof.z), CTX)


def test_dleq_on_the_identity_base():
    x = random_scalar()
    result, proof = prove_dleq(x, IDENTITY, CTX)
    assert result == IDENTITY
    assert verify_dleq(base_mul(x), IDENTITY, IDENTITY, proof, CTX)
    assert not verify_dleq(base_mul(x), IDENTITY, G, proof, CTX)


def test_schnorr_proof_of_knowledge():
    x = random_scalar()
    proof = prove_knowledge(x, CTX)
    assert verify_knowledge(base_mul(x), proof, CTX)
    assert not verify_knowledge(base_mul(x), proof, b"member 2")
    assert not verify_knowledge(base_mul(x + 1), proof, CTX)
    assert not verify_knowledge(base_mul(x), ScalarPair(proof.c, proof.z + 1), CTX)
