"""Sealing the box on PostgreSQL: the traces of the order of writing are gone after closing.

While voting is open, every ballot row carries the id of the transaction that cast it (xmin,
increasing with time) and lies in the heap in the order of casting (ctid); so do the voters'
rows, updated by the same transactions. ``close_voting`` rewrites both tables' rows of the
round in one transaction (one xmin for all) and VACUUM FULL rewrites the heap, so that neither
says any more who cast which ballot, nor in which order.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from tests.ballots.test_secrecy import (
    BALLOT_COLUMNS,
    VOTER_COLUMNS,
    open_round,
    shuffled_voters,
    stored_ids,
    vote,
)
from tests.elections.conftest import call
from votesys.ballots import services

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_app):
    return pg_app.extensions["votesys.db"]


def xmins(db, table: str, round_id: int) -> list[int]:
    with db.session() as session:
        query = text(f"SELECT xmin::text::bigint FROM {table} WHERE round_id = :r")  # noqa: S608
        return list(session.scalars(query, {"r": round_id}))


def heap_order(db, round_id: int) -> list[str]:
    """The round's ballot ids in their physical place in the heap (page, then line)."""
    with db.session() as session:
        query = text("SELECT id FROM ballots WHERE round_id = :r ORDER BY ctid")
        return list(session.scalars(query, {"r": round_id}))


def test_the_tables_have_no_delegate_no_time_no_order_on_postgresql(pg):
    columns = {c["name"] for c in inspect(pg.engine).get_columns("ballots")}
    assert columns == BALLOT_COLUMNS
    assert {c["name"] for c in inspect(pg.engine).get_columns("round_voters")} == VOTER_COLUMNS


def test_closing_leaves_one_transaction_and_no_casting_order_on_postgresql(pg):
    round_id = open_round(pg)
    done = vote(pg, round_id, shuffled_voters(5)[:30])
    cast_order = stored_ids(pg, done)

    # Before sealing, the leak this test is about: one transaction per ballot, in casting order.
    before = xmins(pg, "ballots", round_id)
    assert len(set(before)) == 30
    assert heap_order(pg, round_id) == cast_order
    with pg.session() as session:
        by_xmin = text("SELECT id FROM ballots WHERE round_id = :r ORDER BY xmin::text::bigint")
        assert list(session.scalars(by_xmin, {"r": round_id})) == cast_order
    # ... and each voter's row was last written by the transaction that wrote their ballot.
    assert set(before) <= set(xmins(pg, "round_voters", round_id))

    call(pg, services.close_voting, round_id)

    sealed = set(xmins(pg, "ballots", round_id))
    assert len(sealed) == 1 and sealed == set(xmins(pg, "round_voters", round_id))
    assert sealed.isdisjoint(before)
    order = heap_order(pg, round_id)
    assert sorted(order) == sorted(cast_order)
    # 30 ballots keep the order of casting (or its reverse) with odds of 2 in 30!.
    assert order not in (cast_order, cast_order[::-1])
    assert order == sorted(order)  # the heap now follows the random ids
