"""What the verifier found (kết quả kiểm tra hồ sơ): every failure named, and a short summary.

A ``Failure`` says where (the round, or the ceremony, the audit log, the file), which item (a
ballot by its receipt, a member by number and name, a total by candidate), a stable ``code``
and the detail in plain words. The report is English: it is read by an auditor at a console, and
the codes are stable for a program.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Failure:
    code: str
    where: str  # "round 7 (Bầu Ban Chấp hành, lần 1)", "ceremony 1a2b…", "audit log", "record"
    item: str  # "ballot ABCDE-FGHIJ", "member 2 (Phạm Thị Lan)", "total 3 (…: kept)", ""
    detail: str

    def describe(self) -> str:
        item = f": {self.item}" if self.item else ""
        return f"{self.where}{item}: {self.detail} [{self.code}]"


@dataclass(frozen=True)
class RoundSummary:
    where: str
    source: str
    ballots: int
    record_fingerprint: str
    status: str  # the result's: complete, tie, short (or "opinion")


@dataclass
class Report:
    rounds: list[RoundSummary] = field(default_factory=list)
    ceremonies: int = 0
    audit_entries: int = 0
    audit_head: str = ""
    motions: int = 0
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def fail(self, code: str, where: str, item: str, detail: str) -> None:
        self.failures.append(Failure(code, where, item, detail))

    def lines(self) -> list[str]:
        """The report as printed: a summary when all holds, else every failure."""
        if not self.ok:
            head = f"FAILED: {len(self.failures)} problem(s) in the record"
            return [head, *(f"FAIL {f.describe()}" for f in self.failures)]
        ballots = sum(r.ballots for r in self.rounds)
        lines = [
            f"OK: {len(self.rounds)} round(s), {ballots} ballot(s), {self.ceremonies} key "
            f"ceremony(ies), {self.audit_entries} audit entries (head {self.audit_head})",
        ]
        for r in self.rounds:
            lines.append(
                f"  {r.where}: {r.source}, {r.ballots} ballot(s), result {r.status}, "
                f"record fingerprint {r.record_fingerprint}"
            )
        if self.motions:
            lines.append(
                f"  {self.motions} motion(s) by show of hands recounted from the audit log"
            )
        return lines
