import pytest


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]
