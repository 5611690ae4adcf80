"""The motions over HTTP: the secretariat writes one, the chair puts it to the vote, delegates
vote and change their vote on tablets (JSON, as vote.js), the chair closes it; the chair's page,
the projector and the printable list of decisions. A refused write changes nothing."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import csrf_from, login
from tests.elections.conftest import set_status
from tests.motions.conftest import PRESENT, snapshot
from tests.tablet.conftest import Tablet
from votesys.motions.models import Motion

QUESTION = "Đại hội biểu quyết thông qua Quy chế làm việc của đại hội."


@pytest.fixture
def staff(app):
    """A browser per role, signed in."""
    made = {}

    def signed_in(role: str):
        if role not in made:
            client = app.test_client()
            login(client, role)
            made[role] = client
        return made[role]

    return signed_in


def post(client, url, data=None, page=None):
    token = csrf_from(client, page or url.rsplit("/", 1)[0] if page is None else page)
    return client.post(url, data={"csrf_token": token, **(data or {})})


def new_motion(staff, is_named=True) -> int:
    secretariat = staff("secretariat")
    token = csrf_from(secretariat, "/motions")
    data = {
        "csrf_token": token,
        "kind": "working_rules",
        "title": "Quy chế làm việc",
        "question": QUESTION,
        "election": "",
    }
    if is_named:
        data["is_named"] = "y"
    response = secretariat.post("/motions", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def chair_step(staff, motion_id: int, step: str):
    chair = staff("chair")
    token = csrf_from(chair, f"/motions/{motion_id}/{step}")
    return chair.post(f"/motions/{motion_id}/{step}", data={"csrf_token": token})


def tablet_for(app, card) -> Tablet:
    tablet = Tablet(app.test_client())
    response = tablet.sign_in(card.token, "camera")
    assert response.status_code == 200, response.get_json()
    return tablet


def test_a_motion_from_the_form_to_the_projector(app, db, staff, cards):
    motion_id = new_motion(staff)
    set_status(db, PRESENT)
    assert chair_step(staff, motion_id, "open").status_code == 302

    first = tablet_for(app, cards[1])
    state = first.session_state()
    assert state["rounds"] == []
    assert [(m["id"], m["choice"]) for m in state["motions"]] == [(motion_id, None)]
    assert (
        first.post(f"/vote/motions/{motion_id}", {"choice": "agree"}).get_json()["is_change"]
        is False
    )
    changed = first.post(f"/vote/motions/{motion_id}", {"choice": "disagree"}).get_json()
    assert changed["is_change"] is True and changed["motions"][0]["choice"] == "disagree"
    for number in PRESENT[1:60]:
        tablet = tablet_for(app, cards[number])
        assert tablet.post(f"/vote/motions/{motion_id}", {"choice": "agree"}).status_code == 200

    chair = staff("chair")
    assert chair.get(f"/motions/{motion_id}/turnout.json").get_json() == {
        "eligible": 97,
        "voted": 60,
        "status": "open",
    }
    page = chair.get("/chair").get_data(as_text=True)
    assert "Quy chế làm việc" in page and 'data-testid="motion-voted">60<' in page
    assert "tán thành" not in page.lower().split("quy chế làm việc")[1][:400]  # never how

    assert chair_step(staff, motion_id, "close").status_code == 302
    shown = chair.get(f"/motions/{motion_id}").get_data(as_text=True)
    assert "59 / 98 tán thành (60,20%)" in shown
    refused = first.post(f"/vote/motions/{motion_id}", {"choice": "agree"})
    assert refused.status_code == 409 and "không mở" in refused.get_json()["message"]

    token = csrf_from(chair, "/projector/control")
    response = chair.post(
        "/projector/control/show",
        data={"csrf_token": token, "mode": "motion", "motion_id": str(motion_id)},
    )
    assert response.status_code == 302
    screen = chair.get("/projector/state.json").get_json()
    assert screen["mode"] == "motion"
    assert screen["text"]["result_line"] == "59 / 98 tán thành (60,20%)"
    assert screen["text"]["state"] == "Thông qua"

    named = chair.get(f"/motions/{motion_id}").get_data(as_text=True)
    assert "Biểu quyết công khai theo chi bộ" in named


def test_while_open_the_projector_shows_how_many_never_how(app, db, staff, cards):
    motion_id = new_motion(staff, is_named=False)
    set_status(db, PRESENT)
    chair_step(staff, motion_id, "open")
    tablet_for(app, cards[2]).post(f"/vote/motions/{motion_id}", {"choice": "agree"})
    chair = staff("chair")
    token = csrf_from(chair, "/projector/control")
    chair.post(
        "/projector/control/show",
        data={"csrf_token": token, "mode": "motion", "motion_id": str(motion_id)},
    )
    screen = chair.get("/projector/state.json").get_json()
    assert screen["motion"]["result"] is None
    assert screen["text"]["turnout"] == "1 / 97"
    assert "agree" not in str(screen) and "tán thành" not in str(screen)


def test_an_anonymous_choice_is_shown_only_to_its_delegate(app, db, staff, cards):
    motion_id = new_motion(staff, is_named=False)
    set_status(db, PRESENT)
    chair_step(staff, motion_id, "open")
    tablet_for(app, cards[3]).post(f"/vote/motions/{motion_id}", {"choice": "abstain"})
    again = tablet_for(app, cards[3])
    assert again.session_state()["motions"][0]["choice"] == "abstain"
    other = tablet_for(app, cards[4])
    assert other.session_state()["motions"][0]["choice"] is None


def test_the_secretariat_records_a_raised_card_by_hand(app, db, staff):
    motion_id = new_motion(staff)
    set_status(db, PRESENT)
    chair_step(staff, motion_id, "open")
    secretariat = staff("secretariat")
    token = csrf_from(secretariat, f"/motions/{motion_id}")
    response = secretariat.post(
        f"/motions/{motion_id}/by-hand",
        data={"csrf_token": token, "number": "12", "choice": "agree"},
    )
    assert response.status_code == 302
    before = snapshot(db)
    refused = secretariat.post(
        f"/motions/{motion_id}/by-hand",
        data={"csrf_token": token, "number": "9", "choice": "agree"},  # absent all congress
    )
    assert refused.status_code == 403 and "không thuộc danh sách" in refused.get_data(as_text=True)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("role", "method", "url"),
    [
        ("observer", "post", "/motions"),
        ("chair", "post", "/motions/usual"),
        ("secretariat", "post", "/motions/{id}/open"),
        ("counting1", "post", "/motions/{id}/delete"),
        ("observer", "post", "/motions/{id}/by-hand"),
        ("secretariat", "get", "/motions/{id}/open"),
    ],
)
def test_each_role_does_only_its_own_job(app, db, staff, role, method, url):
    motion_id = new_motion(staff)
    set_status(db, PRESENT)
    client = staff(role)
    token = csrf_from(client, "/motions")
    before = snapshot(db)
    target = url.format(id=motion_id)
    if method == "post":
        response = client.post(target, data={"csrf_token": token, "title": "x", "question": "y"})
    else:
        response = client.get(target)
    assert response.status_code == 403
    assert snapshot(db) == before


def test_a_bad_form_says_what_is_wrong_and_adds_nothing(db, staff):
    secretariat = staff("secretariat")
    before = snapshot(db)
    token = csrf_from(secretariat, "/motions")
    response = secretariat.post(
        "/motions",
        data={
            "csrf_token": token,
            "kind": "number_to_elect",
            "title": "Số lượng",
            "question": "?",
            "election": "",
        },
    )
    assert response.status_code == 400
    assert "gắn với một cuộc bầu" in response.get_data(as_text=True)
    assert snapshot(db) == before


def test_the_usual_items_and_the_printable_list_of_decisions(app, db, staff, cards):
    secretariat = staff("secretariat")
    token = csrf_from(secretariat, "/motions")
    assert secretariat.post("/motions/usual", data={"csrf_token": token}).status_code == 302
    with db.session() as session:
        first = session.query(Motion).order_by(Motion.position).first()
        assert first.title == "Đoàn Chủ tịch đại hội"
    set_status(db, PRESENT)
    chair_step(staff, first.id, "open")
    for number in PRESENT[:72]:
        tablet_for(app, cards[number]).post(f"/vote/motions/{first.id}", {"choice": "agree"})
    chair_step(staff, first.id, "close")
    page = secretariat.get("/minutes/decisions").get_data(as_text=True)
    assert "DANH SÁCH CÁC NỘI DUNG ĐẠI HỘI ĐÃ BIỂU QUYẾT" in page
    assert "72 / 98 tán thành (73,47%)" in page and "Thông qua" in page
    assert "Chưa biểu quyết" in page  # the other usual items, not yet decided
    pdf = secretariat.get("/minutes/decisions.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf.data, capture_output=True, check=True
        ).stdout.decode()
        words = " ".join(text.split())
        assert "ĐOÀN THƯ KÝ ĐẠI HỘI" in words and "Đoàn Chủ tịch đại hội" in words
        assert "72 / 98 tán thành (73,47%)" in words


def test_a_draft_is_changed_and_a_motion_put_to_the_vote_is_not(db, staff):
    motion_id = new_motion(staff)
    secretariat = staff("secretariat")
    page = secretariat.get(f"/motions/{motion_id}/edit").get_data(as_text=True)
    assert "Quy chế làm việc" in page
    token = csrf_from(secretariat, f"/motions/{motion_id}/edit")
    data = {
        "csrf_token": token,
        "kind": "working_rules",
        "title": "Quy chế làm việc (sửa)",
        "question": QUESTION,
        "election": "",
    }
    assert secretariat.post(f"/motions/{motion_id}/edit", data=data).status_code == 302
    with db.session() as session:
        motion = session.get(Motion, motion_id)
        assert (motion.title, motion.is_named) == ("Quy chế làm việc (sửa)", False)
    set_status(db, PRESENT)
    chair_step(staff, motion_id, "open")
    before = snapshot(db)
    refused = secretariat.post(f"/motions/{motion_id}/edit", data=data | {"title": "Khác"})
    assert refused.status_code == 409
    assert "đã được đưa ra biểu quyết" in refused.get_data(as_text=True)
    assert snapshot(db) == before
