"""The import on PostgreSQL: all or nothing, updates by number, the round trip."""

from __future__ import annotations

import pytest

from tests.roster.rolls import (
    BROKEN_HEADER,
    BROKEN_PROBLEMS,
    BROKEN_ROWS,
    NEW,
    csv_bytes,
    export,
    refused,
    run_import,
    snapshot,
)

pytestmark = pytest.mark.postgres


def test_import_refuses_then_imports_then_round_trips_on_postgres(pg_app):
    before = snapshot(pg_app)
    assert refused(pg_app, "hong.csv", csv_bytes(BROKEN_ROWS, BROKEN_HEADER)) == BROKEN_PROBLEMS
    assert snapshot(pg_app) == before
    result = run_import(pg_app, "roll.csv", csv_bytes(NEW))
    assert result.created == [201, 202, 203]
    for kind in ("csv", "xlsx"):
        again = run_import(pg_app, f"roll.{kind}", export(pg_app, kind))
        assert (again.created, again.updated, len(again.unchanged)) == ([], [], 105)
