"""The base B from the demo roll and the door, for both kinds of congress, worked by hand."""

from __future__ import annotations

import re

from tests.attendance.conftest import by_number, set_flags, set_kind, set_status
from votesys.attendance import queries
from votesys.congress.queries import current_congress
from votesys.core.names import sort_key


def base_now(db):
    with db.session() as session:
        now = queries.base_now(session, current_congress(session))
        lines = {line.code: sorted(d.number for d in line.delegates) for line in now.lines}
        for line in now.lines:  # each line's people in Vietnamese order of the given name
            keys = [sort_key(d.given_name, d.surname, d.middle_name) for d in line.delegates]
            assert keys == sorted(keys), line.code
        return now, lines


def cell(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}">([^<]*)<', html)
    assert match, testid
    return match.group(1).strip()


def test_delegate_congress_b_on_the_demo_roll(db, login_as):
    """The demo roll: 100 official delegates, 11 by right (1-11), alternates 101 (seated for 57)
    and 102. The seed marks absent for the whole congress: 9 (by right), 57 (replaced by 101),
    73 (not replaced). This test adds: 3 (by right) absent; 20 absent, not replaced; 40 absent
    with a reason accepted (no matter at a delegate congress); 45 suspended and 46 on temporary
    activity elsewhere (member-congress reasons: ignored here); 60 present, 61 left early,
    101 present (the door does not change B at a delegate congress).

    summoned 100 (101, 102 are alternates)
    − convening_absent: 3, 9 → 2
    − absent_not_replaced: 20, 40, 73 → 3 (57 is replaced: not subtracted)
    B = 100 − 2 − 3 = 95; threshold = 95 // 2 + 1 = 48.
    """
    set_flags(db, 3, absent_whole_congress=True, absence_reason="Ốm")
    set_flags(db, 20, absent_whole_congress=True)
    set_flags(db, 40, absent_whole_congress=True, absence_reason_accepted=True)
    set_flags(db, 45, suspended_or_prosecuted=True)
    set_flags(db, 46, temporary_activity_elsewhere=True)
    set_status(db, {60: "present", 61: "left", 101: "present"})
    now, lines = base_now(db)
    assert (now.base.summoned, now.base.value, now.threshold) == (100, 95, 48)
    assert lines == {"convening_absent": [3, 9], "absent_not_replaced": [20, 40, 73]}
    assert now.quorum is None and now.quorum_result.required is None
    assert now.voting_present == 2  # 60 and the seated alternate 101

    html = login_as("observer").get("/attendance/base").get_data(as_text=True)
    assert (cell(html, "summoned"), cell(html, "base"), cell(html, "threshold")) == (
        "100",
        "95",
        "48",
    )
    assert cell(html, "exclusion-convening_absent") == "2"
    assert cell(html, "exclusion-absent_not_replaced") == "3"
    with db.session() as session:
        roll = by_number(session)
        for number in (3, 9, 20, 40, 73):
            assert f"Số {number} {roll[number].full_name}" in html
        assert roll[57].full_name not in html
    assert "Chưa đặt số lượng tối thiểu" in html


def test_party_member_congress_b_on_the_demo_roll(db, login_as):
    """The same roll held as a Party-member congress (the kind changed in the test).

    12 becomes a reserve member (no vote): summoned 100 − 1 = 99.
    − temporary_elsewhere: 2 → 1
    − exempted_absent: 4 (exempted, never came) → 1; 5 (exempted, in the hall) and 6 (exempted,
      came and left early) attended: not subtracted
    − suspended: 7 → 1
    − absent_with_reason: 9 and 57 (reasons accepted by the seed; being replaced does not matter
      at a member congress) → 2; 73 (reason not accepted) stays in B
    B = 99 − 1 − 1 − 1 − 2 = 94; threshold = 94 // 2 + 1 = 48.
    """
    set_kind(db, "member")
    set_flags(db, 12, is_reserve_member=True)
    set_flags(db, 2, temporary_activity_elsewhere=True)
    for number in (4, 5, 6):
        set_flags(db, number, exempted_from_activity=True)
    set_flags(db, 7, suspended_or_prosecuted=True)
    set_status(db, {5: "present", 6: "left", 12: "present"})
    now, lines = base_now(db)
    assert (now.base.summoned, now.base.value, now.threshold) == (99, 94, 48)
    assert lines == {
        "temporary_elsewhere": [2],
        "exempted_absent": [4],
        "suspended": [7],
        "absent_with_reason": [9, 57],
    }
    assert now.voting_present == 1  # 5; the reserve member 12 has no vote

    html = login_as("credentials").get("/attendance/base").get_data(as_text=True)
    assert (cell(html, "summoned"), cell(html, "base"), cell(html, "threshold")) == (
        "99",
        "94",
        "48",
    )
    assert cell(html, "exclusion-absent_with_reason") == "2"
    assert "Đại hội đảng viên: B là số đảng viên chính thức" in html
    assert "Cấp ủy viên triệu tập đại hội vắng mặt" not in html


def test_an_exempted_member_who_comes_is_counted_in_b_again(db):
    """Member congress, 4 exempted: not come → B = 100 − 2 (9, 57) − 1 = 97; checked in → 98."""
    set_kind(db, "member")
    set_flags(db, 4, exempted_from_activity=True)
    assert base_now(db)[0].base.value == 97
    set_status(db, {4: "present"})
    assert base_now(db)[0].base.value == 98


def test_a_delegate_marked_absent_who_checks_in_is_a_contradiction_shown_plainly(db, login_as):
    """73 is marked absent for the whole congress; checked in, the roll contradicts the door."""
    set_status(db, {73: "present"})
    client = login_as("chair")
    page = client.get("/attendance/base")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Đại biểu số 73 được ghi là vắng mặt suốt đại hội nhưng đã được điểm danh" in html
    assert 'data-testid="base"' not in html
    live = client.get("/attendance.json").get_json()
    assert live["base"] is None and "73" in live["base_error"]
    assert (live["present"], live["summoned"]) == (1, 100)


def test_a_convening_member_marked_replaced_is_refused(db, login_as):
    set_flags(db, 5, absent_whole_congress=True, replaced_by_alternate=True)
    html = login_as("observer").get("/attendance/base").get_data(as_text=True)
    assert "Đại biểu số 5 là cấp ủy viên triệu tập đại hội" in html
