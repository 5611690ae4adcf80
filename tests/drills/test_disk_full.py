"""The disk full while the tablets cast (SQLite's ``max_page_count`` stands for the disk: the
database may not grow by one page more, which SQLite reports exactly as a full disk).

The tablet is told, in Vietnamese, that its ballot was NOT cast (507, ``box_full``); nothing of
the ballot is stored (no ballot, no point, no voter mark, no audit entry); the server goes on
answering; another write (a challenged ballot published) gets the general 507; once there is
room again the tablet's unchanged resend goes in, once. docs/reliability.md, "Disk full"."""

from __future__ import annotations

import json
import secrets
from collections import Counter

import pytest
from sqlalchemy import event, func, select, text

from tests.ballots.conftest import encrypted
from tests.elections.conftest import open_ready_round
from tests.tablet.conftest import Tablet, strike
from votesys.audit import queries as audit_queries
from votesys.audit.models import AuditEntry
from votesys.ballots.models import Ballot, BallotPoint, ChallengedBallot
from votesys.congress.queries import current_congress
from votesys.core import record
from votesys.core.crypto.benaloh import reveal
from votesys.credentials import services as card_services
from votesys.elections import queries as elections
from votesys.elections.models import Round, RoundVoter
from votesys.roles import Actor

PRESENT = tuple(n for n in range(1, 41) if n != 9)
NOT_CAST = (
    "Phiếu bầu của đồng chí CHƯA được bỏ vào hòm: ổ đĩa của máy chủ đã đầy và không phần nào "
    "của phiếu được lưu lại. Hãy báo Ban tổ chức. Máy tính bảng vẫn giữ phiếu và tự gửi lại; "
    "phiếu chỉ được tính một lần."
)
NOTHING_SAVED = (
    "Ổ đĩa của máy chủ đã đầy: không có gì trong những gì vừa gửi được lưu lại. "
    "Hãy báo Ban tổ chức."
)


@pytest.fixture
def hall(app):
    """An open round of 5 names with 39 voters, a card each; the disk's size, to be limited."""
    db = app.extensions["votesys.db"]
    key = app.extensions["votesys.card_code_key"]
    with db.session(write=True) as session:
        issued = card_services.issue_missing(
            session, Actor.console(), current_congress(session), key
        )
    tokens = {item.delegate.id: item.token for item in issued}
    round_id = open_ready_round(db, PRESENT).id
    with db.session() as session:
        voters = sorted(elections.voter_ids(session, session.get(Round, round_id)))
    disk = {"pages": None}

    @event.listens_for(db.engine, "connect")
    def _limited(connection, _record):
        if disk["pages"] is not None:
            connection.execute(f"PRAGMA max_page_count = {disk['pages']}")

    return db, round_id, voters, tokens, disk


def fill_disk(db, disk: dict) -> None:
    """No page more than the database has now (its free pages may still be used)."""
    with db.session() as session:
        disk["pages"] = session.execute(text("PRAGMA page_count")).scalar()
    db.engine.dispose()  # every connection from now on has the limit


def free_disk(db, disk: dict) -> None:
    disk["pages"] = 1_000_000
    db.engine.dispose()


def box_state(db, round_id: int) -> dict:
    with db.session() as session:
        round_ = session.get(Round, round_id)
        layout = record.layout_of(json.loads(round_.manifest))
        kinds = Counter(session.scalars(select(AuditEntry.kind)))
        return {
            "ballots": session.scalar(select(func.count()).where(Ballot.round_id == round_id)),
            "points": session.scalar(select(func.count()).where(BallotPoint.round_id == round_id)),
            "per_ballot": layout.mark_count + layout.flags,
            "voted": elections.turnout(session, round_).voted,
            "cast_entries": kinds["ballots.cast"],
        }


def voter_row(db, round_id: int, delegate_id: int) -> tuple[bool, bool]:
    with db.session() as session:
        row = session.get(RoundVoter, (round_id, delegate_id))
        return row.is_issued, row.has_voted


def assert_whole(db, app, round_id: int, ballots: int) -> None:
    state = box_state(db, round_id)
    assert state["ballots"] == state["voted"] == state["cast_entries"] == ballots
    assert state["points"] == ballots * state["per_ballot"]
    with db.session() as session:
        report = audit_queries.verify_database(
            session, app.extensions["votesys.signer"].public_key_hex
        )
    assert report.ok, [p.describe() for p in report.problems]


def test_a_full_disk_refuses_the_ballot_clearly_and_keeps_nothing_of_it(app, hall):
    db, round_id, voters, tokens, disk = hall
    casting = voters
    tablets = {}
    for delegate_id in casting:  # every ballot opened before the disk fills
        tablet = tablets[delegate_id] = Tablet(app.test_client())
        assert tablet.sign_in(tokens[delegate_id]).status_code == 200
        assert tablet.open(round_id).status_code == 200
    fill_disk(db, disk)

    cast, refused = [], None
    for delegate_id in casting:
        tablet = tablets[delegate_id]
        ballot = tablet.encrypt(round_id, strike(True, True, False, True, True))
        submission = (ballot, secrets.token_urlsafe(16))
        answer = tablet.cast(round_id, *submission)
        if answer.status_code != 200:
            refused = (delegate_id, submission, answer)
            break
        cast.append(answer.get_json()["receipt"])
    assert refused is not None, "the limited disk never filled up"
    delegate_id, submission, answer = refused
    assert answer.status_code == 507
    assert answer.get_json() == {"error": "box_full", "message": NOT_CAST}
    assert voter_row(db, round_id, delegate_id) == (True, False)  # not marked as voted
    assert_whole(db, app, round_id, len(cast))  # nothing half written, the chain holds

    # The server goes on answering; another write is told the same, in general words.
    tablet = tablets[delegate_id]
    assert tablet.client.get(f"/receipts/{round_id}.json").status_code == 200
    assert tablet.client.get("/vote/session").status_code == 200
    checked = encrypted(db, round_id, strike(True, False, True, True, True), keep_secrets=True)
    challenged = tablet.post(
        f"/vote/rounds/{round_id}/challenge",
        {"ballot": checked.to_json(), "revealed": reveal(checked).to_json()},
    )
    assert challenged.status_code == 507
    assert challenged.get_json() == {"error": "storage_full", "message": NOTHING_SAVED}
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ChallengedBallot)) == 0
    assert tablet.cast(round_id, *submission).status_code == 507  # still full: still nothing
    assert_whole(db, app, round_id, len(cast))

    free_disk(db, disk)  # the secretariat makes room: the tablet's resend goes in, once
    again = tablet.cast(round_id, *submission)
    assert again.status_code == 200
    assert again.get_json()["is_repeat"] is False
    repeat = tablet.cast(round_id, *submission).get_json()
    assert (repeat["receipt"], repeat["is_repeat"]) == (again.get_json()["receipt"], True)
    assert voter_row(db, round_id, delegate_id) == (True, True)
    assert_whole(db, app, round_id, len(cast) + 1)
