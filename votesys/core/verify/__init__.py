"""The offline verifier of the election record (kiểm tra hồ sơ bầu cử), pure.

``verify_record(record)`` checks everything a record file claims (docs/record.md): each key
ceremony's transcript; in every round the manifest against its fingerprint, every ballot's
encodings and proofs, hash and receipt, each receipt once, the ciphertexts added up again
against the encrypted totals, every partial decryption's proof, the totals decrypted again, the
result recomputed by the rules engine, the minutes' and the record's fingerprints; then the audit
log's chain and its agreement with all of it. It returns a ``Report`` naming every failure.

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
    ceremonies = {}
    for transcript in record.get("ceremonies") or []:
        ceremony = check_ceremony(transcript, report)
        if ceremony is not None:
            ceremonies[ceremony.fingerprint] = ceremony
    report.ceremonies = len(ceremonies)
    log = audit.check_chain(record.get("audit_log"), report)
    if log is not None:
        for ceremony in ceremonies.values():
            audit.check_ceremony_entries(log, ceremony, report)
    rounds = record.get("rounds") or []
    if not rounds:
        report.fail("no_rounds", "record", "", "the record holds no counted round")
    for section in rounds:
        _round(section, ceremonies, log, report, workers, progress)
    return report


def _round(section, ceremonies, log, report: Report, workers: int, progress) -> None:
    where = label(section)
    on_ballots = None if progress is None else (lambda done, total: progress(where, done, total))
    try:
        totals = check_round(section, ceremonies, report, workers=workers, progress=on_ballots)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        detail = f"the round section is malformed ({type(error).__name__}: {error})"
        report.fail("round_malformed", where, "", detail)
        return
    counted = None
    if totals is not None or section.get("source") == "paper":
        try:
            counted = counted_figures(section, totals)
        except (KeyError, TypeError, ValueError):
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
