"""The offline verifier of the election record (kiểm tra hồ sơ bầu cử), pure.

``verify_record(record)`` checks everything a record file claims (docs/record.md): each key
ceremony's transcript; in every round the manifest against its fingerprint, every ballot's
encodings and proofs, hash and receipt, each receipt once, the ciphertexts added up again
against the encrypted totals, every partial decryption's proof, the totals decrypted again, the
result recomputed by the rules engine, the minutes' and the record's fingerprints; then the audit
log's chain and its agreement with all of it, and every motion by show of hands it closed
recounted and decided again (verify.motions). It returns a ``Report`` naming every failure.

Both ``votesys verify`` and the standalone ``scripts/verify_record.py`` call it; it needs the
core alone (PyNaCl and ``cryptography`` underneath).

- record_format: the format's names and the record fingerprint
- ceremony, ballots (every core), rounds, result, audit: the checks; report: what they found
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from votesys.core.verify import audit
from votesys.core.verify.ceremony import check_ceremony
from votesys.core.verify.motions import check_motions
from votesys.core.verify.record_format import FORMAT, record_fingerprint
from votesys.core.verify.report import Failure, Report, RoundSummary
from votesys.core.verify.result import counted_figures
from votesys.core.verify.rounds import check_round, label

__all__ = ["FORMAT", "Failure", "Report", "record_fingerprint", "verify_record"]

# progress(round label, ballots checked, ballots in the round)
RoundProgress = Callable[[str, int, int], None]


def verify_record(
    record: Mapping, *, workers: int | None = None, progress: RoundProgress | None = None
) -> Report:
    """Check a whole record; ``workers`` processes for the ballots (default: every core)."""
    report = Report()
    workers = workers or os.cpu_count() or 1
    if not isinstance(record, Mapping) or record.get("format") != FORMAT:
        report.fail("record_format", "record", "", f"the file is not a {FORMAT} record")
        return report
    parts = {name: _objects(record, name, report) for name in ("ceremonies", "audit_log", "rounds")}
    ceremonies = {}
    for number, transcript in enumerate(parts["ceremonies"], start=1):
        try:
            ceremony = check_ceremony(transcript, report)
        except MALFORMED as error:
            report.fail("ceremony_malformed", f"ceremony {number}", "", _malformed(error))
            continue
        if ceremony is not None:
            ceremonies[ceremony.fingerprint] = ceremony
    report.ceremonies = len(ceremonies)
    try:
        log = audit.check_chain(parts["audit_log"], report)
    except MALFORMED as error:
        log = None
        report.fail("audit_malformed", "audit log", "", _malformed(error))
    if log is not None:
        for ceremony in ceremonies.values():
            try:
                audit.check_ceremony_entries(log, ceremony, report)
            except MALFORMED as error:
                report.fail("audit_malformed", "audit log", "ceremony.completed", _malformed(error))
        report.motions = check_motions(log, report)
    rounds = parts["rounds"]
    if not rounds:
        report.fail("no_rounds", "record", "", "the record holds no counted round")
    for section in rounds:
        _round(section, ceremonies, log, report, workers, progress)
    return report


# What a value of the wrong shape raises where the checks expect another (a list for an object, a
# number for a list): the part is named as malformed, and the other parts are still checked.
MALFORMED = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def _malformed(error: Exception) -> str:
    return f"malformed ({type(error).__name__}: {error})"


def _objects(record: Mapping, name: str, report: Report) -> list[Mapping]:
    """The record's list ``name`` of JSON objects; a part of another shape is named and left out
    (a missing part is empty: the checks that need it say so)."""
    value = record.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        report.fail("record_shape", "record", name, "is not a list")
        return []
    objects = [item for item in value if isinstance(item, Mapping)]
    if len(objects) != len(value):
        detail = f"{len(value) - len(objects)} item(s) are not JSON objects"
        report.fail("record_shape", "record", name, detail)
    return objects


def _round(section, ceremonies, log, report: Report, workers: int, progress) -> None:
    try:
        where = label(section)
    except MALFORMED as error:
        report.fail("round_malformed", "round ?", "", _malformed(error))
        return
    try:
        _checked_round(section, where, ceremonies, log, report, workers, progress)
    except MALFORMED as error:
        report.fail("round_malformed", where, "", "the round section is " + _malformed(error))


def _checked_round(section, where, ceremonies, log, report, workers, progress) -> None:
    on_ballots = None if progress is None else (lambda done, total: progress(where, done, total))
    try:
        totals = check_round(section, ceremonies, report, workers=workers, progress=on_ballots)
    except MALFORMED as error:
        report.fail("round_malformed", where, "", "the round section is " + _malformed(error))
        return
    counted = None
    if totals is not None or section.get("source") == "paper":
        try:
            counted = counted_figures(section, totals)
        except MALFORMED:
            counted = None
    if log is not None:
        audit.check_round_entries(log, section, counted, report, where)
    result = section.get("result") or {}
    report.rounds.append(
        RoundSummary(
            where=where,
            source=str(section.get("source")),
            ballots=len(section.get("ballots") or []),
            record_fingerprint=str(section.get("record_fingerprint")),
            status=str(result.get("status", "opinion")),
        )
    )
