"""Setting up: elections, candidates from the roll and by hand, withdrawals, the counting
committee. Each refusal says what is wrong and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.elections.conftest import (
    add_delegates,
    call,
    committee,
    create,
    first_round,
    ids,
    last_audit,
    ready_round,
    set_flags,
    state,
)
from votesys.congress.queries import current_congress
from votesys.elections import errors, queries, services
from votesys.elections.models import Candidate, CountingMember, RoundCandidate


def test_an_election_is_made_with_a_draft_first_round_and_audited(db):
    election = create(db, title="  Ban Chấp hành   Đảng bộ ", seats=11)
    assert (election.kind, election.title, election.seats, election.position) == (
        "executive_committee",
        "Ban Chấp hành Đảng bộ",
        11,
        1,
    )
    round_ = first_round(db, election.id)
    assert (round_.number, round_.seats, round_.alternates, round_.status, round_.fills) == (
        1,
        11,
        0,
        "draft",
        "official",
    )
    assert round_.layout is None and round_.base is None
    assert last_audit(db) == (
        "elections.created",
        "staff:secretariat",
        {
            "election": election.id,
            "election_kind": "executive_committee",
            "title": "Ban Chấp hành Đảng bộ",
            "seats": 11,
            "alternates": 0,
            "target": None,
            "round": round_.id,
        },
    )
    second = create(db, kind="delegates", title="Đoàn đại biểu", seats=7, alternates=1)
    assert (second.position, second.alternates) == (2, 1)


@pytest.mark.parametrize(
    "kind, seats, kwargs, error",
    [
        ("president", 1, {}, errors.BadKind),
        ("executive_committee", 0, {}, errors.BadSeats),
        ("executive_committee", -2, {}, errors.BadSeats),
        ("executive_committee", True, {}, errors.BadSeats),
        ("secretary", 2, {}, errors.BadSeats),
        ("inspection_chair", 3, {}, errors.BadSeats),
        ("executive_committee", 5, {"alternates": 1}, errors.AlternatesNotAllowed),
        ("opinion", 0, {}, errors.BadTarget),
        ("opinion", 2, {"target_election_id": 1}, errors.BadSeats),
        ("executive_committee", 5, {"target_election_id": 1}, errors.BadTarget),
    ],
)
def test_bad_elections_are_refused_and_change_nothing(db, kind, seats, kwargs, error):
    before = state(db)
    with pytest.raises(error):
        create(db, kind=kind, seats=seats, **kwargs)
    assert state(db) == before


def test_a_title_is_required(db):
    before = state(db)
    with pytest.raises(errors.BadTitle) as caught:
        create(db, title="   ")
    assert caught.value.params == {"length": 0}
    assert state(db) == before


def test_an_opinion_ballot_names_an_election_of_the_congress(db):
    target = create(db, seats=11)
    opinion = create(db, kind="opinion", title="Xin ý kiến", seats=0, target_election_id=target.id)
    assert (opinion.seats, opinion.target_election_id) == (0, target.id)
    with pytest.raises(errors.BadTarget):
        create(db, kind="opinion", seats=0, target_election_id=opinion.id)
    with pytest.raises(errors.BadTarget):
        create(db, kind="opinion", seats=0, target_election_id=999)


def test_alternates_are_on_one_ballot_or_apart_not_both(db):
    create(db, kind="delegates", title="Đại biểu", seats=7, alternates=1)
    before = state(db)
    with pytest.raises(errors.AlternatesBallotConflict):
        create(db, kind="alternate_delegates", title="Dự khuyết", seats=1)
    assert state(db) == before


def test_a_separate_alternates_ballot_excludes_alternates_on_the_officials_ballot(db):
    create(db, kind="alternate_delegates", title="Dự khuyết", seats=1)
    with pytest.raises(errors.AlternatesBallotConflict):
        create(db, kind="delegates", title="Đại biểu", seats=7, alternates=1)
    assert create(db, kind="delegates", title="Đại biểu", seats=7).alternates == 0


def test_a_delegate_from_the_roll_is_copied_onto_the_draft_list(db):
    election = create(db)
    (delegate_id,) = ids(db, 20)
    candidate = call(db, services.add_delegate_candidate, election.id, delegate_id)
    with db.session() as session:
        from votesys.roster.models import Delegate

        delegate = session.get(Delegate, delegate_id)
        stored = session.get(Candidate, candidate.id)
        assert (stored.full_name, stored.given_name, stored.birth_date) == (
            delegate.full_name,
            delegate.given_name,
            delegate.birth_date,
        )
        assert (stored.description, stored.nominated_by) == (delegate.position, "convening")
        round_ = first_round(db, election.id)
        assert session.get(RoundCandidate, (round_.id, candidate.id)).position is None
    kind, _, data = last_audit(db)
    assert (kind, data["candidate"], data["delegate"], data["restored"]) == (
        "elections.candidate_added",
        candidate.id,
        delegate_id,
        False,
    )


def test_the_same_delegate_twice_is_refused(db):
    election = create(db)
    add_delegates(db, election.id, 20)
    before = state(db)
    with pytest.raises(errors.AlreadyOnList):
        add_delegates(db, election.id, 20)
    assert state(db) == before


def test_a_reserve_member_cannot_stand_and_an_unknown_delegate_is_refused(db):
    election = create(db)
    set_flags(db, 30, is_reserve_member=True)
    before = state(db)
    with pytest.raises(errors.ReserveMemberCannotStand) as caught:
        add_delegates(db, election.id, 30)
    assert caught.value.params["number"] == 30
    with pytest.raises(errors.UnknownDelegate):
        call(db, services.add_delegate_candidate, election.id, 99_999)
    with pytest.raises(errors.UnknownElection):
        call(db, services.add_delegate_candidate, 99_999, ids(db, 20)[0])
    with pytest.raises(errors.BadNominatedBy):
        call(db, services.add_delegate_candidate, election.id, ids(db, 20)[0], "chair")
    assert state(db) == before


def test_a_name_entered_by_hand_is_split_and_kept(db):
    election = create(db)
    candidate = call(
        db,
        services.add_named_candidate,
        election.id,
        "  Hoàng   Thị Thu   Hà ",
        dt.date(1980, 3, 4),
        "Phó Chủ tịch UBND phường",
        "congress",
    )
    assert (candidate.surname, candidate.middle_name, candidate.given_name) == (
        "Hoàng",
        "Thị Thu",
        "Hà",
    )
    assert (candidate.full_name, candidate.delegate_id, candidate.nominated_by) == (
        "Hoàng Thị Thu Hà",
        None,
        "congress",
    )
    before = state(db)
    with pytest.raises(errors.AlreadyOnList):
        call(db, services.add_named_candidate, election.id, "hoàng thị thu hà", dt.date(1980, 3, 4))
    with pytest.raises(errors.BadName):
        call(db, services.add_named_candidate, election.id, "   ")
    with pytest.raises(errors.BadText):
        call(db, services.add_named_candidate, election.id, "Lê Văn Tám", None, "x" * 301)
    assert state(db) == before
    # A namesake with another birth date is another person.
    call(db, services.add_named_candidate, election.id, "Hoàng Thị Thu Hà", dt.date(1990, 1, 1))


def test_a_withdrawal_takes_the_name_off_the_draft_list_with_its_reason(db):
    election = create(db)
    first, second = add_delegates(db, election.id, 20, 21)
    call(db, services.withdraw_candidate, election.id, first, "  Xin rút vì lý do sức khỏe ")
    round_ = first_round(db, election.id)
    with db.session() as session:
        listed = [c.id for c in queries.round_list(session, session.get(type(round_), round_.id))]
        withdrawn = session.get(Candidate, first)
    assert listed == [second]
    assert (withdrawn.is_withdrawn, withdrawn.withdrawal_reason) == (
        True,
        "Xin rút vì lý do sức khỏe",
    )
    assert last_audit(db)[2]["reason"] == "Xin rút vì lý do sức khỏe"
    before = state(db)
    with pytest.raises(errors.AlreadyWithdrawn):
        call(db, services.withdraw_candidate, election.id, first, "again")
    with pytest.raises(errors.ReasonRequired):
        call(db, services.withdraw_candidate, election.id, second, "  ")
    with pytest.raises(errors.UnknownCandidate):
        call(db, services.withdraw_candidate, election.id, 99_999, "x")
    assert state(db) == before
    # Put back from the roll: the same candidate row, restored.
    (again,) = add_delegates(db, election.id, 20)
    assert again == first and last_audit(db)[2]["restored"] is True


def test_an_approved_list_must_be_reopened_before_it_changes(db):
    round_ = ready_round(db)
    before = state(db)
    with pytest.raises(errors.ListApproved) as caught:
        add_delegates(db, round_.election_id, 30)
    assert caught.value.params == {"number": 1}
    with db.session() as session:
        first = queries.round_list(session, session.get(type(round_), round_.id))[0].id
    with pytest.raises(errors.ListApproved):
        call(db, services.withdraw_candidate, round_.election_id, first, "Xin rút")
    assert state(db) == before


def test_the_counting_committee_is_recorded_with_one_head(db):
    committee(db, 95, 96, 97)
    with db.session() as session:
        members = queries.counting_members(session, current_congress(session))
        assert [(m.role, m.delegate_id) for m in members] == [
            ("head", ids(db, 95)[0]),
            ("member", ids(db, 96)[0]),
            ("member", ids(db, 97)[0]),
        ]
    kind, _, data = last_audit(db)
    assert kind == "elections.counting_committee_set" and len(data["members"]) == 3
    committee(db, 98, 99)  # replaced as a whole
    with db.session() as session:
        assert session.scalars(select(CountingMember.delegate_id)).all() == ids(db, 98, 99)


@pytest.mark.parametrize(
    "members, detail",
    [
        ([("member", 95), ("member", 96)], "it needs exactly one head (0 given)"),
        ([("head", 95), ("head", 96)], "it needs exactly one head (2 given)"),
        ([("head", 95), ("member", 95)], "is given twice"),
        ([("chief", 95)], "unknown role 'chief'"),
    ],
)
def test_a_bad_counting_committee_is_refused(db, members, detail):
    committee(db, 90, 91, 92)
    before = state(db)
    inputs = [services.MemberInput(role, delegate_id=ids(db, n)[0]) for role, n in members]
    with db.session(write=True) as session, pytest.raises(errors.BadCountingCommittee) as caught:
        services.set_counting_members(session, call_actor(), current_congress(session), inputs)
    assert detail in caught.value.params["detail"]
    assert state(db) == before


def call_actor():
    from tests.elections.conftest import SECRETARIAT

    return SECRETARIAT


def test_a_counting_member_by_name_counts_like_one_from_the_roll(db):
    election = create(db)
    call(db, services.add_named_candidate, election.id, "Đỗ Văn Khách", dt.date(1970, 1, 1))
    call(db, services.add_named_candidate, election.id, "Lý Thị Một")
    inputs = [
        services.MemberInput("head", delegate_id=ids(db, 95)[0]),
        services.MemberInput("member", full_name="đỗ  văn khách"),
    ]
    with db.session(write=True) as session:
        services.set_counting_members(session, call_actor(), current_congress(session), inputs)
    round_ = first_round(db, election.id)
    before = state(db)
    from votesys.elections import rounds

    with pytest.raises(errors.CountingMemberOnList) as caught:
        call(db, rounds.approve_list, round_.id)
    assert caught.value.params["names"] == "Đỗ Văn Khách"
    assert state(db) == before


def test_the_committee_cannot_take_in_a_candidate_of_an_approved_list(db):
    round_ = ready_round(db)
    before = state(db)
    with pytest.raises(errors.CountingMemberOnList) as caught:
        committee(db, 95, 21)
    assert caught.value.params["election"] == "Ban Chấp hành"
    assert state(db) == before
    assert round_.status == "list_approved"
