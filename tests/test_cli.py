"""The `votesys` command: demo seeding, accounts, schema."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from votesys.accounts.models import StaffUser
from votesys.app import create_app
from votesys.cli import main
from votesys.congress.models import Congress, PartyUnit
from votesys.roster.models import Delegate


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("VOTESYS_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("VOTESYS_DATABASE_URL", raising=False)
    return tmp_path


def counts(instance):
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.extensions["votesys.db"].session() as session:
        result = (
            session.scalar(select(func.count()).select_from(Congress)),
            session.scalar(select(func.count()).select_from(PartyUnit)),
            session.scalar(select(func.count()).select_from(Delegate)),
            session.scalar(select(func.count()).select_from(StaffUser)),
        )
    app.extensions["votesys.db"].dispose()
    return result


def test_demo_seeds_the_ward_congress_and_prints_the_logins(instance):
    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "secretariat  secretariat-demo" in result.output
    assert counts(instance) == (1, 18, 102, 7)
    again = CliRunner().invoke(main, ["demo", "--no-serve"])  # recreated, not doubled
    assert again.exit_code == 0 and counts(instance) == (1, 18, 102, 7)


def test_demo_prints_every_card_and_opens_the_doors(instance):
    from votesys.checkin.models import Attendance
    from votesys.credentials.models import Card

    result = CliRunner().invoke(main, ["demo", "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "102 delegate cards" in result.output and "91 in the hall" in result.output
    pdf = instance / "demo-cards.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.extensions["votesys.db"].session() as session:
        cards = session.scalar(select(func.count()).select_from(Card))
        statuses = session.scalars(select(Attendance.status)).all()
    app.extensions["votesys.db"].dispose()
    assert cards == 102
    assert statuses.count("present") == 91 and statuses.count("left") == 2


def test_the_demo_roll_looks_like_a_real_ward(instance):
    CliRunner().invoke(main, ["demo", "--no-serve"])
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.extensions["votesys.db"].session() as session:
        delegates = session.scalars(select(Delegate)).all()
        kinds = session.scalars(select(PartyUnit.kind)).all()
    app.extensions["votesys.db"].dispose()
    assert kinds.count("cell") == 16 and kinds.count("subcommittee") == 2
    women = sum(d.gender == "female" for d in delegates)
    assert 15 <= women <= 50
    assert len({d.full_name for d in delegates}) == 102
    assert sum(d.is_official for d in delegates) == 100
    absent = {
        d.number: (d.absence_reason_accepted, d.replaced_by_alternate)
        for d in delegates
        if d.absent_whole_congress
    }
    assert absent == {9: (True, False), 57: (True, True), 73: (False, False)}
    assert next(d for d in delegates if d.number == 101).seated_for_number == 57
    assert sum(d.how_came == "by_right" for d in delegates) == 11
    assert all(d.given_name == d.full_name.split()[-1] for d in delegates)


def test_users_add_reads_the_password_from_stdin_and_refuses_bad_input(instance):
    CliRunner().invoke(main, ["db", "upgrade"])
    ok = CliRunner().invoke(
        main,
        ["users", "add", "thuky", "--role", "secretariat", "--name", "Thư ký", "--password-stdin"],
        input="a-strong-password\n",
    )
    assert ok.exit_code == 0, ok.output
    short = CliRunner().invoke(
        main,
        ["users", "add", "thuky2", "--role", "chair", "--name", "X", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code != 0 and "short_password" in short.output
    assert counts(instance)[3] == 1


def test_db_upgrade_is_idempotent(instance):
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
    assert CliRunner().invoke(main, ["db", "upgrade"]).exit_code == 0
