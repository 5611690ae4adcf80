"""A round's life cycle: approve the list, open (B, settings and voters frozen), close, the next
round; and every transition the life cycle refuses."""

from __future__ import annotations

import json

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
    open_ready_round,
    ready_round,
    set_flags,
    set_round_status,
    set_status,
    state,
)
from votesys.attendance.errors import AbsentButCheckedIn
from votesys.ballots.services import close_voting
from votesys.congress.models import Congress
from votesys.core.rules.decide import Candidate as Named
from votesys.core.rules.decide import RoundFacts, decide
from votesys.elections import errors, lifecycle, queries, rounds
from votesys.elections.models import STATUSES, Round, RoundCandidate, RoundVoter
from votesys.roster.models import Delegate


def listed(db, round_id):
    with db.session() as session:
        round_ = session.get(Round, round_id)
        return [(c.id, c.given_name) for c in queries.round_list(session, round_)]


def positions(db, round_id):
    with db.session() as session:
        rows = session.scalars(select(RoundCandidate).where(RoundCandidate.round_id == round_id))
        return {r.candidate_id: r.position for r in rows}


def reload(db, round_id) -> Round:
    with db.session() as session:
        return session.get(Round, round_id)


def test_approving_fixes_the_ballot_order_and_the_strike_layout(db):
    round_ = ready_round(db)
    assert (round_.status, round_.layout) == ("list_approved", "strike")
    order = listed(db, round_.id)
    with db.session() as session:
        rows = [session.get(Delegate, d) for d in ids(db, 20, 21, 22, 23, 24)]
        from votesys.core.names import sort_key

        expected = sorted(rows, key=lambda d: sort_key(d.given_name, d.surname, d.middle_name))
    assert [name for _, name in order] == [d.given_name for d in expected]
    assert sorted(positions(db, round_.id).values()) == [1, 2, 3, 4, 5]
    assert [cid for cid, _ in order] == sorted(
        positions(db, round_.id), key=positions(db, round_.id).get
    )
    kind, _, data = last_audit(db)
    assert (kind, data["layout"], data["surplus"], data["surplus_confirmed"]) == (
        "elections.list_approved",
        "strike",
        "25,00%",
        False,
    )
    assert data["candidates"] == [cid for cid, _ in order]


def test_as_many_names_as_seats_gives_the_approve_layout(db):
    round_ = ready_round(db, numbers=(20, 21, 22), seats=3)
    assert round_.layout == "approve"
    assert last_audit(db)[2]["surplus"] == "0,00%"


def test_an_empty_list_is_refused(db):
    election = create(db)
    committee(db, 95, 96, 97)
    round_ = first_round(db, election.id)
    before = state(db)
    with pytest.raises(errors.EmptyList):
        call(db, rounds.approve_list, round_.id)
    assert state(db) == before


def test_a_counting_member_on_the_list_is_refused(db):
    election = create(db)
    add_delegates(db, election.id, 20, 21, 22, 95)
    committee(db, 95, 96, 97)
    before = state(db)
    with pytest.raises(errors.CountingMemberOnList) as caught:
        call(db, rounds.approve_list, first_round(db, election.id).id)
    with db.session() as session:
        name = session.get(Delegate, ids(db, 95)[0]).full_name
    assert caught.value.params == {"names": name, "election": "Ban Chấp hành"}
    assert state(db) == before


def test_a_surplus_above_30_percent_needs_an_explicit_confirmation(db):
    election = create(db, seats=3)
    add_delegates(db, election.id, 20, 21, 22, 23, 24)  # 2 for 3 places: 66,67%
    committee(db, 95, 96, 97)
    round_id = first_round(db, election.id).id
    before = state(db)
    with pytest.raises(errors.SurplusOverLimit) as caught:
        call(db, rounds.approve_list, round_id)
    assert caught.value.params == {"count": 2, "places": 3, "share": "66,67%"}
    assert state(db) == before
    approved = call(db, rounds.approve_list, round_id, confirm_surplus=True)
    assert approved.status == "list_approved"
    assert last_audit(db)[2]["surplus_confirmed"] is True


def test_a_reopened_list_is_a_draft_again(db):
    round_ = ready_round(db)
    before = state(db)
    with pytest.raises(errors.ReasonRequired):
        call(db, rounds.reopen_list, round_.id, " ")
    assert state(db) == before
    reopened = call(db, rounds.reopen_list, round_.id, "Đại hội chấp thuận cho rút")
    assert (reopened.status, reopened.layout) == ("draft", None)
    assert set(positions(db, round_.id).values()) == {None}
    add_delegates(db, round_.election_id, 30)
    assert len(listed(db, round_.id)) == 6


def open_ready(db, present=(1, 2, 3, 20, 21, 101, 102)):
    return open_ready_round(db, present)


def test_opening_freezes_b_its_breakdown_the_threshold_and_the_settings(db):
    round_ = open_ready(db)
    assert (round_.status, round_.base, round_.threshold) == ("open", 98, 50)
    assert round_.opened_at is not None and round_.closed_at is None
    assert json.loads(round_.base_breakdown) == {
        "kind": "delegate",
        "summoned": 100,
        "exclusions": [
            {"code": "convening_absent", "count": 1, "numbers": [9]},
            {"code": "absent_not_replaced", "count": 1, "numbers": [73]},
        ],
        "value": 98,
    }
    assert json.loads(round_.settings) == {
        "alternates_ballot": "same_ballot",
        "is_all_disagree_valid": True,
        "percent_rounding": "half_up",
        "quorum": None,
        "same_given_name_order": "surname_middle_birth",
        "tie_rule": "reballot",
    }
    kind, actor, data = last_audit(db)
    assert (kind, actor, data["base"], data["threshold"]) == (
        "elections.round_opened",
        "staff:chair",
        98,
        50,
    )
    # 101 sits for 57 (absent): a voter; 102 is an alternate with no seat: not a voter.
    assert data["voters"] == [1, 2, 3, 20, 21, 101]


def test_eligible_voters_are_officials_in_the_hall_and_seated_alternates(db):
    set_flags(db, 30, is_reserve_member=True)  # no vote
    set_flags(db, 31, suspended_or_prosecuted=True)  # no vote
    set_flags(db, 102, seated_for_number=40)  # 40 is in the hall: 102 does not vote
    set_status(db, (40,))
    set_status(db, (41,), "left")  # left early: not present at the vote
    round_ = open_ready(db, present=(20, 30, 31, 101, 102))
    with db.session() as session:
        numbers = session.scalars(
            select(Delegate.number)
            .join(RoundVoter, RoundVoter.delegate_id == Delegate.id)
            .where(RoundVoter.round_id == round_.id)
            .order_by(Delegate.number)
        ).all()
        voters = session.scalars(select(RoundVoter).where(RoundVoter.round_id == round_.id))
        assert {(v.is_issued, v.has_voted) for v in voters} == {(False, False)}
    assert numbers == [20, 40, 101]


def test_the_door_after_opening_changes_neither_b_nor_the_voters(db):
    round_ = open_ready(db)
    with db.session() as session:
        voters_before = queries.voter_ids(session, session.get(Round, round_.id))
    set_status(db, (50, 51, 52))
    set_status(db, (20,), "left")
    set_flags(db, 80, absent_whole_congress=True)  # B now would be 97
    again = reload(db, round_.id)
    assert (again.base, again.threshold, again.base_breakdown) == (
        98,
        50,
        round_.base_breakdown,
    )
    with db.session() as session:
        assert queries.voter_ids(session, again) == voters_before
        assert queries.turnout(session, again) == queries.Turnout(6, 0, 0)


def test_opening_refusals_change_nothing(db):
    round_ = ready_round(db)
    before = state(db)
    with pytest.raises(errors.NoVoters):
        call(db, rounds.open_round, round_.id)
    assert state(db) == before
    set_status(db, (20, 21))
    with db.session(write=True) as session:
        session.scalars(select(Congress)).one().quorum = "2/3"
        session.commit()
    before = state(db)
    with pytest.raises(errors.QuorumNotMet) as caught:
        call(db, rounds.open_round, round_.id)
    assert caught.value.params == {"present": 2, "required": 66}
    with db.session(write=True) as session:
        session.scalars(select(Congress)).one().quorum = None
        session.commit()
    set_status(db, (73,))  # marked absent for the whole congress, yet checked in
    before = state(db)
    with pytest.raises(AbsentButCheckedIn):
        call(db, rounds.open_round, round_.id)
    assert state(db) == before


def test_opening_needs_a_counting_committee(db):
    election = create(db)
    add_delegates(db, election.id, 20, 21, 22)
    round_ = call(db, rounds.approve_list, first_round(db, election.id).id)
    set_status(db, (20,))
    before = state(db)
    with pytest.raises(errors.NoCountingCommittee):
        call(db, rounds.open_round, round_.id)
    assert state(db) == before


def test_an_opinion_ballot_needs_more_than_30_percent_of_the_voters(db):
    target = create(db, seats=3)
    opinion = create(db, kind="opinion", title="Xin ý kiến", seats=0, target_election_id=target.id)
    add_delegates(db, opinion.id, 20, 21, 22, 23, 24, 25)
    committee(db, 95, 96, 97)
    round_ = call(db, rounds.approve_list, first_round(db, opinion.id).id)
    assert round_.layout == "approve"  # 6 names, no seats: agree / disagree per person
    set_status(db, range(30, 40))  # 10 voters: more than 3 agree needed
    opened = call(db, rounds.open_round, round_.id)
    with db.session() as session:
        assert len(queries.voter_ids(session, opened)) == 10
    assert (opened.base, opened.threshold) == (98, 4)


def test_closing_records_the_turnout_and_signs_the_audit_head(db):
    round_ = open_ready(db)
    closed = call(db, close_voting, round_.id)
    assert closed.status == "closed" and closed.closed_at >= closed.opened_at
    kind, _, data = last_audit(db, back=1)
    assert (kind, data["eligible"], data["issued"], data["voted"]) == (
        "elections.round_closed",
        6,
        0,
        0,
    )
    kind, actor, data = last_audit(db)
    assert (kind, actor, data["ballots"], data["voted"]) == (
        "ballots.box_sealed",
        "staff:chair",
        0,
        0,
    )
    with db.session() as session:
        from votesys.audit.models import AuditCheckpoint, AuditHead

        head = session.get(AuditHead, 1)
        assert session.get(AuditCheckpoint, head.seq) is not None


@pytest.mark.parametrize(
    "status, service, error, first",
    [
        ("draft", rounds.open_round, errors.NotYet, "approve the list"),
        ("draft", close_voting, errors.NotYet, "approve the list"),
        ("list_approved", close_voting, errors.NotYet, "open voting"),
        ("open", rounds.open_round, errors.TooLate, None),
        ("closed", close_voting, errors.TooLate, None),
        ("closed", rounds.open_round, errors.TooLate, None),
        ("counted", close_voting, errors.TooLate, None),
        ("announced", rounds.open_round, errors.TooLate, None),
    ],
)
def test_transitions_outside_the_life_cycle_are_refused(db, status, service, error, first):
    round_ = ready_round(db)
    set_round_status(db, round_.id, status)
    before = state(db)
    with pytest.raises(error) as caught:
        call(db, service, round_.id)
    assert caught.value.params["current"] == status
    assert caught.value.params.get("first") == first
    assert state(db) == before


@pytest.mark.parametrize("status", ["open", "closed", "counted", "signed", "announced"])
def test_a_list_voted_on_cannot_be_approved_or_reopened(db, status):
    round_ = ready_round(db)
    set_round_status(db, round_.id, status)
    before = state(db)
    with pytest.raises(errors.TooLate):
        call(db, rounds.approve_list, round_.id)
    with pytest.raises(errors.TooLate):
        call(db, rounds.reopen_list, round_.id, "reason")
    assert state(db) == before


def test_the_life_cycle_table():
    assert tuple(lifecycle.TRANSITIONS) == STATUSES
    allowed = {(a, b) for a in STATUSES for b in STATUSES if lifecycle.allows(a, b)}
    assert allowed == {
        ("draft", "list_approved"),
        ("list_approved", "draft"),
        ("list_approved", "open"),
        ("open", "closed"),
        ("closed", "counted"),
        ("counted", "signed"),
        ("signed", "announced"),
    }
    assert lifecycle.first_step("draft", "announced") == "approve the list"
    assert lifecycle.first_step("closed", "signed") == "count the ballots"
    assert lifecycle.first_step("signed", "open") is None
    assert set(lifecycle.STEP_INTO) == set(STATUSES)


def counted_with_a_tie(db):
    """Round 1: 5 names for 4 seats, counted with votes 80, 70, 60, 60, 60 in ballot order:
    the first two are elected, the last three tie for the two seats left."""
    round_ = open_ready(db)
    call(db, close_voting, round_.id)
    set_round_status(db, round_.id, "counted")
    ballot = [str(cid) for cid, _ in listed(db, round_.id)]
    votes = dict(zip(ballot, (80, 70, 60, 60, 60), strict=True))
    facts = RoundFacts("strike", 4, 0, 98, tuple(Named(c, c) for c in ballot), 98, 98, 0, votes)
    return round_, ballot, decide(facts)


def test_the_next_round_after_a_tie_takes_the_tied_for_the_open_seats(db):
    round_, ballot, decision = counted_with_a_tie(db)
    assert (decision.status, decision.open_seats) == ("tie", 2)
    new = call(db, rounds.make_next_round, round_.id, decision)
    assert (new.number, new.seats, new.alternates, new.fills, new.status) == (
        2,
        2,
        0,
        "official",
        "draft",
    )
    assert decision.tied == tuple(ballot[2:])
    assert [str(cid) for cid, _ in listed(db, new.id)] == ballot[2:]
    kind, _, data = last_audit(db)
    assert (kind, data["reason"], data["carried"], data["added"]) == (
        "elections.round_made",
        "tie",
        [int(c) for c in ballot[2:]],
        [],
    )
    # The congress adds a name: it goes into the new draft round.
    add_delegates(db, round_.election_id, 40)
    assert len(listed(db, new.id)) == 4
    before = state(db)
    with pytest.raises(errors.NextRoundExists):
        call(db, rounds.make_next_round, round_.id, decision)
    assert state(db) == before


def test_next_round_refusals(db):
    round_, ballot, decision = counted_with_a_tie(db)
    before = state(db)
    set_round_status(db, round_.id, "closed")
    with pytest.raises(errors.NotYet) as caught:
        call(db, rounds.make_next_round, round_.id, decision)
    assert caught.value.params["first"] == "count the ballots"
    set_round_status(db, round_.id, "counted")
    with pytest.raises(errors.BadAddedName) as caught:
        call(db, rounds.make_next_round, round_.id, decision, [int(decision.elected[0])])
    assert caught.value.params["detail"] == "they were elected in this round"
    stranger = decide(RoundFacts("approve", 1, 0, 98, (Named("999", "x"),), 98, 98, 0, {"999": 10}))
    with pytest.raises(errors.BadDecision):
        call(db, rounds.make_next_round, round_.id, stranger)
    done = decide(
        RoundFacts(
            "strike",
            4,
            0,
            98,
            tuple(Named(c, c) for c in ballot),
            98,
            98,
            0,
            dict(zip(ballot, (90, 80, 70, 60, 10), strict=True)),
        )
    )
    with pytest.raises(errors.NothingOpen):
        call(db, rounds.make_next_round, round_.id, done)
    assert state(db) == before
