"""Writers from many threads at once still leave one unbroken, verifiable chain."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from votesys.audit import queries, services


def hammer(app, writers: int = 8, each: int = 10) -> None:
    database = app.extensions["votesys.db"]

    def write(worker: int) -> None:
        for index in range(each):
            with database.session(write=True) as session:
                services.record(session, "test.parallel", f"worker-{worker}", index=index)
                session.commit()

    with ThreadPoolExecutor(writers) as pool:
        list(pool.map(write, range(writers)))


def check(app, expected_new: int, before: int) -> None:
    signer = app.extensions["votesys.signer"]
    with app.extensions["votesys.db"].session() as session:
        seq, _head = queries.head(session)
        report = queries.verify_database(session, signer.public_key_hex)
    assert seq == before + expected_new
    assert report.ok, [p.describe() for p in report.problems]


def current(app) -> int:
    with app.extensions["votesys.db"].session() as session:
        return queries.head(session)[0]


def test_parallel_writers_on_sqlite(app):
    before = current(app)
    hammer(app)
    check(app, 80, before)


@pytest.mark.postgres
def test_parallel_writers_on_postgresql(pg_app):
    before = current(pg_app)
    hammer(pg_app)
    check(pg_app, 80, before)


@pytest.mark.postgres
def test_the_demo_congress_works_on_postgresql(pg_app):
    from tests.conftest import login

    client = pg_app.test_client()
    assert login(client, "secretariat").status_code == 302
    page = client.get("/congress").get_data(as_text=True)
    assert "Đảng bộ Phường 1" in page and 'data-testid="summoned-total">100<' in page
    assert client.get("/roster").status_code == 200
