"""Valid and invalid ballots (rules.md §4) and counting a pile of them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from votesys.core.rules.settings import RuleSettings
from votesys.core.rules.validity import (
    AGREE,
    BOTH,
    DISAGREE,
    INVALID_REASONS,
    SPOILT,
    BadMarks,
    Verdict,
    check_approve,
    check_ballot,
    check_strike,
    tally_marks,
)

STRICT = RuleSettings(is_all_disagree_valid=False)
T, F = True, False

# --- strike layout ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kept", "seats", "alternates", "verdict"),
    [
        ([T, F, T], 2, 0, Verdict(True, None, (T, F, T))),
        ([T, F, F], 2, 0, Verdict(True, None, (T, F, F))),  # fewer names than seats: valid
        ([T, T, T], 2, 0, Verdict(False, "too_many_kept", (F, F, F))),  # no strike at all
        ([F, F, F], 2, 0, Verdict(False, "all_struck", (F, F, F))),
        ([T, T, T, F], 2, 1, Verdict(True, None, (T, T, T, F))),  # alternates on the same ballot
        ([T, T, T, T], 2, 1, Verdict(False, "too_many_kept", (F, F, F, F))),
    ],
)
def test_strike(kept, seats, alternates, verdict):
    assert check_strike(kept, seats, alternates) == verdict


@given(st.lists(st.booleans(), min_size=1, max_size=12), st.integers(1, 5), st.integers(0, 3))
def test_strike_is_valid_exactly_between_one_and_the_places(kept, seats, alternates):
    verdict = check_strike(kept, seats, alternates)
    assert verdict.is_valid == (1 <= sum(kept) <= seats + alternates)
    assert sum(verdict.votes) == (sum(kept) if verdict.is_valid else 0)


@pytest.mark.parametrize(
    ("kept", "seats", "code"),
    [
        ([T, 1, F], 2, "mark_not_allowed"),
        ([T, None], 1, "mark_not_allowed"),
        ("TF", 1, "marks_not_a_sequence"),
        ([T, F], 0, "bad_places"),
    ],
)
def test_strike_marks_that_are_no_ballot(kept, seats, code):
    with pytest.raises(BadMarks) as caught:
        check_strike(kept, seats)
    assert caught.value.code == code


def test_every_bad_strike_mark_is_listed():
    with pytest.raises(BadMarks) as caught:
        check_strike([1, T, "x"], 0)
    assert caught.value.codes == ("mark_not_allowed", "mark_not_allowed", "bad_places")
    assert [p.params.get("row") for p in caught.value.problems] == [0, 2, None]


# --- approve layout -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "verdict"),
    [
        ([AGREE], Verdict(True, None, (T,))),
        ([DISAGREE], Verdict(True, None, (F,))),  # one candidate: disagree is a clear vote
        ([None], Verdict(False, "no_mark", (F,))),
        ([BOTH], Verdict(False, "both_marked", (F,))),
        ([AGREE, DISAGREE, AGREE], Verdict(True, None, (T, F, T))),
        ([AGREE, None, BOTH], Verdict(True, None, (T, F, F))),  # rows not counted, ballot valid
        ([None, None], Verdict(True, None, (F, F))),
        ([BOTH, BOTH], Verdict(True, None, (F, F))),
        ([DISAGREE, DISAGREE], Verdict(True, None, (F, F))),  # GAP default: valid
    ],
)
def test_approve(rows, verdict):
    assert check_approve(rows) == verdict


def test_all_rows_disagree_is_invalid_when_the_congress_says_so():
    assert check_approve([DISAGREE, DISAGREE], STRICT) == Verdict(False, "all_disagree", (F, F))
    assert check_approve([DISAGREE, None], STRICT).is_valid  # not every row says disagree
    assert check_approve([DISAGREE], STRICT).is_valid  # one row is the one-candidate rule


@pytest.mark.parametrize(
    ("rows", "code"),
    [([], "no_rows"), (["yes"], "mark_not_allowed"), ([AGREE, 1], "mark_not_allowed")],
)
def test_approve_marks_that_are_no_ballot(rows, code):
    with pytest.raises(BadMarks) as caught:
        check_approve(rows)
    assert caught.value.code == code


def test_approve_marks_given_as_text_are_refused():
    with pytest.raises(BadMarks) as caught:
        check_approve("agree")
    assert caught.value.code == "marks_not_a_sequence"


# --- one ballot, and a pile of them -------------------------------------------------------------


@pytest.mark.parametrize("layout", ["strike", "approve"])
def test_a_ballot_spoilt_on_purpose_is_invalid_in_both_layouts(layout):
    assert check_ballot(layout, SPOILT, 1) == Verdict(False, "deliberately_spoilt", ())


def test_check_ballot_dispatches_on_the_layout():
    assert check_ballot("strike", [T, T], 1).reason == "too_many_kept"
    assert check_ballot("approve", [AGREE, AGREE], 1).is_valid
    assert check_ballot("approve", [DISAGREE] * 2, 2, settings=STRICT).reason == "all_disagree"
    assert check_ballot("strike", [T, T, F], 1, alternates=1).is_valid


def test_check_ballot_refuses_an_unknown_layout():
    with pytest.raises(BadMarks) as caught:
        check_ballot("cross", [T], 1)
    assert caught.value.problems[0].params == {"layout": "cross"}


def test_tally_strike_ballots():
    ballots = [[T, F, T], [T, T, F], [T, T, T], [F, F, F], SPOILT, [F, F, T]]
    tally = tally_marks("strike", ballots, ["a", "b", "c"], seats=2)
    assert (tally.returned, tally.valid, tally.invalid_total) == (6, 3, 3)
    assert tally.invalid == {"too_many_kept": 1, "all_struck": 1, "deliberately_spoilt": 1}
    assert list(tally.invalid) == [r for r in INVALID_REASONS if r in tally.invalid]
    assert tally.votes == {"a": 2, "b": 1, "c": 2}


def test_tally_approve_ballots():
    ballots = [[AGREE, AGREE], [AGREE, BOTH], [None, DISAGREE], [DISAGREE, DISAGREE], SPOILT]
    tally = tally_marks("approve", ballots, ["a", "b"], seats=2)
    assert (tally.returned, tally.valid, tally.invalid) == (5, 4, {"deliberately_spoilt": 1})
    assert tally.votes == {"a": 2, "b": 1}
    strict = tally_marks("approve", ballots, ["a", "b"], seats=2, settings=STRICT)
    assert strict.invalid == {"all_disagree": 1, "deliberately_spoilt": 1}


def test_tally_approve_one_candidate():
    ballots = [[AGREE], [DISAGREE], [None], [BOTH], [AGREE]]
    tally = tally_marks("approve", ballots, ["a"], seats=1)
    assert (tally.valid, tally.invalid) == (3, {"no_mark": 1, "both_marked": 1})
    assert tally.votes == {"a": 2}


def test_tally_of_no_ballots():
    tally = tally_marks("strike", [], ["a", "b"], seats=1)
    assert (tally.returned, tally.valid, tally.invalid, tally.votes) == (0, 0, {}, {"a": 0, "b": 0})


def test_tally_refuses_a_ballot_of_another_length():
    with pytest.raises(BadMarks) as caught:
        tally_marks("strike", [[T, F], [T]], ["a", "b"], seats=1)
    assert caught.value.code == "wrong_row_count"
    assert caught.value.params == {"ballot": 1, "rows": 1, "expected": 2}


@given(
    st.lists(st.one_of(st.just(SPOILT), st.lists(st.booleans(), min_size=4, max_size=4))),
    st.integers(1, 3),
)
def test_tally_adds_up(ballots, seats):
    tally = tally_marks("strike", ballots, ["a", "b", "c", "d"], seats)
    assert tally.valid + tally.invalid_total == tally.returned == len(ballots)
    assert all(0 <= n <= tally.valid for n in tally.votes.values())
    assert tally.valid <= sum(tally.votes.values()) <= tally.valid * seats
    assert all(n > 0 for n in tally.invalid.values())
