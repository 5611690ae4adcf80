"""Delegate card credentials (mã thẻ đại biểu): the QR token and the short typeable code.

The card carries a random token (in the QR code) and a short code to type when the QR cannot be
read. Only their SHA-256 hashes are stored.

Short code (mã ngắn): 8 data characters and 1 check character from Crockford's base 32 alphabet
0-9 A-Z without I, L, O, U (no letter that reads like a digit), shown "K7M2-9XQ4-P". Parsing
accepts lower case, spaces and dashes, and reads O as 0 and I, L as 1.

Entropy: 8 × 5 = 40 bits, 2**40 ≈ 1.1 × 10**12 codes. With 2,000 cards issued and even 100,000
guesses allowed by the throttle over a whole congress, the chance that any guess hits any card is
2,000 × 100,000 / 2**40 ≈ 0.02 %.

Check character: the 32 symbols are the elements of the field GF(2**5) (polynomial x**5 + x**2 + 1,
primitive, so α = x has order 31). Position i of the 9 characters (0-based) has weight α**(8 - i),
the check character weight α**0 = 1, and the check makes the weighted sum 0. The sum is linear, so
a typing error is missed only if the error pattern's own weighted sum is 0:
- one substitution x → y at position i: α**k · (x + y) ≠ 0, since α**k ≠ 0 and x ≠ y;
- transposition of x ≠ y at positions i, j: (α**a + α**b) · (x + y) ≠ 0, since the nine weights
  α**0 .. α**8 are distinct (α has order 31 > 8): every transposition, adjacent or not, including
  the check character, is caught.
(Damm's algorithm over a quasigroup of order 32 would do as well; this is the same idea, linear.)
A random string passes with probability 1/32.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
DATA_LENGTH = 8
CODE_LENGTH = DATA_LENGTH + 1
CONFUSED = {"O": "0", "I": "1", "L": "1"}
SEPARATORS = frozenset(" \t-\u2010\u2011\u2012\u2013\u2014")
FIELD_POLYNOMIAL = 0b100101  # x**5 + x**2 + 1
VALUES = {char: value for value, char in enumerate(ALPHABET)}


class BadCode(ValueError):
    """A short code that does not parse: ``bad_length``, ``bad_character`` or ``bad_check``."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


def new_token() -> str:
    """A random 128-bit token, URL-safe base 64 (22 characters), for the card's QR code."""
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    """SHA-256 hex of the token: the only form stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def field_multiply(a: int, b: int) -> int:
    """Product in GF(2**5) (phép nhân trong trường 32 phần tử), elements 0..31."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= FIELD_POLYNOMIAL
    return product


def _weight(position: int) -> int:
    weight = 1
    for _ in range(CODE_LENGTH - 1 - position):
        weight = field_multiply(weight, 2)
    return weight


WEIGHTS = tuple(_weight(position) for position in range(CODE_LENGTH))


def _weighted_sum(chars: str) -> int:
    total = 0
    for position, char in enumerate(chars):
        total ^= field_multiply(WEIGHTS[position], VALUES[char])
    return total


def check_character(data: str) -> str:
    """The check character (ký tự kiểm tra) of 8 normalised data characters."""
    if len(data) != DATA_LENGTH:
        raise BadCode("bad_length", length=len(data), expected=DATA_LENGTH)
    return ALPHABET[_weighted_sum(data)]


def new_short_code() -> str:
    """A new random short code, normalised: 9 characters, no dashes."""
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_LENGTH))
    return data + check_character(data)


def _normalise(text: str) -> str:
    chars = (CONFUSED.get(char, char) for char in text.upper() if char not in SEPARATORS)
    return "".join(chars)


def parse_short_code(text: str) -> str:
    """The normalised short code typed in ``text``, or BadCode.

    Raises BadCode("bad_character", character=...) for a symbol outside the alphabet,
    BadCode("bad_length", length=..., expected=9), then BadCode("bad_check") for a typo.
    """
    code = _normalise(text)
    for char in code:
        if char not in VALUES:
            raise BadCode("bad_character", character=char)
    if len(code) != CODE_LENGTH:
        raise BadCode("bad_length", length=len(code), expected=CODE_LENGTH)
    if _weighted_sum(code) != 0:
        raise BadCode("bad_check")
    return code


def format_short_code(code: str) -> str:
    """The short code as printed on the card: "K7M2-9XQ4-P"."""
    code = parse_short_code(code)
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def short_code_hash(code: str) -> str:
    """SHA-256 hex of the normalised short code (parsed first, so any typed form gives one hash)."""
    return hashlib.sha256(parse_short_code(code).encode("ascii")).hexdigest()
