"""`votesys cards`: the whole roll's cards, one reissue, a revocation, and what it refuses."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from tests.credentials.conftest import instance_of, need_tool, run
from votesys.cli import main
from votesys.credentials.models import Card
from votesys.roster.models import Delegate

URL = "http://10.0.0.5:5000"


@pytest.fixture
def cli(app, monkeypatch):
    monkeypatch.setenv("VOTESYS_INSTANCE_PATH", str(instance_of(app)))
    monkeypatch.setenv("VOTESYS_DATABASE_URL", app.config["DATABASE_URL"])
    monkeypatch.delenv("VOTESYS_PUBLIC_URL", raising=False)
    monkeypatch.delenv("VOTESYS_FONT_DIR", raising=False)

    def invoke(*args):
        return CliRunner().invoke(main, ["cards", *args])

    return invoke


def cards(app):
    with app.extensions["votesys.db"].session() as session:
        return [
            (c.delegate.number, c.revoked_at is None, c.revoke_reason, c.issued_by)
            for c in session.scalars(select(Card).order_by(Card.id))
        ]


def test_cards_out_prints_every_delegate_then_finds_nothing_to_print(app, cli, tmp_path):
    out = tmp_path / "the.pdf"
    result = cli("--out", str(out), "--url", URL + "/")
    assert result.exit_code == 0, result.output
    assert "102 card(s) written" in result.output
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_mode & 0o777 == 0o600
    assert len(cards(app)) == 102 and all(c[1] and c[3] == "console" for c in cards(app))
    text = " ".join(run(need_tool("pdftotext", "poppler-utils"), str(out), "-").split())
    with app.extensions["votesys.db"].session() as session:
        names = session.scalars(select(Delegate.full_name)).all()
    assert all(name in text for name in names)
    again = tmp_path / "again.pdf"
    result = cli("--out", str(again), "--url", URL)
    assert result.exit_code == 1 and "nothing_to_print" in result.output
    assert not again.exists() and len(cards(app)) == 102


def test_one_delegate_reissued_and_revoked_from_the_console(app, cli, tmp_path):
    out = tmp_path / "one.pdf"
    assert cli("--out", str(out), "--url", URL).exit_code == 0
    refused = cli("--out", str(out), "--url", URL, "--delegate", "17")
    assert refused.exit_code == 1 and "card_in_force" in refused.output
    no_reason = cli("--out", str(out), "--url", URL, "--delegate", "17", "--reissue")
    assert no_reason.exit_code == 1 and "bad_reason" in no_reason.output
    assert len(cards(app)) == 102
    result = cli(
        "--out", str(out), "--url", URL, "--delegate", "17", "--reissue", "--reason", "Mất"
    )
    assert result.exit_code == 0, result.output
    seventeen = [c for c in cards(app) if c[0] == 17]
    assert seventeen == [(17, False, "Mất", "console"), (17, True, "", "console")]
    result = cli("revoke", "17", "--reason", "Hỏng")
    assert result.exit_code == 0, result.output
    assert [c[1] for c in cards(app) if c[0] == 17] == [False, False]
    result = cli("--out", str(out), "--url", URL, "--delegate", "17")
    assert result.exit_code == 0 and "1 card(s)" in result.output
    missing = cli("--out", str(out), "--url", URL, "--delegate", "999")
    assert missing.exit_code == 1 and "no_delegate" in missing.output


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), {}, "bad_public_url"),
        (("--url", "192.168.1.2:5000"), {}, "bad_public_url"),
        (("--url", URL), {"VOTESYS_FONT_DIR": "/nonexistent"}, "font_missing"),
    ],
)
def test_a_bad_address_or_a_missing_font_stops_before_any_card(
    app, cli, tmp_path, monkeypatch, args, env, expected
):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out = tmp_path / "x.pdf"
    result = cli("--out", str(out), *args)
    assert result.exit_code == 1 and expected in result.output, result.output
    assert cards(app) == [] and not out.exists()


def test_an_unwritable_file_stops_before_any_card(app, cli, tmp_path):
    result = cli("--out", str(tmp_path / "no-such-folder" / "x.pdf"), "--url", URL)
    assert result.exit_code == 1 and "Cannot write" in result.output
    assert cards(app) == []


def test_out_is_required(cli):
    result = cli("--url", URL)
    assert result.exit_code == 2 and "--out" in result.output
