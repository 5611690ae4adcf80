"""The minutes' times in the hall's timezone, the CSV and JSON export, and the fingerprint."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.core.test_minutes import WARD_BASE, WARD_LIST, ward
from votesys.core.minutes import (
    CSV_HEADER,
    BallotCount,
    CommitteeMember,
    fingerprint,
    minutes_figures,
    moment,
    result_json,
    result_rows_csv,
)
from votesys.core.rules.settings import RuleSettings


@pytest.mark.parametrize(
    ("at", "iso", "text"),
    [
        (
            datetime(2025, 5, 20, 17, 0, tzinfo=UTC),
            "2025-05-21T00:00:00+07:00",
            "00 giờ 00 phút, ngày 21 tháng 05 năm 2025",
        ),
        (
            datetime(2025, 5, 21, 0, 0, tzinfo=UTC),
            "2025-05-21T07:00:00+07:00",
            "07 giờ 00 phút, ngày 21 tháng 05 năm 2025",
        ),
        (
            datetime(2025, 12, 31, 17, 30, 59, tzinfo=UTC),
            "2026-01-01T00:30:59+07:00",
            "00 giờ 30 phút, ngày 01 tháng 01 năm 2026",
        ),
        (
            datetime(2025, 3, 4, 9, 5, tzinfo=timezone(timedelta(hours=7))),
            "2025-03-04T09:05:00+07:00",
            "09 giờ 05 phút, ngày 04 tháng 03 năm 2025",
        ),
    ],
)
def test_times_in_the_hall_timezone(at, iso, text):
    assert (moment(at).iso, moment(at).text) == (iso, text)


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="naive"):
        moment(datetime(2025, 5, 21, 7, 0))  # naive: the point of the test


def test_minutes_times_cross_midnight_utc():
    minutes = minutes_figures(
        **ward(
            closed_at=datetime(2025, 5, 20, 16, 50, tzinfo=UTC),
            counted_at=datetime(2025, 5, 20, 17, 20, tzinfo=UTC),
        )
    )
    assert minutes.closed_at.text == "23 giờ 50 phút, ngày 20 tháng 05 năm 2025"
    assert minutes.counted_at.text == "00 giờ 20 phút, ngày 21 tháng 05 năm 2025"
    assert minutes.counted_at.iso == "2025-05-21T00:20:00+07:00"


def test_csv_rows_in_ballot_order_with_the_announcement_order():
    rows = result_rows_csv(minutes_figures(**ward()))
    assert rows[0] == list(CSV_HEADER)
    assert [row[1] for row in rows[1:]] == [cid for cid, _, _ in WARD_LIST]
    assert rows[10] == [
        *("10", "c10", "Đặng Thị Ngọc", "93", "98", "93/98", "94,90%", "yes", "elected", "1"),
    ]
    assert rows[2][-1] == "4"  # Bình, 88, before Hà (also 88) by ballot order
    assert rows[6][-1] == "5"
    assert rows[8] == [
        *("8", "c08", "Bùi Thị Lan", "50", "98", "50/98", "51,02%", "yes", "not_elected", ""),
    ]
    assert rows[3][7:] == ["no", "not_elected", ""]
    assert all(isinstance(cell, str) for row in rows for cell in row)


def test_json_has_stable_keys_and_the_figures():
    data = result_json(minutes_figures(**ward()))
    assert list(data) == [
        *("format", "congress", "election", "round", "layout", "status", "committee", "roll"),
        *("base", "ballots", "threshold", "candidates", "elected", "alternates", "tied"),
        *("open_seats", "open_alternates", "notices", "checks", "settings", "closed_at"),
        *("counted_at", "place", "audit_head", "round_fingerprint"),
    ]
    assert data["format"] == "votesys-minutes/1"
    assert data["base"]["exclusions"][0] == {
        "code": "convening_absent",
        "count": 1,
        "numbers": [17],
    }
    assert data["ballots"]["invalid_by_reason"] == [
        {"reason": "too_many_kept", "count": 1},
        {"reason": "deliberately_spoilt", "count": 1},
    ]
    assert data["candidates"][9] == {
        "number": 10,
        "id": "c10",
        "name": "Đặng Thị Ngọc",
        "votes": 93,
        "of_base": "93/98",
        "percent": "94,90%",
        "is_eligible": True,
        "outcome": "elected",
    }
    assert data["elected"][:3] == ["c10", "c01", "c04"]
    assert data["closed_at"] == {
        "iso": "2025-05-21T10:40:00+07:00",
        "text": "10 giờ 40 phút, ngày 21 tháng 05 năm 2025",
    }
    assert json.loads(json.dumps(data)) == data  # plain JSON values only


def test_fingerprint_is_sha256_of_the_canonical_json():
    minutes = minutes_figures(**ward())
    by_hand = json.dumps(
        result_json(minutes), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    assert fingerprint(minutes) == hashlib.sha256(by_hand).hexdigest()
    assert len(fingerprint(minutes)) == 64


def test_fingerprint_stable_under_input_ordering():
    reordered = ward(
        votes=dict(reversed([(cid, votes) for cid, _, votes in WARD_LIST])),
        ballots=BallotCount(96, 95, 93, {"too_many_kept": 1, "deliberately_spoilt": 1}),
        committee=tuple(reversed(ward()["committee"])),
    )
    assert fingerprint(minutes_figures(**reordered)) == fingerprint(minutes_figures(**ward()))


OTHER_ABSENTEE = replace(WARD_BASE.exclusions[1], numbers=(43,))
VOTES = {cid: votes for cid, _, votes in WARD_LIST}


@pytest.mark.parametrize(
    "changes",
    [
        {"votes": VOTES | {"c13": 31}},
        {"ballots": BallotCount(96, 95, 93, {"all_struck": 1, "too_many_kept": 1})},
        {"ballots": BallotCount(97, 95, 93, {"deliberately_spoilt": 1, "too_many_kept": 1})},
        {"place": "Hội trường Đảng ủy phường Bến Nghé"},
        {"counted_at": datetime(2025, 5, 21, 4, 26, tzinfo=UTC)},
        {"audit_head": "ac" * 32},
        {"round_fingerprint": "ce" * 32},
        {"round_number": 2},
        {"settings": RuleSettings(percent_rounding="truncate")},
        {"committee": (CommitteeMember("Lê Văn Bảo", "chair"),)},
        {"base": replace(WARD_BASE, exclusions=(WARD_BASE.exclusions[0], OTHER_ABSENTEE))},
    ],
)
def test_fingerprint_changes_when_any_figure_changes(changes):
    assert fingerprint(minutes_figures(**ward(**changes))) != fingerprint(minutes_figures(**ward()))
