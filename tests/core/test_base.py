"""The base B, quorum and threshold (rules.md §5, §8), worked by hand."""

from fractions import Fraction

import pytest

from votesys.core.rules.base import (
    BadRoll,
    BaseB,
    Exclusion,
    QuorumResult,
    RollEntry,
    compute_base,
    quorum_check,
    threshold,
)


def delegate_roll():
    """100 official delegates (1-100) and two alternates (101 seated for 17, 102 not seated).

    3 convening-committee members: 3 (present), 5 and 6 (absent the whole congress).
    Absent the whole congress, elected: 17 (replaced by alternate 101), 40 and 41 (not replaced).
    """
    special = {
        3: RollEntry(3, is_convening_committee_member=True, is_present=True),
        5: RollEntry(5, is_convening_committee_member=True, absent_whole_congress=True),
        6: RollEntry(6, is_convening_committee_member=True, absent_whole_congress=True),
        17: RollEntry(17, absent_whole_congress=True, replaced_by_alternate=True),
        40: RollEntry(40, absent_whole_congress=True),
        41: RollEntry(41, absent_whole_congress=True, absence_reason_accepted=True),
    }
    roll = [special.get(n, RollEntry(n, is_present=True)) for n in range(1, 101)]
    roll.append(RollEntry(101, is_official=False, is_present=True))
    roll.append(RollEntry(102, is_official=False))
    return roll


def test_delegate_congress():
    """summoned 100 (alternates 101, 102 not counted);
    convening_absent: 5, 6 → 2 (they are also absent and not replaced: subtracted once only);
    absent_not_replaced: 40, 41 → 2 (17 is replaced by an alternate: not subtracted);
    B = 100 - 2 - 2 = 96.
    """
    assert compute_base("delegate", delegate_roll()) == BaseB(
        value=96,
        summoned=100,
        exclusions=(
            Exclusion("convening_absent", 2, (5, 6)),
            Exclusion("absent_not_replaced", 2, (40, 41)),
        ),
    )


def test_delegate_congress_ignores_member_congress_reasons():
    """A suspended or exempted delegate is not an exclusion at a delegate congress: B = 3."""
    roll = [
        RollEntry(1, suspended_or_prosecuted=True),
        RollEntry(2, exempted_from_activity=True),
        RollEntry(3, temporary_activity_elsewhere=True),
    ]
    base = compute_base("delegate", roll)
    assert (base.value, base.summoned) == (3, 3)
    assert [e.count for e in base.exclusions] == [0, 0]


def member_roll():
    """30 official members (1-30) and two reserve members (31, 32, dự bị).

    2 on temporary activity elsewhere; 3 also absent with a reason accepted.
    4 exempted and absent; 5 exempted but present; 9 exempted, absent and suspended.
    6 suspended. 7 absent with reason accepted; 8 absent, reason not accepted.
    """
    special = {
        2: RollEntry(2, temporary_activity_elsewhere=True),
        3: RollEntry(
            3,
            temporary_activity_elsewhere=True,
            absent_whole_congress=True,
            absence_reason_accepted=True,
        ),
        4: RollEntry(4, exempted_from_activity=True),
        5: RollEntry(5, exempted_from_activity=True, is_present=True),
        6: RollEntry(6, suspended_or_prosecuted=True),
        7: RollEntry(7, absent_whole_congress=True, absence_reason_accepted=True),
        8: RollEntry(8, absent_whole_congress=True),
        9: RollEntry(9, exempted_from_activity=True, suspended_or_prosecuted=True),
    }
    roll = [special.get(n, RollEntry(n, is_present=True)) for n in range(1, 31)]
    roll += [RollEntry(n, is_reserve_member=True, is_present=True) for n in (31, 32)]
    return roll


def test_member_congress():
    """summoned 30 (reserve 31, 32 not counted);
    temporary_elsewhere 2, 3 → 2 (3 not again under absent_with_reason);
    exempted_absent 4, 9 → 2 (5 is present; 9 not again under suspended);
    suspended 6 → 1; absent_with_reason 7 → 1 (8's reason was not accepted);
    B = 30 - 2 - 2 - 1 - 1 = 24.
    """
    assert compute_base("member", member_roll()) == BaseB(
        value=24,
        summoned=30,
        exclusions=(
            Exclusion("temporary_elsewhere", 2, (2, 3)),
            Exclusion("exempted_absent", 2, (4, 9)),
            Exclusion("suspended", 1, (6,)),
            Exclusion("absent_with_reason", 1, (7,)),
        ),
    )


def test_value_is_summoned_minus_exclusions_and_nobody_twice():
    for kind, roll in (("delegate", delegate_roll()), ("member", member_roll())):
        base = compute_base(kind, roll)
        numbers = [n for exclusion in base.exclusions for n in exclusion.numbers]
        assert len(numbers) == len(set(numbers))
        assert base.value == base.summoned - len(numbers)


def test_empty_roll():
    assert compute_base("member", []) == BaseB(
        0,
        0,
        (
            Exclusion("temporary_elsewhere", 0, ()),
            Exclusion("exempted_absent", 0, ()),
            Exclusion("suspended", 0, ()),
            Exclusion("absent_with_reason", 0, ()),
        ),
    )


@pytest.mark.parametrize(
    ("kind", "roll", "code", "numbers"),
    [
        ("cell", [RollEntry(1)], "unknown_congress_kind", ()),
        ("member", [RollEntry(1), RollEntry(2), RollEntry(1)], "duplicate_number", (1,)),
        ("member", [RollEntry(4, is_present=True, absent_whole_congress=True)],
         "present_but_absent", (4,)),
        ("delegate", [RollEntry(7, is_convening_committee_member=True,
                                absent_whole_congress=True, replaced_by_alternate=True)],
         "convening_member_replaced", (7,)),
    ],
)  # fmt: skip
def test_contradictory_rolls_are_refused(kind, roll, code, numbers):
    with pytest.raises(BadRoll) as caught:
        compute_base(kind, roll)
    assert (caught.value.code, caught.value.numbers) == (code, numbers)


def test_quorum_not_set_is_not_checked():
    assert quorum_check(10, 96, None) == QuorumResult(required=None, is_met=None)


def test_quorum_rounds_up():
    """2/3 × 96 = 64 exactly; 2/3 × 98 = 65.33… → 66; 1/2 × 25 = 12.5 → 13."""
    assert quorum_check(64, 96, Fraction(2, 3)) == QuorumResult(64, True)
    assert quorum_check(65, 98, Fraction(2, 3)) == QuorumResult(66, False)
    assert quorum_check(66, 98, Fraction(2, 3)) == QuorumResult(66, True)
    assert quorum_check(12, 25, Fraction(1, 2)) == QuorumResult(13, False)


@pytest.mark.parametrize("quorum", [Fraction(0), Fraction(3, 2), Fraction(-1, 2)])
def test_bad_quorum(quorum):
    with pytest.raises(BadRoll) as caught:
        quorum_check(1, 10, quorum)
    assert caught.value.code == "bad_quorum"


@pytest.mark.parametrize(
    ("base", "needed"), [(0, 1), (1, 1), (2, 2), (3, 2), (24, 13), (96, 49), (97, 49)]
)
def test_threshold_is_more_than_half(base, needed):
    assert threshold(base) == needed
    assert 2 * needed > base >= 2 * (needed - 1)


def test_threshold_refuses_negative_base():
    with pytest.raises(BadRoll) as caught:
        threshold(-1)
    assert caught.value.code == "bad_base"
