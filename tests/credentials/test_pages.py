"""The card pages: the holder's page, typing a code, the staff look-up, never logging a token."""

from __future__ import annotations

import datetime as dt
import logging
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tests.conftest import csrf_from, login
from tests.credentials.conftest import CREDENTIALS
from votesys.accounts.models import LoginThrottle
from votesys.congress.queries import current_congress
from votesys.core.codes import format_short_code, new_short_code
from votesys.credentials import services
from votesys.roster.models import Delegate


def delegate_of(db, number):
    with db.session() as session:
        delegate = session.scalars(select(Delegate).where(Delegate.number == number)).one()
        return delegate, delegate.unit.name


def test_the_card_page_shows_whose_card_it_is_and_nothing_more(client, db, issued):
    item = issued[10]
    delegate, unit = delegate_of(db, item.delegate.number)
    response = client.get(f"/c/{item.token}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f'data-testid="holder-name">{delegate.full_name}<' in html
    assert f"Số {delegate.number}<" in html and unit in html
    assert "máy tính bảng" in html  # how to use the card, in Vietnamese
    for private in (delegate.birth_date.strftime("%d/%m/%Y"), delegate.position):
        assert private not in html
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_a_revoked_card_says_so_in_red_and_an_unknown_one_is_not_found(client, db, issued):
    item = issued[11]
    with db.session(write=True) as session:
        services.revoke(session, CREDENTIALS, current_congress(session), item.delegate.id, "Mất")
    response = client.get(f"/c/{item.token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "Thẻ này đã bị thu hồi; hãy liên hệ Ban thẩm tra tư cách đại biểu." in html
    assert 'class="card revoked-card"' in html and item.delegate.full_name not in html
    assert client.get("/c/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404
    assert client.get("/c/short").status_code == 404


def post_code(client, code, address="10.1.1.1"):
    token = csrf_from(client, "/c")
    return client.post(
        "/c", data={"code": code, "csrf_token": token}, environ_base={"REMOTE_ADDR": address}
    )


def test_typing_the_code_opens_the_card_and_a_typo_is_explained(client, issued):
    item = issued[12]
    typed = format_short_code(item.code).lower().replace("-", " ")
    response = post_code(client, typed)
    assert response.status_code == 200
    assert item.delegate.full_name in response.get_data(as_text=True)
    code = item.code
    swapped = code[:1] + code[2] + code[1] + code[3:] if code[1] != code[2] else code[:-1] + "U"
    response = post_code(client, swapped)
    assert response.status_code == 400
    assert 'data-testid="code-error"' in response.get_data(as_text=True)
    assert item.delegate.full_name not in response.get_data(as_text=True)
    response = post_code(client, "")
    assert response.status_code == 400


def test_wrong_codes_lock_the_address_with_429_until_the_lock_ends(app, client, db, issued):
    good = issued[13]
    for _ in range(services.PUBLIC.max_failures):
        assert post_code(client, new_short_code()).status_code == 404
    locked = post_code(client, good.code)
    assert locked.status_code == 429
    assert "300" in locked.get_data(as_text=True) or "299" in locked.get_data(as_text=True)
    assert post_code(client, good.code, address="10.1.1.2").status_code == 200  # another tablet
    with db.session(write=True) as session:
        row = session.get(LoginThrottle, "card:addr:10.1.1.1")
        row.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.commit()
    assert post_code(client, good.code).status_code == 200
    assert post_code(client, new_short_code()).status_code == 404  # counting starts again
    assert post_code(client, good.code).status_code == 200


def test_the_desk_lookup_is_throttled_less_strictly_per_staff_member(client, issued):
    assert login(client, "credentials").status_code == 302
    token = csrf_from(client, "/cards/find")

    def find(code):
        return client.post("/cards/find", data={"code": code, "csrf_token": token})

    found = find(issued[14].code)
    assert found.status_code == 200
    assert issued[14].delegate.full_name in found.get_data(as_text=True)
    for _ in range(services.DESK.max_failures):
        assert find(new_short_code()).status_code == 404
    assert services.DESK.max_failures > services.PUBLIC.max_failures
    assert find(issued[14].code).status_code == 429
    client.post("/logout", data={"csrf_token": token})
    assert login(client, "secretariat").status_code == 302
    token = csrf_from(client, "/cards/find")
    assert find(issued[14].code).status_code == 200


def test_the_desk_lookup_shows_a_revoked_card_with_its_reason(client, db, issued):
    item = issued[15]
    with db.session(write=True) as session:
        services.revoke(
            session, CREDENTIALS, current_congress(session), item.delegate.id, "Thẻ bị mất"
        )
    assert login(client, "credentials").status_code == 302
    token = csrf_from(client, "/cards/find")
    html = client.post("/cards/find", data={"code": item.code, "csrf_token": token}).get_data(
        as_text=True
    )
    assert 'data-testid="found-revoked"' in html and "Thẻ bị mất" in html


def test_the_cards_page_lists_every_delegate_with_the_state_of_their_card(app, client, issued, db):
    with db.session(write=True) as session:
        services.revoke(session, CREDENTIALS, current_congress(session), issued[0].delegate.id, "x")
    assert login(client, "secretariat").status_code == 302
    app.config["PUBLIC_URL"] = "http://192.168.10.20:5000"
    html = client.get("/cards").get_data(as_text=True)
    assert "101 trên 102 đại biểu có thẻ còn hiệu lực; 1 người chưa có." in html
    assert "http://192.168.10.20:5000" in html and 'data-testid="unreachable"' not in html
    assert html.count("<tr data-number=") == 102
    assert "1 thẻ đã thu hồi" in html
    app.config["PUBLIC_URL"] = ""
    local = client.get("/cards").get_data(as_text=True)  # the test client's host is localhost
    assert 'data-testid="unreachable"' in local


def test_no_log_line_carries_a_card_token(app, issued, caplog):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with caplog.at_level(logging.INFO):
            with urllib.request.urlopen(f"{base}/c/{issued[0].token}") as response:  # noqa: S310
                assert response.status == 200
            with pytest.raises(urllib.error.HTTPError):
                urllib.request.urlopen(f"{base}/c/{'B' * 22}")  # noqa: S310
            app.logger.error("Exception on %s [%s]", f"/c/{issued[1].token}", "GET")
    finally:
        server.shutdown()
        thread.join(timeout=5)
    lines = [record.getMessage() for record in caplog.records]
    assert any("GET /c/[hidden]" in line for line in lines), lines
    assert any("Exception on /c/[hidden]" in line for line in lines), lines
    for line in lines:
        assert issued[0].token not in line and issued[1].token not in line and "B" * 22 not in line
