"""Fixtures: a fresh database per test (SQLite, or PostgreSQL where asked), the app, a client.

Environment:
  VOTESYS_TEST_POSTGRES_URL  a PostgreSQL database the tests may wipe (its tests skip without)
  VOTESYS_TEST_CHROMIUM      the Chromium binary for browser tests (they skip without)
  VOTESYS_TEST_STRICT=1      turn those skips into failures (CI sets it)
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from votesys import schema
from votesys.app import create_app
from votesys.ceremony import services as ceremony_services
from votesys.demo.seed import LOGINS, seed

# The passphrase key derivation at full strength (600,000 iterations) takes a third of a second
# per wrap; the tests wrap hundreds of shares, so they lower the floor. tests/ceremony checks the
# real floor.
ceremony_services.MIN_ITERATIONS = 1000

STRICT = os.environ.get("VOTESYS_TEST_STRICT") == "1"
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def need(variable: str, what: str) -> str:
    """The variable's value, or a skip (a failure when VOTESYS_TEST_STRICT=1)."""
    value = os.environ.get(variable)
    if not value:
        message = f"{what}: set {variable} to run this test"
        if STRICT:
            pytest.fail(message + " (VOTESYS_TEST_STRICT=1 forbids skipping)")
        pytest.skip(message)
    return value


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'votesys.sqlite3'}"


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory) -> Path:
    """An instance folder with a migrated, seeded SQLite database, made once and copied per test."""
    folder = tmp_path_factory.mktemp("template")
    schema.upgrade(sqlite_url(folder))
    app = create_app({"INSTANCE_PATH": str(folder), "DATABASE_URL": sqlite_url(folder)})
    with app.extensions["votesys.db"].session(write=True) as session:
        seed(session)
    app.extensions["votesys.db"].dispose()
    return folder


def reset_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def postgres_url() -> str:
    url = need("VOTESYS_TEST_POSTGRES_URL", "PostgreSQL")
    # One test at a time on the database, even from several pytest processes on one machine.
    with open("/tmp/votesys-pg.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        reset_postgres(url)
        yield url


def make_app(instance: Path, url: str):
    app = create_app(
        {"INSTANCE_PATH": str(instance), "DATABASE_URL": url, "TESTING": True, "SERVER_NAME": None}
    )
    return app


@pytest.fixture
def app(seeded_template, tmp_path):
    """The demo congress on a fresh SQLite copy."""
    instance = tmp_path / "instance"
    shutil.copytree(seeded_template, instance)
    application = make_app(instance, sqlite_url(instance))
    yield application
    application.extensions["votesys.db"].dispose()


@pytest.fixture
def pg_app(postgres_url, tmp_path):
    """The demo congress on a freshly migrated PostgreSQL schema."""
    schema.upgrade(postgres_url)
    application = make_app(tmp_path, postgres_url)
    with application.extensions["votesys.db"].session(write=True) as session:
        seed(session)
    yield application
    application.extensions["votesys.db"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_from(client, url: str) -> str:
    page = client.get(url)
    match = CSRF_INPUT.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def password_of(username: str) -> str:
    return next(login.password for login in LOGINS if login.username == username)


def login(client, username: str, password: str | None = None):
    token = csrf_from(client, "/login")
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password or password_of(username),
            "csrf_token": token,
        },
    )


@pytest.fixture
def login_as(client):
    def _login(username: str):
        response = login(client, username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return _login
