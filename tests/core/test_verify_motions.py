"""The verifier recounts the motions by show of hands from the audit log (core.verify.motions)."""

from __future__ import annotations

from votesys.core.rules.motions import decide_motion
from votesys.core.verify.audit import Log
from votesys.core.verify.motions import check_motions
from votesys.core.verify.report import Report

VOTERS = [1, 2, 3, 4, 5]


def entry(seq: int, kind: str, **data) -> dict:
    return {"type": "entry", "seq": seq, "kind": kind, "data": data}


def named_log(hands, counts=None, is_named=True) -> list[dict]:
    lines = [entry(1, "motions.opened", motion=7, title="Chương trình", is_named=is_named,
                   base=6, threshold=4, voters=VOTERS)]  # fmt: skip
    seq = 1
    for delegate, hand in hands:
        seq += 1
        if is_named:
            lines.append(
                entry(seq, "motions.hand_recorded", motion=7, delegate=delegate, hand=hand)
            )
        else:
            lines.append(entry(seq, "motions.voted", motion=7, delegate=delegate, changed=False))
    last = {d: h for d, h in hands}
    if counts is None:
        counts = {c: list(last.values()).count(c) for c in ("agree", "disagree", "abstain")}
    result = decide_motion(6, len(VOTERS), counts).to_dict() | {"rounding": "half_up"}
    lines.append(entry(seq + 1, "motions.closed", motion=7, title="Chương trình", result=result))
    return lines


def check(lines) -> Report:
    report = Report()
    assert check_motions(Log(lines), report) == 1
    return report


HANDS = [(1, "agree"), (2, "agree"), (3, "disagree"), (1, "abstain"), (4, "agree"), (5, "agree")]


def test_an_honest_named_motion_verifies():
    report = check(named_log(HANDS))
    assert report.ok, report.lines()


def test_a_changed_vote_counts_once_as_its_last_choice():
    lines = named_log(HANDS)
    assert lines[-1]["data"]["result"]["counts"] == {"agree": 3, "disagree": 1, "abstain": 1}
    assert lines[-1]["data"]["result"]["is_passed"] is False  # 3 of B = 6: not more than half


def test_a_result_that_does_not_match_the_hands_is_named():
    lines = named_log(HANDS, counts={"agree": 4, "disagree": 1, "abstain": 0})
    assert [f.code for f in check(lines).failures] == ["motion_recount"]


def test_a_result_passed_against_the_rule_is_named():
    lines = named_log(HANDS)
    lines[-1]["data"]["result"]["is_passed"] = True
    assert [f.code for f in check(lines).failures] == ["motion_result_wrong"]


def test_a_result_against_another_base_is_named():
    lines = named_log(HANDS)
    lines[0]["data"]["base"] = 10
    assert "motion_base_changed" in [f.code for f in check(lines).failures]


def test_a_hand_after_closing_and_a_stranger_are_named():
    lines = named_log(HANDS)
    lines.append(entry(99, "motions.hand_recorded", motion=7, delegate=3, hand="agree"))
    lines.insert(1, entry(1, "motions.hand_recorded", motion=7, delegate=3, hand="agree"))
    lines[1]["seq"] = 0  # before it opened
    stranger = named_log([*HANDS, (42, "agree")], counts={"agree": 3, "disagree": 1, "abstain": 1})
    assert "motion_hand_outside" in [f.code for f in check(lines).failures]
    assert "motion_not_a_voter" in [f.code for f in check(stranger).failures]


def test_an_anonymous_motion_is_checked_against_who_voted():
    lines = named_log(HANDS, counts={"agree": 3, "disagree": 1, "abstain": 1}, is_named=False)
    assert check(lines).ok
    wrong = named_log(HANDS, counts={"agree": 2, "disagree": 1, "abstain": 1}, is_named=False)
    assert [f.code for f in check(wrong).failures] == ["motion_recount"]


def test_a_closed_motion_never_opened_is_named():
    lines = named_log(HANDS)[1:]
    report = Report()
    assert check_motions(Log(lines), report) == 0
    assert [f.code for f in report.failures] == ["audit_missing"]


def test_malformed_entries_are_a_failure_not_a_crash():
    lines = named_log(HANDS)
    lines[-1]["data"]["result"] = {"counts": "many"}
    assert check(lines).failures
