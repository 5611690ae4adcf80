"""Fixtures for the ballot box: an open round on the demo congress, and helpers to cast.

Tests write a ballot as the delegate marked it (``strike(True, False, ...)``, ``approve(...)``,
``spoilt()``); ``cast`` encrypts it as the tablet does (core.rules.marking for the 0/1
plaintexts, core.crypto for the ciphertexts and proofs) under the round's frozen manifest.
"""

from __future__ import annotations

import json
import secrets

import pytest

from tests.elections.conftest import call, ids, open_ready_round
from votesys.ballots import services
from votesys.core import record
from votesys.core.crypto.ballot import encrypt_ballot
from votesys.core.crypto.group import Point
from votesys.core.rules import marking
from votesys.core.rules.settings import RuleSettings
from votesys.elections.models import Round


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


@pytest.fixture
def open_round(db):
    """Executive committee, 4 seats, 5 names (strike layout); present: 1 2 3 20 21 101 102,
    so the voters are 1, 2, 3, 20, 21 and 101 (seated for 57)."""
    return open_ready_round(db)


def key() -> str:
    return secrets.token_urlsafe(16)


def strike(*kept: bool) -> dict:
    return {"layout": "strike", "kept": list(kept)}


def approve(*rows) -> dict:
    return {"layout": "approve", "rows": list(rows)}


def spoilt(layout: str = "strike") -> dict:
    return {"layout": layout, "spoilt": True}


def plaintexts(manifest: dict, marked: dict) -> tuple[list[int], list[int]]:
    settings = RuleSettings.from_dict(manifest["settings"])
    rows = len(manifest["candidates"])
    if marked.get("spoilt"):
        return marking.spoilt_plaintexts(manifest["layout"], rows, settings)
    marks = marked["kept"] if "kept" in marked else marked["rows"]
    seats = manifest["seats"] if manifest["election"]["kind"] != "opinion" else 1
    return marking.plaintexts(manifest["layout"], marks, seats, manifest["alternates"], settings)


def encrypted(db, round_id: int, marked: dict, keep_secrets: bool = False):
    """The encrypted ballot (core.crypto.ballot.EncryptedBallot) a tablet makes for ``marked``."""
    with db.session() as session:
        round_ = session.get(Round, round_id)
        manifest, context = json.loads(round_.manifest), bytes.fromhex(round_.fingerprint)
    marks, flags = plaintexts(manifest, marked)
    key = Point.from_hex(manifest["election_key"]["public_key"])
    layout = record.layout_of(manifest)
    return encrypt_ballot(marks, flags, layout, key, context, keep_secrets=keep_secrets)


def issue(db, round_id: int, number: int):
    (delegate_id,) = ids(db, number)
    with db.session(write=True) as session:
        return services.issue_ballot(session, round_id, delegate_id)


def cast(db, round_id: int, number: int, ballot, submission_key=None):
    """Cast ``ballot``: marks as the delegate made them (encrypted here), or an encrypted
    ballot's JSON as a tablet sends it (a dict with "format")."""
    (delegate_id,) = ids(db, number)
    if "format" not in ballot:
        ballot = encrypted(db, round_id, ballot).to_json()
    with db.session(write=True) as session:
        return services.cast_ballot(session, round_id, delegate_id, ballot, submission_key or key())


def close(db, round_id: int):
    return call(db, services.close_voting, round_id)


def count_box(db, round_id: int, members=(1, 2)):
    """The counting committee adds the closed box up, then members ``members`` of the demo's
    2-of-3 key ceremony decrypt the totals (which counts the round). Returns the Tally."""
    from votesys.demo import committee as simulated
    from votesys.demo.seed import PASSPHRASES
    from votesys.roles import Actor
    from votesys.tally import services as tally
    from votesys.tally.models import Tally

    call(db, tally.add_up, round_id, actor=Actor("staff:counting1", "counting"))
    with db.session(write=True) as session:
        committee = simulated.unlock(session, PASSPHRASES, members)
        simulated.decrypt(session, committee, round_id, members)
    with db.session() as session:
        return session.get(Tally, round_id)
