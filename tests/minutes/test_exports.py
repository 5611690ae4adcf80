"""The result as CSV and JSON, every round in one PDF, an opinion ballot's minutes, and who may
open the minutes."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess

import pytest
from sqlalchemy import update

from tests.accounts.test_role_matrix import STAFF
from tests.ballots.conftest import cast, close, count_box, issue
from tests.conftest import login
from tests.credentials.conftest import need_tool
from tests.elections.conftest import (
    CHAIR,
    add_delegates,
    call,
    committee,
    create,
    first_round,
)
from tests.elections.conftest import set_status as at_door
from tests.minutes.conftest import COUNTER, PRESENT, SECOND, names_of, paper_round, release
from votesys.elections import rounds
from votesys.elections.models import Candidate, Round
from votesys.tally import services
from votesys.tally.models import Tally


def pdf_text(response, tmp_path) -> str:
    pdftotext = need_tool("pdftotext", "poppler-utils")
    path = tmp_path / "out.pdf"
    path.write_bytes(response.data)
    return subprocess.run(
        [pdftotext, "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_the_json_export_is_the_stored_result_with_its_fingerprint(db, login_as):
    round_ = paper_round(db)
    response = login_as("credentials").get(f"/minutes/{round_.id}/result.json")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    with db.session() as session:
        tally = session.get(Tally, round_.id)
        stored, fingerprint = tally.result.encode(), tally.fingerprint
    assert response.data == stored
    assert response.headers["X-Votesys-Fingerprint"] == fingerprint
    assert hashlib.sha256(response.data).hexdigest() == fingerprint
    assert json.loads(response.data)["base"]["value"] == 98


def test_the_csv_export_has_every_name_with_a_bom_and_no_formula(db, login_as):
    round_ = open_round_with_a_formula_name(db)
    paper_round(db, round_)
    names = names_of(db, round_.id)
    response = login_as("secretariat").get(f"/minutes/{round_.id}/result.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert response.data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel reads Vietnamese
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:4] == ["number", "id", "full_name", "votes"]
    assert [row[3] for row in rows[1:]] == ["52", "57", "55", "10", "51"]
    assert [row[6] for row in rows[1:]] == ["53,06%", "58,16%", "56,12%", "10,20%", "52,04%"]
    assert [row[9] for row in rows[1:]] == ["3", "1", "2", "", "4"]  # announcement order
    formula = [row[2] for row in rows[1:] if "SUM" in row[2]]
    assert formula == ["'=SUM(A1:A9) Nguyễn"]  # neutralised: a spreadsheet shows it as text
    plain = [row[2] for row in rows[1:] if "SUM" not in row[2]]
    assert plain == [name for name in names if "SUM" not in name]
    assert any("ễ" in name or "ư" in name or "ố" in name for name in plain)


def open_round_with_a_formula_name(db) -> Round:
    """The usual 5-name round, one of them renamed "=SUM(A1:A9) Nguyễn" before opening."""
    election = create(db, seats=4)
    (first, *_) = add_delegates(db, election.id, 20, 21, 22, 23, 24)
    with db.session(write=True) as session:
        session.execute(
            update(Candidate).where(Candidate.id == first).values(full_name="=SUM(A1:A9) Nguyễn")
        )
        session.commit()
    committee(db, 95, 96, 97)
    round_ = call(db, rounds.approve_list, first_round(db, election.id).id)
    at_door(db, PRESENT)
    return call(db, rounds.open_round, round_.id)


def test_all_pdf_holds_every_counted_round_in_agenda_order(db, login_as, tmp_path):
    first = paper_round(db)
    second = paper_round(db, votes=(60, 0, 0, 0, 0), invalid={})
    with db.session() as session:
        titles = [session.get(Round, r.id).election.title for r in (first, second)]
    response = login_as("observer").get("/minutes/all.pdf")
    assert response.status_code == 200
    text = pdf_text(response, tmp_path)
    assert text.count("BIÊN BẢN KIỂM PHIẾU") == 2
    one, two = text.split("BIÊN BẢN KIỂM PHIẾU")[1:]
    assert "Số phiếu hợp lệ 58" in " ".join(one.split())
    assert "Số phiếu hợp lệ 60" in " ".join(two.split())
    assert "60/98 61,22%" in " ".join(two.split())
    assert titles[0] in text
    listing = login_as("observer").get("/minutes").get_data(as_text=True)
    assert f'href="/minutes/{first.id}"' in listing and f'href="/minutes/{second.id}"' in listing
    assert 'href="/minutes/all.pdf"' in listing


def test_an_opinion_ballot_has_its_own_minutes(db, login_as, tmp_path):
    target = create(db, seats=3)
    opinion = create(db, kind="opinion", title="Xin ý kiến", seats=0, target_election_id=target.id)
    add_delegates(db, opinion.id, 20, 21, 22)
    committee(db, 95, 96, 97)
    round_ = call(db, rounds.approve_list, first_round(db, opinion.id).id)
    at_door(db, range(30, 40))  # 10 attending: more than 3 agree needed, so 4
    round_ = call(db, rounds.open_round, round_.id)
    for index, number in enumerate(range(30, 40)):  # agree: 7, 3 and 4 of the 10
        rows = ["agree" if index < n else "disagree" for n in (7, 3, 4)]
        issue(db, round_.id, number)
        cast(db, round_.id, number, {"layout": "approve", "rows": rows})
    close(db, round_.id)
    count_box(db, round_.id)
    release(db, round_)
    names = names_of(db, round_.id)
    client = login_as("chair")
    page = " ".join(client.get(f"/minutes/{round_.id}").get_data(as_text=True).split())
    assert "BIÊN BẢN KIỂM PHIẾU XIN Ý KIẾN" in page
    assert "trên 30% số đại biểu có mặt" in page
    assert f'{names[0]}</td><td class="num">7</td><td class="num">4</td>' in page
    joining = f"Được đưa vào danh sách bầu Ban Chấp hành: {names[0]}, {names[2]}."
    assert joining in page
    text = " ".join(pdf_text(client.get(f"/minutes/{round_.id}.pdf"), tmp_path).split())
    assert "BIÊN BẢN KIỂM PHIẾU XIN Ý KIẾN" in text and joining in text
    assert f"2 {names[1]} 3 4 không được đưa vào" in text
    rows = client.get(f"/minutes/{round_.id}/result.csv").data.decode("utf-8-sig").splitlines()
    assert rows[0] == "number,id,full_name,agree,attending,threshold,is_agreed"
    assert rows[1].endswith(",7,10,4,yes")


@pytest.mark.parametrize("role", sorted(STAFF))
def test_every_staff_role_may_read_the_minutes(app, client, role):
    db = app.extensions["votesys.db"]
    round_ = paper_round(db)
    assert login(client, STAFF[role]).status_code == 302
    for url in (
        "/minutes",
        f"/minutes/{round_.id}",
        f"/minutes/{round_.id}.pdf",
        f"/minutes/{round_.id}/result.csv",
        f"/minutes/{round_.id}/result.json",
        "/minutes/all.pdf",
    ):
        assert client.get(url).status_code == 200, (role, url)


def test_the_minutes_are_released_as_the_result_is(app, client):
    """Counted: the committee only; signed: the chair too; announced: every staff role."""
    db = app.extensions["votesys.db"]
    round_ = paper_round(db, announced=False)
    url = f"/minutes/{round_.id}"

    def seen_by(role: str) -> int:
        device = app.test_client()
        assert login(device, STAFF[role]).status_code == 302
        return device.get(url).status_code

    assert [seen_by(r) for r in ("counting", "chair", "observer")] == [200, 403, 403]
    assert login(client, STAFF["observer"]).status_code == 302
    assert (
        "counting committee sees it once counted"
        in client.get(url, headers={"Accept-Language": "en"}).get_data(as_text=True)
        or client.get(url).status_code == 403
    )
    call(db, services.confirm_count, round_.id, "Lê Văn Bình", actor=COUNTER)
    call(db, services.confirm_count, round_.id, "Phạm Thị Lan", actor=SECOND)
    assert [seen_by(r) for r in ("counting", "chair", "observer")] == [200, 200, 403]
    call(db, services.announce, round_.id, actor=CHAIR)
    assert [seen_by(r) for r in ("counting", "chair", "observer")] == [200, 200, 200]


def test_anonymous_visitors_are_sent_to_sign_in(db, client):
    round_ = paper_round(db)
    for url in (f"/minutes/{round_.id}", f"/minutes/{round_.id}/result.json", "/minutes/all.pdf"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url
