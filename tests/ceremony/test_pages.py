"""The key ceremony's pages over HTTP, in Vietnamese: the committee's page, the forms to start
and abandon, the JSON steps a member's browser sends (here made by the Python twin of its
crypto), the recovery card and the transcript; every refusal says what is wrong and changes
nothing."""

from __future__ import annotations

import base64
import json
import re
import subprocess

import pytest
from sqlalchemy import func, select

from tests.conftest import csrf_from, login
from tests.credentials.conftest import need_tool
from votesys.accounts import services as accounts
from votesys.audit.models import AuditEntry
from votesys.ceremony import queries
from votesys.ceremony.models import CeremonyMember, KeyCeremony, SealedShare
from votesys.core.crypto import keywrap
from votesys.core.crypto.group import Point, base_mul, random_scalar
from votesys.core.crypto.proofs import prove_knowledge
from votesys.core.crypto.share_box import (
    open_share,
    seal_share,
    share_context,
    transport_key_context,
)
from votesys.core.crypto.threshold import (
    Commitments,
    combine_shares,
    deal,
    joint_public_key,
    verify_share,
)
from votesys.roles import Actor

ACCOUNTS = ["staff:counting1", "staff:counting2", "staff:counting3"]


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def signed_in(app, username: str, password: str | None = None):
    client = app.test_client()
    assert login(client, username, password).status_code == 302
    client.csrf = csrf_from(client, "/ceremony")
    return client


def post_json(client, url: str, body):
    return client.post(url, json=body, headers={"X-CSRFToken": client.csrf})


def start(client, accounts=ACCOUNTS, threshold=""):
    return client.post(
        "/ceremony/start",
        data={"members": accounts, "threshold": threshold, "csrf_token": client.csrf},
    )


def running(db) -> KeyCeremony | None:
    with db.session() as session:
        ceremonies = session.scalars(select(KeyCeremony).order_by(KeyCeremony.id)).all()
        return next((c for c in reversed(ceremonies) if c.status not in ("abandoned",)), None)


def ceremony_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(KeyCeremony))


def audit_count(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEntry))


def add_counting(db, username: str, name: str) -> None:
    with db.session(write=True) as session:
        accounts.create_user(
            session, Actor.console(), username, name, "counting", f"{username}-password"
        )


class Device:
    """One member's browser, as ceremony.js does it, with the Python twin of its crypto."""

    def __init__(self, client, ceremony_id: int):
        self.client = client
        self.url = f"/ceremony/{ceremony_id}"
        status = self.status()
        self.fp = bytes.fromhex(status["fingerprint"])
        self.threshold = status["threshold"]
        me = next(m for m in status["members"] if m["account"] == client.account)
        self.number = me["number"]
        self.secret = random_scalar()
        self.share = None

    def status(self) -> dict:
        response = self.client.get(f"{self.url}/status.json")
        assert response.status_code == 200
        return response.get_json()

    def publish_key(self):
        proof = prove_knowledge(self.secret, transport_key_context(self.fp, self.number))
        body = {"key": base_mul(self.secret).hex(), "proof": proof.to_json()}
        return post_json(self.client, f"{self.url}/transport-key", body)

    def deal(self):
        members = self.status()["members"]
        dealing = deal(self.number, [m["number"] for m in members], self.threshold, self.fp)
        sealed = {
            str(m["number"]): seal_share(
                dealing.shares[m["number"]],
                Point.from_hex(m["transport_key"]["key"]),
                share_context(self.fp, self.number, m["number"]),
            ).hex()
            for m in members
        }
        body = {"commitments": dealing.commitments.to_json(), "sealed": sealed}
        return post_json(self.client, f"{self.url}/dealing", body)

    def check(self, passphrase: str):
        rows = self.client.get(f"{self.url}/shares.json").get_json()["shares"]
        shares = []
        for row in rows:
            context = share_context(self.fp, row["dealer"], self.number)
            share = open_share(bytes.fromhex(row["sealed"]), self.secret, context)
            assert verify_share(self.number, share, Commitments.from_json(row["commitments"]))
            shares.append(share)
        self.share = combine_shares(shares)
        context = keywrap.wrap_context(self.fp, self.number)
        wrapped = keywrap.wrap_share(self.share, passphrase, context, iterations=1000)
        body = {
            "complaints": [],
            "verification_key": base_mul(self.share).hex(),
            "wrapped_share": wrapped,
        }
        return post_json(self.client, f"{self.url}/confirm", body)


def devices(app, db, usernames=("counting1", "counting2", "counting3")) -> list[Device]:
    clients = []
    for username in usernames:
        client = signed_in(app, username)
        client.account = f"staff:{username}"
        clients.append(client)
    assert start(clients[0], [c.account for c in clients]).status_code == 302
    ceremony = running(db)
    return [Device(client, ceremony.id) for client in clients]


# --- /ceremony ---


@pytest.mark.parametrize("username", ["secretariat", "credentials", "chair", "observer"])
def test_every_staff_role_sees_the_ceremony_but_only_the_committee_the_forms(app, username):
    client = signed_in(app, username)
    page = client.get("/ceremony")
    assert page.status_code == 200
    body = text(page)
    assert "Lễ tạo khóa của Ban kiểm phiếu" in body
    assert "Đã xong: khóa bầu cử đã được tạo" in body  # the demo's ceremony
    assert 'data-testid="start-form"' not in page.get_data(as_text=True)
    assert 'data-testid="abandon-form"' not in page.get_data(as_text=True)


def test_the_committee_sees_its_members_progress_and_the_start_form(app, db):
    client = signed_in(app, "counting1")
    html = client.get("/ceremony").get_data(as_text=True)
    body = text(client.get("/ceremony"))
    assert "2 trên 3 thành viên" in body
    assert "Lê Văn Bình" in body and "Võ Minh Tuấn" in body
    assert 'data-testid="public-key"' in html
    assert 'data-testid="start-form"' in html and 'data-testid="abandon-form"' in html
    # Every counting account is ticked; an empty threshold is a majority.
    assert len(re.findall(r'<input checked[^>]*name="members"', html)) == 3
    assert "Để trống: đa số (2 trên 3)." in body


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    for url in ("/ceremony", "/ceremony/1/member", "/ceremony/1/card", "/ceremony/1/status.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_starting_with_an_empty_threshold_takes_a_majority_and_replaces_the_unused_key(app, db):
    client = signed_in(app, "counting1")
    old = running(db)
    response = start(client)
    assert response.status_code == 302
    new = running(db)
    assert new.id != old.id and (new.threshold, new.members, new.status) == (2, 3, "keys")
    with db.session() as session:
        assert session.get(KeyCeremony, old.id).status == "abandoned"
        numbers = [(m.number, m.account) for m in queries.members(session, new)]
    assert numbers == list(enumerate(ACCOUNTS, start=1))
    body = text(client.get("/ceremony"))
    assert "Bắt đầu lễ tạo khóa: 2 trên 3." in body
    assert "Bước 1: các thành viên tạo khóa vận chuyển" in body


@pytest.mark.parametrize(
    ("accounts", "threshold", "status", "message"),
    [
        (ACCOUNTS, "ba", 400, "Ghi ngưỡng bằng một số nguyên"),
        (ACCOUNTS, "4", 400, "ngưỡng 4"),
        (ACCOUNTS, "0", 400, "ngưỡng 0"),
        ([], "", 400, "Đánh dấu các thành viên của Ban kiểm phiếu"),
        (["staff:chair"], "", 400, "Chỉ đánh dấu các tài khoản trong danh sách"),
    ],
)
def test_a_bad_start_says_what_to_fix_and_changes_nothing(
    app, db, accounts, threshold, status, message
):
    client = signed_in(app, "counting1")
    before, events = ceremony_count(db), audit_count(db)
    response = start(client, accounts, threshold)
    assert response.status_code == status
    assert message in text(response)
    assert (ceremony_count(db), audit_count(db)) == (before, events)


def test_only_the_counting_committee_starts_or_abandons(app, db):
    client = signed_in(app, "secretariat")
    before = ceremony_count(db)
    assert start(client).status_code == 403
    ceremony = running(db)
    response = client.post(
        f"/ceremony/{ceremony.id}/abandon", data={"reason": "x", "csrf_token": client.csrf}
    )
    assert response.status_code == 403
    assert ceremony_count(db) == before and running(db).status == "complete"


def test_a_second_ceremony_cannot_start_while_one_runs(app, db):
    client = signed_in(app, "counting1")
    assert start(client).status_code == 302
    before = ceremony_count(db)
    response = start(client)
    assert response.status_code == 409
    assert "Đang có một lễ tạo khóa" in text(response)
    assert ceremony_count(db) == before


def test_abandoning_needs_a_reason(app, db):
    client = signed_in(app, "counting1")
    assert start(client).status_code == 302
    ceremony = running(db)
    url = f"/ceremony/{ceremony.id}/abandon"
    response = client.post(url, data={"reason": "", "csrf_token": client.csrf})
    assert response.status_code == 400
    assert "Ghi lý do hủy lễ tạo khóa." in text(response)
    assert running(db).status == "keys"
    response = client.post(url, data={"reason": "Thành viên 2 mất máy", "csrf_token": client.csrf})
    assert response.status_code == 302
    with db.session() as session:
        assert session.get(KeyCeremony, ceremony.id).status == "abandoned"
    assert "Không có lễ tạo khóa nào" in text(client.get("/ceremony"))


# --- the member's page and its JSON steps ---


def test_the_member_page_is_the_members_own(app, db):
    add_counting(db, "counting4", "Đỗ Thị Mai")
    (first, *_rest) = devices(app, db)
    url = f"{first.url}/member"
    page = first.client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'data-number="1"' in html and 'data-threshold="2"' in html
    assert "/static/vendor/votesys/crypto.js" in html and "<script>" not in html
    outsider = signed_in(app, "counting4", "counting4-password")
    response = outsider.get(url)
    assert response.status_code == 403
    assert "không phải là thành viên" in text(response)
    assert signed_in(app, "observer").get(url).status_code == 403


def test_a_whole_ceremony_through_the_json_steps(app, db):
    members = devices(app, db)
    first = members[0]
    # Too early: dealing before every transport key is published.
    response = post_json(first.client, f"{first.url}/dealing", {"commitments": {}, "sealed": {}})
    assert response.status_code == 409
    assert response.get_json()["error"] == "ceremony_wrong_step"
    for device in members:
        response = device.publish_key()
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-store"
    assert first.status()["status"] == "dealing"
    for device in members:
        assert device.deal().status_code == 200
    status = first.status()
    assert status["status"] == "checking"
    assert [m["step"] for m in status["members"]] == ["checking"] * 3
    for device in members:
        response = device.check(f"cụm từ bí mật của {device.number}")
        assert response.status_code == 200, response.get_json()
    status = first.status()
    assert status["status"] == "complete"
    with db.session() as session:
        ceremony = session.get(KeyCeremony, status["id"])
        key = joint_public_key(queries.commitments(session, ceremony))
    assert status["public_key"] == key.hex()
    # The transcript: public, any staff, nothing sealed or wrapped in it.
    transcript = signed_in(app, "observer").get(f"{first.url}/transcript.json")
    assert transcript.status_code == 200
    assert transcript.headers["Cache-Control"] == "no-store"
    record = transcript.get_json()
    assert record["public_key"] == key.hex() and len(record["members"]) == 3
    assert "sealed" not in transcript.get_data(as_text=True)
    assert "wrapped" not in transcript.get_data(as_text=True)
    # The card: the member's own, in Vietnamese even for an English reader.
    first.client.post("/language", data={"lang": "en", "csrf_token": first.client.csrf})
    card = first.client.get(f"{first.url}/card")
    assert card.status_code == 200
    body = text(card)
    assert "Thẻ khôi phục" in body and "Lê Văn Bình" in body and "2 trên 3 thành viên" in body
    assert status["fingerprint"] in body and base_mul(first.share).hex() in body
    with db.session() as session:
        stored = session.get(CeremonyMember, (status["id"], 1)).wrapped_share
    html = card.get_data(as_text=True)
    shown = re.search(r'data-testid="card-wrapped">([^<]+)<', html).group(1)
    assert json.loads(shown.replace("&#34;", '"')) == json.loads(stored)
    assert 'src="data:image/png;base64,' in html


def test_the_card_is_only_for_its_member_and_only_once_the_share_is_kept(app, db):
    members = devices(app, db)
    response = members[0].client.get(f"{members[0].url}/card")
    assert response.status_code == 409
    assert "Thẻ khôi phục của đồng chí có" in text(response)
    assert signed_in(app, "chair").get(f"{members[0].url}/card").status_code == 403


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("not json", "json_body"),
        ([1, 2], "json_body"),
        ({"key": "00" * 32}, "bad_json"),
        ({"key": "zz", "proof": ["00", "00"]}, None),
    ],
)
def test_a_bad_transport_key_is_refused_in_words_and_nothing_is_stored(app, db, body, detail):
    (first, *_rest) = devices(app, db)
    events = audit_count(db)
    if isinstance(body, str):
        response = first.client.post(
            f"{first.url}/transport-key",
            data=body,
            content_type="application/json",
            headers={"X-CSRFToken": first.client.csrf},
        )
    else:
        response = post_json(first.client, f"{first.url}/transport-key", body)
    assert response.status_code == 400
    payload = response.get_json()
    assert payload["error"] == "ceremony_bad_publication"
    assert "Không có gì được lưu" in payload["message"]
    if detail:
        assert detail in payload["message"]
    with db.session() as session:
        assert session.get(CeremonyMember, (first.status()["id"], 1)).transport_key is None
    assert audit_count(db) == events


def test_a_proof_for_another_member_is_refused(app, db):
    first, second, _third = devices(app, db)
    proof = prove_knowledge(first.secret, transport_key_context(first.fp, 2))
    body = {"key": base_mul(first.secret).hex(), "proof": proof.to_json()}
    response = post_json(first.client, f"{first.url}/transport-key", body)
    assert response.status_code == 400
    assert "proof_of_knowledge" in response.get_json()["message"]


def test_the_json_steps_need_the_csrf_header_and_the_committees_role(app, db):
    (first, *_rest) = devices(app, db)
    proof = prove_knowledge(first.secret, transport_key_context(first.fp, 1))
    body = {"key": base_mul(first.secret).hex(), "proof": proof.to_json()}
    response = first.client.post(f"{first.url}/transport-key", json=body)
    assert response.status_code == 400 and response.get_json()["error"] == "csrf"
    chair = signed_in(app, "chair")
    response = post_json(chair, f"{first.url}/transport-key", body)
    assert response.status_code == 403 and response.get_json()["error"] == "forbidden"
    with db.session() as session:
        assert session.get(CeremonyMember, (first.status()["id"], 1)).transport_key is None


def test_shares_are_given_only_to_their_recipient_and_only_at_the_check(app, db):
    members = devices(app, db)
    first = members[0]
    response = first.client.get(f"{first.url}/shares.json")
    assert response.status_code == 409
    for device in members:
        device.publish_key()
    for device in members:
        device.deal()
    rows = first.client.get(f"{first.url}/shares.json").get_json()["shares"]
    with db.session() as session:
        mine = session.scalars(
            select(SealedShare.sealed)
            .where(SealedShare.ceremony_id == first.status()["id"], SealedShare.recipient == 1)
            .order_by(SealedShare.dealer)
        ).all()
    assert [row["sealed"] for row in rows] == mine and [r["dealer"] for r in rows] == [1, 2, 3]
    assert signed_in(app, "observer").get(f"{first.url}/shares.json").status_code == 403


def test_a_complaint_names_the_dealer_on_the_committees_page(app, db):
    members = devices(app, db)
    for device in members:
        device.publish_key()
    for device in members:
        device.deal()
    first = members[0]
    body = {"complaints": [2], "verification_key": None, "wrapped_share": None}
    assert post_json(first.client, f"{first.url}/confirm", body).status_code == 200
    body = text(first.client.get("/ceremony"))
    assert "Đã khiếu nại về thành viên 2" in body
    assert "Lễ tạo khóa này không thể hoàn tất" in body


def test_the_cards_qr_code_reads_back_as_the_wrapped_share(app, db, tmp_path):
    zbarimg = need_tool("zbarimg", "zbar-tools")
    members = devices(app, db)
    for step in ("publish_key", "deal"):
        for device in members:
            assert getattr(device, step)().status_code == 200
    for device in members:
        assert device.check(f"cụm từ bí mật của {device.number}").status_code == 200
    html = members[1].client.get(f"{members[1].url}/card").get_data(as_text=True)
    data = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    path = tmp_path / "qr.png"
    path.write_bytes(base64.b64decode(data))
    read = subprocess.run(
        [zbarimg, "--raw", "-q", str(path)], check=True, capture_output=True, text=True
    ).stdout.strip()
    with db.session() as session:
        stored = session.get(CeremonyMember, (members[1].status()["id"], 2)).wrapped_share
    assert json.loads(read) == json.loads(stored)
    share = keywrap.unwrap_share(
        json.loads(read),
        "cụm từ bí mật của 2",
        keywrap.wrap_context(members[1].fp, 2),
        min_iterations=1000,
    )
    assert share == members[1].share


@pytest.mark.parametrize(
    ("change", "detail"),
    [
        ({"verification_key": "00" * 32}, "verification_key"),
        ({"wrapped_share": {"format": "votesys-wrapped-share/1"}}, "wrapped_share"),
        ({"complaints": "2"}, "complaints"),
    ],
)
def test_a_bad_confirmation_is_refused_and_nothing_is_kept(app, db, change, detail):
    members = devices(app, db)
    for step in ("publish_key", "deal"):
        for device in members:
            assert getattr(device, step)().status_code == 200
    first = members[0]
    rows = first.client.get(f"{first.url}/shares.json").get_json()["shares"]
    shares = [
        open_share(
            bytes.fromhex(r["sealed"]), first.secret, share_context(first.fp, r["dealer"], 1)
        )
        for r in rows
    ]
    x = combine_shares(shares)
    body = {
        "complaints": [],
        "verification_key": base_mul(x).hex(),
        "wrapped_share": keywrap.wrap_share(
            x, "một cụm mật khẩu dài", keywrap.wrap_context(first.fp, 1), iterations=1000
        ),
        **change,
    }
    events = audit_count(db)
    response = post_json(first.client, f"{first.url}/confirm", body)
    assert response.status_code == 400
    assert detail in response.get_json()["message"]
    with db.session() as session:
        member = session.get(CeremonyMember, (first.status()["id"], 1))
        assert member.wrapped_share is None and not member.shares_checked
        assert member.complaints is None
    assert audit_count(db) == events
