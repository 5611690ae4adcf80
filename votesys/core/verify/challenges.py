"""The challenged ballots of a round (phiếu kiểm tra, protocol.md §6.6), checked again.

Each one is published with the tablet's reveal (its marks and nonces) and the server's verdict.
The verifier re-checks the ballot's proofs and hash, re-encrypts the revealed marks with the
revealed nonces, and names a verdict that is not what the record claims; and a challenged ballot
must never be in the box, neither whole (its hash) nor by one of its ciphertexts (its nonces are
public: such a vote would be readable by anyone).
"""

from __future__ import annotations

from collections.abc import Mapping

from votesys.core.crypto.ballot import verify_ballot_json
from votesys.core.crypto.benaloh import RevealedBallot, check_revealed
from votesys.core.crypto.errors import CryptoError
from votesys.core.crypto.group import Point
from votesys.core.crypto.layout import Layout
from votesys.core.crypto.receipt import receipt
from votesys.core.verify.report import Report


def check_challenged(
    section: Mapping, layout: Layout, key: Point, fingerprint: str, report: Report, where: str
) -> int:
    """Check every challenged ballot of the round's section; returns how many there are."""
    challenged = section.get("challenged") or []
    in_box = {b.get("hash") for b in section.get("ballots") or []}
    box_points = {
        ct[0]
        for b in section.get("ballots") or []
        for ct in (
            *(b.get("ballot") or {}).get("marks", []),
            *(b.get("ballot") or {}).get("flags", []),
        )
        if isinstance(ct, list) and ct
    }
    context = bytes.fromhex(fingerprint)
    for item in challenged:
        name = f"challenged ballot {item.get('code')}"
        ballot, problems = verify_ballot_json(item.get("ballot"), layout, key, context)
        if problems:
            report.fail("challenge_proofs", where, name, "its proofs do not hold for this round")
            continue
        if receipt(ballot).full != item.get("hash") or receipt(ballot).code != item.get("code"):
            report.fail("challenge_hash", where, name, "its code or hash is not its content's")
        try:
            matches = not check_revealed(
                ballot, RevealedBallot.from_json(item.get("revealed")), key
            )
        except CryptoError:
            matches = False
        if matches != item.get("matches"):
            said = "matches" if item.get("matches") else "does not match"
            report.fail(
                "challenge_verdict",
                where,
                name,
                f"the record says it {said}; re-encrypting says otherwise",
            )
        if item.get("hash") in in_box or any(ct.a.hex() in box_points for ct in ballot.marks):
            report.fail("challenge_cast", where, name, "a challenged ballot is in the box")
    return len(challenged)
