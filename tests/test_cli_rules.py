"""`votesys rules decide`: the engine from the command line, good input and every kind of bad."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from votesys.cli import main

WARD = {
    "layout": "strike",
    "seats": 3,
    "alternates": 0,
    "base": 98,
    "candidates": [{"id": c, "name": f"Ứng viên {c}"} for c in "ABCD"],
    "ballots": {"issued": 95, "returned": 95, "invalid": 1},
    "votes": {"A": 90, "B": 80, "C": 49, "D": 50},
}


def run(text: str):
    return CliRunner().invoke(main, ["rules", "decide", "-"], input=text)


def test_a_round_is_decided_from_standard_input():
    result = run(json.dumps(WARD))
    assert result.exit_code == 0, result.output
    decided = json.loads(result.stdout)
    assert decided["threshold"] == 50 and decided["valid"] == 94
    assert decided["elected"] == ["A", "B", "D"] and decided["status"] == "complete"
    assert decided["percent"]["A"] == "91,84"


def test_a_file_argument_works_too(tmp_path):
    path = tmp_path / "round.json"
    path.write_text(json.dumps(WARD), encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "decide", str(path)])
    assert result.exit_code == 0 and json.loads(result.stdout)["open_seats"] == 0


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda d: "not json at all", "JSON"),
        (lambda d: {**d, "votes": {**d["votes"], "Z": 1}}, "Z"),
        (lambda d: {**d, "votes": {k: v for k, v in d["votes"].items() if k != "D"}}, "D"),
        (lambda d: {**d, "base": -1}, "base"),
        (lambda d: {**d, "ballots": {"issued": 90, "returned": 95, "invalid": 1}}, "returned"),
        (lambda d: {**d, "ballots": {"issued": 95, "returned": 95, "invalid": 96}}, "invalid"),
        (lambda d: {**d, "votes": {**d["votes"], "A": 95}}, "A"),
        (lambda d: {**d, "seats": 4}, "more candidates than places"),
    ],
)
def test_bad_input_exits_non_zero_with_nothing_on_stdout(change, says):
    data = change(WARD)
    result = run(data if isinstance(data, str) else json.dumps(data))
    assert result.exit_code != 0
    assert result.stdout == ""
    assert says.lower() in result.stderr.lower()
