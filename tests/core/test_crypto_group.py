"""The group: validation of every encoding that comes in, and deliberate identity handling."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl import bindings

from votesys.core.crypto.errors import EncodingError
from votesys.core.crypto.group import (
    IDENTITY,
    IDENTITY_BYTES,
    G,
    L,
    Point,
    base_mul,
    decode_scalar,
    hash_to_scalar,
    hex_to_bytes,
    random_scalar,
    scalar_to_bytes,
)

P = 2**255 - 19
ORDER_2 = (P - 1).to_bytes(32, "little")  # (0, -1)
ORDER_4 = bytes(32)  # (sqrt(-1), 0)
ORDER_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
SMALL_ORDER = [ORDER_2, ORDER_4, ORDER_8]
scalars = st.integers(min_value=0, max_value=L - 1)


def test_base_point_is_the_ed25519_generator():
    assert G.hex() == "58" + "66" * 31


@pytest.mark.parametrize("encoding", SMALL_ORDER, ids=["order2", "order4", "order8"])
def test_small_order_points_are_refused(encoding):
    with pytest.raises(EncodingError) as err:
        Point.decode(encoding, allow_identity=True)
    assert err.value.code == "invalid_point"


def test_point_with_a_torsion_component_is_refused():
    p = base_mul(random_scalar())
    torsioned = bindings.crypto_core_ed25519_add(p.encode(), ORDER_8)  # on the curve, not in G
    with pytest.raises(EncodingError) as err:
        Point.decode(torsioned)
    assert err.value.code == "invalid_point"


@pytest.mark.parametrize(
    "encoding",
    [
        (P + 1).to_bytes(32, "little"),  # y = 1 + p: the identity, non-canonical
        IDENTITY_BYTES[:31] + b"\x80",  # the identity with x = "-0"
    ],
    ids=["y_not_reduced", "negative_zero"],
)
def test_non_canonical_identity_is_refused_even_where_identity_is_allowed(encoding):
    with pytest.raises(EncodingError):
        Point.decode(encoding, allow_identity=True)


def test_point_not_on_the_curve_is_refused():
    # y = 2: (y^2 - 1) / (d y^2 + 1) is not a square mod p, so there is no x.
    with pytest.raises(EncodingError) as err:
        Point.decode((2).to_bytes(32, "little"))
    assert err.value.code == "invalid_point"


def test_identity_is_accepted_only_when_allowed():
    assert Point.decode(IDENTITY_BYTES, allow_identity=True) is IDENTITY
    with pytest.raises(EncodingError) as err:
        Point.decode(IDENTITY_BYTES)
    assert err.value.code == "identity_not_allowed"


@pytest.mark.parametrize("data", [b"", bytes(31), bytes(33), "00" * 32])
def test_wrong_length_or_type_is_refused(data):
    with pytest.raises(EncodingError):
        Point.decode(data)


@pytest.mark.parametrize("text", ["AB" * 32, "0" * 63, "zz" * 32, " " + "0" * 63, "0x" + "0" * 62])
def test_only_lowercase_hex_of_the_exact_length(text):
    with pytest.raises(EncodingError):
        hex_to_bytes(text)


def test_scalars_must_be_reduced():
    assert decode_scalar(scalar_to_bytes(L - 1)) == L - 1
    with pytest.raises(EncodingError) as err:
        decode_scalar(L.to_bytes(32, "little"))
    assert err.value.code == "non_canonical_scalar"


def test_identity_arithmetic_never_reaches_libsodium_refusals():
    p = base_mul(random_scalar())
    assert p * 0 is IDENTITY and IDENTITY * 5 is IDENTITY and base_mul(L) is IDENTITY
    assert p - p == IDENTITY and p + IDENTITY == p and IDENTITY + p == p
    assert -IDENTITY is IDENTITY and p + (-p) == IDENTITY


@settings(max_examples=30, deadline=None)
@given(scalars, scalars)
def test_scalar_multiplication_is_a_homomorphism(a, b):
    assert base_mul(a) + base_mul(b) == base_mul(a + b)
    assert base_mul(a) * b == base_mul(a * b)
    assert -base_mul(a) == base_mul(-a)


@settings(max_examples=20, deadline=None)
@given(scalars)
def test_computed_points_decode_back(a):
    p = base_mul(a)
    assert Point.decode(p.encode(), allow_identity=True) == p


def test_hash_to_scalar_is_sha512_little_endian_mod_l():
    import hashlib

    expected = int.from_bytes(hashlib.sha512(b"abc").digest(), "little") % L
    assert hash_to_scalar(b"abc") == expected
    assert 0 < random_scalar() < L
