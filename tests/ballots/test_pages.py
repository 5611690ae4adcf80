"""The counting committee's ballot-box pages: who voted beside the box, the paper count."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, select

from tests.ballots.pages import candidate_ids, empty_round, good_paper, state, voted_round
from tests.conftest import csrf_from
from tests.elections.conftest import open_ready_round
from votesys.ballots.models import Ballot, PaperCount

RECEIPT = re.compile(r"\b[A-Z2-7]{5}-[A-Z2-7]{5}\b")


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


@pytest.fixture
def counting(login_as):
    return login_as("counting1")


def cell(page: str, testid: str) -> str:
    found = re.search(rf'data-testid="{testid}">([^<]*)<', page)
    assert found, testid
    return found.group(1).strip()


def test_who_voted_is_sorted_by_number_and_agrees_with_the_box(db, counting):
    round_ = voted_round(db)
    response = counting.get(f"/ballots/{round_.id}/voters")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    listed = re.findall(r'<tr><td class="num">(\d+)</td><td>', page)
    assert listed == ["3", "101"]  # roll order, not the order they cast (101 first)
    figures = {k: cell(page, k) for k in ("eligible", "issued", "returned", "voted-count")}
    assert figures == {"eligible": "6", "issued": "3", "returned": "2", "voted-count": "2"}
    assert cell(page, "receipts-count") == "2"
    assert 'data-testid="reconciled"' in page and 'data-testid="mismatch"' not in page
    assert not RECEIPT.search(page)  # who voted, never next to what they were given


def test_a_box_that_disagrees_with_the_list_is_shown_in_red(db, counting):
    round_ = voted_round(db)
    with db.session(write=True) as session:
        first = session.scalars(select(Ballot.id).where(Ballot.round_id == round_.id)).first()
        session.execute(delete(Ballot).where(Ballot.id == first))
        session.commit()
    page = counting.get(f"/ballots/{round_.id}/voters").get_data(as_text=True)
    assert 'data-testid="mismatch"' in page and 'role="alert"' in page
    assert (cell(page, "voted-count"), cell(page, "receipts-count")) == ("2", "1")
    assert 'data-testid="reconciled"' not in page


def test_who_voted_is_not_shown_while_voting_is_open(db, counting):
    round_ = open_ready_round(db)
    response = counting.get(f"/ballots/{round_.id}/voters")
    assert response.status_code == 409
    assert 'data-testid="voters"' not in response.get_data(as_text=True)


def test_the_index_lists_closed_rounds_with_their_box(db, counting):
    round_ = voted_round(db)
    page = counting.get("/ballots").get_data(as_text=True)
    assert f'data-round="{round_.id}"' in page
    assert f"/ballots/{round_.id}/voters" in page and f"/ballots/{round_.id}/paper" in page


def test_the_pages_are_vietnamese_and_printable(db, counting):
    round_ = voted_round(db)
    page = counting.get(f"/ballots/{round_.id}/voters").get_data(as_text=True)
    assert "css/ballots.css" in page and 'class="printable"' in page
    assert "Danh sách đại biểu đã bỏ phiếu" in page
    css = counting.get("/static/css/ballots.css").get_data(as_text=True)
    assert "@media print" in css


def test_a_paper_count_is_entered_and_shown(db, counting):
    round_ = empty_round(db)
    url = f"/ballots/{round_.id}/paper"
    page = counting.get(url).get_data(as_text=True)
    for cid in candidate_ids(db, round_.id):
        assert f'name="votes_{cid}"' in page
    assert 'name="invalid_too_many_kept"' in page and 'name="invalid_no_mark"' not in page
    form = {**good_paper(db, round_.id), "csrf_token": csrf_from(counting, url)}
    response = counting.post(url, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)
    with db.session() as session:
        row = session.get(PaperCount, round_.id)
        assert (row.issued, row.returned, row.entered_by) == (6, 5, "staff:counting1")
        assert row.invalid == '{"too_many_kept":1}'
    shown = counting.get(url).get_data(as_text=True)
    assert 'data-testid="entered-figures"' in shown and 'name="issued"' not in shown


def _bad(db, round_id):
    votes = [f"votes_{cid}" for cid in candidate_ids(db, round_id)]
    return [
        ("not a number", {"issued": "sáu"}, 400),
        ("negative", {"returned": "-1"}, 400),
        ("missing a candidate", {votes[0]: ""}, 400),
        ("returned above issued", {"returned": "7"}, 400),
        ("issued above the voters", {"issued": "9", "returned": "5"}, 400),
        ("votes above the valid ballots", {votes[1]: "5"}, 400),
        ("negative invalid", {"invalid_all_struck": "-2"}, 400),
    ]


def test_every_bad_paper_count_re_renders_the_form_and_changes_nothing(db, counting):
    round_ = empty_round(db)
    url = f"/ballots/{round_.id}/paper"
    for name, change, status in _bad(db, round_.id):
        before = state(db)
        form = {**good_paper(db, round_.id), **change, "csrf_token": csrf_from(counting, url)}
        response = counting.post(url, data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == status, (name, response.status_code)
        assert 'data-testid="paper-error"' in page, name
        assert 'name="issued"' in page, name  # the form is there again, with what was typed
        assert f'value="{form["issued"]}"' in page or form["issued"].startswith("-"), name
        assert state(db) == before, name


def test_no_paper_count_over_a_box_with_ballots(db, counting):
    round_ = voted_round(db)
    url = f"/ballots/{round_.id}/paper"
    page = counting.get(url).get_data(as_text=True)
    assert 'data-testid="box-full"' in page and 'name="issued"' not in page
    before = state(db)
    form = {**good_paper(db, round_.id), "csrf_token": csrf_from(counting, url)}
    response = counting.post(url, data=form)
    assert response.status_code == 409
    assert 'data-testid="paper-error"' in response.get_data(as_text=True)
    assert state(db) == before
