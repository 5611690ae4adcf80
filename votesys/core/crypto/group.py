"""The group: the prime-order subgroup of edwards25519, through libsodium (nacl.bindings).

Scalars are Python ints in [0, L). Points are ``Point`` objects holding the 32-byte standard
ed25519 encoding. Every Point is either the identity or a canonical point of the prime-order
subgroup: ``Point.decode`` checks that, and the arithmetic only ever produces such points.

libsodium refuses the identity (is_valid_point rejects it, scalarmult fails when the result is
the identity or the scalar is zero), but exponential ElGamal needs it: 0·G encodes a zero vote
and sums may cancel. So the identity is handled here, deliberately, and nowhere else: multiplying
by zero or multiplying the identity never reaches libsodium. Whether an *input* may be the
identity is the caller's decision (``allow_identity``); see docs/protocol.md, "Identity".
"""

from __future__ import annotations

import hashlib
import re
import secrets

from nacl import bindings as _sodium

from .errors import EncodingError

L = 2**252 + 27742317777372353535851937790883648493
POINT_BYTES = 32
SCALAR_BYTES = 32
IDENTITY_BYTES = b"\x01" + b"\x00" * 31
_HEX = re.compile(r"[0-9a-f]*")


class Point:
    """An element of the prime-order subgroup (or the identity), immutable and hashable."""

    __slots__ = ("_b",)

    def __init__(self, encoding: bytes):
        # Trusted constructor: only for encodings that libsodium produced or that were checked.
        self._b = encoding

    @classmethod
    def decode(cls, data: bytes, *, allow_identity: bool = False) -> Point:
        """Check and wrap 32 bytes: canonical, on the curve, in the prime-order subgroup."""
        if not isinstance(data, bytes | bytearray) or len(data) != POINT_BYTES:
            raise EncodingError("bad_length", expected=POINT_BYTES)
        data = bytes(data)
        if data == IDENTITY_BYTES:
            if not allow_identity:
                raise EncodingError("identity_not_allowed")
            return IDENTITY
        # Canonical y, on the curve, not of small order, and L·P = identity (no torsion part).
        if not _sodium.crypto_core_ed25519_is_valid_point(data):
            raise EncodingError("invalid_point")
        return cls(data)

    @classmethod
    def from_hex(cls, text: str, *, allow_identity: bool = False) -> Point:
        return cls.decode(hex_to_bytes(text), allow_identity=allow_identity)

    def encode(self) -> bytes:
        return self._b

    def hex(self) -> str:
        return self._b.hex()

    @property
    def is_identity(self) -> bool:
        return self._b == IDENTITY_BYTES

    def __add__(self, other: Point) -> Point:
        # libsodium's add accepts the identity on input and returns it on cancellation.
        return Point(_sodium.crypto_core_ed25519_add(self._b, other._b))

    def __sub__(self, other: Point) -> Point:
        return Point(_sodium.crypto_core_ed25519_sub(self._b, other._b))

    def __neg__(self) -> Point:
        if self.is_identity:
            return self
        # Negation flips the sign of x, stored in the top bit; x is never 0 in the subgroup.
        return Point(self._b[:31] + bytes([self._b[31] ^ 0x80]))

    def __mul__(self, k: int) -> Point:
        k %= L
        if k == 0 or self.is_identity:
            return IDENTITY
        if self._b == _G_BYTES:
            # The base point has libsodium's precomputed table: about 3x faster.
            return Point(_sodium.crypto_scalarmult_ed25519_base_noclamp(scalar_to_bytes(k)))
        return Point(_sodium.crypto_scalarmult_ed25519_noclamp(scalar_to_bytes(k), self._b))

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and self._b == other._b

    def __hash__(self) -> int:
        return hash(self._b)

    def __repr__(self) -> str:
        return f"Point({self._b.hex()})"


IDENTITY = Point(IDENTITY_BYTES)
_G_BYTES = _sodium.crypto_scalarmult_ed25519_base_noclamp((1).to_bytes(32, "little"))
G = Point(_G_BYTES)


def base_mul(k: int) -> Point:
    """k·G."""
    return G * k


def sum_points(points) -> Point:
    total = IDENTITY
    for point in points:
        total = total + point
    return total


def hex_to_bytes(text: str, length: int = 32) -> bytes:
    """Lowercase hex of exactly ``length`` bytes; anything else is refused (one canonical form)."""
    if not isinstance(text, str) or len(text) != 2 * length or not _HEX.fullmatch(text):
        raise EncodingError("bad_hex", expected_chars=2 * length)
    return bytes.fromhex(text)


def scalar_to_bytes(k: int) -> bytes:
    return (k % L).to_bytes(SCALAR_BYTES, "little")


def scalar_to_hex(k: int) -> str:
    return scalar_to_bytes(k).hex()


def decode_scalar(data: bytes) -> int:
    """32 bytes little-endian, canonical (< L): a non-reduced scalar would make proofs malleable."""
    if not isinstance(data, bytes | bytearray) or len(data) != SCALAR_BYTES:
        raise EncodingError("bad_length", expected=SCALAR_BYTES)
    k = int.from_bytes(data, "little")
    if k >= L:
        raise EncodingError("non_canonical_scalar")
    return k


def scalar_from_hex(text: str) -> int:
    return decode_scalar(hex_to_bytes(text))


def random_scalar() -> int:
    """A uniform non-zero scalar (64 random bytes reduced mod L: bias below 2^-250)."""
    while True:
        k = int.from_bytes(secrets.token_bytes(64), "little") % L
        if k:
            return k


def hash_to_scalar(data: bytes) -> int:
    """SHA-512 of ``data``, read little-endian, reduced mod L (as Ed25519 does)."""
    return int.from_bytes(hashlib.sha512(data).digest(), "little") % L
