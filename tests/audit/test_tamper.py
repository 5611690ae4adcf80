"""The exported audit log: `votesys audit verify` names every kind of tampering, and passes the
untouched log."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from votesys.audit import services as audit
from votesys.audit.models import AuditEntry
from votesys.cli import main


@pytest.fixture
def exported(app, tmp_path, monkeypatch):
    """A log of 60 entries (so a checkpoint signs entry 50), exported through the CLI."""
    with app.extensions["votesys.db"].session(write=True) as session:
        seeded = session.scalar(select(func.count()).select_from(AuditEntry))
        for index in range(60 - seeded):
            audit.record(session, "test.event", "console", index=index)
        session.commit()
    monkeypatch.setenv("VOTESYS_INSTANCE_PATH", app.config["INSTANCE_PATH"])
    monkeypatch.setenv("VOTESYS_DATABASE_URL", app.config["DATABASE_URL"])
    path = tmp_path / "audit.jsonl"
    result = CliRunner().invoke(main, ["audit", "export", str(path)])
    assert result.exit_code == 0, result.output
    return path


def lines_of(path):
    return path.read_text(encoding="utf-8").splitlines()


def verify(path, lines=None):
    if lines is not None:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return CliRunner().invoke(main, ["audit", "verify", str(path)])


def entry_index(lines, seq):
    return next(
        i
        for i, line in enumerate(lines)
        if json.loads(line).get("type") == "entry" and json.loads(line)["seq"] == seq
    )


def test_the_untouched_log_verifies(exported):
    result = verify(exported)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: 60 entries, 2 signed checkpoints")


def test_an_edited_entry_is_named(exported):
    lines = lines_of(exported)
    i = entry_index(lines, 20)
    record = json.loads(lines[i])
    record["data"]["index"] = 999
    lines[i] = json.dumps(record)
    result = verify(exported, lines)
    assert result.exit_code == 1
    assert "entry 20: the entry's content does not match its hash: it was edited" in result.output


def test_a_removed_entry_is_named(exported):
    lines = lines_of(exported)
    del lines[entry_index(lines, 30)]
    result = verify(exported, lines)
    assert result.exit_code == 1
    assert (
        "entry 31: entries are missing before this one: removed (entries 30 to 30)" in result.output
    )


def test_an_inserted_entry_is_named(exported):
    lines = lines_of(exported)
    i = entry_index(lines, 12)
    forged = json.loads(lines[i])
    forged["data"] = {"index": "forged"}
    lines.insert(i + 1, json.dumps(forged))
    result = verify(exported, lines)
    assert result.exit_code == 1
    assert "entry 12: the entry is out of order or repeated" in result.output


def test_reordered_entries_are_named(exported):
    lines = lines_of(exported)
    a, b = entry_index(lines, 40), entry_index(lines, 41)
    lines[a], lines[b] = lines[b], lines[a]
    result = verify(exported, lines)
    assert result.exit_code == 1
    assert "entry 40: the entry is out of order or repeated" in result.output


def test_an_entry_rewritten_with_a_recomputed_chain_is_caught_by_the_signature(exported):
    """Someone recomputes every hash after an edit: the signed checkpoint no longer matches."""
    from votesys.core.audit_chain import entry_hash

    lines = lines_of(exported)
    previous = None
    for i, line in enumerate(lines):
        record = json.loads(line)
        if record["type"] != "entry":
            continue
        if record["seq"] == 5:
            record["actor"] = "someone-else"
        if previous is not None:
            record["prev"] = previous
        record["hash"] = entry_hash(record)
        previous = record["hash"]
        lines[i] = json.dumps(record)
    result = verify(exported, lines)
    assert result.exit_code == 1
    assert "entry 50: the signed checkpoint does not match the log at this entry" in result.output


def test_a_forged_signature_is_named(exported):
    lines = lines_of(exported)
    i = next(i for i, line in enumerate(lines) if json.loads(line)["type"] == "checkpoint")
    record = json.loads(lines[i])
    record["signature"] = ("00" if record["signature"][:2] != "00" else "11") + record["signature"][
        2:
    ]
    lines[i] = json.dumps(record)
    result = verify(exported, lines)
    assert result.exit_code == 1
    assert (
        f"entry {record['seq']}: the checkpoint's signature is not the installation's: forged"
        in result.output
    )


def test_a_log_signed_by_another_key_is_refused_when_the_key_is_pinned(exported, app):
    key = app.extensions["votesys.signer"].public_key_hex
    assert CliRunner().invoke(main, ["audit", "verify", str(exported), "--key", key]).exit_code == 0
    result = CliRunner().invoke(main, ["audit", "verify", str(exported), "--key", "ab" * 32])
    assert result.exit_code == 1
    assert "another key" in result.output


def test_the_audit_page_shows_an_intact_log(client):
    from tests.conftest import login

    login(client, "counting1")
    page = client.get("/audit/verify").get_data(as_text=True)
    assert "Nhật ký nguyên vẹn" in page
