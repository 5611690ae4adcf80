"""Secrecy of the box (design.md, "What must never happen" 1): after voting, nothing in the
database, the audit log, the logs or the database file links a delegate to a ballot.

What is checked here, on SQLite (PostgreSQL: test_seal_postgres.py):
- the ballots table holds no delegate, time or order (its columns; WITHOUT ROWID), round_voters
  no time or order either;
- ballot ids are random: their order is not the order of casting; nor is the stored order;
- no audit entry carries a receipt, a ballot id, a submission or a document, and the box's own
  entries carry only the round (and a refusal's code, and the counts and hashes at sealing);
- no log line (every logger at DEBUG) carries a receipt, a ballot id, a submission or a document;
- after closing, the write-ahead log is empty, and the ballots' physical place in the file
  follows their random ids, not the order of casting. Before closing it does follow the order
  of casting (shown here, so that the test can fail): that is what sealing removes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import sqlite3
from dataclasses import dataclass

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import OperationalError

from tests.ballots.conftest import encrypted, key, strike
from tests.elections.conftest import call, ids, ready_round, set_status
from votesys.audit.models import AuditEntry
from votesys.ballots import errors, services
from votesys.ballots.models import Ballot
from votesys.core.audit_chain import canonical_json
from votesys.core.crypto.group import scalar_to_hex
from votesys.elections import queries as elections
from votesys.elections import rounds
from votesys.elections.models import Round

PRESENT = tuple(n for n in range(1, 41) if n != 9) + (101,)  # 40 voters
BALLOT_COLUMNS = {"id", "round_id", "document", "receipt", "ballot_hash", "retry_tag"}
VOTER_COLUMNS = {"round_id", "delegate_id", "is_issued", "has_voted"}
# What each of the box's audit entries may carry, and who its actor is.
BOX_ENTRIES = {
    "ballots.issued": ({"round"}, "tablet"),
    "ballots.cast": ({"round"}, "tablet"),
    "ballots.refused": ({"round", "reason"}, "tablet"),
    "ballots.box_sealed": (
        {"round", "ballots", "voted", "receipts_sha256", "voters_sha256"},
        "staff:chair",
    ),
}


@dataclass(frozen=True)
class Cast:
    """What the test knows about one ballot it cast (the box itself never knows the number)."""

    number: int
    submission_key: str
    text: str  # the stored document
    receipt: str
    plain: tuple[str, ...] = ()  # the marks in the clear and the nonces, as text

    @property
    def retry_tag(self) -> str:
        return hashlib.sha256(self.submission_key.encode()).hexdigest()


def open_round(db) -> int:
    round_ = ready_round(db)
    set_status(db, PRESENT)
    return call(db, rounds.open_round, round_.id).id


def vote(db, round_id: int, numbers) -> list[Cast]:
    """Issue and cast one ballot for each number, in the order given; varied marks."""
    done = []
    for index, (number, delegate_id) in enumerate(zip(numbers, ids(db, *numbers), strict=True)):
        kept = [True] * 5
        kept[index % 5] = False
        if index % 3:
            kept[(index + 2) % 5] = False
        document = strike(*kept)
        ballot = encrypted(db, round_id, document, keep_secrets=True)
        submission = key()
        with db.session(write=True) as session:
            services.issue_ballot(session, round_id, delegate_id)
        with db.session(write=True) as session:
            receipt = services.cast_ballot(
                session, round_id, delegate_id, ballot.to_json(), submission
            ).receipt
        text_ = canonical_json(ballot.to_json()).decode()
        done.append(Cast(number, submission, text_, receipt, plain_forms(document, ballot)))
    return done


def plain_forms(document: dict, ballot) -> tuple[str, ...]:
    """How the marks of a ballot would look if anything kept them in the clear: the tablet's
    marking, the 0/1 plaintexts in any JSON spelling, and the nonces that open the ciphertexts."""
    marks = list(ballot.secrets.marks) + list(ballot.secrets.flags)
    nonces = [scalar_to_hex(r) for r in ballot.secrets.mark_nonces + ballot.secrets.flag_nonces]
    return (
        canonical_json(document).decode(),
        json.dumps(document["kept"]),
        json.dumps(marks),
        json.dumps(marks, separators=(",", ":")),
        *nonces,
    )


def refuse_some(db, round_id: int, done: list[Cast]) -> None:
    """Refusals of every kind a tablet can meet, with real marks in them."""
    (first,) = ids(db, done[0].number)
    (second,) = ids(db, done[1].number)
    copied = json.loads(done[0].text)  # someone else's ballot, as it is in the box
    forged = json.loads(done[1].text)
    forged["marks"][0], forged["marks"][1] = forged["marks"][1], forged["marks"][0]
    attempts = [
        (
            first,
            encrypted(db, round_id, strike(False, True, True, True, True)).to_json(),
            errors.AlreadyVoted,
        ),
        (second, forged, errors.BadBallot),
        (second, copied, errors.CopiedBallot),
    ]
    for delegate_id, document, refusal in attempts:
        with db.session(write=True) as session, pytest.raises(refusal):
            services.cast_ballot(session, round_id, delegate_id, document, key())


def stored_ids(db, done: list[Cast], ordered: bool = False) -> list[str]:
    """The ballot ids in the order of ``done`` (casting), or as the database returns them."""
    with db.session() as session:
        if ordered:
            return list(session.scalars(text("SELECT id FROM ballots")))
        by_receipt = dict(session.execute(select(Ballot.receipt, Ballot.id)).all())
    return [by_receipt[c.receipt] for c in done]


def shuffled_voters(seed: int) -> list[int]:
    numbers = list(PRESENT)
    random.Random(seed).shuffle(numbers)
    return numbers


def secrets_of(done: list[Cast], ballot_ids: list[str]) -> list[str]:
    """Every string that would link something to a ballot, were it found outside the box."""
    found = [c.receipt for c in done] + [c.submission_key for c in done]
    found += [c.retry_tag for c in done] + ballot_ids
    found += [c.receipt.replace("-", "") for c in done]
    return found


def test_the_ballots_table_has_no_delegate_no_time_no_order(app, db):
    columns = {c["name"] for c in inspect(db.engine).get_columns("ballots")}
    assert columns == BALLOT_COLUMNS
    voter_columns = {c["name"] for c in inspect(db.engine).get_columns("round_voters")}
    assert voter_columns == VOTER_COLUMNS  # who voted, never when nor in which order
    with db.session() as session:
        sql = session.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'ballots'"))
        assert "WITHOUT ROWID" in sql.upper()
        with pytest.raises(OperationalError, match="rowid"):
            session.execute(text("SELECT rowid FROM ballots"))
        with pytest.raises(OperationalError):
            session.execute(text("SELECT _rowid_ FROM ballots"))
        assert session.scalar(text("PRAGMA secure_delete")) == 1


def test_ids_and_the_stored_order_are_not_the_order_of_casting(db):
    round_id = open_round(db)
    done = vote(db, round_id, shuffled_voters(1))
    cast_order = stored_ids(db, done)
    assert len(set(cast_order)) == len(done) == 40
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in cast_order)
    # 40 random ids come out sorted by time with odds of 2 in 40! (ULIDs, UUIDv7, counters would)
    assert sorted(cast_order) not in (cast_order, cast_order[::-1])
    # Nor are the leading bytes a clock (UUIDv1/v6 keep time in the first 8 hex digits).
    assert sorted(cast_order, key=lambda i: i[:8]) not in (cast_order, cast_order[::-1])
    call(db, services.close_voting, round_id)
    stored = stored_ids(db, done, ordered=True)
    assert sorted(stored) == sorted(cast_order)
    assert stored not in (cast_order, cast_order[::-1])


def test_no_audit_entry_links_a_delegate_to_a_ballot(db):
    round_id = open_round(db)
    done = vote(db, round_id, shuffled_voters(2)[:12])
    refuse_some(db, round_id, done)
    ballot_ids = stored_ids(db, done)
    call(db, services.close_voting, round_id)
    with db.session() as session:
        entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
    forbidden = secrets_of(done, ballot_ids) + [c.text for c in done]
    forbidden += [form for c in done for form in c.plain]
    box_entries = 0
    for entry in entries:
        whole = f"{entry.actor} {entry.kind} {entry.data}"
        assert not [s for s in forbidden if s in whole], entry.kind
        assert "kept" not in entry.data and "rows" not in entry.data
        if entry.kind.startswith("ballots."):
            box_entries += 1
            keys, actor = BOX_ENTRIES[entry.kind]
            assert set(json.loads(entry.data)) == keys, entry.kind
            assert entry.actor == actor
    assert box_entries == 12 + 12 + 3 + 1  # issued, cast, refused, sealed


def every_logger_at_debug(caplog) -> None:
    """The root and every logger created so far at DEBUG, but SQLAlchemy's (see below)."""
    caplog.set_level(logging.DEBUG)
    for name in [*logging.root.manager.loggerDict, "votesys", "werkzeug", "flask", "gunicorn"]:
        if not name.startswith("sqlalchemy"):
            caplog.set_level(logging.DEBUG, logger=name)


def test_no_log_line_carries_a_ballot(app, db, caplog):
    every_logger_at_debug(caplog)
    round_id = open_round(db)
    done = vote(db, round_id, shuffled_voters(3)[:12])
    refuse_some(db, round_id, done)
    ballot_ids = stored_ids(db, done)
    call(db, services.close_voting, round_id)
    with db.session() as session:
        elections.voted_numbers(session, session.get(Round, round_id))
    logged = "\n".join(
        f"{r.name} {r.getMessage()} {r.args!r} {getattr(r, 'exc_text', '')}" for r in caplog.records
    )
    forbidden = secrets_of(done, ballot_ids) + [c.text for c in done]
    forbidden += [form for c in done for form in c.plain]
    assert not [s for s in forbidden if s in logged]
    assert '"kept"' not in logged and "'kept'" not in logged


def test_the_engine_does_not_log_statements(db):
    # SQLAlchemy's statement log, were it turned on (echo, or its logger at INFO), would write
    # every INSERT's parameters, ballots included: it is off, and must stay off in the hall.
    assert not db.engine.echo
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)


def sqlite_file(app) -> str:
    return os.path.join(app.config["INSTANCE_PATH"], "votesys.sqlite3")


def physical_order(path: str, done: list[Cast]) -> list[int]:
    """The ballots (indexes into ``done``) in the order their rows lie in the database file.

    A row of the WITHOUT ROWID table stores its columns one after the other, so a ballot's
    receipt followed by its retry tag is found only in its row (not in an index)."""
    with open(path, "rb") as file:
        raw = file.read()
    places = []
    for index, cast in enumerate(done):
        needle = (cast.receipt + cast.retry_tag).encode()
        assert raw.count(needle) == 1, "a ballot's row is stored once, with no stale copy"
        places.append((raw.index(needle), index))
    return [index for _, index in sorted(places)]


def checkpoint(path: str) -> None:
    """Move the write-ahead log into the file, as any reader of the database could."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def test_sealing_leaves_no_casting_order_in_the_database_file(app, db):
    round_id = open_round(db)
    # 12 rows fit on one page of the table: SQLite fills a page from its end, so before sealing
    # the rows lie in (reverse) order of casting; the rows' ids are in another order.
    done = vote(db, round_id, shuffled_voters(4)[:12])
    casting = list(range(len(done)))
    path = sqlite_file(app)
    checkpoint(path)
    assert physical_order(path, done) in (casting, casting[::-1])  # the leak sealing removes

    call(db, services.close_voting, round_id)
    wal = path + "-wal"
    assert not os.path.exists(wal) or os.path.getsize(wal) == 0
    sealed = physical_order(path, done)  # every row still stored exactly once
    assert sealed not in (casting, casting[::-1])
    by_id = sorted(casting, key=lambda i: stored_ids(db, done)[i])
    assert sealed in (by_id, by_id[::-1])  # the rows now lie in the order of their random ids


def test_neither_the_database_file_nor_the_audit_log_holds_a_mark_in_the_clear(app, db):
    """The box stores ciphertexts and proofs only: search the whole database file (and its
    write-ahead log) for every spelling of the known ballots' marks and for their nonces."""
    round_id = open_round(db)
    done = vote(db, round_id, shuffled_voters(5)[:12])
    path = sqlite_file(app)
    for moment in ("open", "sealed"):
        raw = b""
        for name in (path, path + "-wal"):
            if os.path.exists(name):
                with open(name, "rb") as file:
                    raw += file.read()
        found = [form for c in done for form in c.plain if form.encode() in raw]
        assert not found, moment
        assert all(c.text.encode()[:200] in raw for c in done)  # the search does find ballots
        if moment == "open":
            call(db, services.close_voting, round_id)
