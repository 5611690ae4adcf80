"""The range proof by weighted bits: the weights cover exactly [0, d], forgeries fail."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votesys.core.crypto.elgamal import Ciphertext, encrypt, keypair
from votesys.core.crypto.errors import EncodingError, ProvingError
from votesys.core.crypto.group import G, L, random_scalar
from votesys.core.crypto.proofs import BIT, ScalarPair, prove_dleq, prove_set
from votesys.core.crypto.range_proof import (
    RangeProof,
    _context,
    _difference,
    bit_weights,
    prove_range,
    verify_range,
)

PK = keypair().public
CTX = b"shape"


def test_weights_reach_exactly_zero_to_d():
    for d in range(0, 300):
        sums = {0}
        for w in bit_weights(0, d):
            sums |= {s + w for s in sums}
        assert sums == set(range(d + 1)), d


def _proof(m, lo, hi):
    r = random_scalar()
    ct = encrypt(m, PK, r)
    return ct, prove_range(ct, m, r, lo, hi, PK, CTX)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 5), st.integers(0, 30), st.data())
def test_every_value_in_range_verifies(lo, d, data):
    m = data.draw(st.integers(lo, lo + d))
    ct, proof = _proof(m, lo, lo + d)
    assert verify_range(ct, proof, lo, lo + d, PK, CTX)


@pytest.mark.parametrize("actual,claim", [(0, 1), (11, 10), (12, 1), (L - 1, 1)])
def test_ciphertext_outside_the_range_fails(actual, claim):
    r = random_scalar()
    ct = encrypt(actual, PK, r)
    assert not verify_range(ct, prove_range(ct, claim, r, 1, 10, PK, CTX), 1, 10, PK, CTX)


def test_prover_refuses_a_claim_outside_the_range():
    with pytest.raises(ProvingError):
        prove_range(encrypt(0, PK, 3), 0, 3, 1, 10, PK, CTX)


def test_a_bit_worth_2_is_caught_even_when_the_bits_add_up():
    # d = 2 (weights 1, 1), m = 3 = 1 + 2: the sum is right, so only the bit proof can fail.
    lo, hi, m, values = 0, 2, 3, (1, 2)
    r = random_scalar()
    ct = encrypt(m, PK, r)
    nonces = [random_scalar(), random_scalar()]
    bits = tuple(encrypt(v, PK, n) for v, n in zip(values, nonces, strict=True))
    proofs = tuple(
        prove_set(b, min(v, 1), n, BIT, PK, _context(CTX, "bit", i))
        for i, (b, v, n) in enumerate(zip(bits, values, nonces, strict=True))
    )
    rho = (r - sum(nonces)) % L
    _, zero = prove_dleq(rho, PK, _context(CTX, "zero", 0))
    assert _difference(ct, lo, bits, bit_weights(lo, hi)) == Ciphertext(G * rho, PK * rho)
    assert not verify_range(ct, RangeProof(bits, proofs, zero), lo, hi, PK, CTX)


def test_altering_any_part_breaks_the_proof():
    ct, proof = _proof(7, 1, 10)
    assert verify_range(ct, proof, 1, 10, PK, CTX)
    swapped = dataclasses.replace(proof, bits=proof.bits[::-1])
    assert not verify_range(ct, swapped, 1, 10, PK, CTX)
    zero = ScalarPair(proof.zero_proof.c, proof.zero_proof.z + 1)
    assert not verify_range(ct, dataclasses.replace(proof, zero_proof=zero), 1, 10, PK, CTX)
    assert not verify_range(ct, proof, 1, 10, PK, b"another ballot")
    assert not verify_range(ct, proof, 0, 10, PK, CTX)  # another range
    assert not verify_range(ct, dataclasses.replace(proof, bits=proof.bits[:-1]), 1, 10, PK, CTX)


def test_json_round_trip():
    ct, proof = _proof(3, 1, 10)
    assert RangeProof.from_json(proof.to_json(), 1, 10) == proof
    with pytest.raises(EncodingError):
        RangeProof.from_json(proof.to_json(), 1, 100)  # a different number of bits
    assert bit_weights(5, 5) == ()
    ct, proof = _proof(5, 5, 5)  # a single allowed value: only the zero proof
    assert verify_range(ct, proof, 5, 5, PK, CTX)
