"""Exponential ElGamal on edwards25519: Enc(m; r) = (r·G, m·G + r·pk).

Adding ciphertexts adds the votes, so the committee decrypts only the totals. The plaintext comes
back as m·G; m is found by table lookup (baby-step giant-step beyond the table), which is quick
because a total never exceeds the number of delegates.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import DecryptionError, EncodingError
from .group import IDENTITY, G, L, Point, base_mul, hex_to_bytes, random_scalar

BABY_STEPS_MAX = 4096  # table entries kept in memory: 4096 × ~50 bytes


@dataclass(frozen=True, slots=True)
class Ciphertext:
    a: Point  # r·G
    b: Point  # m·G + r·pk

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.a + other.a, self.b + other.b)

    def __sub__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.a - other.a, self.b - other.b)

    def scale(self, k: int) -> Ciphertext:
        """Enc(k·m; k·r): for weighting a sum by a public integer."""
        return Ciphertext(self.a * k, self.b * k)

    def encode(self) -> bytes:
        return self.a.encode() + self.b.encode()

    def to_json(self) -> list[str]:
        return [self.a.hex(), self.b.hex()]

    @classmethod
    def from_json(cls, value, *, allow_identity: bool = False) -> Ciphertext:
        """Decode ``[a_hex, b_hex]``. Submitted ciphertexts refuse the identity (protocol.md)."""
        if not isinstance(value, list) or len(value) != 2:
            raise EncodingError("bad_json", expected="[a, b]")
        a, b = (Point.decode(hex_to_bytes(x), allow_identity=allow_identity) for x in value)
        return cls(a, b)


ZERO = Ciphertext(IDENTITY, IDENTITY)  # the empty sum: Enc(0; 0)


@dataclass(frozen=True)
class KeyPair:
    secret: int
    public: Point


def keypair() -> KeyPair:
    x = random_scalar()
    return KeyPair(x, base_mul(x))


def encrypt(m: int, pk: Point, r: int) -> Ciphertext:
    """Enc(m; r). ``r`` must be fresh, secret and non-zero (``random_scalar()``)."""
    if m < 0:
        raise ValueError("exponential ElGamal encrypts non-negative integers only")
    if r % L == 0:
        raise ValueError("a zero nonce would publish m·G in the clear")
    return Ciphertext(base_mul(r), _value_point(m) + pk * r)


def _value_point(m: int) -> Point:
    """m·G, the 0 and 1 of marks without a multiplication."""
    return G if m == 1 else base_mul(m)


def add_all(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    total_a, total_b = IDENTITY, IDENTITY
    for ct in ciphertexts:
        total_a, total_b = total_a + ct.a, total_b + ct.b
    return Ciphertext(total_a, total_b)


def decrypt(ct: Ciphertext, secret: int, max_value: int) -> int:
    """Decrypt with a whole secret key (tests, single-key tools); the hall uses threshold.py."""
    return discrete_log(ct.b - ct.a * secret, max_value)


class _BabySteps:
    """The table i·G -> i for 0 <= i < size, grown on demand and shared by every lookup."""

    def __init__(self):
        self.index: dict[bytes, int] = {IDENTITY.encode(): 0}
        self.last = IDENTITY

    def grow(self, size: int) -> None:
        while len(self.index) < size:
            self.last = self.last + G
            self.index[self.last.encode()] = len(self.index)


_baby = _BabySteps()


def discrete_log(point: Point, max_value: int) -> int:
    """The m in [0, max_value] with m·G = point, else DecryptionError("out_of_range")."""
    size = min(max_value + 1, BABY_STEPS_MAX)
    _baby.grow(size)
    giant = base_mul(size)
    current = point
    for start in range(0, max_value + 1, size):
        found = _baby.index.get(current.encode())
        if found is not None and found < size and start + found <= max_value:
            return start + found
        current = current - giant
    raise DecryptionError("out_of_range", max_value=max_value)
