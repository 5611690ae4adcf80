"""The ballot shape argument, checked exhaustively: S = Σ marks + K·Σ flags lies in [lo, K]
exactly for the ballots rules.md allows (given every mark, flag and approve row is 0 or 1)."""

import itertools

import pytest

from votesys.core.crypto.layout import Layout


def _bits(n):
    return itertools.product((0, 1), repeat=n)


def _agrees(layout: Layout, marks, flags) -> bool:
    lo, hi = layout.shape_range
    return (lo <= layout.shape_value(marks, flags) <= hi) == layout.is_well_formed(marks, flags)


@pytest.mark.parametrize("names", range(1, 7))
def test_strike_shape_range_is_exactly_the_rules(names):
    for seats in range(1, names + 1):
        for n_flags in range(0, 3):
            layout = Layout.strike(names, seats, n_flags)
            for marks in _bits(names):
                for flags in _bits(n_flags):
                    assert _agrees(layout, marks, flags), (layout, marks, flags)


@pytest.mark.parametrize("rows", range(1, 4))
def test_approve_shape_range_is_exactly_the_rules(rows):
    for n_flags in range(0, 3):
        layout = Layout.approve(rows, n_flags)
        for marks in _bits(2 * rows):
            if any(marks[i] + marks[i + 1] > 1 for i in range(0, 2 * rows, 2)):
                continue  # refused by the row proofs already
            for flags in _bits(n_flags):
                assert _agrees(layout, marks, flags), (layout, marks, flags)


def test_rules_examples():
    strike = Layout.strike(5, 3, 2)
    assert strike.is_well_formed([1, 1, 1, 0, 0], [0, 0])
    assert not strike.is_well_formed([1, 1, 1, 1, 0], [0, 0])  # keeps more names than seats
    assert not strike.is_well_formed([0] * 5, [0, 0])  # strikes every name
    assert strike.is_well_formed([0] * 5, [1, 0])  # ... cast deliberately as invalid
    assert not strike.is_well_formed([1, 0, 0, 0, 0], [1, 0])
    assert not strike.is_well_formed([0] * 5, [1, 1])
    single = Layout.approve(1, 1)
    assert single.is_well_formed([1, 0], [0]) and single.is_well_formed([0, 1], [0])
    assert not single.is_well_formed([0, 0], [0]) and not single.is_well_formed([1, 1], [0])
    rows = Layout.approve(3, 1)
    assert rows.is_well_formed([0] * 6, [0])  # empty rows are not counted; the ballot is valid
    assert not rows.is_well_formed([1, 1, 0, 0, 0, 0], [0])  # the tablet sends a row as 0, 0


def test_the_weight_k_plus_1_with_range_1_to_k_plus_1_would_be_wrong():
    # The first design put flags at weight K+1 and S in [1, K+1]: then K+1 kept names with no
    # flag gives S = K+1 and passes. Weight K with S in [1, K] does not (test above).
    layout = Layout.strike(5, 3, 1)
    marks, flags = [1, 1, 1, 1, 0], [0]
    naive = sum(marks) + (layout.seats + 1) * sum(flags)
    assert 1 <= naive <= layout.seats + 1 and not layout.is_well_formed(marks, flags)
    assert not layout.shape_range[0] <= layout.shape_value(marks, flags) <= layout.shape_range[1]


@pytest.mark.parametrize(
    "args", [("strike", 3, 4, 0), ("strike", 3, 0, 0), ("approve", 3, 2, 0), ("x", 1, 1, 0)]
)
def test_impossible_layouts_are_refused(args):
    with pytest.raises(ValueError):
        Layout(*args)


def test_layout_encoding_is_fixed():
    expected = "00000006737472696b65" + "0000000400000005" + "0000000400000003" + "0000000400000002"
    assert Layout.strike(5, 3, 2).encode().hex() == expected
