"""A real simulated congress (``votesys demo --simulate``: a 2-of-3 key ceremony, two rounds of
91 encrypted ballots, counted, signed, announced) and its election record, made once."""

from __future__ import annotations

import copy
import json
import shutil

import pytest
from click.testing import CliRunner

from tests.conftest import make_app, sqlite_url
from votesys.cli import main


@pytest.fixture(scope="session")
def simulated_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("record-congress")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VOTESYS_INSTANCE_PATH", str(folder / "instance"))
        patch.delenv("VOTESYS_DATABASE_URL", raising=False)
        runner = CliRunner()
        result = runner.invoke(main, ["demo", "--simulate", "--no-serve", "--seed", "5"])
        assert result.exit_code == 0, result.output
        out = folder / "record.json"
        result = runner.invoke(main, ["record", "export", "--out", str(out)])
        assert result.exit_code == 0, result.output
    return folder


@pytest.fixture(scope="session")
def record_file(simulated_folder):
    return simulated_folder / "record.json"


@pytest.fixture(scope="session")
def pristine(record_file) -> dict:
    return json.loads(record_file.read_text(encoding="utf-8"))


@pytest.fixture
def record(pristine) -> dict:
    """A copy of the record to tamper with."""
    return copy.deepcopy(pristine)


@pytest.fixture
def simulated_app(simulated_folder, tmp_path):
    """The simulated congress's app, on a copy of its database."""
    instance = tmp_path / "instance"
    shutil.copytree(simulated_folder / "instance", instance)
    application = make_app(instance, sqlite_url(instance))
    yield application
    application.extensions["votesys.db"].dispose()
