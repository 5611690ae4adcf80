"""Checking a received ballot on its encodings as received: the quick path of verify_ballot_json.

The full path decodes every point with libsodium's own validity check (canonical, on the curve,
not of small order, in the prime-order subgroup: a scalar multiplication by L each), then
verifies the proofs on Point objects, where every variable-base multiplication makes the same
check again. Here the same proofs are checked with the same group operations on the bytes, and
no received point is checked on its own: each one is an input of at least one
``crypto_scalarmult_ed25519_noclamp`` with a non-zero scalar (a mark's or a bit's A by c_0 and
c_1, its B by c_0), which makes exactly the decoding check and fails otherwise.

Any refusal here (a malformed field, a zero scalar, an identity or invalid point refused by
libsodium, a proof that does not recompute) returns None and the caller runs the full path,
which names the problem. So a ballot accepted here is one the full path accepts: the same
commitments, hashed in the same frames (docs/protocol.md §5.1, §6.3, §9, "Checked once").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from concurrent.futures import Executor

from nacl import bindings as _sodium
from nacl.exceptions import CryptoError as _SodiumError

from .errors import CryptoError
from .group import IDENTITY_BYTES, G, L, Point, hex_to_bytes, scalar_to_bytes
from .hashing import TAG_BALLOT, TAG_DLEQ, TAG_SET_PROOF, digest, frame, u32
from .layout import Layout
from .range_proof import bit_weights

_mul = _sodium.crypto_scalarmult_ed25519_noclamp  # checks the point as Point.decode does
_base = _sodium.crypto_scalarmult_ed25519_base_noclamp
_add = _sodium.crypto_core_ed25519_add
_sub = _sodium.crypto_core_ed25519_sub
_G = G.encode()
_N32 = u32(32)
_SET_PREFIX = frame([TAG_SET_PROOF.encode("ascii")])
_BIT_VALUES = frame([u32(0) + u32(1)])  # the values field of a [0, 1] set proof


class _Refused(Exception):
    """Anything the quick path does not accept: the full path decides and names it."""


def _scalar(text) -> tuple[bytes, int]:
    data = hex_to_bytes(text)
    value = int.from_bytes(data, "little")
    if value >= L:
        raise _Refused
    return data, value


def _point(text) -> bytes:
    data = hex_to_bytes(text)
    if data == IDENTITY_BYTES:
        raise _Refused
    return data


def _ciphertexts(value, count: int) -> list[tuple[bytes, bytes]]:
    if not isinstance(value, list) or len(value) != count:
        raise _Refused
    out = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise _Refused
        out.append((_point(item[0]), _point(item[1])))
    return out


def _pair(value) -> tuple[bytes, int, bytes, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise _Refused
    return (*_scalar(value[0]), *_scalar(value[1]))


def _bit_proofs(value, count: int) -> list[tuple]:
    if not isinstance(value, list) or len(value) != count:
        raise _Refused
    out = []
    for item in value:
        if not isinstance(item, list) or len(item) != 2:
            raise _Refused
        out.append((*_pair(item[0]), *_pair(item[1])))
    return out


def _context(parent: bytes, role: bytes, index: int) -> bytes:
    return frame([parent, role, u32(index)])


def bit_proof_holds(a: bytes, b: bytes, proof: tuple, pk: bytes, context: bytes) -> bool:
    """A [0, 1] set proof (§5.1) on the ciphertext (a, b): the commitments recomputed, then the
    challenge. ``proof``: (c0 bytes, c0, z0 bytes, z0, c1 bytes, c1, z1 bytes, z1). Raises
    nacl's CryptoError when libsodium refuses a point or a zero scalar."""
    c0b, c0, z0b, _, c1b, c1, z1b, _ = proof
    a0 = _sub(_base(z0b), _mul(c0b, a))
    b0 = _sub(_mul(z0b, pk), _mul(c0b, b))
    a1 = _sub(_base(z1b), _mul(c1b, a))
    b1 = _sub(_mul(z1b, pk), _mul(c1b, _sub(b, _G)))
    message = b"".join(
        (_SET_PREFIX, u32(len(context)), context, _N32, pk, _N32, a, _N32, b, _BIT_VALUES)
        + (_N32, a0, _N32, b0, _N32, a1, _N32, b1)
    )
    c = int.from_bytes(hashlib.sha512(message).digest(), "little") % L
    return (c0 + c1) % L == c


def _dleq_holds(x: bytes, y: bytes, proof: tuple, pk: bytes, context: bytes) -> bool:
    """log_G(x) = log_pk(y) (§5.2), the range proof's "encrypts 0"."""
    cb, c, zb, _ = proof
    a = _sub(_base(zb), _mul(cb, x))
    b = _sub(_mul(zb, pk), _mul(cb, y))
    fields = [TAG_DLEQ.encode("ascii"), context, x, pk, y, a, b]
    return int.from_bytes(hashlib.sha512(frame(fields)).digest(), "little") % L == c


def _sum(points: Sequence[bytes]) -> bytes:
    total = IDENTITY_BYTES
    for point in points:
        total = _add(total, point)
    return total


def _times(k: int, point: bytes) -> bytes:
    return _mul(scalar_to_bytes(k), point) if k != 1 else point


class QuickBallot:
    """A ballot's fields as received bytes and scalars, with the list of checks to run."""

    def __init__(self, value, layout: Layout):
        if not isinstance(value, dict):
            raise _Refused
        self.marks = _ciphertexts(value.get("marks"), layout.mark_count)
        self.flags = _ciphertexts(value.get("flags"), layout.flags)
        self.mark_proofs = _bit_proofs(value.get("mark_proofs"), layout.mark_count)
        self.flag_proofs = _bit_proofs(value.get("flag_proofs"), layout.flags)
        self.row_proofs = _bit_proofs(value.get("row_proofs"), layout.row_count)
        shape = value.get("shape_proof")
        if not isinstance(shape, dict) or set(shape) != {"bits", "bit_proofs", "zero_proof"}:
            raise _Refused
        k = len(bit_weights(*layout.shape_range))
        self.bits = _ciphertexts(shape["bits"], k)
        self.bit_proofs = _bit_proofs(shape["bit_proofs"], k)
        self.zero_proof = _pair(shape["zero_proof"])


def _checks(q: QuickBallot, layout: Layout, pk: bytes, round_context: bytes, parts: int):
    """The ballot's checks as callables returning bool, the marks cut into ``parts`` pieces."""
    marks_field = b"".join(a + b for a, b in q.marks)
    flags_field = b"".join(a + b for a, b in q.flags)
    bd = digest(TAG_BALLOT, round_context, layout.encode(), pk, marks_field, flags_field)
    shape_context = _context(bd, b"shape", 0)

    def bits(role: bytes, cts, proofs, parent=bd, start=0) -> Callable[[], bool]:
        def check() -> bool:
            return all(
                bit_proof_holds(a, b, proof, pk, _context(parent, role, start + i))
                for i, ((a, b), proof) in enumerate(zip(cts, proofs, strict=True))
            )

        return check

    def rows() -> bool:
        m = q.marks
        pairs = range(0, len(m), 2)
        cts = [(_add(m[i][0], m[i + 1][0]), _add(m[i][1], m[i + 1][1])) for i in pairs]
        return bits(b"row", cts, q.row_proofs)()

    def zero() -> bool:
        lo, hi = layout.shape_range
        weights = bit_weights(lo, hi)
        sa, sb = _sum([a for a, _ in q.marks]), _sum([b for _, b in q.marks])
        if q.flags:
            k = layout.flag_weight
            sa = _add(sa, _times(k, _sum([a for a, _ in q.flags])))
            sb = _add(sb, _times(k, _sum([b for _, b in q.flags])))
        if lo:
            sb = _sub(sb, _base(scalar_to_bytes(lo)))
        if q.bits:
            low_a, low_b = IDENTITY_BYTES, IDENTITY_BYTES
            for a, b in reversed(q.bits[:-1]):
                low_a, low_b = _add(_add(low_a, low_a), a), _add(_add(low_b, low_b), b)
            top_a, top_b = q.bits[-1]
            sa = _sub(sa, _add(low_a, _times(weights[-1], top_a)))
            sb = _sub(sb, _add(low_b, _times(weights[-1], top_b)))
        return _dleq_holds(sa, sb, q.zero_proof, pk, _context(shape_context, b"zero", 0))

    size = -(-len(q.marks) // max(1, parts))
    checks = [
        bits(b"mark", q.marks[i : i + size], q.mark_proofs[i : i + size], start=i)
        for i in range(0, len(q.marks), size)
    ]
    checks.append(zero)
    if q.flags:
        checks.append(bits(b"flag", q.flags, q.flag_proofs))
    if q.row_proofs:
        checks.append(rows)
    if q.bits:
        checks.append(bits(b"bit", q.bits, q.bit_proofs, shape_context))
    return checks


def _run(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except _SodiumError:  # libsodium refused a point (invalid, identity) or a zero scalar
        return False


def quick_check(
    value, layout: Layout, pk: Point, context: bytes, pool: Executor | None = None
) -> QuickBallot | None:
    """The ballot's fields if every proof holds and every received point passed libsodium's
    check inside a multiplication; None for anything else (then run the full path)."""
    try:
        quick = QuickBallot(value, layout)
    except (_Refused, CryptoError):
        return None
    parts = 1 if pool is None else 4 * getattr(pool, "_max_workers", 2)
    checks = _checks(quick, layout, pk.encode(), context, parts)
    verdicts = map(_run, checks) if pool is None else pool.map(_run, checks)
    return quick if all(list(verdicts)) else None
