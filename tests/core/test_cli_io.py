"""``votesys rules decide FILE``: the JSON in, the JSON out, and plain English for bad files."""

from __future__ import annotations

import json

import pytest

from votesys.core.rules.cli_io import MESSAGES, BadFactsFile, decide_json, message
from votesys.core.rules.decide import PROBLEM_CODES, BadFacts
from votesys.core.rules.settings import Problem, RuleSettings


def round_file(**changes):
    """A good delegates' round: 2 seats, 1 alternate, 4 candidates, B = 10."""
    data = {
        "layout": "strike",
        "seats": 2,
        "alternates": 1,
        "base": 10,
        "candidates": [
            {"id": "an", "name": "Nguyễn Văn An"},
            {"id": "bình", "name": "Trần Thị Bình"},
            {"id": "cường", "name": "Lê Cường"},
            {"id": "dũng", "name": "Phạm Dũng"},
        ],
        "ballots": {"issued": 10, "returned": 9, "invalid": 1},
        "votes": {"an": 7, "bình": 8, "cường": 6, "dũng": 2},
    }
    data.update(changes)
    return json.dumps(data, ensure_ascii=False)


def test_output_is_exactly_the_documented_json():
    assert decide_json(round_file()) == (
        "{\n"
        '  "valid": 8,\n'
        '  "threshold": 6,\n'
        '  "elected": [\n    "bình",\n    "an"\n  ],\n'
        '  "alternates": [\n    "cường"\n  ],\n'
        '  "tied": [],\n'
        '  "open_seats": 0,\n'
        '  "open_alternates": 0,\n'
        '  "status": "complete",\n'
        '  "percent": {\n'
        '    "an": "70,00",\n    "bình": "80,00",\n    "cường": "60,00",\n    "dũng": "20,00"\n'
        "  }\n"
        "}"
    )


def test_a_tie_in_the_output():
    votes = {"an": 7, "bình": 8, "cường": 7, "dũng": 2}
    out = json.loads(decide_json(round_file(votes=votes)))
    assert (out["elected"], out["tied"], out["alternates"]) == (["bình"], ["an", "cường"], [])
    assert (out["open_seats"], out["open_alternates"], out["status"]) == (1, 1, "tie")


def test_settings_reach_the_percentages():
    out = decide_json(round_file(base=9), RuleSettings(percent_rounding="truncate"))
    assert json.loads(out)["percent"]["bình"] == "88,88"
    assert json.loads(decide_json(round_file(base=9)))["percent"]["bình"] == "88,89"


def problems_of(text):
    with pytest.raises(BadFactsFile) as caught:
        decide_json(text)
    return caught.value


def _without(key):
    data = json.loads(round_file())
    del data[key]
    return json.dumps(data)


def _ballots(**changes):
    return round_file(ballots={"issued": 10, "returned": 9, "invalid": 1, **changes})


BAD_FILES = [
    ("not json", ("not_json",), "line 1, column 1"),
    ("", ("not_json",), "not valid JSON"),
    ("[1, 2]", ("not_an_object",), "file must be a JSON object"),
    (_without("seats"), ("missing_key",), "seats is missing"),
    (round_file(colour="red"), ("unknown_key",), "colour is not a key"),
    ('{"seats": 1, "seats": 2}', ("duplicate_key", *["missing_key"] * 6), '"seats" appears twice'),
    (round_file(seats=True), ("not_an_integer",), "seats must be a whole number"),
    (round_file(seats=2.0), ("not_an_integer",), "seats must be a whole number"),
    (round_file(seats="2"), ("not_an_integer",), "seats must be a whole number"),
    (round_file(layout=5), ("unknown_layout",), 'layout is 5; write "strike"'),
    (round_file(base=0), ("base_not_positive",), "base is 0"),
    (round_file(ballots=[]), ("not_an_object",), "ballots must be a JSON object"),
    (round_file(ballots=None), ("not_an_object",), "ballots must be a JSON object"),
    (round_file(ballots={"issued": 9, "returned": 9}), ("missing_key",), "ballots.invalid is"),
    (_ballots(issued=False), ("not_an_integer",), "ballots.issued must be a whole number"),
    (_ballots(returned=11), ("returned_more_than_issued",), "ballots.returned (11) is more"),
    (_ballots(invalid=10), ("invalid_more_than_returned",), "ballots.invalid (10) is more"),
    (round_file(candidates={}), ("not_a_list",), "candidates must be a JSON list"),
    (round_file(candidates=None), ("not_a_list",), "candidates must be a JSON list"),
    (round_file(candidates=["an"]), ("not_an_object",), "candidates[0] must be a JSON object"),
    (round_file(candidates=[{"id": "an"}]), ("missing_key",), "candidates[0].name is missing"),
    (round_file(candidates=[{"id": 5, "name": "X"}]), ("not_text",), "candidates[0].id must be"),
    (round_file(candidates=[{"id": "an", "name": " "}]), ("not_text",), "candidates[0].name"),
    (round_file(votes=[]), ("not_an_object",), "votes must be a JSON object"),
    (round_file(votes={"an": 6, "bình": 8, "cường": True, "dũng": 2}), ("not_an_integer",), ""),
    (round_file(votes={"an": 6, "bình": 8, "cường": 6}), ("missing_votes",), "for the candid"),
    (round_file(votes={"an": 6, "bình": 8, "cường": 6, "dũng": 2, "x": 1}), None, '"x", who'),
    (round_file(votes={"an": 9, "bình": 8, "cường": 6, "dũng": 2}), None, "has 9 votes"),
    (round_file(seats=3), ("strike_without_surplus",), "4 candidates for 4 places"),
    (round_file(layout="approve"), ("approve_too_many_candidates",), '"approve" layout has 4'),
    (round_file(seats=float("nan")), None, "seats must be a whole number"),
    ('{"seats": ' + "9" * 5000 + "}", ("not_readable",), "could not be read"),
    ("[" * 100_000, ("not_readable",), "could not be read"),
]


@pytest.mark.parametrize(("text", "codes", "words"), BAD_FILES)
def test_a_bad_file_says_what_is_wrong(text, codes, words):
    error = problems_of(text)
    if codes is not None:
        assert error.codes == codes
    assert any(words in line for line in error.messages())
    assert isinstance(error, BadFacts)


def test_a_candidate_with_too_many_votes_is_named():
    error = problems_of(round_file(votes={"an": 9, "bình": 8, "cường": 6, "dũng": 0}))
    assert error.codes == ("more_votes_than_valid",)
    assert error.messages() == [
        'The candidate "an" has 9 votes, but there are only 8 valid ballots (returned minus '
        "invalid). Check the count in the minutes and correct the file."
    ]


def test_every_problem_in_the_file_is_listed():
    text = round_file(
        colour="red", seats=True, base=-1, ballots={"issued": 8, "returned": 9, "invalid": 1}
    )
    error = problems_of(text)
    assert error.codes == (
        "unknown_key",
        "not_an_integer",
        "base_not_positive",
        "returned_more_than_issued",
    )
    assert len(error.messages()) == 4


def test_broken_shape_lists_all_its_problems_before_the_counts():
    data = json.loads(round_file(ballots={"issued": 1}, candidates=[{"id": 1}]))
    del data["votes"]
    error = problems_of(json.dumps(data))
    assert set(error.codes) == {"missing_key", "not_text"}
    fields = {p.params["field"] for p in error.problems}
    assert fields == {"votes", "ballots.returned", "ballots.invalid", "candidates[0].name"} | {
        "candidates[0].id"
    }


def test_every_code_has_a_message():
    assert set(PROBLEM_CODES) <= set(MESSAGES)


@pytest.mark.parametrize(
    ("problem", "line"),
    [
        (Problem("bad_candidate", {"index": 0}), "Candidate number 1 has no usable id."),
        (Problem("not_an_integer", {"field": "invalid"}), "ballots.invalid must be a whole"),
        (Problem("unknown_layout", {"layout": "gạch"}), 'layout is "gạch"; write'),
        (Problem("no_candidates", {}), "candidates is empty."),
        (Problem("alternates_on_separate_ballot", {"alternates": 2}), "but alternates is 2."),
        (Problem("strike_votes_above_places", {"total": 9, "valid": 2, "places": 3}), "up to 9"),
        (Problem("strike_votes_below_valid", {"total": 1, "valid": 2, "places": 3}), "the 2 valid"),
        (Problem("negative_number", {"field": "votes.an", "value": -1}), "votes.an is -1;"),
        (Problem("seats_too_few", {"seats": 0}), "seats is 0; at least one seat"),
    ],
)
def test_messages_fill_in_their_parameters(problem, line):
    assert line in message(problem)
