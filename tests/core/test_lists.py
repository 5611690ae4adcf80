"""Lists: ballot order, surplus, layout, the opinion-ballot threshold, the next round (rules.md
§2, §3, §5)."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from votesys.core.rules.decide import Candidate, RoundFacts, decide
from votesys.core.rules.lists import (
    ALTERNATES,
    OFFICIAL,
    ListError,
    Nominee,
    ballot_order,
    layout,
    next_round,
    opinion_threshold,
    percent_text,
    surplus,
)


def n(cid, full, born=None):
    words = full.split()
    return Nominee(cid, words[0], " ".join(words[1:-1]), words[-1], born)


def test_ballot_order_is_by_given_name_then_surname_middle_and_birth_date():
    people = [
        n("1", "Trần Văn Hưng"),
        n("2", "Nguyễn Thị Lan"),
        n("3", "Lê Văn Hùng"),
        n("4", "Nguyễn Văn Lâm"),
        n("5", "Phạm Văn Đức"),
        n("6", "Nguyễn Văn An", date(1970, 1, 1)),
        n("7", "Nguyễn Văn An", date(1965, 5, 5)),
        n("8", "Lê Thị An"),
    ]
    order = [p.id for p in ballot_order(people)]
    # An (Lê before Nguyễn; same full name: earlier birth first), Đức, Hùng < Hưng, Lan < Lâm
    assert order == ["8", "7", "6", "5", "3", "1", "2", "4"]


def test_surplus_figure_and_the_warning_above_30_percent():
    ok = surplus(13, 10)
    assert (ok.count, ok.share, ok.text, ok.is_over_limit) == (3, Fraction(3, 10), "30,00%", False)
    over = surplus(15, 11)
    assert (over.count, over.share, over.text, over.is_over_limit) == (
        4,
        Fraction(4, 11),
        "36,36%",
        True,
    )
    assert surplus(8, 10).count == 0 and surplus(8, 10).text == "0,00%"


def test_percent_text_rounds_half_up_with_a_decimal_comma():
    assert percent_text(Fraction(1, 3)) == "33,33%"
    assert percent_text(Fraction(2, 3)) == "66,67%"
    assert percent_text(Fraction(1, 8)) == "12,50%"
    assert percent_text(Fraction(1, 800)) == "0,13%"  # 0,125 -> 0,13


def test_layout_from_the_list():
    assert layout(11, 10) == "strike"
    assert layout(10, 10) == "approve"
    assert layout(1, 1) == "approve"
    assert layout(8, 10) == "approve"  # fewer names than seats: agree / disagree
    assert layout(8, 7 + 1) == "approve"  # 7 official + 1 alternate on one ballot
    assert layout(9, 7 + 1) == "strike"


@pytest.mark.parametrize("candidates, places", [(0, 5), (5, 0), (-1, 3)])
def test_sizes_must_be_positive(candidates, places):
    with pytest.raises(ListError) as caught:
        layout(candidates, places)
    assert caught.value.code in ("candidates_too_few", "places_too_few")


def test_bad_sizes_list_every_problem():
    with pytest.raises(ListError) as caught:
        surplus(True, "10")
    assert caught.value.codes == ("not_an_integer", "not_an_integer")


@pytest.mark.parametrize(
    "attending, needed", [(100, 31), (10, 4), (11, 4), (9, 3), (1, 1), (97, 30), (98, 30)]
)
def test_opinion_threshold_is_more_than_30_percent_of_attending(attending, needed):
    assert opinion_threshold(attending) == needed
    assert Fraction(needed, attending) > Fraction(3, 10)
    assert Fraction(needed - 1, attending) <= Fraction(3, 10)


def test_opinion_threshold_needs_someone_attending():
    with pytest.raises(ListError) as caught:
        opinion_threshold(0)
    assert caught.value.code == "attending_not_positive"


def facts(votes, seats=2, alternates=0, base=100, layout_="strike"):
    candidates = tuple(Candidate(cid, cid) for cid in votes)
    return RoundFacts(layout_, seats, alternates, base, candidates, 100, 100, 0, votes)


def test_next_round_after_a_tie_takes_the_tied_for_the_open_seats():
    decision = decide(facts({"a": 80, "b": 55, "c": 55, "d": 10}, seats=2))
    assert decision.status == "tie"
    plan = next_round(decision, ["a", "b", "c", "d"])
    assert (plan.reason, plan.seats, plan.alternates, plan.fills) == ("tie", 1, 0, OFFICIAL)
    assert plan.carried == ("b", "c")
    assert plan.alternates_left_open == 0


def test_a_tie_for_the_officials_leaves_the_alternates_open():
    decision = decide(facts({"a": 80, "b": 60, "c": 60, "d": 55}, seats=2, alternates=1))
    plan = next_round(decision, ["a", "b", "c", "d"])
    assert (plan.seats, plan.alternates, plan.alternates_left_open) == (1, 0, 1)
    assert plan.carried == ("b", "c")


def test_a_tie_at_the_alternate_cut_off_is_a_round_for_alternates():
    decision = decide(facts({"a": 80, "b": 70, "c": 60, "d": 60}, seats=2, alternates=1))
    assert (decision.elected, decision.tied) == (("a", "b"), ("c", "d"))
    plan = next_round(decision, ["a", "b", "c", "d"])
    assert (plan.seats, plan.alternates, plan.fills) == (1, 0, ALTERNATES)
    assert plan.carried == ("c", "d")


def test_too_few_eligible_carries_everyone_not_elected_for_every_open_place():
    decision = decide(facts({"d": 20, "a": 80, "c": 30, "b": 40}, seats=2, alternates=1))
    assert decision.status == "short"
    plan = next_round(decision, ["d", "a", "c", "b"])
    assert (plan.reason, plan.seats, plan.alternates, plan.fills) == ("short", 1, 1, OFFICIAL)
    assert plan.carried == ("d", "c", "b")  # the decided round's ballot order


def test_only_alternates_open_gives_a_round_for_alternates():
    decision = decide(facts({"a": 80, "b": 70, "c": 30}, seats=2, alternates=1, layout_="approve"))
    assert (decision.elected, decision.open_alternates) == (("a", "b"), 1)
    plan = next_round(decision, ["a", "b", "c"])
    assert (plan.seats, plan.alternates, plan.fills, plan.carried) == (1, 0, ALTERNATES, ("c",))


def test_a_complete_decision_has_no_next_round():
    decision = decide(facts({"a": 80, "b": 70, "c": 10}))
    with pytest.raises(ListError) as caught:
        next_round(decision, ["a", "b", "c"])
    assert caught.value.code == "nothing_open"


def test_a_decision_about_other_names_is_refused():
    decision = decide(facts({"a": 80, "b": 60, "c": 60}, seats=2))
    with pytest.raises(ListError) as caught:
        next_round(decision, ["a", "b"])
    assert (caught.value.code, caught.value.params) == ("unknown_candidate", {"ids": ["c"]})
    with pytest.raises(ListError) as caught:
        next_round(decision, ["a", "b", "c", "d"])
    assert (caught.value.code, caught.value.params) == ("missing_candidate", {"ids": ["d"]})
    with pytest.raises(ListError) as caught:
        next_round(decision, ["a", "b", "c"], fills="both")
    assert caught.value.code == "unknown_fills"
