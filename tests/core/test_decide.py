"""Who is elected (rules.md §5): worked cases, every branch, every bad fact, and invariants."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from votesys.core.rules.decide import (
    PROBLEM_CODES,
    BadFacts,
    Candidate,
    RoundFacts,
    decide,
    find_problems,
    percent_of_base,
)
from votesys.core.rules.settings import BadSettings, RuleSettings
from votesys.core.rules.validity import LAYOUTS


def make(votes, *, seats, base, alternates=0, layout="strike", returned=None, invalid=0):
    """Facts with candidates in the order ``votes`` lists them; by default just enough ballots."""
    if returned is None:
        places = seats + alternates
        returned = max(*votes.values(), -(-sum(votes.values()) // places), 0) + invalid
    candidates = tuple(Candidate(cid, cid.upper()) for cid in votes)
    return RoundFacts(
        layout, seats, alternates, base, candidates, returned, returned, invalid, votes
    )


# --- worked cases -------------------------------------------------------------------------------

THIRTEEN = dict(
    zip(
        [f"c{i:02d}" for i in range(1, 14)],
        [100, 60, 95, 53, 52, 70, 88, 90, 61, 75, 40, 80, 66],
        strict=True,
    )
)


def test_thirteen_candidates_for_ten_seats_with_base_105():
    decision = decide(make(THIRTEEN, seats=10, base=105, returned=104, invalid=1))
    assert (decision.valid, decision.threshold) == (103, 53)
    assert decision.elected == (
        *("c01", "c03", "c08", "c07", "c12", "c10", "c06", "c13", "c09", "c02"),
    )
    assert "c04" not in decision.elected  # eligible with 53, but the ten seats are full
    assert (decision.status, decision.open_seats, decision.tied) == ("complete", 0, ())
    assert decision.percent["c01"] == "95,24"
    assert list(decision.percent) == list(THIRTEEN)


def test_threshold_is_more_than_half_of_base_not_of_valid_ballots():
    decision = decide(make({"a": 53, "b": 52, "c": 10}, seats=2, base=105, returned=60))
    assert decision.threshold == 53
    assert decision.elected == ("a",)
    assert (decision.status, decision.open_seats) == ("short", 1)


def test_even_base_needs_half_plus_one():
    decision = decide(make({"a": 50, "b": 51, "c": 10}, seats=2, base=100))
    assert decision.threshold == 51
    assert decision.elected == ("b",)


def test_tie_at_the_last_seat_declares_nobody_in_it_nor_any_alternate():
    votes = {"a": 90, "b": 80, "c": 70, "d": 70, "e": 60, "f": 1}
    decision = decide(make(votes, seats=3, alternates=2, base=100))
    assert decision.elected == ("a", "b")
    assert decision.tied == ("c", "d")
    assert decision.alternates == ()
    assert (decision.open_seats, decision.open_alternates, decision.status) == (1, 2, "tie")


def test_tie_at_the_last_alternate():
    votes = {"a": 90, "b": 85, "c": 70, "d": 60, "e": 60, "f": 55}
    decision = decide(make(votes, seats=2, alternates=2, base=100))
    assert (decision.elected, decision.alternates) == (("a", "b"), ("c",))
    assert decision.tied == ("d", "e")
    assert "f" not in decision.elected + decision.alternates
    assert (decision.open_seats, decision.open_alternates, decision.status) == (0, 1, "tie")


def test_tie_on_the_only_seat():
    decision = decide(make({"a": 60, "b": 60, "c": 10}, seats=1, base=100))
    assert (decision.elected, decision.tied, decision.open_seats) == ((), ("a", "b"), 1)


def test_equal_votes_that_fit_are_all_elected_in_ballot_order():
    decision = decide(make({"b": 80, "a": 90, "c": 80, "d": 10}, seats=3, base=100))
    assert decision.elected == ("a", "b", "c")
    assert decision.status == "complete"


def test_equal_votes_follow_ballot_order_not_the_id():
    decision = decide(make({"z": 80, "y": 80, "x": 10}, seats=2, base=100))
    assert decision.elected == ("z", "y")


def test_equal_votes_below_the_threshold_are_not_a_tie():
    decision = decide(make({"a": 90, "b": 40, "c": 40}, seats=2, base=100))
    assert (decision.elected, decision.tied) == (("a",), ())
    assert (decision.status, decision.open_seats) == ("short", 1)


def test_eligible_beyond_seats_and_alternates_are_not_elected():
    decision = decide(make({"a": 90, "b": 80, "c": 70, "d": 60}, seats=2, base=100))
    assert (decision.elected, decision.alternates, decision.status) == (("a", "b"), (), "complete")


def test_alternates_fill_after_official_seats_including_an_equal_group_that_fits():
    votes = {"a": 90, "b": 70, "c": 70, "d": 60, "e": 1}
    decision = decide(make(votes, seats=1, alternates=2, base=100))
    assert (decision.elected, decision.alternates, decision.status) == (
        ("a",),
        ("b", "c"),
        "complete",
    )


def test_short_of_alternates():
    decision = decide(
        make({"a": 90, "b": 80, "c": 60, "d": 1, "e": 0}, seats=2, alternates=2, base=100)
    )
    assert decision.alternates == ("c",)
    assert (decision.open_alternates, decision.status) == (1, "short")


def test_nobody_eligible():
    decision = decide(make({"a": 5, "b": 4, "c": 3}, seats=2, base=100, returned=6))
    assert (decision.elected, decision.open_seats, decision.status) == ((), 2, "short")


def test_approve_layout_with_one_candidate():
    facts = replace(make({"a": 26}, seats=1, base=50, layout="approve", returned=48, invalid=2))
    assert decide(facts).elected == ("a",)
    assert decide(replace(facts, votes={"a": 25})).status == "short"


def test_approve_layout_may_have_fewer_candidates_than_places():
    facts = make({"a": 30, "b": 20}, seats=2, alternates=1, base=40, layout="approve")
    decision = decide(facts)
    assert (decision.elected, decision.open_seats, decision.open_alternates) == (("a",), 1, 1)


def test_percent_rounding_is_a_setting():
    facts = make({"a": 2, "b": 1, "c": 0}, seats=1, base=3, returned=3)
    assert decide(facts).percent == {"a": "66,67", "b": "33,33", "c": "0,00"}
    truncated = decide(facts, RuleSettings(percent_rounding="truncate")).percent
    assert truncated == {"a": "66,66", "b": "33,33", "c": "0,00"}


@pytest.mark.parametrize(
    ("votes", "base", "half_up", "truncate"),
    [
        (100, 105, "95,24", "95,23"),
        (2, 3, "66,67", "66,66"),
        (1, 160, "0,63", "0,62"),  # 0.625 exactly: the half goes up
        (1, 8, "12,50", "12,50"),
        (7, 7, "100,00", "100,00"),
        (0, 9, "0,00", "0,00"),
    ],
)
def test_percent_of_base(votes, base, half_up, truncate):
    assert percent_of_base(votes, base) == half_up
    assert percent_of_base(votes, base, "truncate") == truncate


def test_percent_with_an_unknown_rounding_is_refused():
    with pytest.raises(BadSettings) as caught:
        percent_of_base(1, 3, "banker")
    assert caught.value.params == {"name": "percent_rounding", "value": "banker"}


@pytest.mark.parametrize("base", [0, -3, True])
def test_percent_of_a_base_that_is_not_positive_is_refused(base):
    with pytest.raises(BadFacts) as caught:
        percent_of_base(1, base)
    assert caught.value.code == "base_not_positive"


# --- bad facts ----------------------------------------------------------------------------------

GOOD = make({"a": 6, "b": 5, "c": 3}, seats=2, base=10, returned=9, invalid=1)
VOTES, LISTED = GOOD.votes, GOOD.candidates


def test_good_facts_have_no_problems():
    assert find_problems(GOOD) == []
    assert decide(GOOD).elected == ("a",)


@pytest.mark.parametrize(
    ("changes", "code", "params"),
    [
        ({"layout": "list"}, "unknown_layout", {"layout": "list"}),
        ({"seats": 0}, "seats_too_few", {"seats": 0}),
        ({"seats": True}, "not_an_integer", {"field": "seats"}),
        ({"base": 0}, "base_not_positive", {"base": 0}),
        ({"base": -1}, "base_not_positive", {"base": -1}),
        ({"base": 10.0}, "not_an_integer", {"field": "base"}),
        ({"alternates": -1}, "negative_number", {"field": "alternates", "value": -1}),
        ({"issued": -1}, "negative_number", {"field": "issued", "value": -1}),
        (
            {"returned": 11, "issued": 10},
            "returned_more_than_issued",
            {"returned": 11, "issued": 10},
        ),
        ({"invalid": 10}, "invalid_more_than_returned", {"invalid": 10, "returned": 9}),
        ({"invalid": "1"}, "not_an_integer", {"field": "invalid"}),
        ({"candidates": ()}, "no_candidates", {}),
        ({"candidates": (*LISTED, Candidate("", "X"))}, "bad_candidate", {"index": 3}),
        ({"candidates": (*LISTED, "d")}, "bad_candidate", {"index": 3}),
        (
            {"candidates": (*LISTED, Candidate("a", "A2"))},
            "duplicate_candidate",
            {"id": "a"},
        ),
        ({"votes": {"a": 6, "b": 5}}, "missing_votes", {"id": "c"}),
        ({"votes": {**VOTES, "z": 1}}, "unknown_candidate_in_votes", {"id": "z"}),
        ({"votes": {**VOTES, "a": -1}}, "negative_number", {"field": "votes.a", "value": -1}),
        (
            {"votes": {**VOTES, "a": 9}},
            "more_votes_than_valid",
            {"id": "a", "votes": 9, "valid": 8},
        ),
        ({"votes": {**VOTES, "a": "6"}}, "not_an_integer", {"field": "votes.a"}),
        ({"votes": {**VOTES, "a": True}}, "not_an_integer", {"field": "votes.a"}),
        ({"seats": 3}, "strike_without_surplus", {"candidates": 3, "places": 3}),
        ({"seats": 2, "alternates": 1}, "strike_without_surplus", {"candidates": 3, "places": 3}),
        ({"layout": "approve"}, "approve_too_many_candidates", {"candidates": 3, "places": 2}),
        (
            {"votes": {"a": 8, "b": 8, "c": 8}},
            "strike_votes_above_places",
            {"total": 24, "valid": 8, "places": 2},
        ),
        (
            {"votes": {"a": 1, "b": 1, "c": 1}},
            "strike_votes_below_valid",
            {"total": 3, "valid": 8, "places": 2},
        ),
    ],
)
def test_each_bad_fact_is_named_with_its_parameters(changes, code, params):
    with pytest.raises(BadFacts) as caught:
        decide(replace(GOOD, **changes))
    found = {(p.code, tuple(sorted(p.params.items()))) for p in caught.value.problems}
    assert (code, tuple(sorted(params.items()))) in found
    assert set(caught.value.codes) <= set(PROBLEM_CODES)


def test_alternates_on_a_separate_ballot_are_refused_in_the_officials_round():
    settings = RuleSettings(alternates_ballot="separate_ballot")
    facts = replace(GOOD, alternates=1, candidates=(*LISTED, Candidate("d", "D")))
    facts = replace(facts, votes={**VOTES, "d": 0})
    assert find_problems(facts) == []
    with pytest.raises(BadFacts) as caught:
        decide(facts, settings)
    assert caught.value.codes == ("alternates_on_separate_ballot",)


def test_every_problem_is_listed_not_just_the_first():
    facts = replace(
        GOOD,
        seats=0,
        base=0,
        returned=11,
        issued=10,
        candidates=(*LISTED, Candidate("a", "A2")),
        votes={"a": 6, "b": 5, "z": 1},
    )
    with pytest.raises(BadFacts) as caught:
        decide(facts)
    assert {
        "seats_too_few",
        "base_not_positive",
        "returned_more_than_issued",
        "duplicate_candidate",
        "unknown_candidate_in_votes",
        "missing_votes",
    } <= set(caught.value.codes)
    assert caught.value.code == caught.value.problems[0].code


def test_votes_against_broken_ballot_counts_are_not_compared():
    with pytest.raises(BadFacts) as caught:
        decide(replace(GOOD, invalid=10, votes={**VOTES, "a": 9}))
    assert "more_votes_than_valid" not in caught.value.codes


# --- properties ---------------------------------------------------------------------------------


@st.composite
def rounds(draw):
    """Consistent facts made from real ballots: few ballots, so equal votes are frequent."""
    layout = draw(st.sampled_from(LAYOUTS))
    seats, alternates = draw(st.integers(1, 4)), draw(st.integers(0, 3))
    places = seats + alternates
    size = draw(
        st.integers(places + 1, places + 4) if layout == "strike" else st.integers(1, places)
    )
    kept = st.sets(st.integers(0, size - 1), min_size=int(layout == "strike"), max_size=places)
    ballots = draw(st.lists(kept if layout == "strike" else st.sets(st.integers(0, size - 1))))
    invalid = draw(st.integers(0, 3))
    returned = len(ballots) + invalid
    ids = draw(st.permutations([f"c{i}" for i in range(size)]))
    votes = {cid: sum(i in ballot for ballot in ballots) for i, cid in enumerate(ids)}
    candidates = tuple(Candidate(cid, cid) for cid in ids)
    issued = returned + draw(st.integers(0, 2))
    base = draw(st.integers(1, returned + 3))
    return RoundFacts(layout, seats, alternates, base, candidates, issued, returned, invalid, votes)


def _chosen(decision):
    return decision.elected + decision.alternates


@given(rounds())
def test_elected_are_eligible_and_seats_are_not_exceeded(facts):
    decision = decide(facts)
    assert all(facts.votes[cid] >= decision.threshold for cid in _chosen(decision))
    assert len(decision.elected) <= facts.seats
    assert len(decision.alternates) <= facts.alternates
    assert len(set(_chosen(decision))) == len(_chosen(decision))
    assert not set(decision.tied) & set(_chosen(decision))


@given(rounds())
def test_nobody_passed_over_has_more_votes_than_someone_chosen(facts):
    decision = decide(facts)
    votes = facts.votes
    passed_over = [
        c.id
        for c in facts.candidates
        if votes[c.id] >= decision.threshold and c.id not in _chosen(decision) + decision.tied
    ]
    for cid in _chosen(decision):
        assert all(votes[cid] >= votes[other] for other in passed_over + list(decision.tied))
    for official in decision.elected:
        assert all(votes[official] > votes[alternate] for alternate in decision.alternates)


@given(rounds())
def test_announcement_order_is_votes_then_ballot_order(facts):
    decision = decide(facts)
    position = {c.id: i for i, c in enumerate(facts.candidates)}
    for announced in (decision.elected, decision.alternates):
        keys = [(-facts.votes[cid], position[cid]) for cid in announced]
        assert keys == sorted(keys)
    assert [position[cid] for cid in decision.tied] == sorted(position[c] for c in decision.tied)


@given(rounds())
def test_a_tie_is_an_eligible_group_too_large_for_the_seats_left(facts):
    decision = decide(facts)
    if not decision.tied:
        return
    assert len({facts.votes[cid] for cid in decision.tied}) == 1
    assert facts.votes[decision.tied[0]] >= decision.threshold
    left = decision.open_seats or decision.open_alternates
    assert len(decision.tied) > left > 0
    if decision.open_seats:
        assert decision.alternates == ()


@given(rounds())
def test_status_and_open_seats_agree(facts):
    decision = decide(facts)
    assert decision.open_seats == facts.seats - len(decision.elected)
    assert decision.open_alternates == facts.alternates - len(decision.alternates)
    if decision.tied:
        assert decision.status == "tie"
    elif decision.open_seats or decision.open_alternates:
        assert decision.status == "short"
    else:
        assert decision.status == "complete"
    assert decision.valid == facts.returned - facts.invalid


@given(rounds())
def test_percent_is_votes_of_base_to_the_hundredth(facts):
    decision = decide(facts)
    for cid, shown in decision.percent.items():
        exact = Fraction(facts.votes[cid] * 10_000, facts.base)
        hundredths = int(shown.replace(",", ""))
        assert abs(hundredths - exact) <= Fraction(1, 2)


@given(rounds())
def test_the_order_of_the_votes_mapping_does_not_matter(facts):
    reordered = replace(facts, votes=dict(reversed(list(facts.votes.items()))))
    assert decide(reordered) == decide(facts)


@given(rounds(), st.randoms(use_true_random=False))
def test_ballot_order_only_orders_equal_votes(facts, random):
    shuffled = list(facts.candidates)
    random.shuffle(shuffled)
    before, after = decide(facts), decide(replace(facts, candidates=tuple(shuffled)))
    for field in ("elected", "alternates", "tied"):
        assert set(getattr(before, field)) == set(getattr(after, field))
        assert [facts.votes[c] for c in getattr(before, field)] == [
            facts.votes[c] for c in getattr(after, field)
        ]
    assert (before.status, before.open_seats, before.percent) == (
        after.status,
        after.open_seats,
        after.percent,
    )


@given(rounds(), st.data())
def test_more_votes_never_unelect_an_official(facts, data):
    decision = decide(facts)
    assume(decision.elected)
    cid = data.draw(st.sampled_from(decision.elected))
    extra = data.draw(st.integers(1, 3))  # new valid ballots that keep (or agree to) only cid
    votes = {**facts.votes, cid: facts.votes[cid] + extra}
    more = replace(facts, issued=facts.issued + extra, returned=facts.returned + extra, votes=votes)
    assert not find_problems(more)
    assert cid in decide(more).elected
