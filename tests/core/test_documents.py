"""The ballot documents of the box (core.rules.documents): parse, refusals, counting, receipts."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from votesys.core.rules import documents
from votesys.core.rules.settings import RuleSettings
from votesys.core.rules.validity import SPOILT, BadMarks

ROW = st.sampled_from(["agree", "disagree", None])


def refusal(document, layout="strike", rows=3) -> str:
    with pytest.raises(BadMarks) as refused:
        documents.parse(document, layout, rows)
    return refused.value.code


@pytest.mark.parametrize(
    ("layout", "marks"),
    [
        ("strike", [True, False, True]),
        ("strike", [False]),
        ("approve", ["agree", "disagree", None]),
        ("approve", ["agree"]),
    ],
)
def test_a_document_reads_back_as_its_marks(layout, marks):
    made = documents.document(layout, marks)
    assert documents.parse(made, layout, len(marks)) == marks
    text = documents.encode(made)
    assert json.loads(text) == made and " " not in text
    assert documents.parse(json.loads(text), layout, len(marks)) == marks
    assert documents.encode(json.loads(text)) == text  # canonical: one text per ballot


@pytest.mark.parametrize("layout", ["strike", "approve"])
def test_a_spoilt_ballot_reads_back_as_spoilt(layout):
    made = documents.document(layout, SPOILT)
    assert made == {"layout": layout, "spoilt": True}
    assert documents.parse(made, layout, 4) is SPOILT
    assert documents.encode(made) == f'{{"layout":"{layout}","spoilt":true}}'


def test_key_order_does_not_change_the_stored_text():
    one = documents.encode({"layout": "strike", "kept": [True, False]})
    other = documents.encode({"kept": [True, False], "layout": "strike"})
    assert one == other == '{"kept":[true,false],"layout":"strike"}'


@pytest.mark.parametrize(
    ("document", "layout", "code"),
    [
        (["strike", True], "strike", "document_not_an_object"),
        ('{"layout":"strike"}', "strike", "document_not_an_object"),
        (None, "strike", "document_not_an_object"),
        ({"layout": "approve", "rows": ["agree"] * 3}, "strike", "wrong_layout"),
        ({"layout": "strike", "kept": [True] * 3}, "approve", "wrong_layout"),
        ({"kept": [True] * 3}, "strike", "wrong_layout"),
        ({"layout": "strike", "kept": [True, False]}, "strike", "wrong_row_count"),
        ({"layout": "strike", "kept": [True] * 4}, "strike", "wrong_row_count"),
        ({"layout": "approve", "rows": []}, "approve", "wrong_row_count"),
        ({"layout": "strike", "kept": [1, 0, 1]}, "strike", "mark_not_allowed"),
        ({"layout": "strike", "kept": [True, 0, True]}, "strike", "mark_not_allowed"),
        ({"layout": "strike", "kept": [1.0, True, True]}, "strike", "mark_not_allowed"),
        ({"layout": "strike", "kept": ["true", True, True]}, "strike", "mark_not_allowed"),
        ({"layout": "strike", "kept": [None, True, True]}, "strike", "mark_not_allowed"),
        ({"layout": "approve", "rows": ["agree", "both", None]}, "approve", "mark_not_allowed"),
        ({"layout": "approve", "rows": ["Agree", None, None]}, "approve", "mark_not_allowed"),
        ({"layout": "approve", "rows": [True, None, None]}, "approve", "mark_not_allowed"),
        ({"layout": "approve", "rows": [1, None, None]}, "approve", "mark_not_allowed"),
        ({"layout": "strike", "kept": "TTT"}, "strike", "marks_not_a_sequence"),
        ({"layout": "strike", "kept": {"0": True}}, "strike", "marks_not_a_sequence"),
        ({"layout": "strike", "kept": (True,) * 3}, "strike", "marks_not_a_sequence"),
        ({"layout": "strike"}, "strike", "unexpected_fields"),
        ({"layout": "strike", "rows": ["agree"] * 3}, "strike", "unexpected_fields"),
        (
            {"layout": "strike", "kept": [True] * 3, "delegate": 17},
            "strike",
            "unexpected_fields",
        ),
        ({"layout": "approve", "rows": [None] * 3, "at": "09:14"}, "approve", "unexpected_fields"),
        ({"layout": "strike", "spoilt": True, "kept": [True] * 3}, "strike", "unexpected_fields"),
        ({"layout": "approve", "spoilt": True, "note": "x"}, "approve", "unexpected_fields"),
        ({"layout": "strike", "spoilt": 1}, "strike", "unexpected_fields"),
        ({"layout": "strike", "spoilt": False}, "strike", "unexpected_fields"),
    ],
)
def test_what_is_not_a_ballot_of_this_list_is_refused(document, layout, code):
    assert refusal(document, layout) == code


def test_a_refusal_names_what_is_wrong():
    with pytest.raises(BadMarks) as refused:
        documents.parse({"layout": "strike", "kept": [True, 1, False, 0]}, "strike", 4)
    assert refused.value.params == {"rows": [1, 3]}
    with pytest.raises(BadMarks) as refused:
        documents.parse({"layout": "strike", "kept": [True]}, "strike", 4)
    assert refused.value.params == {"rows": 1, "expected": 4}
    with pytest.raises(BadMarks) as refused:
        documents.parse({"layout": "strike", "spoilt": True, "extra": 1}, "strike", 4)
    assert refused.value.params == {"fields": ["extra"]}


def test_verdict_follows_the_rules():
    def strike(*kept):
        return {"layout": "strike", "kept": list(kept)}

    assert documents.verdict(strike(True, True, False), "strike", 3, 2).is_valid
    assert documents.verdict(strike(True, True, True), "strike", 3, 2).reason == "too_many_kept"
    assert documents.verdict(strike(False, False, False), "strike", 3, 2).reason == "all_struck"
    spoilt = {"layout": "approve", "spoilt": True}
    assert documents.verdict(spoilt, "approve", 2, 2).reason == "deliberately_spoilt"
    single = {"layout": "approve", "rows": [None]}
    assert documents.verdict(single, "approve", 1, 1).reason == "no_mark"
    against = {"layout": "approve", "rows": ["disagree", "disagree"]}
    assert documents.verdict(against, "approve", 2, 2).is_valid
    strict = RuleSettings(is_all_disagree_valid=False)
    assert documents.verdict(against, "approve", 2, 2, 0, strict).reason == "all_disagree"


def by_hand_strike(kept_lists, seats, names):
    votes, invalid = [0] * names, {}
    for kept in kept_lists:
        if kept is None:
            invalid["deliberately_spoilt"] = invalid.get("deliberately_spoilt", 0) + 1
        elif not any(kept):
            invalid["all_struck"] = invalid.get("all_struck", 0) + 1
        elif sum(kept) > seats:
            invalid["too_many_kept"] = invalid.get("too_many_kept", 0) + 1
        else:
            votes = [v + k for v, k in zip(votes, kept, strict=True)]
    return votes, invalid


@given(
    st.integers(2, 8).flatmap(
        lambda n: st.tuples(
            st.just(n),
            st.integers(1, n - 1),
            st.lists(st.one_of(st.none(), st.lists(st.booleans(), min_size=n, max_size=n))),
        )
    )
)
def test_count_of_strike_ballots_equals_counting_by_hand(case):
    names, seats, ballots = case
    docs = [
        {"layout": "strike", "spoilt": True} if b is None else {"layout": "strike", "kept": b}
        for b in ballots
    ]
    ids = [f"c{i}" for i in range(names)]
    tally = documents.count(docs, "strike", ids, seats)
    votes, invalid = by_hand_strike(ballots, seats, names)
    assert tally.returned == len(ballots)
    assert dict(tally.invalid) == invalid
    assert tally.valid == len(ballots) - sum(invalid.values())
    assert [tally.votes[i] for i in ids] == votes


@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.just(n), st.lists(st.one_of(st.none(), st.lists(ROW, min_size=n, max_size=n)))
        )
    ),
    st.booleans(),
)
def test_count_of_approve_ballots_equals_counting_by_hand(case, all_disagree_valid):
    names, ballots = case
    settings = RuleSettings(is_all_disagree_valid=all_disagree_valid)
    docs = [
        {"layout": "approve", "spoilt": True} if b is None else {"layout": "approve", "rows": b}
        for b in ballots
    ]
    ids = [f"c{i}" for i in range(names)]
    tally = documents.count(docs, "approve", ids, names, 0, settings)
    votes, invalid = [0] * names, {}
    for rows in ballots:
        if rows is None:
            reason = "deliberately_spoilt"
        elif names == 1 and rows == [None]:
            reason = "no_mark"
        elif names > 1 and rows == ["disagree"] * names and not all_disagree_valid:
            reason = "all_disagree"
        else:
            votes = [v + (row == "agree") for v, row in zip(votes, rows, strict=True)]
            continue
        invalid[reason] = invalid.get(reason, 0) + 1
    assert dict(tally.invalid) == invalid
    assert tally.returned == len(ballots) and tally.valid == len(ballots) - sum(invalid.values())
    assert [tally.votes[i] for i in ids] == votes


def test_count_refuses_a_document_of_another_list():
    with pytest.raises(BadMarks):
        documents.count([{"layout": "strike", "kept": [True]}], "strike", ["a", "b"], 1)


def test_the_plain_receipt_is_deterministic_and_differs_per_ballot():
    text = documents.encode({"layout": "strike", "kept": [True, False]})
    first = documents.plain_receipt("a" * 32, text)
    assert first == documents.plain_receipt("a" * 32, text)
    assert len(first) == 11 and first[5] == "-"
    assert set(first.replace("-", "")) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert documents.plain_receipt("b" * 32, text) != first  # same marks, another ballot
    other = documents.encode({"layout": "strike", "kept": [False, True]})
    assert documents.plain_receipt("a" * 32, other) != first


@given(st.lists(st.text("0123456789abcdef", min_size=32, max_size=32), min_size=2, unique=True))
def test_receipts_of_distinct_ids_differ(ballot_ids):
    text = documents.encode({"layout": "approve", "rows": ["agree"]})
    receipts = [documents.plain_receipt(i, text) for i in ballot_ids]
    assert len(set(receipts)) == len(receipts)
