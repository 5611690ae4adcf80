"""One schema path: the migrations make exactly the models' schema, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from votesys import schema
from votesys.db import make_engine
from votesys.models import Base


def differences(url: str) -> list:
    engine = make_engine(url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        found = compare_metadata(context, Base.metadata)
    engine.dispose()
    return found


def test_migrations_match_the_models_on_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'schema.sqlite3'}"
    schema.upgrade(url)
    assert differences(url) == []
    schema.downgrade_all(url)
    schema.upgrade(url)
    assert differences(url) == []


@pytest.mark.postgres
def test_migrations_match_the_models_on_postgresql(postgres_url):
    schema.upgrade(postgres_url)
    assert differences(postgres_url) == []
    schema.downgrade_all(postgres_url)
    schema.upgrade(postgres_url)
    assert differences(postgres_url) == []


def test_sqlite_runs_in_wal_mode_with_full_sync_and_foreign_keys(tmp_path):
    url = f"sqlite:///{tmp_path / 'pragmas.sqlite3'}"
    engine = make_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_no_table_is_made_outside_the_migrations():
    import pathlib

    for source in pathlib.Path("votesys").rglob("*.py"):
        assert "create_all(" not in source.read_text(encoding="utf-8"), source


@pytest.mark.postgres
def test_postgres_url_is_really_postgres(postgres_url):
    engine = create_engine(postgres_url)
    assert engine.dialect.name == "postgresql"
    engine.dispose()
