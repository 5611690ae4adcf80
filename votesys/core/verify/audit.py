"""The audit log in the record (nhật ký kiểm tra), pure: its hash chain and signed checkpoints
(core.audit_chain), then whether its entries agree with the rest of the record — the round
opened with this manifest, the box sealed with these ballots and receipts, added up to these
totals, decrypted by these members and counted with these figures; the ceremony completed with
this key. An entry missing is a failure too: the log must show what the record claims.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from votesys.core.audit_chain import verify_lines
from votesys.core.verify.ceremony import Ceremony
from votesys.core.verify.record_format import receipts_digest, totals_digest
from votesys.core.verify.report import Report

WHERE = "audit log"


class Log:
    """The log's entries by kind, once the chain is checked."""

    def __init__(self, lines: Sequence[Mapping]):
        self.entries = [line for line in lines if line.get("type") == "entry"]
        self.hashes = {entry.get("hash") for entry in self.entries}

    def of(self, kind: str, **match) -> list[Mapping]:
        return [
            e
            for e in self.entries
            if e.get("kind") == kind
            and all((e.get("data") or {}).get(k) == v for k, v in match.items())
        ]


def check_chain(lines, report: Report) -> Log | None:
    if not isinstance(lines, list) or not lines:
        report.fail("no_audit_log", WHERE, "", "the record holds no audit log")
        return None
    checked = verify_lines(json.dumps(line, ensure_ascii=False) for line in lines)
    for problem in checked.problems:
        item = f"entry {problem.seq}" if problem.seq is not None else f"line {problem.line}"
        report.fail("audit_" + problem.code, WHERE, item, problem.describe())
    report.audit_entries, report.audit_head = checked.entries, checked.head
    return Log(lines)


def check_ceremony_entries(log: Log, ceremony: Ceremony, report: Report) -> None:
    completed = log.of("ceremony.completed", fingerprint=ceremony.fingerprint)
    where = f"ceremony {ceremony.fingerprint[:16]}"
    if not completed:
        report.fail("audit_missing", where, "ceremony.completed", "the log never completed it")
        return
    data = completed[-1]["data"]
    stated = (data.get("public_key"), data.get("threshold"), data.get("members"))
    if stated != (ceremony.public_key, ceremony.threshold, len(ceremony.names)):
        detail = "the log completed it with another key, t or n than the transcript's"
        report.fail("audit_disagrees", where, "ceremony.completed", detail)


def check_round_entries(
    log: Log, section: Mapping, counted: Mapping | None, report: Report, where: str
) -> None:
    """``counted``: the figures the verifier recomputed (returned, valid, invalid, votes)."""
    round_id = section.get("round_id")
    manifest = section.get("manifest") or {}
    checks = [
        (
            "elections.round_opened",
            {
                "fingerprint": section.get("round_fingerprint"),
                "base": manifest.get("base"),
                "threshold": manifest.get("threshold"),
            },
        ),
        ("tally.counted", _counted_fields(section, counted)),
    ]
    if section.get("source") == "box":
        ballots = section.get("ballots") or []
        receipts = [b.get("receipt") for b in ballots]
        sealed = {"ballots": len(ballots), "receipts_sha256": receipts_digest(receipts)}
        totals = section.get("encrypted_totals") or {}
        added = {"ballots": len(ballots), "totals_sha256": totals_digest(totals.get("totals"))}
        checks += [("ballots.box_sealed", sealed), ("tally.added_up", added)]
    for kind, expected in checks:
        _agree(log.of(kind, round=round_id), kind, expected, report, where)
    for published in section.get("partial_decryptions") or []:
        member = published.get("member")
        if not log.of("tally.partial_decryption", round=round_id, member=member):
            detail = f"no entry records member {member}'s decryption"
            report.fail("audit_missing", where, "tally.partial_decryption", detail)
    if section.get("audit_head") not in log.hashes:
        detail = "the audit head the count recorded is no entry of the log"
        report.fail("audit_head", where, "audit head", detail)


def _counted_fields(section: Mapping, counted: Mapping | None) -> dict:
    result = section.get("result") or {}
    fields = {
        "fingerprint": section.get("minutes_fingerprint"),
        "elected": result.get("elected", result.get("agreed")),
        "alternates": result.get("alternates", []),
        "tied": result.get("tied", []),
    }
    if counted is not None:
        fields.update(counted)
    return fields


def _agree(entries: list, kind: str, expected: Mapping, report: Report, where: str) -> None:
    if not entries:
        report.fail("audit_missing", where, kind, "the log holds no such entry for this round")
        return
    data = entries[-1].get("data") or {}
    for key, value in expected.items():
        if data.get(key) != value:
            detail = f"the log says {key} = {data.get(key)!r}, the record gives {value!r}"
            report.fail("audit_disagrees", where, kind, detail)
