"""What a round and a key ceremony are, frozen, and their fingerprints (dấu vân tay).

The round manifest is frozen when voting opens: the congress, the election, the round, the
candidates in ballot order, the layout the proofs enforce and its invalid reasons, B with its
breakdown, the threshold, the rule settings and the election key. Its SHA-256 (the round
fingerprint) is the context of every proof of every ballot of the round (docs/protocol.md §6.2),
so a ballot, a proof or a partial decryption made for one round is worthless in any other.
The election record (issue: anyone can re-check) builds on these.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from votesys.core.audit_chain import canonical_json
from votesys.core.crypto.layout import Layout

ROUND_FORMAT = "votesys-round/1"
CEREMONY_FORMAT = "votesys-ceremony/1"


def fingerprint(document: Mapping) -> str:
    """SHA-256 of the canonical JSON of a manifest, as 64 hex characters."""
    return hashlib.sha256(canonical_json(dict(document))).hexdigest()


def ceremony_manifest(
    congress: str, threshold: int, members: Sequence[tuple[int, str, str]], nonce: str
) -> dict:
    """A ceremony: its congress, t, the members (number, account, name) and a random nonce
    that makes every ceremony's fingerprint its own."""
    return {
        "format": CEREMONY_FORMAT,
        "congress": congress,
        "threshold": threshold,
        "members": [
            {"number": number, "account": account, "name": name}
            for number, account, name in members
        ],
        "nonce": nonce,
    }


def round_manifest(
    *,
    congress: str,
    election: Mapping,
    round_number: int,
    layout: str,
    seats: int,
    alternates: int,
    candidates: Sequence[Mapping],
    reasons: Sequence[str],
    crypto_layout: Layout,
    base: int,
    base_breakdown: Mapping,
    threshold: int,
    settings: Mapping,
    public_key: str,
    ceremony: str,
    key_threshold: int,
    key_members: int,
) -> dict:
    """The round as frozen when voting opens (``candidates``: dicts with position, id, name;
    ``election``: id, kind, title)."""
    return {
        "format": ROUND_FORMAT,
        "congress": congress,
        "election": dict(election),
        "round": round_number,
        "layout": layout,
        "seats": seats,
        "alternates": alternates,
        "candidates": [dict(c) for c in candidates],
        "invalid_reasons": list(reasons),
        "crypto_layout": {
            "kind": crypto_layout.kind,
            "candidates": crypto_layout.candidates,
            "seats": crypto_layout.seats,
            "flags": crypto_layout.flags,
        },
        "base": base,
        "base_breakdown": dict(base_breakdown),
        "threshold": threshold,
        "settings": dict(settings),
        "election_key": {
            "public_key": public_key,
            "ceremony": ceremony,
            "threshold": key_threshold,
            "members": key_members,
        },
    }


def layout_of(manifest: Mapping) -> Layout:
    """The crypto layout a manifest froze."""
    spec = manifest["crypto_layout"]
    return Layout(spec["kind"], spec["candidates"], spec["seats"], spec["flags"])
