"""The motions by show of hands in the record's audit log (biểu quyết), pure: every closed
motion's result recomputed by the rules (more than half of B: core.rules.motions) from the
figures the log froze when it opened; a named motion recounted from its recorded hands (each
voter's last choice before closing, only voters frozen at opening); an anonymous one's total
checked against the delegates the log says voted. A vote after closing is a failure too.
"""

from __future__ import annotations

from collections.abc import Mapping

from votesys.core.rules.decide import BadFacts
from votesys.core.rules.motions import decide_motion
from votesys.core.verify.report import Report

HANDS, VOTED = "motions.hand_recorded", "motions.voted"


def check_motions(log, report: Report) -> int:
    """Check every motion the log closed; how many were checked."""
    checked = 0
    for closed in log.of("motions.closed"):
        data = closed.get("data") if isinstance(closed.get("data"), Mapping) else {}
        motion = data.get("motion")
        where = f"motion {motion} ({data.get('title', '')})"
        opened = log.of("motions.opened", motion=motion)
        if not opened:
            report.fail("audit_missing", where, "motions.opened", "the log never opened it")
            continue
        checked += 1
        try:
            _check(log, opened[-1], closed, report, where)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            detail = f"its entries are malformed ({type(error).__name__})"
            report.fail("audit_malformed", where, "", detail)
    return checked


def _check(log, opened: Mapping, closed: Mapping, report: Report, where: str) -> None:
    start, end = opened.get("seq", 0), closed.get("seq", 0)
    frozen, result = opened.get("data") or {}, (closed.get("data") or {}).get("result") or {}
    voters = frozen.get("voters") or []
    if result.get("base") != frozen.get("base") or result.get("voters") != len(voters):
        detail = "the result is not counted against the B and voters frozen when it opened"
        report.fail("motion_base_changed", where, "", detail)
    try:
        again = decide_motion(
            frozen.get("base"), len(voters), result.get("counts") or {}, result.get("rounding")
        )
    except (BadFacts, TypeError):
        report.fail("motion_result_impossible", where, "", "its figures cannot be")
        return
    stated = {k: result.get(k) for k in ("threshold", "is_passed", "percent", "not_voted")}
    recomputed = {k: again.to_dict()[k] for k in stated}
    if stated != recomputed:
        report.fail("motion_result_wrong", where, "", f"the rules give {recomputed}, not {stated}")
    motion = frozen.get("motion")
    if frozen.get("is_named"):
        last: dict = {}
        for entry in log.of(HANDS, motion=motion):
            if not start < entry.get("seq", 0) < end:
                report.fail(
                    "motion_hand_outside",
                    where,
                    f"entry {entry.get('seq')}",
                    "a hand recorded while the motion was not open",
                )
                continue
            last[entry["data"].get("delegate")] = entry["data"].get("hand")
        strangers = sorted(set(last) - set(voters), key=str)
        if strangers:
            report.fail(
                "motion_not_a_voter",
                where,
                f"delegates {strangers}",
                "hands recorded for delegates who were not voters",
            )
        recounted = {c: list(last.values()).count(c) for c in ("agree", "disagree", "abstain")}
        if recounted != result.get("counts"):
            report.fail(
                "motion_recount",
                where,
                "",
                f"the recorded hands give {recounted}, the result says {result.get('counts')}",
            )
    else:
        voted = {
            e["data"].get("delegate")
            for e in log.of(VOTED, motion=motion)
            if start < e.get("seq", 0) < end
        }
        if len(voted) != sum((result.get("counts") or {}).values()):
            report.fail(
                "motion_recount",
                where,
                "",
                f"{len(voted)} delegates voted, the result counts "
                f"{sum((result.get('counts') or {}).values())} choices",
            )
