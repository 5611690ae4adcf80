"""Zero-knowledge proofs, non-interactive by Fiat-Shamir (hashing.challenge).

- SetProof: a ciphertext encrypts one of a public list of values (disjunctive Chaum-Pedersen,
  Cramer-Damgård-Schoenmakers). [0, 1] is the mark proof; the ballot's shape proof uses a longer
  list.
- DleqProof: log_G(X) = log_A(D) (Chaum-Pedersen), for a correct partial decryption D = x·A.
- SchnorrProof: knowledge of x with X = x·G, for the key ceremony's commitments.

All proofs are sent compact, as (challenge, response) scalars; the verifier recomputes the
commitments and the challenge. Equations and byte layouts: docs/protocol.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from .elgamal import Ciphertext
from .errors import EncodingError, ProvingError
from .group import (
    L,
    Point,
    base_mul,
    random_scalar,
    scalar_from_hex,
    scalar_to_bytes,
    scalar_to_hex,
)
from .hashing import TAG_DLEQ, TAG_SCHNORR, TAG_SET_PROOF, challenge, u32


@dataclass(frozen=True, slots=True)
class ScalarPair:
    """A compact sigma proof, or one branch of a SetProof: challenge c and response z."""

    c: int
    z: int

    def encode(self) -> bytes:
        return scalar_to_bytes(self.c) + scalar_to_bytes(self.z)

    def to_json(self) -> list[str]:
        return [scalar_to_hex(self.c), scalar_to_hex(self.z)]

    @classmethod
    def from_json(cls, value) -> ScalarPair:
        if not isinstance(value, list) or len(value) != 2:
            raise EncodingError("bad_json", expected="[c, z]")
        return cls(scalar_from_hex(value[0]), scalar_from_hex(value[1]))


DleqProof = ScalarPair
SchnorrProof = ScalarPair
BIT = (0, 1)  # the values of a mark, a flag, a row of an approve ballot, a bit of a range proof


@dataclass(frozen=True, slots=True)
class SetProof:
    """One (c_j, z_j) per allowed value, in the order of the values."""

    branches: tuple[ScalarPair, ...]

    def encode(self) -> bytes:
        return b"".join(branch.encode() for branch in self.branches)

    def to_json(self) -> list[list[str]]:
        return [branch.to_json() for branch in self.branches]

    @classmethod
    def from_json(cls, value, branches: int) -> SetProof:
        if not isinstance(value, list) or len(value) != branches:
            raise EncodingError("bad_json", expected=f"{branches} branches")
        return cls(tuple(ScalarPair.from_json(item) for item in value))


@lru_cache(maxsize=4096)
def _value_point(v: int) -> Point:
    return base_mul(v)


def _values_field(values: Sequence[int]) -> bytes:
    return b"".join(u32(v) for v in values)


def _set_challenge(ct, values, pk, context, commitments) -> int:
    points = [p.encode() for pair in commitments for p in pair]
    statement = (pk.encode(), ct.a.encode(), ct.b.encode(), _values_field(values))
    return challenge(TAG_SET_PROOF, context, *statement, *points)


def _simulated(ct: Ciphertext, v: int, pk: Point, c: int, z: int) -> tuple[Point, Point]:
    """The commitments (a, b) that make branch v verify for challenge c and response z."""
    shifted = ct.b if v == 0 else ct.b - _value_point(v)
    return base_mul(z) - ct.a * c, pk * z - shifted * c


def _simulated_from_witness(v: int, m: int, r: int, pk: Point, c: int, z: int) -> tuple:
    """``_simulated`` for ct = Enc(m; r), from the witness: with A = r·G and B = m·G + r·pk,
    z·G − c·A = t·G and z·pk − c·(B − v·G) = t·pk + c·(v − m)·G for t = z − c·r. One
    variable-base multiplication instead of three (and two base ones). When ct does not
    encrypt m with r these are not the verifier's commitments, so the proof fails."""
    t = (z - c * r) % L
    return base_mul(t), pk * t + base_mul(c * (v - m))


def prove_set(ct: Ciphertext, m: int, r: int, values, pk: Point, context: bytes) -> SetProof:
    """Prove that ct = Enc(m; r) with m in ``values``, without revealing which one.

    Only the claim ``m`` is checked, not that ct really encrypts m: tests pass a ciphertext of
    another value to forge a proof of a false statement, which verify_set must reject."""
    values = tuple(values)
    if m not in values:
        raise ProvingError("value_not_allowed", value=m)
    real = values.index(m)
    sim = {j: (random_scalar(), random_scalar()) for j in range(len(values)) if j != real}
    k = random_scalar()
    commitments = [
        (base_mul(k), pk * k)
        if j == real
        else _simulated_from_witness(values[j], m, r, pk, *sim[j])
        for j in range(len(values))
    ]
    c = _set_challenge(ct, values, pk, context, commitments)
    c_real = (c - sum(cj for cj, _ in sim.values())) % L
    branches = [
        ScalarPair(c_real, (k + c_real * r) % L) if j == real else ScalarPair(*sim[j])
        for j in range(len(values))
    ]
    return SetProof(tuple(branches))


def verify_set(ct: Ciphertext, proof: SetProof, values, pk: Point, context: bytes) -> bool:
    values = tuple(values)
    if len(proof.branches) != len(values) or len(set(values)) != len(values):
        return False
    pairs = zip(values, proof.branches, strict=True)
    commitments = [_simulated(ct, v, pk, br.c, br.z) for v, br in pairs]
    c = _set_challenge(ct, values, pk, context, commitments)
    return sum(br.c for br in proof.branches) % L == c


def _dleq_challenge(context, public, base, result, a, b) -> int:
    fields = (public, base, result, a, b)
    return challenge(TAG_DLEQ, context, *(p.encode() for p in fields))


def prove_dleq(secret: int, base: Point, context: bytes) -> tuple[Point, DleqProof]:
    """Compute result = secret·base and prove log_G(secret·G) = log_base(result)."""
    k = random_scalar()
    public, result = base_mul(secret), base * secret
    c = _dleq_challenge(context, public, base, result, base_mul(k), base * k)
    return result, ScalarPair(c, (k + c * secret) % L)


def verify_dleq(
    public: Point, base: Point, result: Point, proof: DleqProof, context: bytes
) -> bool:
    a = base_mul(proof.z) - public * proof.c
    b = base * proof.z - result * proof.c
    return _dleq_challenge(context, public, base, result, a, b) == proof.c


def prove_knowledge(secret: int, context: bytes) -> SchnorrProof:
    """Schnorr proof of knowledge of ``secret`` for the point secret·G."""
    k = random_scalar()
    c = challenge(TAG_SCHNORR, context, base_mul(secret).encode(), base_mul(k).encode())
    return ScalarPair(c, (k + c * secret) % L)


def verify_knowledge(public: Point, proof: SchnorrProof, context: bytes) -> bool:
    a = base_mul(proof.z) - public * proof.c
    return challenge(TAG_SCHNORR, context, public.encode(), a.encode()) == proof.c
