"""The Benaloh challenge (kiểm tra phiếu): the delegate may ask the tablet to prove it encrypted
what they chose, by opening the ballot instead of casting it.

The tablet reveals the plaintexts and the nonces; anyone can then re-encrypt and compare. A
revealed ballot proves how it was marked, so it is spoiled: it must never be cast, and the tablet
encrypts the delegate's choice again with fresh nonces. Because the tablet cannot know in advance
which ballot will be challenged, a tablet that cheats is caught with the probability of a
challenge.
"""

from __future__ import annotations

from dataclasses import dataclass

from .ballot import BallotProblem, EncryptedBallot
from .elgamal import encrypt
from .errors import CryptoError, EncodingError
from .group import Point, scalar_from_hex, scalar_to_hex


@dataclass(frozen=True)
class RevealedBallot:
    marks: tuple[int, ...]
    flags: tuple[int, ...]
    mark_nonces: tuple[int, ...]
    flag_nonces: tuple[int, ...]

    def to_json(self) -> dict:
        return {
            "marks": list(self.marks),
            "flags": list(self.flags),
            "mark_nonces": [scalar_to_hex(r) for r in self.mark_nonces],
            "flag_nonces": [scalar_to_hex(r) for r in self.flag_nonces],
        }

    @classmethod
    def from_json(cls, value) -> RevealedBallot:
        keys = {"marks", "flags", "mark_nonces", "flag_nonces"}
        if not isinstance(value, dict) or set(value) != keys:
            raise EncodingError("bad_json", expected="revealed ballot")
        if not all(isinstance(value[k], list) for k in keys):
            raise EncodingError("bad_json", expected="lists")
        if any(type(v) is not int for v in value["marks"] + value["flags"]):
            raise EncodingError("bad_json", expected="integer marks")
        return cls(
            tuple(value["marks"]),
            tuple(value["flags"]),
            tuple(scalar_from_hex(r) for r in value["mark_nonces"]),
            tuple(scalar_from_hex(r) for r in value["flag_nonces"]),
        )


def reveal(ballot: EncryptedBallot) -> RevealedBallot:
    """Open a ballot encrypted with ``keep_secrets=True``. The ballot is spoiled from now on."""
    s = ballot.secrets
    if s is None:
        raise CryptoError("no_secrets")
    return RevealedBallot(s.marks, s.flags, s.mark_nonces, s.flag_nonces)


def check_revealed(
    ballot: EncryptedBallot, revealed: RevealedBallot, pk: Point
) -> list[BallotProblem]:
    """Problems found re-encrypting the revealed values (empty: the tablet encrypted faithfully)."""
    groups = (
        ("revealed_mark", ballot.marks, revealed.marks, revealed.mark_nonces),
        ("revealed_flag", ballot.flags, revealed.flags, revealed.flag_nonces),
    )
    if any(len(cts) != len(vs) or len(cts) != len(rs) for _, cts, vs, rs in groups):
        return [BallotProblem("wrong_count")]
    return [
        BallotProblem(code, i)
        for code, cts, values, nonces in groups
        for i, (ct, v, r) in enumerate(zip(cts, values, nonces, strict=True))
        if v not in (0, 1) or r == 0 or encrypt(v, pk, r) != ct
    ]
