"""The backup drill, short (scripts/drill_backup.py): ``votesys backup`` while tablets cast over
HTTP, the server lost, ``votesys restore`` into a fresh instance (and database), the ballots cast
after the backup resent unchanged to the restored copy, which then closes and counts the round;
and what ``votesys restore`` refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.drills.conftest import load_script
from votesys.audit.models import AuditEntry
from votesys.operations import errors, services
from votesys.roles import Actor

drill = load_script("drill_backup")


def check(report) -> None:
    assert report.problems == []
    assert report.received_at_backup <= report.in_backup < report.ballots
    assert report.resent_after_restore == report.ballots - report.in_backup
    assert report.crash.in_box == report.crash.voted == report.ballots
    assert sum(report.crash.votes) > 0


def test_backup_during_casting_restored_finishes_the_round_on_sqlite(tmp_path):
    check(drill.run_drill("sqlite", tmp_path, ballots=30, clients=4, seed_value=3))


@pytest.mark.postgres
def test_backup_during_casting_restored_finishes_the_round_on_postgresql(tmp_path, postgres_url):
    # Restored into a database of its own on the same server, next to the tests' one.
    target = postgres_url.rsplit("/", 1)[0] + "/t_drill_restore"
    drill.prepare_postgres(target)
    report = drill.run_drill(
        "postgresql",
        tmp_path,
        ballots=30,
        clients=4,
        seed_value=4,
        postgres=postgres_url,
        restore_into=target,
        wipe=False,
    )
    check(report)


def test_restore_refuses_a_used_instance_another_installation_a_damaged_file(app, tmp_path):
    db, console = app.extensions["votesys.db"], Actor.console()
    backup = tmp_path / "backup.tar.gz"
    with db.session(write=True) as session:
        made = services.backup(session, console, Path(app.config["INSTANCE_PATH"]), backup)
    with db.session() as session:  # the live log says who made which backup, where
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert (entry.kind, entry.actor) == ("operations.backup_made", "console")
    assert json.loads(entry.data)["sha256"] == made.sha256
    assert json.loads(entry.data)["to"] == str(backup)

    def sqlite(folder):
        return f"sqlite:///{folder / 'votesys.sqlite3'}"

    fresh = tmp_path / "fresh"
    done = services.restore(backup, fresh, sqlite(fresh), console)
    assert (done.entries, done.head) == (made.entries, made.head)
    with pytest.raises(errors.RestoreTargetInUse):  # the same folder again: it holds data now
        services.restore(backup, fresh, sqlite(fresh), console)
    other = tmp_path / "other"
    other.mkdir()
    (other / "secret_key").write_text("another installation's key")
    with pytest.raises(errors.RestoreTargetInUse):
        services.restore(backup, other, sqlite(other), console)
    assert not (other / "votesys.sqlite3").exists()
    with pytest.raises(errors.WrongDatabaseKind):
        services.restore(backup, other, "postgresql+psycopg://nobody@127.0.0.1/x", console)
    damaged = tmp_path / "damaged.tar.gz"
    data = bytearray(backup.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    with pytest.raises(errors.NotABackup):
        services.restore(damaged, tmp_path / "third", sqlite(tmp_path / "third"), console)
    assert not (tmp_path / "third" / "votesys.sqlite3").exists()
