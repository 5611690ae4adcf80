"""Fixtures for the card tests: the database, the installation's code key, issued cards."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import STRICT
from votesys.congress.queries import current_congress
from votesys.credentials import services
from votesys.roles import Actor

SECRETARIAT = Actor("staff:secretariat", "secretariat")
CREDENTIALS = Actor("staff:credentials", "credentials")


def need_tool(name: str, package: str) -> str:
    """The program's path, or a skip naming the Debian package (a failure when strict)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian package {package})"
        if STRICT:
            pytest.fail(message + " (VOTESYS_TEST_STRICT=1 forbids skipping)")
        pytest.skip(message)
    return path


def run(*command: str) -> str:
    done = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)
    return done.stdout


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


@pytest.fixture
def key(app) -> bytes:
    return app.extensions["votesys.card_code_key"]


@pytest.fixture
def issued(db, key):
    """Cards for the whole demo roll, issued by the secretariat: token and code of each."""
    with db.session(write=True) as session:
        congress = current_congress(session)
        return services.issue_missing(session, SECRETARIAT, congress, key)


def instance_of(app) -> Path:
    return Path(app.config["INSTANCE_PATH"])
