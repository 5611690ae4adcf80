"""The live dashboard: its JSON, its page, the counts per Party unit in the units' order."""

from __future__ import annotations

import re

import pytest

from tests.attendance.conftest import set_flags, set_status
from votesys.attendance import queries
from votesys.congress.queries import current_congress
from votesys.demo.seed import CELLS, SUBCOMMITTEES


def test_the_json_counts_on_the_demo_roll(db, login_as):
    """Delegate n sits in unit (n − 1) mod 18. Unit 1 (Chi bộ Khu phố 1) holds 1, 19, 37, 55, 73,
    91: 1 in the hall, 19 left early → present 1, left 1, not come 4.
    Elsewhere 2 and 3 in the hall; the alternates 101 (seated for 57) and 102 in the hall.
    Totals over the 100 summoned: present 3, left 1, not come 96, absent 97;
    with a vote in the hall: 3 + 101 = 4 (102 is not seated). B = 98 (the seed), threshold 50.
    """
    set_status(db, {1: "present", 19: "left", 2: "present", 3: "present"})
    set_status(db, {101: "present", 102: "present"})
    live = login_as("counting1").get("/attendance.json").get_json()
    assert {k: live[k] for k in ("summoned", "present", "left", "not_come", "absent")} == {
        "summoned": 100,
        "present": 3,
        "left": 1,
        "not_come": 96,
        "absent": 97,
    }
    assert live["voting_present"] == 4
    assert (live["base"], live["threshold"], live["quorum"]) == (98, 50, None)
    assert [unit["name"] for unit in live["units"]] == CELLS + SUBCOMMITTEES
    first, second = live["units"][0], live["units"][1]
    assert (first["summoned"], first["present"], first["left"], first["not_come"]) == (6, 1, 1, 4)
    assert (second["summoned"], second["present"], second["not_come"]) == (6, 1, 5)
    assert sum(unit["summoned"] for unit in live["units"]) == 100
    assert live["seated"] == [{"number": 101, "for_number": 57, "status": "present"}]
    assert re.fullmatch(r"\d\d:\d\d:\d\d", live["at"])


def test_reserve_members_and_delegates_without_a_unit(db):
    """12 becomes a reserve member (not summoned: 99); 13 has no unit: a last row "no unit"."""
    set_flags(db, 12, is_reserve_member=True)
    set_flags(db, 13, unit_id=None)
    set_status(db, {12: "present", 13: "present"})
    with db.session() as session:
        live = queries.dashboard(session, current_congress(session))
    assert (live.counts.summoned, live.counts.present) == (99, 1)
    assert live.units[-1].unit is None
    assert (live.units[-1].counts.summoned, live.units[-1].counts.present) == (1, 1)
    assert live.units[11].counts.summoned == 4  # unit 12 held 12, 30, 48, 66, 84 (12 reserve)
    assert live.units[12].counts.summoned == 4  # unit 13 held 13, 31, 49, 67, 85 (13 moved)
    assert live.voting_present == 1


def test_the_page_shows_the_big_numbers_and_loads_its_script(db, login_as):
    set_status(db, {5: "present", 6: "left"})
    html = login_as("chair").get("/attendance").get_data(as_text=True)
    assert 'data-testid="summoned">100<' in html
    assert 'data-testid="present">1<' in html
    assert 'data-testid="absent">99<' in html
    assert 'data-testid="base">98<' in html
    assert '<script src="/static/js/attendance/dashboard.js">' in html
    assert "<script>" not in html
    assert 'data-source="/attendance.json"' in html


@pytest.mark.postgres
def test_counts_base_and_quorum_on_postgresql(pg_app):
    """The same reads on PostgreSQL: 1 in the hall, 2 left; quorum 1/2 of B = 98 → 49."""
    from tests.attendance.conftest import quorum_of
    from tests.conftest import csrf_from, login

    db = pg_app.extensions["votesys.db"]
    set_status(db, {1: "present", 2: "left", 101: "present"})
    client = pg_app.test_client()
    assert login(client, "secretariat").status_code == 302
    token = csrf_from(client, "/attendance/base")
    response = client.post("/attendance/base/quorum", data={"quorum": "50%", "csrf_token": token})
    assert response.status_code == 302 and quorum_of(db) == "1/2"
    live = client.get("/attendance.json").get_json()
    assert (live["present"], live["left"], live["not_come"], live["voting_present"]) == (
        1,
        1,
        98,
        2,
    )
    assert (live["base"], live["quorum_required"], live["quorum_met"]) == (98, 49, False)
    assert client.get("/attendance/report.pdf").status_code == 200
