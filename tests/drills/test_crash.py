"""The crash drill, short (scripts/drill_crash.py runs it long): ``votesys serve`` is killed with
SIGKILL three times while four tablets cast 30 ballots over HTTP, and restarted; the tablets
resend what got no answer. Nothing is lost or half written, the audit chain verifies, and the
round is sealed, added up and decrypted to exactly the marks the tablets encrypted.

On PostgreSQL the server runs three worker processes (docs/reliability.md, "Several server
processes")."""

from __future__ import annotations

import pytest

from tests.drills.conftest import load_script

drill = load_script("drill_crash")


def check(report, kills: int, ballots: int) -> None:
    assert report.problems == []
    assert report.kills == kills
    assert report.ballots == report.in_box == report.voted == ballots
    assert sum(report.resends.values()) > 0  # the kills did cut requests off
    assert report.repeats_checked > 0  # answered casts sent again got their receipt back
    assert sum(report.votes) > 0


def test_crash_drill_on_sqlite(tmp_path):
    report = drill.run_drill(
        "sqlite", tmp_path, kills=3, ballots=30, clients=4, workers=None, seed_value=1
    )
    check(report, 3, 30)


@pytest.mark.postgres
def test_crash_drill_on_postgresql_with_three_server_processes(tmp_path, postgres_url):
    report = drill.run_drill(
        "postgresql",
        tmp_path,
        kills=3,
        ballots=30,
        clients=6,
        workers=3,
        seed_value=2,
        postgres=postgres_url,
        wipe=False,
    )
    check(report, 3, 30)
