"""The audit log's hash chain and signed checkpoints, pure (nhật ký kiểm tra).

Every entry is a canonical JSON object that carries the hash of the entry before it, so editing,
removing, inserting or reordering an entry breaks the chain at a place we can name. Every so
often the installation signs the current head with its Ed25519 key (a checkpoint), so that even a
chain recomputed from an edited entry onwards no longer matches a signature the attacker cannot
make. The head hash is printed on the projector and the minutes, which pins the log in public.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS = "0" * 64
FORMAT = "votesys-audit/1"
CHECKPOINT_TAG = b"votesys/audit-checkpoint/v1\n"
ENTRY_FIELDS = ("seq", "at", "actor", "kind", "data", "prev")


def canonical_json(value) -> bytes:
    """UTF-8 JSON with sorted keys and no spaces; floats are refused (they do not round-trip)."""
    _refuse_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _refuse_floats(value) -> None:
    if isinstance(value, float):
        raise TypeError("floats are not allowed in canonical JSON")
    if isinstance(value, Mapping):
        for item in value.values():
            _refuse_floats(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_floats(item)


def entry_hash(entry: Mapping) -> str:
    """SHA-256 of the canonical JSON of the entry's fields (the stored hash itself excluded)."""
    return hashlib.sha256(canonical_json({k: entry[k] for k in ENTRY_FIELDS})).hexdigest()


def checkpoint_message(seq: int, head: str) -> bytes:
    return CHECKPOINT_TAG + f"{seq}:{head}".encode()


def key_fingerprint(public_key_hex: str) -> str:
    """A short fingerprint of the installation key, for printing beside the head hash."""
    return hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:16]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the log: ``code`` says what, ``seq``/``line`` say where."""

    code: str
    line: int
    seq: int | None
    detail: str = ""

    def describe(self) -> str:
        where = f"line {self.line}" + (f", entry {self.seq}" if self.seq is not None else "")
        return f"{where}: {MESSAGES.get(self.code, self.code)}" + (
            f" ({self.detail})" if self.detail else ""
        )


MESSAGES = {
    "malformed": "not a valid log line",
    "edited": "the entry's content does not match its hash: it was edited",
    "chain_broken": "the entry does not follow the one before it: an entry was removed, "
    "inserted or moved here",
    "missing": "entries are missing before this one: removed",
    "out_of_order": "the entry is out of order or repeated: reordered or inserted",
    "checkpoint_mismatch": "the signed checkpoint does not match the log at this entry",
    "bad_signature": "the checkpoint's signature is not the installation's: forged",
    "unknown_key": "the log is signed with another key than the one expected",
    "no_header": "the first line is not a votesys audit log header",
    "empty": "the log holds no entries",
}


@dataclass
class Report:
    entries: int = 0
    checkpoints: int = 0
    head: str = GENESIS
    public_key: str | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_lines(lines: Iterable[str], expected_public_key: str | None = None) -> Report:
    """Check an exported log (JSON Lines: a header, then entries and checkpoints in order)."""
    report = Report()
    hashes: dict[int, str] = {}
    previous_seq = 0
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
            kind = record["type"]
        except (ValueError, TypeError, KeyError):
            report.problems.append(Problem("malformed", number, None))
            continue
        if number == 1 or report.public_key is None and kind == "header":
            if kind != "header" or record.get("format") != FORMAT:
                report.problems.append(Problem("no_header", number, None))
                return report
            report.public_key = record.get("public_key")
            if expected_public_key and report.public_key != expected_public_key:
                report.problems.append(Problem("unknown_key", number, None))
            continue
        if kind == "entry":
            previous_seq = _check_entry(record, number, previous_seq, report, hashes)
        elif kind == "checkpoint":
            _check_checkpoint(record, number, report, hashes)
        else:
            report.problems.append(Problem("malformed", number, None))
    if report.entries == 0 and not report.problems:
        report.problems.append(Problem("empty", 0, None))
    return report


def _check_entry(record, number, previous_seq, report, hashes) -> int:
    try:
        seq = int(record["seq"])
        computed = entry_hash(record)
    except (KeyError, TypeError, ValueError):
        report.problems.append(Problem("malformed", number, None))
        return previous_seq
    report.entries += 1
    if seq <= previous_seq:
        report.problems.append(Problem("out_of_order", number, seq))
    elif seq > previous_seq + 1:
        report.problems.append(
            Problem("missing", number, seq, f"entries {previous_seq + 1} to {seq - 1}")
        )
    if computed != record.get("hash"):
        report.problems.append(Problem("edited", number, seq))
    elif record["prev"] != report.head:
        report.problems.append(Problem("chain_broken", number, seq))
    report.head = record.get("hash", computed)
    hashes[seq] = computed
    return max(seq, previous_seq)


def _check_checkpoint(record, number, report, hashes) -> None:
    report.checkpoints += 1
    try:
        seq, head, signature = (
            int(record["seq"]),
            record["hash"],
            bytes.fromhex(record["signature"]),
        )
        key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(report.public_key or ""))
    except (KeyError, TypeError, ValueError):
        report.problems.append(Problem("malformed", number, None))
        return
    try:
        key.verify(signature, checkpoint_message(seq, head))
    except InvalidSignature:
        report.problems.append(Problem("bad_signature", number, seq))
        return
    if hashes.get(seq) != head:
        report.problems.append(Problem("checkpoint_mismatch", number, seq))
