"""The congress's settings for the GAPs of rules.md: defaults, round trip, refusals, minutes."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from votesys.core.rules.settings import (
    ALTERNATES_BALLOTS,
    DEFAULT_SETTINGS,
    PERCENT_ROUNDINGS,
    SAME_GIVEN_NAME_ORDERS,
    TIE_RULES,
    BadSettings,
    Problem,
    RulesError,
    RuleSettings,
)


def test_defaults_are_those_of_rules_md():
    assert RuleSettings().to_dict() == {
        "same_given_name_order": "surname_middle_birth",
        "is_all_disagree_valid": True,
        "tie_rule": "reballot",
        "percent_rounding": "half_up",
        "alternates_ballot": "same_ballot",
        "quorum": None,
    }
    assert RuleSettings() == DEFAULT_SETTINGS


def test_settings_are_frozen():
    with pytest.raises(FrozenInstanceError):
        DEFAULT_SETTINGS.percent_rounding = "truncate"


settings_values = st.builds(
    RuleSettings,
    same_given_name_order=st.sampled_from(SAME_GIVEN_NAME_ORDERS),
    is_all_disagree_valid=st.booleans(),
    tie_rule=st.sampled_from(TIE_RULES),
    percent_rounding=st.sampled_from(PERCENT_ROUNDINGS),
    alternates_ballot=st.sampled_from(ALTERNATES_BALLOTS),
    quorum=st.none() | st.fractions(min_value=Fraction(1, 100), max_value=1),
)


@given(settings_values)
def test_round_trip_through_a_dict(settings):
    assert RuleSettings.from_dict(settings.to_dict()) == settings


def test_quorum_is_written_as_an_exact_fraction():
    settings = RuleSettings(quorum=Fraction(2, 3))
    assert settings.to_dict()["quorum"] == "2/3"
    assert RuleSettings.from_dict({"quorum": "2/3"}).quorum == Fraction(2, 3)


def test_a_missing_key_takes_its_default():
    assert RuleSettings.from_dict({"percent_rounding": "truncate"}) == RuleSettings(
        percent_rounding="truncate"
    )


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        ({"colour": "red"}, "unknown_setting", {"name": "colour"}),
        (
            {"percent_rounding": "banker"},
            "setting_not_allowed",
            {"name": "percent_rounding", "value": "banker", "allowed": PERCENT_ROUNDINGS},
        ),
        (
            {"tie_rule": "older_wins"},
            "setting_not_allowed",
            {"name": "tie_rule", "value": "older_wins", "allowed": TIE_RULES},
        ),
        (
            {"alternates_ballot": 1},
            "setting_not_allowed",
            {"name": "alternates_ballot", "value": 1, "allowed": ALTERNATES_BALLOTS},
        ),
        (
            {"same_given_name_order": "random"},
            "setting_not_allowed",
            {"name": "same_given_name_order", "value": "random", "allowed": SAME_GIVEN_NAME_ORDERS},
        ),
        (
            {"is_all_disagree_valid": "yes"},
            "setting_not_a_boolean",
            {"name": "is_all_disagree_valid"},
        ),
        ({"quorum": 0.5}, "quorum_not_a_fraction", {"value": 0.5}),
        ({"quorum": True}, "quorum_not_a_fraction", {"value": True}),
        ({"quorum": "two thirds"}, "quorum_not_a_fraction", {"value": "two thirds"}),
        ({"quorum": "1/0"}, "quorum_not_a_fraction", {"value": "1/0"}),
        ({"quorum": "0"}, "quorum_out_of_range", {"value": "0"}),
        ({"quorum": "3/2"}, "quorum_out_of_range", {"value": "3/2"}),
    ],
)
def test_bad_settings_are_refused_with_a_code(data, code, params):
    with pytest.raises(BadSettings) as caught:
        RuleSettings.from_dict(data)
    assert caught.value.problems == (Problem(code, params),)


def test_every_bad_setting_is_listed():
    data = {"colour": "red", "quorum": "x", "tie_rule": "coin", "percent_rounding": "up"}
    with pytest.raises(BadSettings) as caught:
        RuleSettings.from_dict(data)
    assert caught.value.codes == (
        "unknown_setting",
        "quorum_not_a_fraction",
        "setting_not_allowed",
        "setting_not_allowed",
    )


def test_the_constructor_checks_too():
    with pytest.raises(BadSettings) as caught:
        RuleSettings(percent_rounding="round", quorum=Fraction(0))
    assert caught.value.codes == ("setting_not_allowed", "quorum_out_of_range")
    with pytest.raises(BadSettings):
        RuleSettings(quorum=0.5)


def test_from_dict_wants_a_mapping():
    with pytest.raises(BadSettings) as caught:
        RuleSettings.from_dict(["half_up"])
    assert caught.value.code == "settings_not_a_mapping"


def test_describe_gives_every_setting_for_the_minutes():
    assert RuleSettings(quorum=Fraction(1, 2), is_all_disagree_valid=False).describe() == (
        ("same_given_name_order", "surname_middle_birth"),
        ("is_all_disagree_valid", "no"),
        ("tie_rule", "reballot"),
        ("percent_rounding", "half_up"),
        ("alternates_ballot", "same_ballot"),
        ("quorum", "1/2"),
    )
    assert dict(DEFAULT_SETTINGS.describe())["quorum"] == "none"
    assert dict(DEFAULT_SETTINGS.describe())["is_all_disagree_valid"] == "yes"


def test_rules_error_keeps_the_first_problem_as_its_code():
    error = RulesError.of([Problem("a", {"x": 1}), Problem("b")])
    assert (error.code, error.params, error.codes) == ("a", {"x": 1}, ("a", "b"))
    assert str(error) == "a {'x': 1}; b {}"
    single = RulesError("c", y=2)
    assert single.problems == (Problem("c", {"y": 2}),)
