"""Who may set up elections and run rounds: every service refuses a role without the right,
before reading its input, and changes nothing. The secretariat prepares elections
("elections.manage"); only the chair opens and closes voting ("rounds.open_close")."""

from __future__ import annotations

import pytest

from tests.elections.conftest import (
    CHAIR,
    OBSERVER,
    SECRETARIAT,
    add_delegates,
    create,
    first_round,
    ids,
    ready_round,
    set_status,
    state,
)
from votesys.ballots.services import close_voting
from votesys.congress.queries import current_congress
from votesys.core.rules.decide import Candidate as Named
from votesys.core.rules.decide import RoundFacts, decide
from votesys.elections import rounds, services
from votesys.errors import Forbidden
from votesys.roles import Actor

OTHERS = [
    OBSERVER,
    Actor("staff:credentials", "credentials"),
    Actor("staff:counting1", "counting"),
    Actor.anonymous(),
]
CHAIRS_WRITES = ("open", "close")


def action_of(name: str) -> str:
    return "rounds.open_close" if name in CHAIRS_WRITES else "elections.manage"


def refused(actor, name: str) -> bool:
    if actor in (CHAIR, SECRETARIAT):
        return (actor is CHAIR) != (name in CHAIRS_WRITES)
    return True


def writes(db):
    """Every write of the domain, as (name, function(session, actor))."""
    round_ = ready_round(db)
    election = create(db, kind="standing_committee", title="Ban Thường vụ", seats=3)
    (candidate,) = add_delegates(db, election.id, 30)
    delegate, member = ids(db, 31, 90)
    decision = decide(RoundFacts("approve", 1, 0, 98, (Named("1", "x"),), 98, 98, 0, {"1": 10}))
    return [
        (
            "create_election",
            lambda s, a: services.create_election(
                s, a, current_congress(s), "secretary", "Bí thư", 1
            ),
        ),
        ("add_delegate", lambda s, a: services.add_delegate_candidate(s, a, election.id, delegate)),
        ("add_named", lambda s, a: services.add_named_candidate(s, a, election.id, "Lê Văn Tám")),
        ("withdraw", lambda s, a: services.withdraw_candidate(s, a, election.id, candidate, "x")),
        (
            "counting",
            lambda s, a: services.set_counting_members(
                s, a, current_congress(s), [services.MemberInput("head", delegate_id=member)]
            ),
        ),
        ("approve", lambda s, a: rounds.approve_list(s, a, first_round(db, election.id).id)),
        ("reopen", lambda s, a: rounds.reopen_list(s, a, round_.id, "x")),
        ("open", lambda s, a: rounds.open_round(s, a, round_.id)),
        ("close", lambda s, a: close_voting(s, a, round_.id)),
        ("next", lambda s, a: rounds.make_next_round(s, a, round_.id, decision)),
    ]


@pytest.mark.parametrize(
    "actor", [*OTHERS, CHAIR, SECRETARIAT], ids=lambda a: a.role or "anonymous"
)
def test_roles_without_the_right_are_refused_and_nothing_changes(db, actor):
    set_status(db, (20,))
    actions = [(name, action) for name, action in writes(db) if refused(actor, name)]
    assert actions
    before = state(db)
    for name, action in actions:
        with db.session(write=True) as session, pytest.raises(Forbidden) as caught:
            action(session, actor)
        assert caught.value.params == {"role": actor.role or "-", "action": action_of(name)}, name
    assert state(db) == before


def test_the_secretariat_and_the_chair_may_do_each_their_writes(db):
    set_status(db, (20,))
    done = []
    for name, action in writes(db):
        if name in ("reopen", "close", "next"):
            continue  # each needs another state of the round: tested in test_rounds
        with db.session(write=True) as session:
            action(session, CHAIR if name in CHAIRS_WRITES else SECRETARIAT)
        done.append(name)
    assert done == [
        "create_election",
        "add_delegate",
        "add_named",
        "withdraw",
        "counting",
        "approve",
        "open",
    ]
