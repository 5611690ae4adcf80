"""The motions' rule (rules.md §1 and §5): more than half of B agree, whoever pressed a button."""

import pytest

from votesys.core.rules.decide import BadFacts
from votesys.core.rules.motions import decide_motion


def test_passes_with_more_than_half_of_the_base():
    result = decide_motion(98, 90, {"agree": 50, "disagree": 30, "abstain": 10})
    assert result.threshold == 50
    assert result.is_passed
    assert result.percent["agree"] == "51,02"


def test_half_of_the_base_is_not_enough_even_if_everyone_who_voted_agreed():
    result = decide_motion(98, 60, {"agree": 49})
    assert not result.is_passed
    assert result.counts == {"agree": 49, "disagree": 0, "abstain": 0}
    assert result.not_voted == 11


def test_odd_base():
    assert decide_motion(97, 97, {"agree": 49}).is_passed
    assert not decide_motion(97, 97, {"agree": 48}).is_passed


def test_the_example_of_the_issue():
    result = decide_motion(98, 95, {"agree": 72, "disagree": 20, "abstain": 3})
    assert (result.counts["agree"], result.base, result.percent["agree"]) == (72, 98, "73,47")
    assert result.to_dict()["voted"] == 95
    assert result.to_dict()["not_voted"] == 0


def test_rounding_is_the_congress_setting():
    assert decide_motion(3, 3, {"agree": 2}).percent["agree"] == "66,67"
    assert decide_motion(3, 3, {"agree": 2}, "truncate").percent["agree"] == "66,66"


@pytest.mark.parametrize(
    ("base", "voters", "counts", "code"),
    [
        (0, 5, {"agree": 1}, "base_not_positive"),
        (True, 5, {"agree": 1}, "base_not_positive"),
        (10, -1, {}, "count_negative"),
        (10, 5, {"agree": -1}, "count_negative"),
        (10, 5, {"agree": 1.5}, "count_negative"),
        (10, 5, {"maybe": 1}, "unknown_choice"),
        (10, 5, {"agree": 4, "disagree": 2}, "more_choices_than_voters"),
    ],
)
def test_figures_that_cannot_be_are_refused(base, voters, counts, code):
    with pytest.raises(BadFacts) as raised:
        decide_motion(base, voters, counts)
    assert raised.value.problems[0].code == code
