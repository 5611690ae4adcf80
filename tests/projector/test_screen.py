"""The projector: what the chair chooses, what the JSON carries (never a result before it is
announced), and the chair's control."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.conftest import csrf_from
from tests.elections.conftest import CHAIR, call, last_audit, open_ready_round
from tests.tally.test_pages import (
    PRESENT,
    counted,
    post,
    signed,
    status,
    text,
    tied_round,
    voted_round,
)
from votesys.audit.models import AuditEntry
from votesys.congress.queries import current_congress
from votesys.elections.models import Round
from votesys.errors import Forbidden
from votesys.projector import errors, services
from votesys.projector.models import ProjectorState
from votesys.record import queries as record_queries
from votesys.roles import Actor
from votesys.tally.models import Tally

COUNTER = Actor("staff:counting1", "counting")


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def show(db, mode, round_id=None, actor=CHAIR):
    with db.session(write=True) as session:
        return services.show(session, actor, current_congress(session), mode, round_id)


def names_and_figures(db, round_id) -> list[str]:
    """Every candidate's name and every figure of the round's count (what must not leak)."""
    with db.session() as session:
        result = json.loads(session.get(Tally, round_id).result)
    found = []
    for row in result["candidates"]:
        found += [row["name"], row["of_base"], row["percent"]]
    return found


def screen_json(client) -> dict:
    response = client.get("/projector/state.json")
    assert response.status_code == 200
    return response.get_json()


def test_idle_shows_the_congress(db, login_as):
    client = login_as("observer")
    data = screen_json(client)
    assert data["mode"] == "idle" and "Phường 1" in data["congress"]["name"]
    page = text(client.get("/projector"))
    assert "js/projector/screen.js" in page and "<script>" not in page
    assert 'class="topbar"' not in page  # no chrome


def test_voting_shows_the_turnout_and_the_opening_hash_never_a_result(db, login_as):
    round_ = open_ready_round(db, present=PRESENT)
    with db.session() as session:
        opened = session.scalars(
            select(AuditEntry).where(AuditEntry.kind == "elections.round_opened")
        ).one()
    show(db, "voting", round_.id)
    assert last_audit(db)[:2] == ("projector.shown", "staff:chair")
    assert last_audit(db)[2] == {"mode": "voting", "round": round_.id}
    client = login_as("chair")
    data = screen_json(client)
    assert data["mode"] == "voting" and data["is_open"] is True
    assert (data["voted"], data["eligible"], data["turnout"]) == (0, 61, "0 / 61")
    assert data["opening_hash"] == opened.hash
    assert data["text"]["state"] == "Đang bỏ phiếu"
    for key in ("candidates", "elected", "votes"):
        assert key not in data


def test_nothing_of_the_count_reaches_the_projector_before_the_announcement(db, login_as):
    round_ = counted(db)
    client = login_as("chair")
    leaks = names_and_figures(db, round_.id)
    for mode in ("voting", "counting"):
        show(db, mode, round_.id)
        body = client.get("/projector/state.json").get_data(as_text=True)
        decoded = json.dumps(json.loads(body), ensure_ascii=False)
        assert [leak for leak in leaks if leak in decoded] == [], mode
    with pytest.raises(errors.NotAnnounced):
        show(db, "results", round_.id)
    # A stored choice of results for a round not announced (only possible by hand) shows counting.
    with db.session(write=True) as session:
        session.get(ProjectorState, current_congress(session).id).mode = "results"
        session.commit()
    data = screen_json(client)
    assert data["mode"] == "counting" and "candidates" not in data
    assert data["text"]["state"] == "Ban kiểm phiếu đang kiểm phiếu"


def test_the_results_after_the_announcement(db, login_as):
    round_ = signed(db)
    with pytest.raises(errors.NotAnnounced):
        show(db, "results", round_.id)
    client = login_as("chair")
    before = screen_json(client)
    assert before["mode"] == "idle"
    response = post(client, f"/projector/control/announce/{round_.id}", page="/projector/control")
    assert response.status_code == 302 and status(db, round_.id) == "announced"
    post(client, "/projector/control/show", {"mode": "results", "round_id": round_.id})
    data = screen_json(client)
    assert data["mode"] == "results"
    rows = [(r["votes"], r["of_base"], r["percent"], r["outcome"]) for r in data["candidates"]]
    assert rows == [
        (60, "60/98", "61,22%", "elected"),
        (60, "60/98", "61,22%", "elected"),
        (60, "60/98", "61,22%", "elected"),
        (30, "30/98", "30,61%", "not_elected"),
        (0, "0/98", "0,00%", "not_elected"),
    ]
    assert len(data["elected"]) == 3 and data["text"]["summary"].startswith("Trúng cử: ")
    assert data["text"]["notices"] == [
        "Còn 1 chỗ chưa có người trúng cử: không đủ người được quá một nửa B (50 phiếu). "
        "Đại hội quyết định có bầu tiếp hay không."
    ]
    assert data["text"]["outcomes"]["elected"] == "Trúng cử"
    with db.session() as session:
        record = record_queries.fingerprint(session, session.get(Round, round_.id))
    assert len(record) == 64 and data["record_fingerprint"] == record
    assert data["text"]["record_label"] == "Dấu vân tay của hồ sơ bầu cử (SHA-256)"
    assert f"http://localhost/record/{round_.id}.json" in data["text"]["record_where"]
    assert "votesys verify" in data["text"]["record_where"]
    page = client.get("/projector").get_data(as_text=True)
    assert 'data-testid="record-fingerprint" data-field="record_fingerprint"' in page


def test_a_tie_is_explained_in_words(db, login_as):
    round_ = tied_round(db)  # two elected with 81; three tied at 54 for the 2 seats left
    show(db, "results", round_.id)
    data = screen_json(login_as("observer"))
    assert data["status"] == "tie" and len(data["elected"]) == 2
    tied = [r["name"] for r in data["candidates"] if r["outcome"] == "tied"]
    assert len(tied) == 3 and [r["votes"] for r in data["candidates"]] == [81, 81, 54, 54, 54]
    assert data["text"]["notices"][0].startswith("Bằng phiếu cho 2 chỗ còn lại: ")
    assert all(name in data["text"]["notices"][0] for name in tied)


def test_the_chair_alone_chooses_and_bad_choices_change_nothing(db):
    round_ = voted_round(db, voters=5)
    with pytest.raises(Forbidden):
        show(db, "idle", actor=COUNTER)
    with pytest.raises(errors.UnknownMode):
        show(db, "everything")
    with pytest.raises(errors.RoundNeeded):
        show(db, "voting")
    show(db, "counting")
    show(db, "idle", round_.id)  # idle is about no round
    with db.session() as session:
        state = session.get(ProjectorState, current_congress(session).id)
        assert (state.mode, state.round_id, state.changed_by) == ("idle", None, "staff:chair")


def test_a_round_not_opened_cannot_be_shown_voting(db, client, login_as):
    from tests.elections.conftest import ready_round

    round_ = ready_round(db)
    with pytest.raises(errors.NotOpenedYet):
        show(db, "voting", round_.id)
    login_as("chair")
    response = post(client, "/projector/control/show", {"mode": "voting", "round_id": round_.id})
    assert response.status_code == 302
    page = text(client.get("/projector/control"))
    assert 'class="flash error"' in page and "chưa mở" in page
    with db.session() as session:
        assert session.scalars(select(ProjectorState)).all() == []


def test_the_control_lists_rounds_with_announce_and_show(db, login_as):
    round_ = signed(db)
    client = login_as("chair")
    page = text(client.get("/projector/control"))
    assert f'data-testid="announce-{round_.id}"' in page
    assert f'data-testid="show-results-{round_.id}"' not in page  # not before announcing
    call(db, __import__("votesys.tally.services", fromlist=["x"]).announce, round_.id, actor=CHAIR)
    page = text(client.get("/projector/control"))
    assert f'data-testid="show-results-{round_.id}"' in page
    assert f'data-testid="announce-{round_.id}"' not in page
    assert csrf_from(client, "/projector/control")
