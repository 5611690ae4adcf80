"""The delegate's receipt (mã biên nhận): a short, readable hash of the encrypted ballot.

The delegate notes the short code on the tablet and later finds it on the public list of the
round's ballots; the full hash is what the election record and the verifier use.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from .ballot import EncryptedBallot
from .hashing import TAG_RECEIPT, digest

CODE_CHARS = 10  # 50 bits: two ballots of a 1,600-delegate round collide with odds below 1e-9


@dataclass(frozen=True)
class Receipt:
    code: str  # "ABCDE-FGHIJ": the first 10 base32 characters of the full hash, in two groups
    full: str  # the full SHA-256, 64 lowercase hex characters


def ballot_hash(ballot: EncryptedBallot) -> bytes:
    """SHA-256 over the canonical binary form of everything the ballot carries (no secrets)."""
    return digest(
        TAG_RECEIPT,
        b"".join(ct.encode() for ct in ballot.marks),
        b"".join(ct.encode() for ct in ballot.flags),
        b"".join(p.encode() for p in ballot.mark_proofs),
        b"".join(p.encode() for p in ballot.flag_proofs),
        b"".join(p.encode() for p in ballot.row_proofs),
        ballot.shape_proof.encode(),
    )


def receipt(ballot: EncryptedBallot) -> Receipt:
    return receipt_of(ballot_hash(ballot))


def receipt_of(full: bytes) -> Receipt:
    """The short code "ABCDE-FGHIJ" and the hex of a ballot's full hash."""
    short = base64.b32encode(full).decode("ascii")[:CODE_CHARS]
    return Receipt(f"{short[:5]}-{short[5:]}", full.hex())
