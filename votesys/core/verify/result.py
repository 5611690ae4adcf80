"""The result recomputed (kết quả tính lại), pure: from the totals the verifier decrypted itself
(or the paper count), the manifest's list, layout, B and settings, through the same rules engine
and minutes as the count (core.rules, core.minutes); then compared with the record's result,
field by field, and the result with the minutes' fingerprint.

What the totals cannot say (the roll at the vote, ballots issued, the committee, the times, the
place, the audit head) is taken from the stored result: the minutes' fingerprint and the audit
log's ``tally.counted`` entry pin those.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from votesys.core.audit_chain import canonical_json
from votesys.core.minutes import inputs
from votesys.core.minutes.export import result_json
from votesys.core.minutes.figures import minutes_figures
from votesys.core.rules.base import BaseB, Exclusion
from votesys.core.rules.decide import Candidate
from votesys.core.rules.marking import tally_from_totals
from votesys.core.rules.settings import RulesError, RuleSettings
from votesys.core.rules.validity import MarksTally
from votesys.core.verify.report import Report

OPINION = "votesys-opinion/1"


def check_result(section: Mapping, totals: list[int] | None, report: Report, where: str):
    """Check the round's result; returns ``totals``. With no verified totals (a box whose
    totals failed), only the fingerprint is checked: the failures above say why."""
    result = section.get("result") or {}
    digest = hashlib.sha256(canonical_json(result)).hexdigest()
    if digest != section.get("minutes_fingerprint"):
        detail = "the result is not the one the minutes' fingerprint was made of"
        report.fail("minutes_fingerprint", where, "result", detail)
    if result.get("round_fingerprint") != section.get("round_fingerprint"):
        report.fail("result_round", where, "result", "the result names another round")
    if totals is None and section.get("source") != "paper":
        return None
    try:
        counted = _counted(section, totals)
        expected = (
            _opinion(section["manifest"], result, counted)
            if result.get("format") == OPINION
            else _minutes(section["manifest"], result, counted)
        )
    except (RulesError, KeyError, TypeError, ValueError) as error:
        detail = f"the result cannot be recomputed from the record ({_why(error)})"
        report.fail("result_unrecomputable", where, "result", detail)
        return totals
    for key in sorted(set(expected) | set(result)):
        if expected.get(key) != result.get(key):
            said, found = _short(result.get(key)), _short(expected.get(key))
            detail = f"the record says {said}, the rules give {found}"
            report.fail("result_differs", where, f"result: {key}", detail)
    return totals


def counted_figures(section: Mapping, totals: list[int] | None) -> dict[str, Any]:
    """returned, valid, invalid by reason and votes by candidate id: what the count found."""
    counted = _counted(section, totals)
    return {
        "returned": counted.returned,
        "valid": counted.valid,
        "invalid": dict(counted.invalid),
        "votes": dict(counted.votes),
    }


def _counted(section: Mapping, totals: list[int] | None):
    manifest = section["manifest"]
    ids = [c["id"] for c in manifest["candidates"]]
    settings = RuleSettings.from_dict(manifest["settings"])
    if section.get("source") == "paper":
        paper = section["paper_count"]
        invalid = {k: v for k, v in paper["invalid"].items() if v}
        valid = paper["returned"] - sum(invalid.values())
        return MarksTally(paper["returned"], valid, invalid, dict(paper["votes"]))
    ballots = len(section.get("ballots") or [])
    return tally_from_totals(manifest["layout"], totals, ballots, ids, settings)


def _minutes(manifest: Mapping, result: Mapping, counted) -> dict:
    frozen = manifest["base_breakdown"]
    base = BaseB(
        frozen["value"],
        frozen["summoned"],
        tuple(Exclusion(e["code"], e["count"], tuple(e["numbers"])) for e in frozen["exclusions"]),
    )
    roll = result["roll"]
    minutes = minutes_figures(
        congress=inputs.Congress(manifest["congress"], result["congress"]["term"]),
        election=inputs.Election(
            manifest["election"]["title"], max(manifest["seats"], 1), manifest["alternates"]
        ),
        round_number=manifest["round"],
        layout=manifest["layout"],
        candidates=[Candidate(c["id"], c["name"]) for c in manifest["candidates"]],
        committee=[inputs.CommitteeMember(m["name"], m["role"]) for m in result["committee"]],
        roll=inputs.RollFigures(roll["summoned"], roll["present"], roll["absent"]),
        base=base,
        ballots=inputs.BallotCount(
            result["ballots"]["issued"], counted.returned, counted.valid, dict(counted.invalid)
        ),
        votes=dict(counted.votes),
        settings=RuleSettings.from_dict(manifest["settings"]),
        closed_at=datetime.fromisoformat(result["closed_at"]["iso"]),
        counted_at=datetime.fromisoformat(result["counted_at"]["iso"]),
        place=result["place"],
        audit_head=result["audit_head"],
        round_fingerprint=result["round_fingerprint"],
    )
    return result_json(minutes)


def _opinion(manifest: Mapping, result: Mapping, counted) -> dict:
    """The opinion ballot's result (rules.md §2): a name is agreed with the frozen threshold."""
    rows = [
        {
            "id": c["id"],
            "name": c["name"],
            "agree": counted.votes[c["id"]],
            "is_agreed": counted.votes[c["id"]] >= manifest["threshold"],
        }
        for c in manifest["candidates"]
    ]
    expected = dict(result)
    expected.update(
        {
            "round": manifest["round"],
            "threshold": manifest["threshold"],
            "candidates": rows,
            "agreed": [row["id"] for row in rows if row["is_agreed"]],
            "ballots": {
                "issued": result["ballots"]["issued"],
                "returned": counted.returned,
                "valid": counted.valid,
                "invalid": dict(counted.invalid),
            },
        }
    )
    expected["election"] = {**result["election"], "title": manifest["election"]["title"]}
    return expected


def _why(error: Exception) -> str:
    codes = getattr(error, "codes", None)
    return ", ".join(codes) if codes else f"{type(error).__name__}: {error}"


def _short(value) -> str:
    text = canonical_json(value).decode() if value is not None else "nothing"
    return text if len(text) <= 160 else text[:157] + "..."
