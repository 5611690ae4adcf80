"""Exponential ElGamal: round trips, the homomorphic sum, the discrete log of totals."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votesys.core.crypto.elgamal import (
    ZERO,
    Ciphertext,
    add_all,
    decrypt,
    discrete_log,
    encrypt,
    keypair,
)
from votesys.core.crypto.errors import DecryptionError, EncodingError
from votesys.core.crypto.group import IDENTITY, base_mul, random_scalar

KEY = keypair()


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=0, max_value=2000))
def test_round_trip(m):
    ct = encrypt(m, KEY.public, random_scalar())
    assert decrypt(ct, KEY.secret, 2000) == m


def test_encryption_is_randomised():
    assert encrypt(1, KEY.public, random_scalar()) != encrypt(1, KEY.public, random_scalar())


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=1), min_size=1, max_size=12))
def test_sum_of_ciphertexts_decrypts_to_sum_of_votes(votes):
    cts = [encrypt(v, KEY.public, random_scalar()) for v in votes]
    assert decrypt(add_all(cts), KEY.secret, len(votes)) == sum(votes)


def test_empty_sum_is_the_identity_and_decrypts_to_zero():
    assert add_all([]) == ZERO == Ciphertext(IDENTITY, IDENTITY)
    assert decrypt(ZERO, KEY.secret, 10) == 0


def test_discrete_log_beyond_the_baby_step_table():
    assert discrete_log(base_mul(9001), 10_000) == 9001
    assert discrete_log(base_mul(0), 10_000) == 0


def test_value_above_the_maximum_is_out_of_range():
    with pytest.raises(DecryptionError) as err:
        discrete_log(base_mul(11), 10)
    assert err.value.code == "out_of_range"
    with pytest.raises(DecryptionError):
        discrete_log(base_mul(5000), 4999)


def test_zero_nonce_and_negative_votes_are_refused():
    with pytest.raises(ValueError):
        encrypt(1, KEY.public, 0)
    with pytest.raises(ValueError):
        encrypt(-1, KEY.public, random_scalar())


def test_json_round_trip_and_identity_refused_on_input():
    ct = encrypt(1, KEY.public, random_scalar())
    assert Ciphertext.from_json(ct.to_json()) == ct
    with pytest.raises(EncodingError) as err:
        Ciphertext.from_json(ZERO.to_json())
    assert err.value.code == "identity_not_allowed"
    assert Ciphertext.from_json(ZERO.to_json(), allow_identity=True) == ZERO
    with pytest.raises(EncodingError):
        Ciphertext.from_json(ct.to_json()[:1])
