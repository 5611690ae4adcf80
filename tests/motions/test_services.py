"""Motions by show of hands: the base rule, changing a vote before closing, refusing one after,
named and anonymous votes, the secretariat's raised cards, the usual items and the list."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from tests.elections.conftest import (
    CHAIR,
    OBSERVER,
    SECRETARIAT,
    add_delegates,
    create,
    ids,
    set_status,
)
from tests.motions.conftest import (
    PRESENT,
    SLIP_KEY,
    audit_kinds,
    new_motion,
    open_with,
    run,
    snapshot,
    vote,
    votes,
)
from votesys.congress.queries import current_congress
from votesys.errors import Forbidden
from votesys.motions import errors, queries, services, words
from votesys.motions.models import Motion, MotionSlip, MotionVoter


def result(db, motion_id: int) -> dict:
    with db.session() as session:
        return queries.result_of(session.get(Motion, motion_id))


# --- the base rule ---


def test_a_motion_passes_with_more_than_half_of_B_not_of_those_who_voted(db):
    motion = open_with(db)
    assert (motion.base, motion.threshold) == (98, 50)
    votes(db, motion.id, {"agree": PRESENT[:49]})  # 49 of the 49 who voted: not enough
    run(db, services.close_motion, motion.id)
    figures = result(db, motion.id)
    assert figures["counts"] == {"agree": 49, "disagree": 0, "abstain": 0}
    assert figures["voters"] == 97 and figures["not_voted"] == 48
    assert figures["is_passed"] is False


def test_fifty_of_98_pass(db):
    motion = open_with(db)
    votes(db, motion.id, {"agree": PRESENT[:50], "disagree": PRESENT[50:60]})
    run(db, services.close_motion, motion.id)
    assert result(db, motion.id)["is_passed"] is True


def test_the_result_reads_72_of_98_in_vietnamese(app, db):
    motion = open_with(db)
    votes(
        db,
        motion.id,
        {"agree": PRESENT[:72], "disagree": PRESENT[72:90], "abstain": PRESENT[90:95]},
    )
    run(db, services.close_motion, motion.id)
    figures = result(db, motion.id)
    with app.test_request_context(), force_locale("vi"):
        assert words.result_line(figures) == "72 / 98 tán thành (73,47%)"
        assert "Thông qua" in words.verdict(figures)
    assert audit_kinds(db, "motions.closed")[-1]["result"]["counts"]["agree"] == 72


def test_the_voters_are_frozen_when_it_opens(db):
    motion = open_with(db, present=(1, 2, 3))
    set_status(db, (4,))  # comes in after: no vote on this motion
    with pytest.raises(errors.NotAVoter):
        vote(db, motion.id, 4, "agree")
    assert queries.turnout(db.session(), motion).voters == 3


# --- changing before closing, refusing after ---


def test_a_vote_may_be_changed_until_the_chair_closes(db):
    motion = open_with(db)
    first = vote(db, motion.id, 5, "agree")
    second = vote(db, motion.id, 5, "disagree")
    assert (first.is_change, second.is_change) == (False, True)
    with db.session() as session:
        assert queries.turnout(session, session.get(Motion, motion.id)).voted == 1
    run(db, services.close_motion, motion.id)
    assert result(db, motion.id)["counts"] == {"agree": 0, "disagree": 1, "abstain": 0}
    entries = audit_kinds(db, "motions.hand_recorded")
    assert [(e["hand"], e["changed"]) for e in entries] == [("agree", False), ("disagree", True)]


def test_a_vote_after_closing_is_refused_and_changes_nothing(db):
    motion = open_with(db)
    vote(db, motion.id, 5, "agree")
    run(db, services.close_motion, motion.id)
    before = snapshot(db)
    for number, choice in ((5, "disagree"), (6, "agree")):
        with pytest.raises(errors.NotOpen):
            vote(db, motion.id, number, choice)
    assert snapshot(db) == before
    assert result(db, motion.id)["counts"]["agree"] == 1


def test_a_vote_before_opening_is_refused(db):
    motion = new_motion(db)
    set_status(db, PRESENT)
    with pytest.raises(errors.NotOpen):
        vote(db, motion.id, 5, "agree")


def test_a_choice_that_is_not_one_of_the_three_is_refused(db):
    motion = open_with(db)
    before = snapshot(db)
    for bad in ("yes", "", None, ["agree"]):
        with pytest.raises(errors.BadChoice):
            vote(db, motion.id, 5, bad)
    assert snapshot(db) == before


def test_closing_twice_is_refused(db):
    motion = open_with(db)
    run(db, services.close_motion, motion.id)
    with pytest.raises(errors.NotOpen):
        run(db, services.close_motion, motion.id)


# --- anonymous motions ---


def test_an_anonymous_vote_stores_who_voted_never_how(db):
    motion = open_with(db, is_named=False)
    vote(db, motion.id, 5, "agree")
    vote(db, motion.id, 6, "disagree")
    vote(db, motion.id, 5, "abstain")  # changed: the same slip
    with db.session() as session:
        voters = session.scalars(select(MotionVoter).where(MotionVoter.has_voted)).all()
        assert {v.choice for v in voters} == {None} and {v.recorded_by for v in voters} == {None}
        slips = session.scalars(select(MotionSlip)).all()
        assert sorted(s.choice for s in slips) == ["abstain", "disagree"]
        assert {s.tag for s in slips} == {
            services.slip_tag(SLIP_KEY, motion.id, d) for d in ids(db, 5, 6)
        }  # tags under the instance's key: no delegate id in the clear
    assert all("hand" not in e for e in audit_kinds(db, "motions.voted"))
    run(db, services.close_motion, motion.id)
    with db.session() as session:
        assert session.scalars(select(MotionSlip)).all() == []  # only the totals remain
    assert result(db, motion.id)["counts"] == {"agree": 0, "disagree": 1, "abstain": 1}


def test_an_anonymous_slip_is_unlinkable_without_the_key(db):
    (five,) = ids(db, 5)
    assert services.slip_tag(SLIP_KEY, 1, five) != services.slip_tag(b"x" * 32, 1, five)
    assert services.slip_tag(SLIP_KEY, 1, five) != services.slip_tag(SLIP_KEY, 2, five)


def test_the_tablet_shows_the_delegate_their_own_anonymous_choice(db):
    motion = open_with(db, is_named=False)
    vote(db, motion.id, 5, "disagree")
    (five, six) = ids(db, 5, 6)
    with db.session() as session:
        motion = session.get(Motion, motion.id)
        assert (
            queries.choice_of(session, motion, five, services.slip_tag(SLIP_KEY, motion.id, five))
            == "disagree"
        )  # noqa: E501
        assert (
            queries.choice_of(session, motion, six, services.slip_tag(SLIP_KEY, motion.id, six))
            is None
        )  # noqa: E501


# --- the secretariat records a raised card ---


def test_the_secretariat_records_a_raised_card_on_a_named_motion(db):
    motion = open_with(db)
    done = run(db, services.record_by_hand, motion.id, 7, "agree")
    assert done.choice == "agree"
    vote(db, motion.id, 7, "disagree")  # the delegate then uses a tablet: the later choice stands
    run(db, services.close_motion, motion.id)
    with db.session() as session:
        by_unit = queries.named_votes(session, session.get(Motion, motion.id))
    seven = [v for group in by_unit for v in group.votes if v.number == 7]
    assert [(v.choice, v.recorded_by) for v in seven] == [("disagree", "tablet")]
    assert sum(len(group.votes) for group in by_unit) == len(PRESENT)


def test_no_raised_card_is_recorded_on_an_anonymous_motion(db):
    motion = open_with(db, is_named=False)
    before = snapshot(db)
    with pytest.raises(errors.AnonymousByHand):
        run(db, services.record_by_hand, motion.id, 7, "agree")
    assert snapshot(db) == before


def test_a_raised_card_of_someone_who_is_not_a_voter_is_refused(db):
    motion = open_with(db)
    for number in (9, 999):  # absent for the whole congress; not on the roll
        with pytest.raises(errors.NotAVoter):
            run(db, services.record_by_hand, motion.id, number, "agree")


# --- the chair and the secretariat, each their own job ---


def test_only_the_chair_opens_and_closes(db):
    motion = new_motion(db)
    set_status(db, PRESENT)
    for actor in (SECRETARIAT, OBSERVER):
        with pytest.raises(Forbidden):
            run(db, services.open_motion, motion.id, actor=actor)
    run(db, services.open_motion, motion.id, actor=CHAIR)
    with pytest.raises(Forbidden):
        run(db, services.close_motion, motion.id, actor=SECRETARIAT)


def test_only_the_secretariat_writes_motions(db):
    data = services.MotionInput("other", "Câu hỏi", "Đại hội biểu quyết?")
    for actor in (CHAIR, OBSERVER):
        with pytest.raises(Forbidden), db.session(write=True) as session:
            services.create_motion(session, actor, current_congress(session), data)


def test_one_motion_at_a_time(db):
    open_with(db)
    second = new_motion(db, title="Quy chế làm việc")
    with pytest.raises(errors.AnotherMotionOpen):
        run(db, services.open_motion, second.id)


def test_a_motion_put_to_the_vote_can_no_longer_be_changed(db):
    motion = open_with(db)
    data = services.MotionInput("programme", "Khác", "Khác?")
    with pytest.raises(errors.NotDraft):
        run(db, services.update_motion, motion.id, data)
    with pytest.raises(errors.NotDraft):
        run(db, services.delete_motion, motion.id)
    with pytest.raises(errors.NotDraft):
        run(db, services.open_motion, motion.id)


def test_nobody_in_the_hall_no_vote(db):
    motion = new_motion(db)
    with pytest.raises(errors.NoVotersPresent):
        run(db, services.open_motion, motion.id)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (services.MotionInput("nope", "T", "Q"), errors.BadMotionKind),
        (services.MotionInput("other", "  ", "Q"), errors.BadMotionTitle),
        (services.MotionInput("other", "T", "x" * 2001), errors.BadQuestion),
        (services.MotionInput("election_list", "T", "Q"), errors.ElectionNeeded),
    ],
)
def test_a_bad_motion_is_refused_and_nothing_is_written(db, data, error):
    before = snapshot(db)
    with pytest.raises(error), db.session(write=True) as session:
        services.create_motion(session, SECRETARIAT, current_congress(session), data)
    assert snapshot(db) == before


# --- the usual items, and the list right after the opinion ballot ---


def test_the_usual_items_are_added_once_in_their_order(db):
    election = create(db, title="Ban Chấp hành Đảng bộ", seats=3)
    with db.session(write=True) as session:
        made = services.create_usual(session, SECRETARIAT, current_congress(session))
    kinds = [m.kind for m in made]
    assert kinds[:6] == [
        "presidium",
        "secretariat",
        "credentials_committee",
        "programme",
        "working_rules",
        "counting_committee",
    ]
    assert kinds[6:] == ["number_to_elect", "election_list", "resolution"]
    assert made[6].election_id == election.id and "3 người" in made[6].question
    with db.session(write=True) as session:
        assert services.create_usual(session, SECRETARIAT, current_congress(session)) == []


def test_the_list_motion_names_the_list_in_ballot_order(db):
    election = create(db, title="Ban Chấp hành", seats=2)
    add_delegates(db, election.id, 20, 21, 22)
    motion = run(db, services.put_list, election.id)
    assert motion.kind == "election_list" and motion.election_id == election.id
    with db.session() as session:
        from votesys.elections import queries as elections

        names = [
            c.full_name
            for c in elections.round_list(
                session, elections.latest_round(session, elections.election(session, election.id))
            )
        ]  # noqa: E501
    assert "gồm 3 đồng chí" in motion.question
    positions = [motion.question.index(name) for name in names]
    assert positions == sorted(positions)
    add_delegates(db, election.id, 23)
    again = run(db, services.put_list, election.id)
    assert again.id == motion.id and "gồm 4 đồng chí" in again.question


def test_an_empty_list_is_not_put_to_the_vote(db):
    election = create(db, title="Ban Chấp hành", seats=2)
    with pytest.raises(errors.NothingToAdd):
        run(db, services.put_list, election.id)
