"""The demo's elections: the counting committee and two approved lists, ready for the chair."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from votesys.congress.queries import the_congress
from votesys.core.rules.validity import check_ballot
from votesys.demo.elections import set_up_elections
from votesys.demo.simulate import ballot_bundle
from votesys.elections import queries
from votesys.elections.models import Candidate, CountingMember
from votesys.roster.models import Delegate


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def test_the_demo_sets_up_both_elections_ready_to_open(db):
    with db.session(write=True) as session:
        made = set_up_elections(session, the_congress(session))
        assert [(e.seats, e.alternates, e.candidates) for e in made] == [(10, 0, 12), (7, 1, 10)]
        elections = queries.elections(session, the_congress(session))
        assert [e.kind for e in elections] == ["executive_committee", "delegates"]
        executive, delegation = (queries.latest_round(session, e) for e in elections)
        for round_ in (executive, delegation):
            assert round_.status == "list_approved" and round_.layout == "strike"
            assert round_.number == 1
        assert (executive.seats, executive.alternates) == (10, 0)
        assert (delegation.seats, delegation.alternates) == (7, 1)
        assert len(queries.round_list(session, executive)) == 12
        assert len(queries.round_list(session, delegation)) == 10
        assert queries.surplus_of(session, executive).text.startswith("20")
        assert queries.surplus_of(session, delegation).text.startswith("25")


def test_the_counting_committee_stands_for_nothing_and_the_candidates_may_stand(db):
    with db.session(write=True) as session:
        set_up_elections(session, the_congress(session))
        members = session.scalars(select(CountingMember)).all()
        assert 3 <= len(members) <= 5
        assert [m.role for m in members].count("head") == 1
        standing = set(session.scalars(select(Candidate.delegate_id)))
        assert all(m.delegate_id is not None for m in members)
        assert standing.isdisjoint({m.delegate_id for m in members})
        people = session.scalars(select(Delegate).where(Delegate.id.in_(standing))).all()
        assert not any(p.is_reserve_member or p.absent_whole_congress for p in people)
        assert all(p.is_official for p in people)
        # most of the outgoing committee (delegates by right) stands again
        assert sum(p.how_came == "by_right" for p in people) >= 8


def test_the_seed_alone_has_no_elections(db):
    """Every test's database comes from seed(): the elections are a separate step."""
    with db.session() as session:
        assert queries.elections(session, the_congress(session)) == []


@pytest.mark.parametrize("layout", ["strike", "approve"])
def test_a_bundle_of_ballots_looks_like_a_hall(layout):
    rows, places = (12, 10) if layout == "strike" else (5, 5)
    papers = ballot_bundle(random.Random(3), layout, rows, places, 91)
    assert len(papers) == 91
    verdicts = [check_ballot(layout, d, places) for d, _ in papers]
    assert all(v.is_valid == is_valid for v, (_, is_valid) in zip(verdicts, papers, strict=True))
    assert 1 <= sum(not v.is_valid for v in verdicts) <= 2
    valid = [d for d, is_valid in papers if is_valid]
    if layout == "strike":
        kept = [sum(d) for d in valid]
        assert kept.count(places) >= 0.7 * len(kept)  # most keep as many names as places
        assert any(k < places for k in kept)  # a few strike more
    else:
        marks = [m for d in valid for m in d]
        assert marks.count("agree") > marks.count("disagree") > 0
    assert ballot_bundle(random.Random(3), layout, rows, places, 91) == papers  # the seed fixes it
