"""The quick path of ballot checking: it accepts exactly what the full path accepts, and leaves
everything else (and the naming of it) to the full path."""

import copy

import pytest
from nacl import bindings
from nacl.exceptions import CryptoError as SodiumError

from votesys.core.crypto import ballot as B
from votesys.core.crypto.ballot import (
    EncryptedBallot,
    ballot_digest,
    encrypt_ballot,
    proof_context,
    verify_ballot_json,
)
from votesys.core.crypto.ballot_check import quick_check
from votesys.core.crypto.elgamal import keypair
from votesys.core.crypto.errors import EncodingError
from votesys.core.crypto.group import IDENTITY_BYTES, L, Point, base_mul, random_scalar
from votesys.core.crypto.hashing import TAG_SET_PROOF, challenge, u32
from votesys.core.crypto.layout import Layout
from votesys.core.crypto.proofs import ScalarPair, SetProof

KEY = keypair()
PK = KEY.public
ROUND = bytes(range(32))
STRIKE = Layout.strike(5, 3, 2)
APPROVE = Layout.approve(3, 1)
SINGLE = Layout.approve(1, 1)

P = 2**255 - 19
ORDER_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")
A_POINT = base_mul(random_scalar()).encode()
REFUSED_POINTS = {
    "identity": IDENTITY_BYTES,
    "order2": (P - 1).to_bytes(32, "little"),
    "order4": bytes(32),
    "order8": ORDER_8,
    "torsion_component": bindings.crypto_core_ed25519_add(A_POINT, ORDER_8),
    "not_on_curve": (2).to_bytes(32, "little"),
    "y_not_reduced": (P + 1).to_bytes(32, "little"),
    "negative_zero": IDENTITY_BYTES[:31] + b"\x80",
    "sign_bit_on_non_canonical_y": (P + 1 + 2**255).to_bytes(32, "little"),
}


@pytest.mark.parametrize("name", sorted(REFUSED_POINTS))
def test_the_multiplication_refuses_every_point_decoding_refuses(name):
    """The argument of the quick path: a received point that is an input of a scalar
    multiplication needs no decoding check of its own."""
    encoding = REFUSED_POINTS[name]
    with pytest.raises(EncodingError):
        Point.decode(encoding)
    for k in (1, 2, random_scalar()):
        with pytest.raises(SodiumError):
            bindings.crypto_scalarmult_ed25519_noclamp(k.to_bytes(32, "little"), encoding)


def test_the_multiplication_takes_a_valid_point_and_refuses_a_zero_scalar():
    k = random_scalar()
    product = bindings.crypto_scalarmult_ed25519_noclamp(k.to_bytes(32, "little"), A_POINT)
    assert product == (Point.decode(A_POINT) * k).encode()
    with pytest.raises(SodiumError):
        bindings.crypto_scalarmult_ed25519_noclamp(bytes(32), A_POINT)


@pytest.mark.parametrize(
    "layout,marks,flags",
    [
        (STRIKE, [1, 1, 1, 0, 0], [0, 0]),
        (STRIKE, [0, 0, 0, 0, 0], [0, 1]),  # invalid, with its reason
        (APPROVE, [1, 0, 0, 1, 0, 0], [0]),
        (SINGLE, [0, 1], [0]),
        (Layout.strike(4, 4, 0), [1, 0, 1, 1], []),  # no flags
    ],
)
def test_an_honest_ballot_passes_the_quick_path_and_decodes_as_the_full_path(layout, marks, flags):
    value = encrypt_ballot(marks, flags, layout, PK, ROUND).to_json()
    assert quick_check(value, layout, PK, ROUND) is not None
    for workers in (1, 3):
        ballot, problems = verify_ballot_json(value, layout, PK, ROUND, workers=workers)
        assert problems == []
        assert ballot == EncryptedBallot.from_json(value, layout)
        assert ballot.to_json() == value


@pytest.mark.parametrize(
    "layout,marks,flags",
    [
        (STRIKE, [1, 1, 1, 1, 0], [0, 0]),  # too many kept
        (STRIKE, [1, 0, 0, 0, 0], [1, 0]),  # a vote and a reason
        (STRIKE, [2, 0, 0, 0, 0], [0, 0]),  # 2 for a name
        (APPROVE, [1, 1, 0, 0, 0, 0], [0]),  # both boxes of a row
    ],
)
def test_a_forged_ballot_is_left_to_the_full_path_which_names_it(layout, marks, flags):
    value = B._encrypt(marks, flags, layout, PK, ROUND, forge=True).to_json()
    assert quick_check(value, layout, PK, ROUND) is None
    assert verify_ballot_json(value, layout, PK, ROUND)[1] != []


def _leaves(value, path=()):
    if isinstance(value, str):
        yield path
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))


def test_one_bit_flipped_in_any_field_fails_the_quick_path():
    value = encrypt_ballot([1, 0, 0, 1, 0, 0], [0], APPROVE, PK, ROUND).to_json()
    leaves = [path for path in _leaves(value) if path != ("format",)]
    assert len(leaves) > 60
    for path in leaves:
        tampered = copy.deepcopy(value)
        holder = tampered
        for key in path[:-1]:
            holder = holder[key]
        data = bytearray.fromhex(holder[path[-1]])
        data[3] ^= 0x10
        holder[path[-1]] = data.hex()
        assert quick_check(tampered, APPROVE, PK, ROUND) is None, path
        assert verify_ballot_json(tampered, APPROVE, PK, ROUND)[1] != [], path


def test_a_proof_with_a_zero_challenge_is_valid_and_checked_by_the_full_path():
    """libsodium refuses a zero scalar; such a proof is rare but sound, so the full path,
    where 0·P = O, decides it."""
    ballot = encrypt_ballot([1, 1, 0, 0, 0], [0, 0], STRIKE, PK, ROUND, keep_secrets=True)
    ct, r = ballot.marks[0], ballot.secrets.mark_nonces[0]  # encrypts 1: branch 0 simulated
    z0, k = random_scalar(), random_scalar()
    commitments = (base_mul(z0), PK * z0, base_mul(k), PK * k)  # c_0 = 0
    bd = ballot_digest(STRIKE, PK, ROUND, ballot.marks, ballot.flags)
    statement = (PK.encode(), ct.a.encode(), ct.b.encode(), u32(0) + u32(1))
    c = challenge(
        TAG_SET_PROOF,
        proof_context(bd, "mark", 0),
        *statement,
        *(p.encode() for p in commitments),
    )
    proof = SetProof((ScalarPair(0, z0), ScalarPair(c, (k + c * r) % L)))
    value = ballot.to_json()
    value["mark_proofs"][0] = proof.to_json()
    assert quick_check(value, STRIKE, PK, ROUND) is None
    decoded, problems = verify_ballot_json(value, STRIKE, PK, ROUND)
    assert problems == [] and decoded.mark_proofs[0] == proof
