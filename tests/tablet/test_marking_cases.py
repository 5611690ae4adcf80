"""The shared marking cases (tests/tablet/marking_cases.json) against the Python side,
votesys/core/rules/marking.py; tests/js/marking.test.mjs checks the same file against the
tablet's twin, static/js/tablet/marking.js. A case changed for one twin fails the other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from votesys.core.crypto.layout import Layout
from votesys.core.rules import marking
from votesys.core.rules.settings import RuleSettings
from votesys.core.rules.validity import SPOILT, BadMarks, check_ballot

CASES = json.loads((Path(__file__).parent / "marking_cases.json").read_text(encoding="utf-8"))


def settings_of(case: dict) -> RuleSettings:
    return RuleSettings.from_dict(case["settings"])


def marks_of(case: dict):
    return SPOILT if case["marks"] == "spoilt" else case["marks"]


def rows_of(case: dict) -> int:
    return case["rows"] if case["marks"] == "spoilt" else len(case["marks"])


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda case: case["name"])
def test_a_case_gives_its_reasons_layout_verdict_and_plaintexts(case):
    layout, seats, alternates = case["layout"], case["seats"], case["alternates"]
    settings, rows = settings_of(case), rows_of(case)
    assert list(marking.reasons_for(layout, rows, settings)) == case["reasons"]
    expected = case["crypto_layout"]
    made = marking.crypto_layout(layout, rows, seats, alternates, settings)
    assert made == Layout(**expected)
    verdict = check_ballot(layout, marks_of(case), seats, alternates, settings)
    assert verdict.reason == case["reason"]
    assert verdict.is_valid is (case["reason"] is None)
    if case["marks"] == "spoilt":
        values, flags = marking.spoilt_plaintexts(layout, rows, settings)
    else:
        values, flags = marking.plaintexts(layout, case["marks"], seats, alternates, settings)
    assert {"marks": values, "flags": flags} == case["plaintexts"]
    assert made.is_well_formed(values, flags)  # what the proofs will accept


@pytest.mark.parametrize("case", CASES["refused"], ids=lambda case: case["name"])
def test_marks_that_are_no_ballot_are_refused_with_the_same_code(case):
    with pytest.raises(BadMarks) as raised:
        marking.plaintexts(
            case["layout"], case["marks"], case["seats"], case["alternates"], settings_of(case)
        )
    assert raised.value.problems[0].code == case["error"]


def test_the_cases_cover_every_reason_a_tablet_can_encrypt():
    reasons = {case["reason"] for case in CASES["cases"]}
    assert reasons == {
        None,
        "too_many_kept",
        "all_struck",
        "no_mark",
        "all_disagree",
        "deliberately_spoilt",
    }
