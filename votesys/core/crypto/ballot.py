"""The encrypted ballot (phiếu bầu đã mã hóa): ciphertexts, their proofs, checking, the tally.

A ballot carries one 0/1 ciphertext per mark and per invalid-reason flag, each with a [0, 1]
proof; an approve ballot also proves every row holds at most one box; one shape proof shows the
ballot is a valid marking or an empty ballot with exactly one reason (layout.py). Every proof is
bound to the round (``context``, the round fingerprint), to the ballot's own ciphertexts (the
ballot digest) and to its role and position, so no proof can be moved to another ballot or round.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial

from .ballot_check import QuickBallot, quick_check
from .elgamal import ZERO, Ciphertext, add_all, encrypt
from .errors import CryptoError, EncodingError, ProvingError
from .group import L, Point, random_scalar
from .hashing import TAG_BALLOT, digest, frame, u32
from .layout import Layout
from .proofs import BIT, ScalarPair, SetProof, prove_set, verify_set
from .range_proof import RangeProof, prove_range, range_checks

FORMAT = "votesys-ballot/1"
THREADED_MARKS = 48  # measured: threads slow a 13-name ballot down, and halve a 250-name one
_KEYS = {"format", "marks", "flags", "mark_proofs", "flag_proofs", "row_proofs", "shape_proof"}


@dataclass(frozen=True)
class BallotSecrets:
    """What the tablet knows: plaintexts and nonces. Kept only for a Benaloh challenge."""

    marks: tuple[int, ...]
    flags: tuple[int, ...]
    mark_nonces: tuple[int, ...]
    flag_nonces: tuple[int, ...]


@dataclass(frozen=True)
class EncryptedBallot:
    marks: tuple[Ciphertext, ...]
    flags: tuple[Ciphertext, ...]
    mark_proofs: tuple[SetProof, ...]
    flag_proofs: tuple[SetProof, ...]
    row_proofs: tuple[SetProof, ...]
    shape_proof: RangeProof
    secrets: BallotSecrets | None = field(default=None, compare=False, repr=False)

    def to_json(self) -> dict:
        """The canonical JSON form (never includes the secrets)."""
        return {
            "format": FORMAT,
            "marks": [ct.to_json() for ct in self.marks],
            "flags": [ct.to_json() for ct in self.flags],
            "mark_proofs": [p.to_json() for p in self.mark_proofs],
            "flag_proofs": [p.to_json() for p in self.flag_proofs],
            "row_proofs": [p.to_json() for p in self.row_proofs],
            "shape_proof": self.shape_proof.to_json(),
        }

    @classmethod
    def from_json(cls, value, layout: Layout, *, pool: Executor | None = None) -> EncryptedBallot:
        """Decode and check every encoding; counts must match the layout. Raises EncodingError.
        A thread ``pool`` shares out the point checks (libsodium releases the GIL)."""
        if not isinstance(value, dict) or set(value) != _KEYS or value["format"] != FORMAT:
            raise EncodingError("bad_json", expected=FORMAT)
        marks = _list(value["marks"], layout.mark_count, Ciphertext.from_json, pool)
        flags = _list(value["flags"], layout.flags, Ciphertext.from_json)
        return cls(
            marks=marks,
            flags=flags,
            mark_proofs=_list(value["mark_proofs"], layout.mark_count, _bit_proof),
            flag_proofs=_list(value["flag_proofs"], layout.flags, _bit_proof),
            row_proofs=_list(value["row_proofs"], layout.row_count, _bit_proof),
            shape_proof=RangeProof.from_json(value["shape_proof"], *layout.shape_range),
        )


def _list(value, count: int, decode: Callable, pool: Executor | None = None) -> tuple:
    if not isinstance(value, list) or len(value) != count:
        raise EncodingError("bad_json", expected=f"a list of {count}")
    if pool is None:
        return tuple(decode(item) for item in value)
    return tuple(pool.map(decode, value, chunksize=_chunk(count)))


def _chunk(count: int) -> int:
    return max(1, count // 16)


@contextmanager
def _threads(workers: int):
    """A thread pool, or None for 1 worker. Measured on 2 cores: 3 threads beat 2 (while one
    thread waits for the GIL another is inside libsodium)."""
    if workers <= 1:
        yield None
    else:
        with ThreadPoolExecutor(workers) as pool:
            yield pool


def _bit_proof(value) -> SetProof:
    return SetProof.from_json(value, len(BIT))


@dataclass(frozen=True)
class BallotProblem:
    """Why a ballot is refused: ``code`` (wrong_count, mark_proof, flag_proof, row_proof,
    shape_proof, or malformed:<EncodingError code>) and, for a mark, flag or row, its position."""

    code: str
    index: int | None = None


def ballot_digest(layout, pk: Point, context: bytes, marks, flags) -> bytes:
    """Binds the proofs to the round, the layout, the key and every ciphertext of this ballot."""
    return digest(
        TAG_BALLOT,
        context,
        layout.encode(),
        pk.encode(),
        b"".join(ct.encode() for ct in marks),
        b"".join(ct.encode() for ct in flags),
    )


def proof_context(ballot_digest_: bytes, role: str, index: int) -> bytes:
    return frame([ballot_digest_, role.encode("ascii"), u32(index)])


def _rows(marks: Sequence) -> list:
    return [marks[i] + marks[i + 1] for i in range(0, len(marks), 2)]


def _shape(layout: Layout, marks: Sequence[Ciphertext], flags: Sequence[Ciphertext]) -> Ciphertext:
    total = add_all(marks)
    return total + add_all(flags).scale(layout.flag_weight) if flags else total


def encrypt_ballot(
    marks: Sequence[int],
    flags: Sequence[int],
    layout: Layout,
    pk: Point,
    context: bytes,
    *,
    keep_secrets: bool = False,
) -> EncryptedBallot:
    """Encrypt and prove. Refuses (ProvingError "shape_not_allowed") a plaintext the rules forbid:
    the tablet turns a paper-invalid marking into "all marks 0, one reason flag" before this."""
    if not layout.is_well_formed(marks, flags):
        raise ProvingError("shape_not_allowed")
    return _encrypt(marks, flags, layout, pk, context, keep_secrets)


def _encrypt(marks, flags, layout, pk, context, keep_secrets=False, *, forge=False):
    """With ``forge`` (tests only) every proof claims the nearest allowed value, which yields a
    ballot that breaks the rules with proofs of false statements: verify_ballot must refuse it."""
    mark_nonces = tuple(random_scalar() for _ in marks)
    flag_nonces = tuple(random_scalar() for _ in flags)
    mark_cts = tuple(encrypt(m, pk, r) for m, r in zip(marks, mark_nonces, strict=True))
    flag_cts = tuple(encrypt(f, pk, r) for f, r in zip(flags, flag_nonces, strict=True))
    bd = ballot_digest(layout, pk, context, mark_cts, flag_cts)

    def bits(role, cts, values, nonces):
        return tuple(
            prove_set(ct, _claim(v, 0, 1, forge), r, BIT, pk, proof_context(bd, role, i))
            for i, (ct, v, r) in enumerate(zip(cts, values, nonces, strict=True))
        )

    rows = (_rows(mark_cts), _rows(marks), _rows(mark_nonces)) if layout.row_count else ((), (), ())
    shape_nonce = (sum(mark_nonces) + layout.flag_weight * sum(flag_nonces)) % L
    lo, hi = layout.shape_range
    shape_proof = prove_range(
        _shape(layout, mark_cts, flag_cts),
        _claim(layout.shape_value(marks, flags), lo, hi, forge),
        shape_nonce,
        lo,
        hi,
        pk,
        proof_context(bd, "shape", 0),
    )
    secrets = BallotSecrets(tuple(marks), tuple(flags), mark_nonces, flag_nonces)
    return EncryptedBallot(
        marks=mark_cts,
        flags=flag_cts,
        mark_proofs=bits("mark", mark_cts, marks, mark_nonces),
        flag_proofs=bits("flag", flag_cts, flags, flag_nonces),
        row_proofs=bits("row", *rows),
        shape_proof=shape_proof,
        secrets=secrets if keep_secrets else None,
    )


def _claim(value: int, lo: int, hi: int, forge: bool) -> int:
    return min(max(value, lo), hi) if forge else value


def _checks(ballot: EncryptedBallot, layout: Layout, pk: Point, bd: bytes) -> list[tuple]:
    """(problem code, position, check) for every proof; a check is a callable returning bool."""
    rows = _rows(ballot.marks) if layout.row_count else []
    groups = (
        ("mark", ballot.marks, ballot.mark_proofs),
        ("flag", ballot.flags, ballot.flag_proofs),
        ("row", rows, ballot.row_proofs),
    )
    checks = [
        (f"{role}_proof", i, partial(verify_set, ct, proof, BIT, pk, proof_context(bd, role, i)))
        for role, cts, proofs in groups
        for i, (ct, proof) in enumerate(zip(cts, proofs, strict=True))
    ]
    shape = _shape(layout, ballot.marks, ballot.flags)
    context = proof_context(bd, "shape", 0)
    shape_checks = range_checks(shape, ballot.shape_proof, *layout.shape_range, pk, context)
    return checks + [("shape_proof", None, check) for check in shape_checks]


def verify_ballot(
    ballot: EncryptedBallot, layout: Layout, pk: Point, context: bytes, *, workers: int = 1
) -> list[BallotProblem]:
    """Every problem found (empty: the ballot may be stored). ``workers`` > 1 checks the proofs
    in that many threads."""
    with _threads(workers) as pool:
        return _verify(ballot, layout, pk, context, pool)


def verify_ballot_json(value, layout: Layout, pk: Point, context: bytes, *, workers: int = 1):
    """Decode then verify: (ballot or None, problems). What the server calls on a submission.
    The quick path first (ballot_check), the full one for anything it does not accept. A ballot
    of fewer than THREADED_MARKS marks is checked in one thread: a pool costs more than it saves."""
    workers = workers if layout.mark_count >= THREADED_MARKS else 1
    with _threads(workers) as pool:
        if isinstance(value, dict) and set(value) == _KEYS and value["format"] == FORMAT:
            quick = quick_check(value, layout, pk, context, pool)
            if quick is not None:
                return _from_quick(quick), []
        try:
            ballot = EncryptedBallot.from_json(value, layout, pool=pool)
        except CryptoError as exc:
            return None, [BallotProblem("malformed:" + exc.code)]
        return ballot, _verify(ballot, layout, pk, context, pool)


def _from_quick(quick: QuickBallot) -> EncryptedBallot:
    """The ballot quick_check accepted: its points all passed libsodium's check."""

    def cts(pairs) -> tuple[Ciphertext, ...]:
        return tuple(Ciphertext(Point(a), Point(b)) for a, b in pairs)

    def proofs(items) -> tuple[SetProof, ...]:
        return tuple(
            SetProof((ScalarPair(c0, z0), ScalarPair(c1, z1)))
            for _, c0, _, z0, _, c1, _, z1 in items
        )

    return EncryptedBallot(
        marks=cts(quick.marks),
        flags=cts(quick.flags),
        mark_proofs=proofs(quick.mark_proofs),
        flag_proofs=proofs(quick.flag_proofs),
        row_proofs=proofs(quick.row_proofs),
        shape_proof=RangeProof(
            cts(quick.bits),
            proofs(quick.bit_proofs),
            ScalarPair(quick.zero_proof[1], quick.zero_proof[3]),
        ),
    )


def _verify(ballot, layout, pk, context, pool: Executor | None) -> list[BallotProblem]:
    b = ballot
    counts = (len(b.marks), len(b.mark_proofs), len(b.flags), len(b.flag_proofs))
    expected = (layout.mark_count, layout.mark_count, layout.flags, layout.flags)
    if counts != expected or len(ballot.row_proofs) != layout.row_count:
        return [BallotProblem("wrong_count")]
    bd = ballot_digest(layout, pk, context, ballot.marks, ballot.flags)
    checks = _checks(ballot, layout, pk, bd)
    if pool is None:
        verdicts = [check() for _, _, check in checks]
    else:
        verdicts = list(pool.map(lambda item: item[2](), checks, chunksize=_chunk(len(checks))))
    outcomes = zip(checks, verdicts, strict=True)
    problems = [BallotProblem(code, i) for (code, i, _), ok in outcomes if not ok]
    return list(dict.fromkeys(problems))  # one shape_proof problem, not one per failing part


def tally(
    ballots: Iterable[EncryptedBallot], layout: Layout, *, workers: int = 1
) -> tuple[list[Ciphertext], list[Ciphertext]]:
    """Homomorphic totals: (per mark, per flag); with no ballots, encryptions of 0. Flagged
    ballots have every mark 0, so the mark totals count the valid ballots only and the flag
    totals count the invalid ones by reason. ``workers`` threads share out the positions."""
    ballots = list(ballots)
    if not ballots:
        return [ZERO] * layout.mark_count, [ZERO] * layout.flags
    columns = [*zip(*(b.marks for b in ballots), strict=True)]
    columns += zip(*(b.flags for b in ballots), strict=True)
    with _threads(workers) as pool:
        totals = list(pool.map(add_all, columns) if pool else map(add_all, columns))
    return totals[: layout.mark_count], totals[layout.mark_count :]
