"""The counting committee's key (khóa của Ban kiểm phiếu): a t-of-n Pedersen/Feldman ceremony,
partial decryptions with proofs, and their combination.

Members are numbered 1..n. Member i picks a random polynomial f_i of degree t-1, publishes
C_ik = a_ik·G for every coefficient with a Schnorr proof of knowledge of a_i0, and sends
s_ij = f_i(j) to every member j (sealed, see share_box.py). Then

    joint key     pk  = Σ_i C_i0
    j's share     x_j = Σ_i s_ij        (never leaves j's device)
    j's check key X_j = Σ_k j^k · (Σ_i C_ik) = x_j·G  (anyone computes it from the commitments)

Nobody ever holds the joint secret. A total (A, B) is decrypted from any t partial decryptions
D_j = x_j·A, each proven against X_j, combined with Lagrange coefficients at 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .elgamal import Ciphertext, discrete_log
from .errors import CeremonyError, DecryptionError, EncodingError
from .group import L, Point, base_mul, hex_to_bytes, random_scalar, sum_points
from .hashing import frame, u32
from .proofs import (
    DleqProof,
    ScalarPair,
    SchnorrProof,
    prove_dleq,
    prove_knowledge,
    verify_dleq,
    verify_knowledge,
)


@dataclass(frozen=True)
class Commitments:
    """What member ``member`` publishes: Feldman commitments and a proof for the constant term."""

    member: int
    points: tuple[Point, ...]  # C_i0, ..., C_i(t-1)
    proof: SchnorrProof

    def to_json(self) -> dict:
        return {
            "member": self.member,
            "points": [p.hex() for p in self.points],
            "proof": self.proof.to_json(),
        }

    @classmethod
    def from_json(cls, value) -> Commitments:
        if not isinstance(value, dict) or set(value) != {"member", "points", "proof"}:
            raise EncodingError("bad_json", expected="commitments")
        if type(value["member"]) is not int or not isinstance(value["points"], list):
            raise EncodingError("bad_json", expected="commitments")
        points = tuple(Point.from_hex(p) for p in value["points"])  # the identity is refused
        return cls(value["member"], points, ScalarPair.from_json(value["proof"]))


@dataclass(frozen=True)
class Dealing:
    """Member i's part of the ceremony: the public commitments and the secret shares s_ij."""

    commitments: Commitments
    shares: dict[int, int]


def _check_members(members: Sequence[int], threshold: int) -> None:
    if len(set(members)) != len(members) or not all(0 < j < 2**32 for j in members):
        raise CeremonyError("bad_members")
    if not 1 <= threshold <= len(members):
        raise CeremonyError("bad_threshold", threshold=threshold, members=len(members))


def commitment_context(ceremony: bytes, member: int, points: Sequence[Point]) -> bytes:
    """Binds the proof of knowledge to the ceremony, the member and all their commitments."""
    return frame([ceremony, u32(member), b"".join(p.encode() for p in points)])


def deal(member: int, members: Sequence[int], threshold: int, ceremony: bytes) -> Dealing:
    """Run on member ``member``'s own device: the polynomial never leaves it."""
    _check_members(members, threshold)
    if member not in members:
        raise CeremonyError("unknown_member", member=member)
    coefficients = [random_scalar() for _ in range(threshold)]  # non-zero: no commitment is 0·G
    points = tuple(base_mul(a) for a in coefficients)
    proof = prove_knowledge(coefficients[0], commitment_context(ceremony, member, points))
    shares = {j: _evaluate(coefficients, j) for j in members}
    return Dealing(Commitments(member, points, proof), shares)


def _evaluate(coefficients: Sequence[int], x: int) -> int:
    result = 0
    for a in reversed(coefficients):
        result = (result * x + a) % L
    return result


def verify_commitments(commitments: Commitments, threshold: int, ceremony: bytes) -> bool:
    c = commitments
    if len(c.points) != threshold:
        return False
    context = commitment_context(ceremony, c.member, c.points)
    return verify_knowledge(c.points[0], c.proof, context)


def _at(points: Sequence[Point], j: int) -> Point:
    """Σ_k j^k·points[k]: the commitment to a polynomial's value at j."""
    return sum_points(p * pow(j, k, L) for k, p in enumerate(points))


def verify_share(j: int, share: int, commitments: Commitments) -> bool:
    """Does s_ij = f_i(j)? Member j runs this on every share received; a failure is a complaint
    against member i (the committee then disqualifies i or has i reveal the share publicly)."""
    return 0 <= share < L and base_mul(share) == _at(commitments.points, j)


def joint_commitments(all_commitments: Iterable[Commitments]) -> tuple[Point, ...]:
    """Σ_i C_ik for every k: the commitments to the joint polynomial; [0] is the election key."""
    columns = zip(*(c.points for c in all_commitments), strict=True)
    return tuple(sum_points(column) for column in columns)


def joint_public_key(all_commitments: Iterable[Commitments]) -> Point:
    key = joint_commitments(all_commitments)[0]
    if key.is_identity:
        raise CeremonyError("identity_key")
    return key


def combine_shares(shares: Iterable[int]) -> int:
    """x_j = Σ_i s_ij, from the shares member j received (their own included)."""
    return sum(shares) % L


def verification_keys(all_commitments: Iterable[Commitments], members: Sequence[int]):
    """X_j = x_j·G for every member, from the public commitments alone."""
    joint = joint_commitments(all_commitments)
    return {j: _at(joint, j) for j in members}


@dataclass(frozen=True)
class PartialDecryption:
    member: int
    value: Point  # D_j = x_j·A
    proof: DleqProof

    def to_json(self) -> dict:
        return {"member": self.member, "value": self.value.hex(), "proof": self.proof.to_json()}

    @classmethod
    def from_json(cls, value) -> PartialDecryption:
        if not isinstance(value, dict) or set(value) != {"member", "value", "proof"}:
            raise EncodingError("bad_json", expected="partial decryption")
        if type(value["member"]) is not int:
            raise EncodingError("bad_json", expected="member number")
        # The identity is allowed: it is x_j·A when A is the identity (a sum over no ballots).
        d = Point.decode(hex_to_bytes(value["value"]), allow_identity=True)
        return cls(value["member"], d, ScalarPair.from_json(value["proof"]))


def decryption_context(round_fingerprint: bytes, index: int) -> bytes:
    """Binds a partial decryption to the round and to which total it decrypts."""
    return frame([round_fingerprint, u32(index)])


def partial_decrypt(member: int, share: int, ct: Ciphertext, context: bytes) -> PartialDecryption:
    value, proof = prove_dleq(share, ct.a, context)
    return PartialDecryption(member, value, proof)


def verify_partial(pd: PartialDecryption, key: Point, ct: Ciphertext, context: bytes) -> bool:
    return verify_dleq(key, ct.a, pd.value, pd.proof, context)


def lagrange_at_zero(members: Sequence[int]) -> dict[int, int]:
    """λ_j = Π_{m≠j} m / (m - j) mod L: f(0) = Σ λ_j·f(j) for any polynomial of degree < t."""
    result = {}
    for j in members:
        num, den = 1, 1
        for m in members:
            if m != j:
                num, den = num * m % L, den * (m - j) % L
        result[j] = num * pow(den, -1, L) % L
    return result


def combine_partials(partials: Mapping[int, Point]) -> Point:
    """Σ λ_j·D_j = x·A, if the partials come from at least t members (else a useless point)."""
    lambdas = lagrange_at_zero(list(partials))
    return sum_points(d * lambdas[j] for j, d in partials.items())


def decrypt_total(
    ct: Ciphertext,
    partials: Sequence[PartialDecryption],
    keys: Mapping[int, Point],
    threshold: int,
    context: bytes,
    max_value: int,
) -> int:
    """Check every partial decryption, then combine them and recover the total."""
    members = [pd.member for pd in partials]
    if len(set(members)) != len(members):
        raise DecryptionError("duplicate_member")
    if len(members) < threshold:
        raise DecryptionError("too_few_partials", have=len(members), need=threshold)
    bad = [
        pd.member
        for pd in partials
        if pd.member not in keys or not verify_partial(pd, keys[pd.member], ct, context)
    ]
    if bad:
        raise DecryptionError("bad_partial_decryption", members=bad)
    shared = combine_partials({pd.member: pd.value for pd in partials})
    return discrete_log(ct.b - shared, max_value)
