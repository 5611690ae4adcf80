"""Checking one round of the record (kiểm tra một lần bầu), pure.

The manifest against its fingerprint and the ceremony's key; every ballot (ballots.py) with its
receipt and hash, each once; the sums against the published encrypted totals; every partial
decryption's proof against X_j from the commitments; the totals decrypted again and compared;
the result recomputed by the rules engine (result.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from votesys.core import record as manifests
from votesys.core.crypto.elgamal import ZERO
from votesys.core.crypto.errors import CryptoError
from votesys.core.crypto.group import Point
from votesys.core.crypto.receipt import receipt_of
from votesys.core.crypto.threshold import decrypt_total, decryption_context
from votesys.core.crypto.totals import failed_partials, partials_from_json, totals_from_json
from votesys.core.verify.ballots import Progress, RoundBallots, check_ballots
from votesys.core.verify.ceremony import Ceremony
from votesys.core.verify.challenges import check_challenged
from votesys.core.verify.record_format import ROUND_FORMAT, record_fingerprint, totals_digest
from votesys.core.verify.report import Report
from votesys.core.verify.result import check_result

HEX64 = re.compile(r"[0-9a-f]{64}")
PROBLEMS = {
    "wrong_count": "it holds another number of marks, flags or proofs than the layout",
    "mark_proof": "the proof that mark {n} is 0 or 1 fails",
    "flag_proof": "the proof that flag {n} is 0 or 1 fails",
    "row_proof": "the proof that row {n} holds at most one box fails",
    "shape_proof": "the proof of the ballot's shape (a valid marking or one reason) fails",
}


def label(section: Mapping) -> str:
    manifest = section.get("manifest") or {}
    title = (manifest.get("election") or {}).get("title", "?")
    return f"round {section.get('round_id')} ({title}, round {manifest.get('round')})"


def total_names(manifest: Mapping) -> list[str]:
    """What each total counts, in the box's order: marks, then the invalid reasons."""
    names = [c.get("name", "?") for c in manifest.get("candidates", [])]
    if manifest.get("layout") == "strike":
        marks = [f"{name}: kept" for name in names]
    else:
        marks = [f"{name}: {box}" for name in names for box in ("agree", "disagree")]
    return marks + [f"invalid: {reason}" for reason in manifest.get("invalid_reasons", [])]


def check_round(
    section: Mapping,
    ceremonies: Mapping[str, Ceremony],
    report: Report,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[int] | None:
    """Check the round; returns the decrypted totals the verifier found (None if it could not)."""
    where = label(section)
    if section.get("format") != ROUND_FORMAT:
        report.fail("round_format", where, "", f"the round section is not {ROUND_FORMAT}")
        return None
    manifest = section["manifest"]
    fingerprint = manifests.fingerprint(manifest)
    if fingerprint != section.get("round_fingerprint"):
        detail = "the manifest (list, layout, B, settings or key) is not the one frozen at opening"
        report.fail("manifest_changed", where, "manifest", detail)
    if record_fingerprint(section) != section.get("record_fingerprint"):
        detail = f"the round's record fingerprint is {record_fingerprint(section)}, not the stated"
        report.fail("record_fingerprint", where, "", detail)
    if section.get("source") == "paper":
        return check_result(section, None, report, where)
    ceremony = _ceremony_of(manifest, ceremonies, report, where)
    # The proofs are checked under the stated fingerprint: a manifest edited after the fact is
    # named once above, and the ballots, decryptions and result are still checked on their own.
    stated = section.get("round_fingerprint")
    fingerprint = stated if isinstance(stated, str) and HEX64.fullmatch(stated) else fingerprint
    totals = _check_box(section, manifest, fingerprint, ceremony, report, where, workers, progress)
    return check_result(section, totals, report, where)


def _ceremony_of(manifest, ceremonies, report, where) -> Ceremony | None:
    key = manifest.get("election_key") or {}
    ceremony = ceremonies.get(key.get("ceremony"))
    if ceremony is None:
        report.fail("no_ceremony", where, "election key", "no key ceremony of the record has it")
        return None
    same = (ceremony.public_key, ceremony.threshold, len(ceremony.names))
    if same != (key.get("public_key"), key.get("threshold"), key.get("members")):
        detail = "the manifest's key, t or n is not the ceremony's"
        report.fail("election_key", where, "election key", detail)
    return ceremony


def _check_box(section, manifest, fingerprint, ceremony, report, where, workers, progress):
    layout = manifests.layout_of(manifest)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    ballots = section.get("ballots") or []
    checked = check_ballots(
        [b.get("ballot") for b in ballots],
        layout,
        key,
        fingerprint,
        workers=workers,
        progress=progress,
    )
    _report_ballots(ballots, checked, report, where)
    check_challenged(section, layout, key, fingerprint, report, where)
    totals = _check_sums(section, checked, layout.mark_count + layout.flags, report, where)
    if totals is None or ceremony is None:
        return None
    return _decrypt(section, totals, ceremony, bytes.fromhex(fingerprint), report, where)


def _report_ballots(ballots, checked: RoundBallots, report: Report, where: str) -> None:
    for ballot, verdict in zip(ballots, checked.verdicts, strict=True):
        item = f"ballot {ballot.get('receipt') or '#' + str(verdict.index + 1)}"
        for code, position in verdict.problems:
            text = PROBLEMS.get(code, f"it does not decode ({code})")
            report.fail(code, where, item, text.format(n=(position or 0) + 1))
        if verdict.full_hash is not None and verdict.full_hash != ballot.get("hash"):
            report.fail("ballot_hash", where, item, "its hash is not the hash of its content")
        if verdict.full_hash is not None and receipt_of(bytes.fromhex(verdict.full_hash)).code != (
            ballot.get("receipt")
        ):
            report.fail("receipt", where, item, "its receipt code is not its hash's")
    _report_repeats(ballots, report, where)


def _report_repeats(ballots, report: Report, where: str) -> None:
    """A receipt, a hash or a ciphertext twice in the box: a duplicated or copied vote."""
    for key, what in (("receipt", "receipt"), ("hash", "ballot hash")):
        counts = Counter(b.get(key) for b in ballots)
        for value, n in counts.items():
            if n > 1:
                detail = f"the {what} appears {n} times: a ballot counted more than once"
                report.fail("duplicate_" + key, where, f"ballot {value}", detail)
    seen: dict[str, int] = {}
    for index, ballot in enumerate(ballots):
        document = ballot.get("ballot") or {}
        for ct in [*(document.get("marks") or []), *(document.get("flags") or [])]:
            a = ct[0] if isinstance(ct, list) and ct else None
            other = seen.setdefault(a, index) if isinstance(a, str) else index
            if other != index:
                first = ballots[other].get("receipt")
                detail = f"it repeats a ciphertext of ballot {first} (#{other + 1}): a copied vote"
                report.fail("copied_ciphertext", where, f"ballot {ballot.get('receipt')}", detail)
                break


def _check_sums(section, checked: RoundBallots, width: int, report: Report, where: str):
    published = section.get("encrypted_totals") or {}
    try:
        totals = totals_from_json(published.get("totals"))
    except CryptoError as error:
        report.fail("totals_malformed", where, "encrypted totals", f"unreadable ({error.code})")
        return None
    names = total_names(section["manifest"])
    if len(totals) != width:
        detail = f"{len(totals)} encrypted totals for {width} positions"
        report.fail("totals_count", where, "encrypted totals", detail)
        return None
    if published.get("ballots") != len(section.get("ballots") or []):
        detail = f"they claim {published.get('ballots')} ballots, the record holds the others"
        report.fail("totals_ballots", where, "encrypted totals", detail)
    if published.get("sha256") != totals_digest(published.get("totals")):
        report.fail("totals_digest", where, "encrypted totals", "their SHA-256 is not the stated")
    sums = checked.sums or (ZERO,) * width
    for i, (mine, theirs) in enumerate(zip(sums, totals, strict=True)):
        if mine != theirs:
            detail = "the ballots' ciphertexts do not add up to this encrypted total"
            report.fail("total_sum", where, f"total {i + 1} ({names[i]})", detail)
    return totals


def _decrypt(section, totals, ceremony: Ceremony, fingerprint: bytes, report, where):
    partials = {}
    for published in section.get("partial_decryptions") or []:
        number = published.get("member")
        item = ceremony.member(number)
        if number not in ceremony.keys:
            report.fail("unknown_member", where, item, "not a member of the ceremony")
            continue
        try:
            parsed = partials_from_json(published.get("partials"), len(totals))
        except CryptoError as error:
            report.fail("partials_malformed", where, item, f"unreadable ({error.code})")
            continue
        failed = failed_partials(parsed, number, ceremony.keys[number], totals, fingerprint)
        if failed:
            names = total_names(section["manifest"])
            which = ", ".join(f"{i + 1} ({names[i]})" for i in failed[:10])
            more = f" and {len(failed) - 10} more" if len(failed) > 10 else ""
            detail = f"the decryption proof fails for total(s) {which}{more}"
            report.fail("partial_decryption", where, item, detail)
            continue
        partials[number] = parsed
    if len(partials) < ceremony.threshold:
        detail = f"{len(partials)} valid partial decryption(s), {ceremony.threshold} needed"
        report.fail("too_few_partials", where, "decryption", detail)
        return None
    ballots = len(section.get("ballots") or [])
    names = total_names(section["manifest"])
    values = []
    for i, ct in enumerate(totals):
        shares = [partials[member][i] for member in sorted(partials)]
        context = decryption_context(fingerprint, i)
        try:
            values.append(
                decrypt_total(ct, shares, ceremony.keys, ceremony.threshold, context, ballots)
            )
        except CryptoError as error:
            detail = f"it does not decrypt to a count of 0 to {ballots} ({error.code})"
            report.fail("decryption", where, f"total {i + 1} ({names[i]})", detail)
    if len(values) != len(totals):
        return None
    _compare_totals(section, values, report, where)
    return values


def _compare_totals(section, values: list[int], report: Report, where: str) -> None:
    stated = section.get("totals")
    names = total_names(section["manifest"])
    if not isinstance(stated, list) or len(stated) != len(values):
        report.fail("totals_stated", where, "totals", "the decrypted totals are missing or short")
        return
    for i, (mine, theirs) in enumerate(zip(values, stated, strict=True)):
        if mine != theirs:
            detail = f"the record says {theirs}, the partial decryptions give {mine}"
            report.fail("total_value", where, f"total {i + 1} ({names[i]})", detail)
