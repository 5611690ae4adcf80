"""Fiat-Shamir challenges and digests over an unambiguous byte framing.

Every hashed message is ``frame([tag, field_1, ..., field_n])``: each field is preceded by its
length as 4 bytes big-endian, so no two different lists of fields hash the same bytes. The tag
names the proof and the protocol version; the first field after it is always the context (the
round fingerprint, the ballot digest, the ceremony fingerprint...), so a proof made for one
election, round, ballot or member does not verify in another. docs/protocol.md gives the exact
field list of every tag; the browser twin must build the same bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .group import hash_to_scalar

TAG_SET_PROOF = "votesys/v1/set-proof"
TAG_DLEQ = "votesys/v1/dleq"
TAG_SCHNORR = "votesys/v1/schnorr"
TAG_BALLOT = "votesys/v1/ballot"
TAG_RECEIPT = "votesys/v1/receipt"
TAG_SHARE_KEY = "votesys/v1/share-key"


def u32(n: int) -> bytes:
    """A small non-negative integer as 4 bytes big-endian (counts, indexes, vote values)."""
    if not 0 <= n < 2**32:
        raise ValueError(f"{n} does not fit in 32 bits")
    return n.to_bytes(4, "big")


def frame(fields: Iterable[bytes]) -> bytes:
    """Concatenate the fields, each preceded by its length (u32)."""
    return b"".join(u32(len(field)) + field for field in fields)


def challenge(tag: str, *fields: bytes) -> int:
    """A challenge scalar: SHA-512(frame([tag, *fields])) read little-endian, mod L."""
    return hash_to_scalar(frame([tag.encode("ascii"), *fields]))


def digest(tag: str, *fields: bytes) -> bytes:
    """A 32-byte digest: SHA-256(frame([tag, *fields]))."""
    return hashlib.sha256(frame([tag.encode("ascii"), *fields])).digest()
