"""The desk over HTTP: the page, the JSON answers in both languages, CSRF, errors."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.checkin.conftest import BASE, delegate_id, state
from tests.conftest import login
from votesys.core.codes import format_short_code
from votesys.core.names import fold
from votesys.credentials.queries import card_url
from votesys.roster.models import Delegate

META = re.compile(r'name="csrf-token" content="([^"]+)"')
JSON = {"Accept": "application/json"}


def open_desk(client, username="credentials") -> dict:
    assert login(client, username).status_code == 302
    page = client.get("/checkin")
    assert page.status_code == 200
    return {"X-CSRFToken": META.search(page.get_data(as_text=True)).group(1)}


def local_time(iso: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(iso).astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%H:%M")


def test_the_desk_is_the_credentials_committees_start_page(client):
    assert login(client, "credentials").headers["Location"] == "/checkin"
    assert client.get("/").headers["Location"] == "/checkin"
    html = client.get("/checkin").get_data(as_text=True)
    assert "Trang đầu của Ban thẩm tra tư cách đại biểu" in html
    assert "<h1>Đại hội đại biểu Đảng bộ Phường 1 lần thứ XIV, nhiệm kỳ 2025-2030</h1>" in html
    assert 'data-testid="summoned-total" id="count-summoned">100<' in html
    assert 'id="count-not-come" data-testid="not-come-count">100<' in html
    assert "<script>" not in html and "onclick" not in html  # the CSP forbids inline scripts
    assert '<script src="/static/js/checkin/desk.js">' in html


def test_the_secretariat_may_use_the_desk_but_keeps_its_own_start_page(client):
    assert login(client, "secretariat").headers["Location"] == "/congress"
    html = client.get("/checkin").get_data(as_text=True)
    assert 'data-testid="role-home"' not in html and 'id="scan-input"' in html


def unit_of(app, number: int) -> str:
    with app.extensions["votesys.db"].session() as session:
        delegate = session.scalars(select(Delegate).where(Delegate.number == number)).one()
        return delegate.unit.name


def test_a_scan_answers_green_then_amber_with_name_unit_number_and_time(app, client, cards):
    headers = open_desk(client)
    item = cards[31]
    first = client.post("/checkin/scan", json={"scan": card_url(BASE, item.token)}, headers=headers)
    assert first.status_code == 200
    data = first.get_json()
    unit = unit_of(app, 31)
    at = local_time(data["at"])
    assert {k: data[k] for k in ("status", "outcome", "name", "unit", "number", "presence")} == {
        "status": "green",
        "outcome": "checked_in",
        "name": item.delegate.full_name,
        "unit": unit,
        "number": 31,
        "presence": "present",
    }
    assert data["message"] == f"Đã điểm danh lúc {at}."
    assert data["title"] == "Đã điểm danh" and isinstance(data["event_id"], int)
    assert data["counts"]["present"] == 1 and data["counts"]["summoned"] == 100
    second = client.post("/checkin/scan", json={"scan": item.code}, headers=headers).get_json()
    assert (second["status"], second["event_id"]) == ("amber", None)
    assert second["message"] == f"Đã điểm danh trước đó, lúc {at}."


def test_answers_follow_the_sessions_language(client, cards):
    headers = open_desk(client)
    client.post("/language", data={"lang": "en", "csrf_token": headers["X-CSRFToken"]})
    data = client.post("/checkin/scan", json={"scan": "hello"}, headers=headers).get_json()
    assert data["status"] == "red"
    assert data["message"].startswith("The code has 5 characters, but a card's code has 9")
    data = client.post("/checkin/scan", json={"scan": cards[32].token}, headers=headers).get_json()
    assert data["title"] == "Checked in" and data["message"].startswith("Checked in at ")


def test_leave_return_and_undo_over_http(client, cards):
    headers = open_desk(client)
    target = cards[33].delegate.id
    came = client.post(f"/checkin/{target}", json={"method": "search"}, headers=headers)
    assert came.get_json()["outcome"] == "checked_in"
    left = client.post(f"/checkin/{target}/leave", json={}, headers=headers).get_json()
    assert (left["status"], left["presence"], left["outcome"]) == ("amber", "left", "left")
    back = client.post(f"/checkin/{target}/return", json={}, headers=headers).get_json()
    assert (back["status"], back["outcome"]) == ("green", "returned")
    undone = client.post(f"/checkin/undo/{back['event_id']}", json={}, headers=headers)
    data = undone.get_json()
    assert (data["status"], data["presence"]) == ("undone", "left")
    assert data["message"] == (
        f"Đã hoàn tác: trở lại lúc {local_time(back['at'])}. "
        f"{cards[33].delegate.full_name} lại được ghi là đã ra về sớm."
    )
    recent = client.get("/checkin/recent").get_json()
    assert [e["kind"] for e in recent["events"]] == ["undo", "return", "leave", "check_in"]
    assert [e["undoable"] for e in recent["events"]] == [False, False, True, False]
    assert recent["counts"]["left"] == 1


def test_refusals_are_json_with_a_message_and_change_nothing(app, client, cards):
    headers = open_desk(client)
    db = app.extensions["votesys.db"]
    before = state(db)
    target = delegate_id(db, 34)
    refused = client.post(f"/checkin/{target}/leave", json={}, headers=headers)
    assert refused.status_code == 409
    assert refused.get_json()["error"] == "not_checked_in"
    assert "chưa điểm danh" in refused.get_json()["message"]
    assert client.post("/checkin/undo/424242", json={}, headers=headers).status_code == 404
    assert client.post("/checkin/999999", json={}, headers=headers).status_code == 404
    bad = client.post(f"/checkin/{target}", json={"method": "x"}, headers=headers)
    assert (bad.status_code, bad.get_json()["error"]) == (400, "bad_method")
    empty = client.post("/checkin/scan", data="not json", headers=headers)
    assert empty.status_code == 400
    assert state(db) == before


def test_every_post_needs_the_csrf_token(app, client, cards):
    open_desk(client)
    db = app.extensions["votesys.db"]
    before = state(db)
    target = cards[35].delegate.id
    urls = ("/checkin/scan", f"/checkin/{target}", f"/checkin/{target}/leave", "/checkin/undo/1")
    for url in urls:
        response = client.post(url, json={"scan": cards[35].token}, headers=JSON)
        assert response.status_code == 400, url
        assert response.get_json()["error"] == "csrf"
    assert state(db) == before


def test_the_search_answers_json_without_accents_and_by_code(client, cards):
    open_desk(client)
    target = cards[36].delegate
    plain = fold(target.full_name)  # "nguyen van an" for "Nguyễn Văn An"
    assert plain != target.full_name.lower()
    data = client.get("/checkin/search", query_string={"q": plain}, headers=JSON).get_json()
    assert target.number in [row["number"] for row in data["results"]]
    row = next(row for row in data["results"] if row["number"] == target.number)
    assert (row["presence"], row["presence_label"]) == ("none", "Chưa đến")
    by_code = client.get(
        "/checkin/search", query_string={"q": format_short_code(cards[37].code)}, headers=JSON
    ).get_json()
    assert [row["number"] for row in by_code["results"]] == [37]
    nothing = client.get("/checkin/search", query_string={"q": "xqxq"}, headers=JSON).get_json()
    assert nothing["results"] == [] and "xqxq" in nothing["message"]
