"""Challenged ballots in the record (protocol.md §6.6): re-encrypted by the verifier, which names
a verdict the record misstates and a challenged ballot found in the box."""

from __future__ import annotations

from tests.record.test_tamper import failures, first_round, named, restamp
from votesys.core import record as manifests
from votesys.core.crypto.ballot import encrypt_ballot
from votesys.core.crypto.benaloh import reveal
from votesys.core.crypto.group import Point
from votesys.core.crypto.receipt import receipt
from votesys.core.verify import verify_record


def challenge(section: dict, matches: bool = True) -> dict:
    """A ballot challenged on a tablet of this round, as the board publishes it."""
    manifest = section["manifest"]
    layout = manifests.layout_of(manifest)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    marks = [1] * layout.seats + [0] * (layout.mark_count - layout.seats)
    ballot = encrypt_ballot(
        marks,
        [0] * layout.flags,
        layout,
        key,
        bytes.fromhex(section["round_fingerprint"]),
        keep_secrets=True,
    )
    revealed = reveal(ballot).to_json()
    if not matches:  # a tablet that lied: the reveal does not open the ciphertexts
        revealed["marks"][0] = 1 - revealed["marks"][0]
    code = receipt(ballot)
    return {
        "code": code.code,
        "hash": code.full,
        "ballot": ballot.to_json(),
        "revealed": revealed,
        "matches": matches,
    }


def test_honest_and_dishonest_challenges_pass_when_the_record_says_so(record):
    section = first_round(record)
    assert section["challenged"] == []  # the simulated congress challenged nothing
    section["challenged"] = [challenge(section), challenge(section, matches=False)]
    restamp(section)
    report = verify_record(record, workers=2)
    assert report.ok, "\n".join(report.lines())


def test_a_misstated_verdict_is_named(record):
    section = first_round(record)
    lied = challenge(section, matches=False)
    lied["matches"] = True  # the record claims the tablet was honest
    section["challenged"] = [lied]
    restamp(section)
    named(failures(record), "challenge_verdict", lied["code"])


def test_a_challenged_ballot_in_the_box_is_named(record):
    section = first_round(record)
    item = challenge(section)
    section["challenged"] = [item]
    section["ballots"].append(
        {"hash": item["hash"], "receipt": item["code"], "ballot": item["ballot"]}
    )
    restamp(section)
    named(failures(record), "challenge_cast", item["code"])
