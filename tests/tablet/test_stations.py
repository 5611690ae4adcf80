"""Voting stations: registering this tablet, revoking, the policy; every role against /stations."""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import select

from tests.accounts.test_role_matrix import STAFF
from tests.conftest import csrf_from, login
from tests.elections.conftest import last_audit
from tests.tablet.conftest import Tablet, state, strike
from votesys.ballots.models import VotingStation
from votesys.congress.queries import current_congress
from votesys.roles import Actor
from votesys.tablet import errors, services

SECRETARIAT = Actor("staff:secretariat", "secretariat")


def stations(db) -> list[VotingStation]:
    with db.session() as session:
        return list(session.scalars(select(VotingStation).order_by(VotingStation.id)))


def register_here(client, name="Hàng A, máy 3"):
    """The secretariat, signed in on the tablet, registers it (the cookie lands in ``client``)."""
    token = csrf_from(client, "/stations")
    return client.post("/stations/register", data={"name": name, "csrf_token": token})


def set_policy(db, required: bool) -> None:
    with db.session(write=True) as session:
        services.set_station_policy(session, SECRETARIAT, current_congress(session), required)


def test_registering_this_tablet_sets_a_strict_cookie_and_stores_only_its_hash(
    db, client, login_as
):
    login_as("secretariat")
    response = register_here(client)
    assert response.status_code == 302
    (header,) = [h for h in response.headers.getlist("Set-Cookie") if "votesys_station=" in h]
    assert "HttpOnly" in header and "SameSite=Strict" in header and "Max-Age=" in header
    token = client.get_cookie("votesys_station").value
    (station,) = stations(db)
    assert station.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert station.name == "Hàng A, máy 3" and station.registered_by == "staff:secretariat"
    kind, actor, data = last_audit(db)
    assert (kind, actor, data) == (
        "stations.registered",
        "staff:secretariat",
        {"station": station.id, "name": "Hàng A, máy 3"},
    )
    assert token not in json.dumps(data)
    page = client.get("/stations").get_data(as_text=True)
    assert "Máy tính bảng này là điểm bỏ phiếu “Hàng A, máy 3”." in page


def test_a_station_name_is_required(db, client, login_as):
    login_as("secretariat")
    response = register_here(client, name="   ")
    assert response.status_code == 400
    assert "Hãy đặt tên" in response.get_data(as_text=True)
    assert stations(db) == [] and client.get_cookie("votesys_station") is None


def test_when_stations_are_required_only_a_registered_unrevoked_one_opens_a_ballot(
    app, db, client, login_as, cards, open_round
):
    login_as("secretariat")
    register_here(client)
    set_policy(db, True)
    assert last_audit(db)[::2] == ("stations.policy_set", {"required": True})
    elsewhere = Tablet(app.test_client())
    before = state(db)
    refused = elsewhere.sign_in(cards[20].token)
    assert refused.status_code == 403 and refused.get_json()["error"] == "station_required"
    assert "máy tính bảng bỏ phiếu" in refused.get_json()["message"]
    assert state(db) == before
    station = Tablet(client)  # the registered tablet (the staff session ends at sign-in)
    assert station.sign_in(cards[20].token).status_code == 200
    assert station.open(open_round.id).status_code == 200
    (row,) = stations(db)
    with db.session(write=True) as session:
        services.revoke_station(session, SECRETARIAT, current_congress(session), row.id)
    assert last_audit(db)[::2] == ("stations.revoked", {"station": row.id, "name": row.name})
    before = state(db)
    cast = station.cast(open_round.id, strike(True, True, True, True, False), "k" * 22)
    assert cast.status_code == 403 and cast.get_json()["error"] == "station_required"
    assert state(db) == before
    set_policy(db, False)
    assert elsewhere.sign_in(cards[21].token).status_code == 200


def test_revoking_twice_is_refused(db):
    with db.session(write=True) as session:
        congress = current_congress(session)
        done = services.register_station(session, SECRETARIAT, congress, "Máy 1")
    with db.session(write=True) as session:
        services.revoke_station(session, SECRETARIAT, current_congress(session), done.station.id)
    with db.session(write=True) as session, pytest.raises(errors.StationAlreadyRevoked):
        services.revoke_station(session, SECRETARIAT, current_congress(session), done.station.id)


def test_a_policy_saved_unchanged_writes_no_audit_entry(db):
    set_policy(db, False)
    before = state(db)
    set_policy(db, False)
    assert state(db) == before


# --- every role against /stations ---


def _writes(db):
    with db.session(write=True) as session:
        station = services.register_station(
            session, SECRETARIAT, current_congress(session), "Máy sẵn có"
        ).station
    return [
        ("register", "/stations/register", {"name": "Máy mới"}),
        ("revoke", f"/stations/{station.id}/revoke", {}),
        ("policy", "/stations/policy", {"required": "1"}),
    ]


@pytest.mark.parametrize("role", sorted(STAFF))
def test_stations_by_role(db, client, role):
    writes = _writes(db)
    assert login(client, STAFF[role]).status_code == 302
    allowed = role == "secretariat"
    assert client.get("/stations").status_code == (200 if allowed else 403)
    token = csrf_from(client, "/congress")
    for name, url, form in writes:
        before = state(db)
        response = client.post(url, data={**form, "csrf_token": token})
        if allowed:
            assert response.status_code == 302, (name, response.get_data(as_text=True))
            assert state(db) != before, name
        else:
            assert response.status_code == 403, (role, name)
            assert state(db) == before, (role, name)


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    writes = _writes(db)
    response = client.get("/stations")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    token = csrf_from(client, "/login")
    before = state(db)
    for _name, url, form in writes:
        response = client.post(url, data={**form, "csrf_token": token})
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert state(db) == before
