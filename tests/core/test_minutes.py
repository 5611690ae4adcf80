"""The minutes' figures (biên bản kiểm phiếu, rules.md §4-§6): worked rounds, ties, short results,
the approve layout, alternates, the reconciliation and refused inputs."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import UTC, datetime

import pytest

from votesys.core.minutes import (
    CHECK_CODES,
    BadMinutes,
    BallotCount,
    CommitteeMember,
    Congress,
    Election,
    Notice,
    RollFigures,
    minutes_figures,
)
from votesys.core.rules.base import BaseB, Exclusion
from votesys.core.rules.decide import Candidate
from votesys.core.rules.settings import RuleSettings

WARD_BASE = BaseB(
    value=98,
    summoned=100,
    exclusions=(
        Exclusion("convening_absent", 1, (17,)),
        Exclusion("absent_not_replaced", 1, (42,)),
    ),
)
# The ward's list in ballot order (theo vần A, B, C of the given name) and the votes.
WARD_LIST = (
    ("c01", "Nguyễn Thị Anh", 91),
    ("c02", "Trần Văn Bình", 88),
    ("c03", "Lê Thị Cúc", 49),
    ("c04", "Phạm Văn Dũng", 90),
    ("c05", "Hoàng Văn Đức", 76),
    ("c06", "Vũ Thị Hà", 88),
    ("c07", "Đỗ Văn Hùng", 62),
    ("c08", "Bùi Thị Lan", 50),
    ("c09", "Ngô Văn Minh", 70),
    ("c10", "Đặng Thị Ngọc", 93),
    ("c11", "Lý Văn Phúc", 55),
    ("c12", "Trương Thị Quỳnh", 81),
    ("c13", "Mai Văn Sơn", 30),
)
HEAD = "ab" * 32


def ward(**changes):
    """The inputs of the ward's round; ``changes`` replace any of them."""
    inputs = {
        "congress": Congress("Đại hội đại biểu Đảng bộ phường Bến Nghé", "2025 - 2030"),
        "election": Election("Ban Chấp hành Đảng bộ phường", seats=10),
        "round_number": 1,
        "layout": "strike",
        "candidates": tuple(Candidate(cid, name) for cid, name, _ in WARD_LIST),
        "committee": (
            CommitteeMember("Trần Thị Xuân", "member"),
            CommitteeMember("Lê Văn Bảo", "chair"),
            CommitteeMember("Phạm Thị An", "member"),
        ),
        "roll": RollFigures(summoned=100, present=96, absent=4),
        "base": WARD_BASE,
        "ballots": BallotCount(
            issued=96,
            returned=95,
            valid=93,
            invalid={"deliberately_spoilt": 1, "too_many_kept": 1},
        ),
        "votes": {cid: votes for cid, _, votes in WARD_LIST},
        "settings": RuleSettings(),
        "closed_at": datetime(2025, 5, 21, 3, 40, tzinfo=UTC),
        "counted_at": datetime(2025, 5, 21, 4, 25, tzinfo=UTC),
        "place": "Hội trường Ủy ban nhân dân phường Bến Nghé",
        "audit_head": HEAD,
        "round_fingerprint": "cd" * 32,
    }
    return inputs | changes


def small_round(votes, *, seats, alternates=0, layout="strike", valid=95, base=WARD_BASE):
    """A round of the ward's congress with other candidates, ``votes`` in ballot order."""
    return ward(
        election=Election("Đại biểu dự Đại hội cấp trên", seats=seats, alternates=alternates),
        layout=layout,
        candidates=tuple(Candidate(cid, cid.title()) for cid in votes),
        votes=votes,
        ballots=BallotCount(issued=96, returned=valid, valid=valid, invalid={}),
        base=base,
    )


def test_ward_thirteen_candidates_for_ten_seats_with_base_98():
    """Worked example. Đảng bộ phường, B = 100 summoned − 1 convening-committee member absent −
    1 delegate absent and not replaced = 98; threshold 98 // 2 + 1 = 50.
    Ballots: 96 issued, 95 returned, 93 valid, 2 invalid (1 keeps too many, 1 spoilt on purpose).
    Votes in ballot order: Anh 91, Bình 88, Cúc 49, Dũng 90, Đức 76, Hà 88, Hùng 62, Lan 50,
    Minh 70, Ngọc 93, Phúc 55, Quỳnh 81, Sơn 30; total 923, within 93 ≤ 923 ≤ 930.
    Eligible (≥ 50): eleven; elected, by votes: Ngọc 93, Anh 91, Dũng 90, Bình 88, Hà 88 (equal
    with Bình, after him in ballot order), Quỳnh 81, Đức 76, Minh 70, Hùng 62, Phúc 55. Lan has
    exactly 50 (eligible, no seat left); Cúc has 49 = 50,00% of B, not more than half.
    """
    minutes = minutes_figures(**ward())
    assert minutes.threshold == 50
    assert (minutes.status, minutes.open_seats, minutes.notices) == ("complete", 0, ())
    assert [row.name.split()[-1] for row in minutes.elected] == [
        *("Ngọc", "Anh", "Dũng", "Bình", "Hà", "Quỳnh", "Đức", "Minh", "Hùng", "Phúc"),
    ]
    assert minutes.alternates == minutes.tied == ()
    assert [row.id for row in minutes.rows] == [cid for cid, _, _ in WARD_LIST]
    assert [row.number for row in minutes.rows] == list(range(1, 14))
    assert [row.percent for row in minutes.rows] == [
        *("92,86%", "89,80%", "50,00%", "91,84%", "77,55%", "89,80%", "63,27%"),
        *("51,02%", "71,43%", "94,90%", "56,12%", "82,65%", "30,61%"),
    ]
    lan, cuc, ngoc = minutes.rows[7], minutes.rows[2], minutes.rows[9]
    assert (lan.of_base, lan.is_eligible, lan.outcome) == ("50/98", True, "not_elected")
    assert (cuc.of_base, cuc.is_eligible, cuc.outcome) == ("49/98", False, "not_elected")
    assert (ngoc.votes, ngoc.of_base, ngoc.outcome) == (93, "93/98", "elected")


def test_ward_ballots_roll_base_and_committee_as_printed():
    minutes = minutes_figures(**ward())
    ballots = minutes.ballots
    assert (ballots.issued, ballots.returned, ballots.valid, ballots.invalid) == (96, 95, 93, 2)
    # In the order validity.INVALID_REASONS lists them, whatever the input order.
    assert ballots.invalid_by_reason == (("too_many_kept", 1), ("deliberately_spoilt", 1))
    assert (minutes.base.value, minutes.roll.present, minutes.roll.absent) == (98, 96, 4)
    assert [(m.role, m.name) for m in minutes.committee] == [
        ("chair", "Lê Văn Bảo"),
        ("member", "Phạm Thị An"),
        ("member", "Trần Thị Xuân"),
    ]
    assert [(c.code, c.ok, c.detail) for c in minutes.checks] == [
        ("roll_adds_up", True, "96 + 4 = 100"),
        ("roll_matches_base", True, "100 = 100"),
        ("base_adds_up", True, "100 − 1 − 1 = 98"),
        ("returned_within_issued", True, "95 ≤ 96"),
        ("ballots_add_up", True, "93 + 2 = 95"),
        ("votes_within_valid", True, "93 ≤ 93"),
        ("strike_total_within_bounds", True, "93 ≤ 923 ≤ 930"),
    ]
    assert minutes.settings == (
        ("same_given_name_order", "surname_middle_birth"),
        ("is_all_disagree_valid", "yes"),
        ("tie_rule", "reballot"),
        ("percent_rounding", "half_up"),
        ("alternates_ballot", "same_ballot"),
        ("quorum", "none"),
    )
    assert (minutes.round_number, minutes.layout, minutes.audit_head) == (1, "strike", HEAD)


def test_minutes_are_frozen():
    minutes = minutes_figures(**ward())
    with pytest.raises(FrozenInstanceError):
        minutes.threshold = 1
    with pytest.raises(FrozenInstanceError):
        minutes.rows[0].votes = 98


def test_truncating_setting_changes_the_percentages_and_is_printed():
    minutes = minutes_figures(**ward(settings=RuleSettings(percent_rounding="truncate")))
    assert minutes.rows[0].percent == "92,85%"  # 91/98 = 92,857...%; half up gives 92,86%
    assert minutes.rows[9].percent == "94,89%"  # 93/98 = 94,897...%
    assert ("percent_rounding", "truncate") in minutes.settings


def test_tie_at_the_last_seat_declares_nobody_in_it():
    votes = {"an": 60, "binh": 55, "cuong": 55}
    minutes = minutes_figures(**small_round(votes, seats=2))
    assert [row.id for row in minutes.elected] == ["an"]
    assert [row.id for row in minutes.tied] == ["binh", "cuong"]
    assert [row.outcome for row in minutes.rows] == ["elected", "tied", "tied"]
    assert minutes.notices == (
        Notice("tie_for_seats", 1, ("binh", "cuong")),
        Notice("seats_open", 1, ()),
    )
    assert (minutes.status, minutes.open_seats) == ("tie", 1)


def test_short_result_leaves_the_open_seats_open():
    votes = {"an": 70, "binh": 52, "cuc": 49, "dung": 30}
    minutes = minutes_figures(**small_round(votes, seats=3))
    assert [row.id for row in minutes.elected] == ["an", "binh"]
    assert minutes.rows[2].percent == "50,00%"
    assert minutes.notices == (Notice("seats_open", 1, ()),)
    assert (minutes.status, minutes.open_seats, minutes.tied) == ("short", 1, ())


def secretary(votes, invalid):
    """The secretary (bí thư) elected by the 11 members of the new committee."""
    return ward(
        election=Election("Bí thư Đảng ủy phường", seats=1),
        layout="approve",
        candidates=(Candidate("s1", "Nguyễn Văn Thành"),),
        roll=RollFigures(summoned=11, present=11, absent=0),
        base=BaseB(value=11, summoned=11, exclusions=()),
        ballots=BallotCount(11, 11, 11 - sum(invalid.values()), invalid),
        votes={"s1": votes},
    )


def test_approve_layout_with_one_candidate():
    minutes = minutes_figures(**secretary(10, {"no_mark": 1}))
    assert minutes.threshold == 6
    (row,) = minutes.rows
    assert (row.of_base, row.percent, row.outcome) == ("10/11", "90,91%", "elected")
    assert minutes.ballots.invalid_by_reason == (("no_mark", 1),)
    assert [c.code for c in minutes.checks] == list(CHECK_CODES[:-1])  # no strike bounds
    assert minutes.checks[2].detail == "11 = 11"
    assert minutes.status == "complete"


def test_approve_layout_candidate_without_more_than_half_is_not_elected():
    minutes = minutes_figures(**secretary(5, {"both_marked": 1}))
    assert (minutes.rows[0].percent, minutes.rows[0].outcome) == ("45,45%", "not_elected")
    assert (minutes.status, minutes.notices) == ("short", (Notice("seats_open", 1, ()),))


DELEGATION = {"an": 75, "binh": 60, "cuong": 80, "dung": 75, "giang": 20, "hai": 70}


def test_delegation_fills_official_seats_then_alternates():
    """3 official delegates and 1 alternate; total 380 = 95 valid × 4 places, the upper bound."""
    minutes = minutes_figures(**small_round(DELEGATION, seats=3, alternates=1))
    assert [row.id for row in minutes.elected] == ["cuong", "an", "dung"]
    assert [row.id for row in minutes.alternates] == ["hai"]
    assert [row.outcome for row in minutes.rows] == [
        *("elected", "not_elected", "elected", "elected", "not_elected", "alternate"),
    ]
    assert minutes.rows[1].is_eligible  # binh: 60 ≥ 50, but every place is filled
    assert minutes.checks[-1].detail == "95 ≤ 380 ≤ 380"
    assert (minutes.status, minutes.notices) == ("complete", ())


def test_delegation_tie_for_the_last_alternate_seat():
    votes = DELEGATION | {"binh": 70, "giang": 10}
    minutes = minutes_figures(**small_round(votes, seats=3, alternates=1))
    assert [row.id for row in minutes.elected] == ["cuong", "an", "dung"]
    assert minutes.alternates == ()
    assert minutes.notices == (
        Notice("tie_for_alternates", 1, ("binh", "hai")),
        Notice("alternates_open", 1, ()),
    )
    assert (minutes.status, minutes.open_seats, minutes.open_alternates) == ("tie", 0, 1)


WARD_VOTES = {cid: votes for cid, _, votes in WARD_LIST}
# (what is changed, the one check that fails, its formula)
BROKEN = [
    (
        {"ballots": BallotCount(96, 97, 95, {"too_many_kept": 2})},
        "returned_within_issued",
        "97 > 96",
    ),
    ({"ballots": BallotCount(96, 95, 94, {"too_many_kept": 2})}, "ballots_add_up", "94 + 2 ≠ 95"),
    ({"votes": WARD_VOTES | {"c10": 94}}, "votes_within_valid", "94 > 93"),
    ({"votes": WARD_VOTES | {"c13": 40}}, "strike_total_within_bounds", "93 ≤ 933 > 930"),
    ({"roll": RollFigures(100, 97, 4)}, "roll_adds_up", "97 + 4 ≠ 100"),
    ({"roll": RollFigures(101, 97, 4)}, "roll_matches_base", "101 ≠ 100"),
    ({"base": replace(WARD_BASE, value=97)}, "base_adds_up", "100 − 1 − 1 ≠ 97"),
]


@pytest.mark.parametrize(("changes", "code", "detail"), BROKEN)
def test_reconciliation_failing_refuses_the_minutes_and_shows_every_check(changes, code, detail):
    with pytest.raises(BadMinutes) as caught:
        minutes_figures(**ward(**changes))
    assert caught.value.codes == (code,)
    assert caught.value.params == {"detail": detail}
    checks = caught.value.checks
    assert [c.code for c in checks] == list(CHECK_CODES)
    assert [c.code for c in checks if not c.ok] == [code]


def test_strike_total_below_the_valid_ballots_fails():
    votes = {"an": 40, "binh": 30, "cuong": 20}  # 90 names kept on 95 valid ballots
    with pytest.raises(BadMinutes) as caught:
        minutes_figures(**small_round(votes, seats=2))
    assert caught.value.codes == ("strike_total_within_bounds",)
    assert caught.value.params == {"detail": "95 > 90 ≤ 190"}


def test_refused_inputs_list_every_problem():
    naive = datetime(2025, 5, 21, 10, 40)  # naive: the point of the test
    committee = (CommitteeMember("Lê Văn Bảo", "chair"), CommitteeMember("Phạm Thị An", "chair"))
    with pytest.raises(BadMinutes) as caught:
        minutes_figures(
            **ward(
                round_number=0,
                place=" ",
                committee=committee,
                closed_at=naive,
                ballots=BallotCount(96, 95, 93, {"unreadable": 2}),
                audit_head="AB" * 32,
            )
        )
    assert caught.value.codes == (
        "empty_text",
        "number_too_small",
        "unknown_invalid_reason",
        "committee_needs_one_chair",
        "time_not_aware",
        "bad_audit_head",
    )
    assert caught.value.problems[0].params == {"field": "place"}
    assert caught.value.problems[3].params == {"chairs": 2}
    assert caught.value.checks == ()


def test_counting_before_closing_is_refused():
    with pytest.raises(BadMinutes) as caught:
        minutes_figures(**ward(counted_at=datetime(2025, 5, 21, 3, 39, tzinfo=UTC)))
    assert caught.value.codes == ("counted_before_closed",)


def test_decide_problems_come_through_as_bad_minutes():
    with pytest.raises(BadMinutes) as caught:
        minutes_figures(**ward(layout="approve", votes={"c01": 91}))
    assert set(caught.value.codes) == {"missing_votes", "approve_too_many_candidates"}
    assert len(caught.value.codes) == 13  # twelve candidates without votes, and the layout
