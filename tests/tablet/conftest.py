"""Fixtures for the tablet: cards for every delegate, an open round, a tablet client, snapshots.

The open round (tests.elections.conftest.open_ready_round): executive committee, 4 seats, 5
names (strike layout); in the hall 1 2 3 20 21 101 102, so the voters are 1, 2, 3, 20, 21 and
101 (an alternate seated for 57). 102 is an alternate not seated; 50 is not in the hall.

A test casts marks as the delegate made them (``strike(True, False, ...)``); ``Tablet.cast``
encrypts them as the tablet's browser does (tests.ballots.conftest.encrypted: core.rules.marking,
then core.crypto under the round's manifest) and sends what vote.js sends: the encrypted
ballot and the submission key, nothing else.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.ballots.conftest import encrypted
from tests.elections.conftest import open_ready_round
from tests.elections.conftest import state as elections_state
from votesys.ballots.models import Ballot, StationPolicy, VotingStation
from votesys.congress.queries import current_congress
from votesys.credentials import services as card_services
from votesys.roles import Actor

SECRETARIAT = Actor("staff:secretariat", "secretariat")
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


@pytest.fixture
def cards(db, app) -> dict:
    """A card for every delegate, through the credentials' service: number → IssuedCard."""
    key = app.extensions["votesys.card_code_key"]
    with db.session(write=True) as session:
        issued = card_services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    return {item.delegate.number: item for item in issued}


@pytest.fixture
def open_round(db):
    return open_ready_round(db)


class Tablet:
    """A test client used as the hall's tablet: it opens /vote and talks JSON as vote.js does."""

    def __init__(self, client):
        self.client = client
        self.csrf = ""
        self.welcome()

    def welcome(self):
        page = self.client.get("/vote")
        self.csrf = CSRF_META.search(page.get_data(as_text=True)).group(1)
        return page

    def post(self, url, body=None):
        return self.client.post(url, json=body or {}, headers={"X-CSRFToken": self.csrf})

    def sign_in(self, scan: str, method: str = "scanner"):
        return self.post("/vote/sign-in", {"scan": scan, "method": method})

    def open(self, round_id: int):
        return self.post(f"/vote/rounds/{round_id}/ballot")

    def encrypt(self, round_id: int, marked: dict) -> dict:
        """The encrypted ballot's JSON the tablet makes for ``marked``."""
        db = self.client.application.extensions["votesys.db"]
        return encrypted(db, round_id, marked).to_json()

    def cast(self, round_id: int, ballot: dict, key: str):
        """Cast marks (encrypted here first) or an encrypted ballot's JSON (with "format")."""
        if "format" not in ballot:
            ballot = self.encrypt(round_id, ballot)
        return self.post(f"/vote/rounds/{round_id}/cast", {"ballot": ballot, "submission_key": key})

    def session_state(self):
        return self.client.get("/vote/session").get_json()


@pytest.fixture
def tablet(client) -> Tablet:
    return Tablet(client)


def strike(*kept: bool) -> dict:
    return {"layout": "strike", "kept": list(kept)}


def spoilt(layout: str = "strike") -> dict:
    return {"layout": layout, "spoilt": True}


def state(db) -> tuple:
    """Everything voting could change: the elections' rows (voters included), the audit head,
    the ballots, the stations and their policy."""
    with db.session() as session:
        ballots = sorted(
            (b.round_id, b.document, b.receipt) for b in session.scalars(select(Ballot))
        )
        stations = [
            (s.id, s.name, s.token_hash, s.revoked_at)
            for s in session.scalars(select(VotingStation).order_by(VotingStation.id))
        ]
        policies = [(p.congress_id, p.is_required) for p in session.scalars(select(StationPolicy))]
    return elections_state(db), ballots, stations, policies
