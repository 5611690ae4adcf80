"""Signing in: passwords, throttling, cookies, session fixation, the audit trail of sign-ins."""

import datetime as dt

from sqlalchemy import select

from tests.conftest import csrf_from, login
from votesys.accounts.models import StaffUser
from votesys.audit.models import AuditEntry


def test_a_good_password_opens_the_role_home_page(client):
    response = login(client, "chair")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Trang đầu của Đoàn Chủ tịch" in page


def test_a_wrong_password_is_refused_and_audited_without_the_password(app, client):
    response = login(client, "chair", "not-the-password")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.get_data(as_text=True)
    with app.extensions["votesys.db"].session() as session:
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
    assert last.kind == "login.failed"
    assert "not-the-password" not in last.data


def test_five_failures_lock_the_account_even_with_the_right_password(client):
    for _ in range(5):
        assert login(client, "observer", "wrong-password").status_code == 401
    response = login(client, "observer")
    assert response.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in response.get_data(as_text=True)


def test_passwords_are_stored_with_argon2id(app):
    with app.extensions["votesys.db"].session() as session:
        hashes = session.scalars(select(StaffUser.password_hash)).all()
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)


def test_the_session_cookie_is_hardened_and_renewed_at_sign_in(client):
    csrf_from(client, "/login")
    before = client.get_cookie("votesys_session").value
    response = login(client, "secretariat")
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if "votesys_session" in h)
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert client.get_cookie("votesys_session").value != before


def test_a_deactivated_account_loses_its_session_at_once(app, client):
    login(client, "observer")
    assert client.get("/congress").status_code == 200
    with app.extensions["votesys.db"].session(write=True) as session:
        session.scalar(select(StaffUser).where(StaffUser.username == "observer")).is_active = False
        session.commit()
    assert client.get("/congress").status_code == 302


def test_signing_out_ends_the_session(client):
    login(client, "chair")
    token = csrf_from(client, "/congress")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/congress").status_code == 302


def test_a_copy_of_the_cookie_taken_before_signing_out_is_refused(app, client):
    login(client, "chair")
    copied = client.get_cookie("votesys_session").value
    thief = app.test_client()
    thief.set_cookie("votesys_session", copied)
    assert thief.get("/congress").status_code == 200  # the copy works while the session lives
    token = csrf_from(client, "/congress")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    again = app.test_client()
    again.set_cookie("votesys_session", copied)
    assert again.get("/congress").status_code == 302  # back to the sign-in page


def test_signing_out_on_one_device_leaves_the_other_signed_in(app, client):
    login(client, "chair")
    projector = app.test_client()
    login(projector, "chair")
    token = csrf_from(client, "/congress")
    client.post("/logout", data={"csrf_token": token})
    assert projector.get("/projector/state.json").status_code == 200


def test_a_session_older_than_its_lifetime_is_refused(app, client):
    login(client, "chair")
    assert client.get("/congress").status_code == 200
    from votesys.accounts.models import StaffSession

    with app.extensions["votesys.db"].session(write=True) as session:
        for row in session.query(StaffSession):
            row.started_at = row.started_at - dt.timedelta(hours=13)
        session.commit()
    assert client.get("/congress").status_code == 302
