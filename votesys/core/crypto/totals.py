"""The box added up and opened by the committee: encrypted totals, partial decryptions, totals.

``add_stored`` adds the ciphertexts of ballots as the box stores them (JSON), position by
position: marks then flags. It trusts the encodings, which the server checked when each ballot
was cast; the offline verifier decodes and checks every ballot again before adding (docs/
protocol.md §8-9). ``open_totals`` checks every member's partial decryptions and recovers the
small totals; an individual ballot is never decrypted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .ballot import _threads
from .elgamal import ZERO, Ciphertext, add_all
from .errors import DecryptionError, EncodingError
from .group import Point, hex_to_bytes
from .threshold import PartialDecryption, decrypt_total, decryption_context, verify_partial


def stored_ciphertext(value) -> Ciphertext:
    """[A, B] hex of a ballot already checked at casting: wrapped without the subgroup check."""
    return Ciphertext(Point(hex_to_bytes(value[0])), Point(hex_to_bytes(value[1])))


def add_stored(documents: Sequence[Mapping], width: int, *, workers: int = 1) -> list[Ciphertext]:
    """Σ over the ballots of each position (marks, then flags): ``width`` ciphertexts."""
    if not documents:
        return [ZERO] * width
    rows = []
    for document in documents:
        row = [*document["marks"], *document["flags"]]
        if len(row) != width:
            raise EncodingError("bad_json", expected=f"{width} ciphertexts per ballot")
        rows.append(row)
    columns = list(zip(*rows, strict=True))
    with _threads(workers) as pool:
        adder = (pool.map if pool else map)(_add_column, columns)
        return list(adder)


def _add_column(column) -> Ciphertext:
    return add_all(stored_ciphertext(value) for value in column)


def totals_to_json(totals: Sequence[Ciphertext]) -> list:
    return [ct.to_json() for ct in totals]


def totals_from_json(value) -> list[Ciphertext]:
    """Encrypted totals as published (the identity is allowed: a sum may be O)."""
    if not isinstance(value, list):
        raise EncodingError("bad_json", expected="a list of totals")
    return [Ciphertext.from_json(ct, allow_identity=True) for ct in value]


def partials_from_json(value, count: int) -> list[PartialDecryption]:
    """One member's partial decryptions of ``count`` totals, in order."""
    if not isinstance(value, list) or len(value) != count:
        raise EncodingError("bad_json", expected=f"a list of {count} partial decryptions")
    return [PartialDecryption.from_json(item) for item in value]


def failed_partials(
    partials: Sequence[PartialDecryption],
    member: int,
    key: Point,
    totals: Sequence[Ciphertext],
    round_fingerprint: bytes,
) -> list[int]:
    """The positions whose proof fails, or that claim another member: empty means all hold."""
    return [
        i
        for i, (pd, ct) in enumerate(zip(partials, totals, strict=True))
        if pd.member != member
        or not verify_partial(pd, key, ct, decryption_context(round_fingerprint, i))
    ]


def open_totals(
    totals: Sequence[Ciphertext],
    partials: Mapping[int, Sequence[PartialDecryption]],
    keys: Mapping[int, Point],
    threshold: int,
    round_fingerprint: bytes,
    ballots: int,
) -> list[int]:
    """The totals, from the partial decryptions of at least ``threshold`` members (by member
    number); every proof is checked again. DecryptionError names what fails."""
    if len(partials) < threshold:
        raise DecryptionError("too_few_partials", have=len(partials), need=threshold)
    results = []
    for i, ct in enumerate(totals):
        shares = [partials[member][i] for member in sorted(partials)]
        context = decryption_context(round_fingerprint, i)
        results.append(decrypt_total(ct, shares, keys, threshold, context, ballots))
    return results
