"""The election record's format (hồ sơ bầu cử) and the record fingerprint, pure.

A record file is one JSON object (docs/record.md):

    {"format": "votesys-record/1", "congress": {"name", "term"}, "exported_at": ISO time,
     "ceremonies": [the public transcript of every key ceremony a round used],
     "rounds": [one round section each, below], "audit_log": [the log's exported lines]}

A round section (``votesys-record-round/1``) holds everything the round's count rests on: its
frozen manifest and fingerprint, every accepted encrypted ballot with its full hash and receipt,
the encrypted totals, the partial decryptions, the decrypted totals, the result and the minutes'
fingerprint. Its **record fingerprint** is the SHA-256 of the canonical JSON of the section with
each ballot replaced by its full hash and without the values derived from the rest (the
decrypted totals) or the fingerprint itself: a ballot's hash covers every byte of the ballot,
so the fingerprint pins every ballot, yet the server computes it without reading a ballot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from votesys.core.audit_chain import canonical_json

FORMAT = "votesys-record/1"
ROUND_FORMAT = "votesys-record-round/1"
# Keys of a round section that the fingerprint leaves out: derived by every verifier (the
# decrypted totals come from the encrypted totals and the partial decryptions) or the
# fingerprint itself.
DERIVED = ("totals", "record_fingerprint")


def digest_form(section: Mapping) -> dict:
    """The round section as the record fingerprint covers it: ballots as their full hashes."""
    form = {key: value for key, value in section.items() if key not in DERIVED}
    form["ballots"] = [ballot["hash"] for ballot in section.get("ballots") or []]
    return form


def record_fingerprint(section: Mapping) -> str:
    """The round's record fingerprint (dấu vân tay hồ sơ): SHA-256 hex of ``digest_form``.
    ``section`` may give its ballots as full dicts or as ``{"hash": ...}`` alone."""
    return hashlib.sha256(canonical_json(digest_form(section))).hexdigest()


def receipts_digest(receipts) -> str:
    """What the box's seal records (ballots.box_sealed): SHA-256 of the sorted receipt codes."""
    return hashlib.sha256(canonical_json(sorted(receipts))).hexdigest()


def totals_digest(totals) -> str:
    """The SHA-256 of the encrypted totals' canonical JSON, as the count stores it."""
    return hashlib.sha256(canonical_json(list(totals))).hexdigest()
