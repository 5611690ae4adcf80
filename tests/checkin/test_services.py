"""Check-in, leaving early, coming back and undo: what is written, audited, refused."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.checkin.conftest import DESK, delegate_id, last_audit, set_flags, state
from votesys.checkin import queries, services
from votesys.checkin.errors import (
    AlreadyLeft,
    BadMethod,
    NoEvent,
    NotCheckedIn,
    NotLastChange,
    NotLeft,
    UndoTooLate,
    UndoUndo,
    UnknownDelegate,
)
from votesys.checkin.models import Attendance, CheckinEvent
from votesys.congress.queries import current_congress
from votesys.errors import Forbidden
from votesys.roles import Actor


def check_in(db, number, method="code", **kwargs):
    with db.session(write=True) as session:
        return services.check_in(session, DESK, delegate_id(db, number), method, **kwargs)


def leave(db, number):
    with db.session(write=True) as session:
        return services.leave(session, DESK, delegate_id(db, number))


def come_back(db, number):
    with db.session(write=True) as session:
        return services.come_back(session, DESK, delegate_id(db, number))


def undo(db, event_id, zone="Asia/Ho_Chi_Minh"):
    with db.session(write=True) as session:
        return services.undo(session, DESK, event_id, zone)


def counts(db):
    with db.session() as session:
        return queries.counts(session, current_congress(session))


def test_a_check_in_is_green_written_once_and_audited(db):
    outcome = check_in(db, 20, "search")
    assert (outcome.code, outcome.colour, outcome.presence) == ("checked_in", "green", "present")
    assert outcome.delegate.number == 20 and outcome.event.kind == "check_in"
    attendance, events, _audit = state(db)
    assert attendance == [(delegate_id(db, 20), "present", outcome.at, outcome.at)]
    assert [(e[2], e[3], e[4]) for e in events] == [("check_in", "search", "staff:credentials")]
    assert last_audit(db) == (
        "checkin.check_in",
        "staff:credentials",
        {"delegate": 20, "event": outcome.event.id, "method": "search"},
    )


def test_a_second_check_in_is_amber_with_the_first_time_and_writes_nothing(db):
    first = check_in(db, 21)
    before = state(db)
    again = check_in(db, 21, "camera")
    assert (again.code, again.colour, again.event) == ("already", "amber", None)
    assert again.at == first.at
    assert state(db) == before


def test_leave_and_come_back_change_presence_and_are_audited(db):
    came = check_in(db, 22)
    left = leave(db, 22)
    assert (left.code, left.colour, left.presence, left.since) == ("left", "amber", "left", came.at)
    assert last_audit(db)[0] == "checkin.leave"
    with db.session() as session:
        assert delegate_id(db, 22) not in queries.present_ids(session, current_congress(session))
    back = come_back(db, 22)
    assert (back.code, back.colour, back.presence, back.since) == (
        "returned",
        "green",
        "present",
        left.at,
    )
    assert last_audit(db)[0] == "checkin.return"
    with db.session() as session:
        assert delegate_id(db, 22) in queries.present_ids(session, current_congress(session))
        row = session.get(Attendance, delegate_id(db, 22))
        assert (row.checked_in_at, row.changed_at) == (came.at, back.at)


def test_checking_in_someone_who_left_brings_them_back(db):
    check_in(db, 23)
    leave(db, 23)
    outcome = check_in(db, 23, "camera")
    assert (outcome.code, outcome.event.kind, outcome.event.method) == (
        "returned",
        "return",
        "camera",
    )


@pytest.mark.parametrize(
    ("steps", "call", "error"),
    [
        ([], leave, NotCheckedIn),
        ([], come_back, NotCheckedIn),
        (["in", "leave"], leave, AlreadyLeft),
        (["in"], come_back, NotLeft),
    ],
)
def test_impossible_moves_are_refused_and_change_nothing(db, steps, call, error):
    for step in steps:
        (check_in if step == "in" else leave)(db, 24)
    before = state(db)
    with pytest.raises(error) as raised:
        call(db, 24)
    assert raised.value.params["name"] == state_name(db, 24)
    assert state(db) == before


def state_name(db, number):
    with db.session() as session:
        return queries.delegate_of(session, delegate_id(db, number)).full_name


def test_undo_takes_back_the_last_change_only_and_says_what_it_undid(db):
    came = check_in(db, 25)
    left = leave(db, 25)
    with pytest.raises(NotLastChange):
        undo(db, came.event.id)
    done = undo(db, left.event.id)
    assert (done.undid.id, done.undid.kind, done.presence) == (left.event.id, "leave", "present")
    assert (done.event.kind, done.event.undoes_id) == ("undo", left.event.id)
    assert last_audit(db)[2] == {
        "delegate": 25,
        "event": done.event.id,
        "method": "manual",
        "undid": left.event.id,
        "undid_kind": "leave",
    }
    with pytest.raises(NotLastChange):
        undo(db, left.event.id)  # already undone
    with pytest.raises(UndoUndo):
        undo(db, done.event.id)
    done = undo(db, came.event.id)  # now the check-in is the last change in force
    assert done.presence == "none"
    with db.session() as session:
        assert session.get(Attendance, delegate_id(db, 25)) is None
    assert check_in(db, 25).code == "checked_in"  # and the delegate can check in again


def test_undo_of_a_return_puts_the_delegate_back_to_having_left(db):
    check_in(db, 26)
    leave(db, 26)
    back = come_back(db, 26)
    assert undo(db, back.event.id).presence == "left"
    assert counts(db).left == 1


def test_undo_is_refused_for_another_day_and_for_a_missing_event(db):
    came = check_in(db, 27)
    with db.session(write=True) as session:
        event = session.get(CheckinEvent, came.event.id)
        event.at = event.at - dt.timedelta(days=1)
        session.commit()
        yesterday = event.at
    before = state(db)
    with pytest.raises(UndoTooLate) as raised:
        undo(db, came.event.id)
    local = yesterday.astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert raised.value.params == {"day": local.strftime("%d/%m/%Y")}
    with pytest.raises(NoEvent):
        undo(db, 99999)
    assert state(db) == before


def test_a_delegate_absent_for_the_whole_congress_needs_a_confirmation(db):
    before = state(db)
    outcome = check_in(db, 73)
    assert (outcome.code, outcome.colour, outcome.event) == ("confirm_absent", "amber", None)
    assert [(n.code, n.params) for n in outcome.notes] == [
        ("absent_flag", {"reason": "Việc gia đình"})
    ]
    assert state(db) == before
    confirmed = check_in(db, 73, confirm=True)
    assert (confirmed.code, confirmed.colour) == ("checked_in", "green")
    assert last_audit(db)[2]["despite_absence_flag"] is True
    with db.session() as session:  # the roll's flag is the secretariat's to change
        assert queries.delegate_of(session, delegate_id(db, 73)).absent_whole_congress is True


def test_the_absent_official_names_the_alternate_seated_in_their_place(db):
    outcome = check_in(db, 57)
    assert outcome.code == "confirm_absent"
    assert ("replaced", {"number": 101}) in [(n.code, n.params) for n in outcome.notes]


def test_alternates_seated_are_checked_in_and_others_are_not(db):
    seated = check_in(db, 101)
    assert (seated.code, [(n.code, n.params) for n in seated.notes]) == (
        "checked_in",
        [("seated_alternate", {"number": 57})],
    )
    before = state(db)
    unseated = check_in(db, 102)
    assert (unseated.code, unseated.colour, unseated.event) == ("not_seated", "amber", None)
    assert state(db) == before


def test_a_reserve_member_is_checked_in_with_a_note(db):
    set_flags(db, 30, is_reserve_member=True)
    outcome = check_in(db, 30)
    assert outcome.code == "checked_in"
    assert [n.code for n in outcome.notes] == ["reserve_member"]


def test_counts_follow_the_door(db):
    assert counts(db) == queries.Counts(
        summoned=100,
        present=0,
        left=0,
        not_come=100,
        announced_absent=3,
        alternates_present=0,
    )
    for number in (1, 2, 3, 101):
        check_in(db, number)
    leave(db, 3)
    assert counts(db) == queries.Counts(
        summoned=100,
        present=2,
        left=1,
        not_come=97,
        announced_absent=3,
        alternates_present=1,
    )
    check_in(db, 73, confirm=True)
    assert (counts(db).announced_absent, counts(db).present) == (2, 3)
    set_flags(db, 4, is_reserve_member=True)  # no vote: not summoned (docs/attendance.md)
    check_in(db, 4)
    assert (counts(db).summoned, counts(db).present, counts(db).not_come) == (99, 3, 95)


def test_a_bad_method_or_an_unknown_delegate_is_refused(db):
    before = state(db)
    with db.session(write=True) as session, pytest.raises(BadMethod) as raised:
        services.check_in(session, DESK, delegate_id(db, 5), "telepathy")
    assert raised.value.params["methods"] == "camera, scanner, code, search, manual"
    with db.session(write=True) as session, pytest.raises(UnknownDelegate):
        services.check_in(session, DESK, 99999, "manual")
    assert state(db) == before


@pytest.mark.parametrize("role", ["chair", "counting", "observer", None])
def test_roles_without_checkin_record_change_nothing(db, role):
    came = check_in(db, 40)
    actor = Actor(f"staff:{role}", role)
    before = state(db)
    target = delegate_id(db, 41)
    calls = [
        lambda s: services.check_in(s, actor, target, "manual"),
        lambda s: services.leave(s, actor, delegate_id(db, 40)),
        lambda s: services.come_back(s, actor, delegate_id(db, 40)),
        lambda s: services.undo(s, actor, came.event.id),
        lambda s: services.scan(s, actor, b"k" * 32, "ABCD-EFGH-J"),
    ]
    for call in calls:
        with db.session(write=True) as session, pytest.raises(Forbidden):
            call(session)
    assert state(db) == before


def test_recent_events_say_which_can_still_be_undone(db):
    came = check_in(db, 50)
    other = check_in(db, 51)
    left = leave(db, 50)
    with db.session() as session:
        rows = queries.recent_events(
            session, current_congress(session), dt.datetime.now(dt.UTC), "Asia/Ho_Chi_Minh"
        )
    assert [(r.event.id, r.is_undoable, r.is_undone) for r in rows] == [
        (left.event.id, True, False),
        (other.event.id, True, False),
        (came.event.id, False, False),
    ]
    done = undo(db, left.event.id)
    with db.session() as session:
        rows = queries.recent_events(
            session, current_congress(session), dt.datetime.now(dt.UTC), "Asia/Ho_Chi_Minh"
        )
    assert [(r.event.id, r.is_undoable, r.is_undone) for r in rows] == [
        (done.event.id, False, False),
        (left.event.id, False, True),
        (other.event.id, True, False),
        (came.event.id, True, False),
    ]
    with db.session() as session:
        kinds = [e.kind for e in session.scalars(select(CheckinEvent).order_by(CheckinEvent.id))]
    assert kinds == ["check_in", "check_in", "leave", "undo"]


def test_a_code_as_printed_is_a_code_even_with_no_digit_in_it():
    # About one code in 30 is letters only: typed as printed, it is still looked up as a code.
    from votesys.checkin.services import is_code_like

    assert is_code_like("ABCD-EFGH-J") and is_code_like("abcd - efgh - j")
    assert is_code_like("AB12CD34E") and not is_code_like("ABCDEFGHJ")
    assert not is_code_like("nguyen van an") and not is_code_like("37")
