"""Checking a key ceremony's public transcript (kiểm tra lễ tạo khóa), pure.

Every transport key's and every dealer's proof of knowledge under the ceremony's fingerprint,
t commitments per dealer, the election key as Σ C_i0 and every member's verification key X_j as
the commitments give it (docs/protocol.md §7). The verification keys the rest of the record uses
are the recomputed ones, never the published ones.
"""

from __future__ import annotations

from collections.abc import Mapping

from votesys.core.crypto.errors import CryptoError
from votesys.core.crypto.group import Point
from votesys.core.crypto.proofs import ScalarPair
from votesys.core.crypto.share_box import verify_transport_key
from votesys.core.crypto.threshold import (
    Commitments,
    joint_public_key,
    verification_keys,
    verify_commitments,
)
from votesys.core.verify.report import Report

TRANSCRIPT_FORMAT = "votesys-ceremony-transcript/1"


class Ceremony:
    """A checked ceremony: what rounds need from it (key, t, X_j, members' names)."""

    def __init__(self, fingerprint: str, threshold: int, public_key: str | None):
        self.fingerprint = fingerprint
        self.threshold = threshold
        self.public_key = public_key
        self.keys: dict[int, Point] = {}
        self.names: dict[int, str] = {}

    def member(self, number: int) -> str:
        name = self.names.get(number)
        return f"member {number}" + (f" ({name})" if name else "")


def check_ceremony(transcript: Mapping, report: Report) -> Ceremony | None:
    """The ceremony, checked; every problem goes into ``report``."""
    fingerprint = str(transcript.get("fingerprint", ""))
    where = f"ceremony {fingerprint[:16]}"
    if transcript.get("format") != TRANSCRIPT_FORMAT:
        report.fail("ceremony_format", where, "", f"the transcript is not {TRANSCRIPT_FORMAT}")
        return None
    try:
        context = bytes.fromhex(fingerprint)
        threshold = int(transcript["threshold"])
        members = list(transcript["members"])
    except (KeyError, TypeError, ValueError):
        report.fail("ceremony_malformed", where, "", "fingerprint, threshold or members unreadable")
        return None
    ceremony = Ceremony(fingerprint, threshold, transcript.get("public_key"))
    published: list[Commitments] = []
    for member in members:
        number = member.get("number")
        ceremony.names[number] = member.get("name", "")
        found = _check_member(member, number, threshold, context, report, where, ceremony)
        if found is not None:
            published.append(found)
    if transcript.get("status") != "complete":
        report.fail("ceremony_incomplete", where, "", f"its status is {transcript.get('status')}")
    if len(published) != len(members):
        return ceremony
    _check_keys(ceremony, published, members, report, where)
    return ceremony


def _check_member(member, number, threshold, context, report, where, ceremony):
    item = ceremony.member(number)
    try:
        transport = member["transport_key"]
        key, proof = Point.from_hex(transport["key"]), ScalarPair.from_json(transport["proof"])
        if not verify_transport_key(key, proof, context, number):
            report.fail("transport_key_proof", where, item, "the transport key's proof fails")
    except (CryptoError, KeyError, TypeError, ValueError):
        report.fail("transport_key_malformed", where, item, "the transport key is unreadable")
    try:
        commitments = Commitments.from_json(member["commitments"])
    except (CryptoError, KeyError, TypeError, ValueError):
        report.fail("commitments_malformed", where, item, "the commitments are unreadable")
        return None
    if commitments.member != number:
        report.fail("commitments_member", where, item, "the commitments name another member")
    elif not verify_commitments(commitments, threshold, context):
        detail = f"the commitments' proof of knowledge fails, or they are not {threshold}"
        report.fail("commitments_proof", where, item, detail)
    if member.get("complaints"):
        report.fail("complaint", where, item, f"complaints against {member['complaints']}")
    return commitments


def _check_keys(ceremony: Ceremony, published, members, report: Report, where: str) -> None:
    try:
        key = joint_public_key(published)
        numbers = [m["number"] for m in members]
        ceremony.keys = verification_keys(published, numbers)
    except (CryptoError, ValueError):
        report.fail("election_key", where, "", "the commitments give no election key")
        return
    if key.hex() != ceremony.public_key:
        detail = f"the published key {ceremony.public_key} is not Σ C_i0 = {key.hex()}"
        report.fail("election_key", where, "", detail)
    for member in members:
        number = member["number"]
        if member.get("verification_key") != ceremony.keys[number].hex():
            detail = "the published verification key X_j is not the one the commitments give"
            report.fail("verification_key", where, ceremony.member(number), detail)
