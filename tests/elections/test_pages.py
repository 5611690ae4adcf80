"""The elections' pages and the chair's page over HTTP, in Vietnamese: what they show, every
form, and every refusal (the error says what is wrong and how to fix it; nothing changes)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from tests.elections.conftest import (
    add_delegates,
    call,
    committee,
    create,
    first_round,
    ids,
    last_audit,
    open_ready_round,
    ready_round,
    set_flags,
    set_status,
    state,
)
from tests.elections.pages import committee_form, election_form, html, post, sign_in
from votesys.elections import rounds
from votesys.elections.models import Candidate, Election, Round, RoundVoter


@pytest.fixture
def db(app):
    return app.extensions["votesys.db"]


def status_of(db, round_id: int) -> str:
    with db.session() as session:
        return session.get(Round, round_id).status


# --- /elections ---


def test_the_list_of_elections_in_agenda_order_with_kind_seats_round_and_committee(db, client):
    create(db, kind="executive_committee", title="Ban Chấp hành khóa XV", seats=3)
    ready_round(db, numbers=(40, 41), seats=2)  # a second election, approved; committee 95-97
    create(db, kind="delegates", title="Đại biểu dự Đại hội Quận", seats=7, alternates=1)
    sign_in(client, "observer")
    page = html(client.get("/elections"))
    first, second, third = (
        page.index(t)
        for t in (
            ">Ban Chấp hành khóa XV</a>",
            ">Ban Chấp hành</a>",
            ">Đại biểu dự Đại hội Quận</a>",
        )
    )
    assert first < second < third
    assert "<td>Ban Chấp hành</td>" in page and "<td>Đại biểu dự đại hội cấp trên</td>" in page
    assert "Lần bầu 1: Dự thảo danh sách" in page and "Lần bầu 1: Đã thông qua danh sách" in page
    assert '<td class="num">7</td>\n            <td class="num">1</td>' in page
    assert "(Trưởng ban)" in page  # the counting committee, its head marked
    assert 'data-testid="new-election"' not in page  # the observer only reads


def test_the_secretariat_creates_an_election_with_a_draft_first_round(db, client):
    token = sign_in(client)
    response = post(client, "/elections", token, **election_form(title="Ban Chấp hành  khóa XV"))
    assert response.status_code == 302
    with db.session() as session:
        election = session.scalars(select(Election)).one()
        assert (election.kind, election.title, election.seats) == (
            "executive_committee",
            "Ban Chấp hành khóa XV",
            3,
        )
        assert response.headers["Location"] == f"/elections/{election.id}"
    assert last_audit(db)[0] == "elections.created"
    page = html(client.get(response.headers["Location"]))
    assert "Đã tạo cuộc bầu “Ban Chấp hành khóa XV” với danh sách dự thảo." in page
    assert "Lần bầu 1: Dự thảo danh sách" in page and "Danh sách chưa có ai." in page


def test_an_opinion_ballot_names_its_target_election(db, client):
    target = create(db)
    token = sign_in(client)
    form = election_form(kind="opinion", title="Phiếu xin ý kiến", seats="0", target=str(target.id))
    assert post(client, "/elections", token, **form).status_code == 302
    with db.session() as session:
        opinion = session.scalars(select(Election).where(Election.kind == "opinion")).one()
        assert opinion.target_election_id == target.id
    page = html(client.get(f"/elections/{opinion.id}"))
    assert "Người được đồng ý có thể bổ sung vào" in page


@pytest.mark.parametrize(
    ("form", "status", "text"),
    [
        (
            election_form(kind="secretary", title="Bí thư", seats="2"),
            400,
            "Số lượng bầu cho Bí thư phải là 1 (đã nhập 2).",
        ),
        (
            election_form(seats="0"),
            400,
            "Số lượng bầu cho Ban Chấp hành phải là từ 1 trở lên (đã nhập 0).",
        ),
        (election_form(seats="mười"), 400, "Hãy nhập một số nguyên, ví dụ 10"),
        (election_form(seats="-3"), 400, "Hãy nhập một số nguyên, ví dụ 10"),
        (election_form(title="  "), 400, "Hãy nhập tên cuộc bầu, như in trên phiếu bầu."),
        (election_form(kind="president"), 400, "Hãy chọn một mục trong danh sách."),
        (
            election_form(alternates="2"),
            400,
            "Chỉ cuộc bầu đại biểu dự đại hội cấp trên mới có đại biểu dự khuyết",
        ),
        (election_form(kind="opinion", seats="0"), 400, "Phiếu xin ý kiến cần chỉ rõ cuộc bầu"),
    ],
    ids=[
        "secretary-2",
        "seats-0",
        "seats-words",
        "seats-negative",
        "no-title",
        "bad-kind",
        "alternates",
        "opinion-no-target",
    ],
)
def test_a_bad_election_is_refused_with_the_reason_and_changes_nothing(
    db, client, form, status, text
):
    token = sign_in(client)
    before = state(db)
    response = post(client, "/elections", token, **form)
    assert response.status_code == status
    assert text in html(response)
    assert state(db) == before


# --- /elections/<id>: the list ---


def test_a_draft_list_in_alphabetical_order_with_the_surplus_and_the_layout(db, client):
    election = create(db, seats=4)
    add_delegates(db, election.id, 20, 21, 22, 23, 24)
    sign_in(client)
    page = html(client.get(f"/elections/{election.id}"))
    with db.session() as session:
        given = sorted(
            session.scalars(select(Candidate).where(Candidate.election_id == election.id)),
            key=lambda c: page.index(c.full_name),
        )
    from votesys.core.rules.lists import sort_key
    from votesys.elections.queries import nominee

    assert given == sorted(given, key=lambda c: sort_key(nominee(c)))
    assert "xếp theo vần A, B, C của tên" in page
    assert "5 người cho 4 chỗ: số dư 1 (25,00%)." in page
    assert 'data-testid="surplus-warning"' not in page
    assert "mỗi đại biểu gạch tên những người mình không bầu" in page
    assert 'name="confirm_surplus"' not in page  # no confirmation needed at 25%


def test_as_many_names_as_places_gives_the_agree_disagree_layout(db, client):
    election = create(db, seats=2)
    add_delegates(db, election.id, 20, 21)
    sign_in(client)
    page = html(client.get(f"/elections/{election.id}"))
    assert "2 người cho 2 chỗ: số dư 0 (0,00%)." in page
    assert "đánh dấu đồng ý hoặc không đồng ý cho từng người" in page


def test_a_delegate_from_the_roll_and_a_name_by_hand_are_added(db, client):
    election = create(db)
    (delegate,) = ids(db, 30)
    token = sign_in(client)
    url = f"/elections/{election.id}"
    response = post(
        client,
        url + "/delegate",
        token,
        delegate=str(delegate),
        description="",
        nominated_by="convening",
    )
    assert response.status_code == 302
    response = post(
        client,
        url + "/named",
        token,
        full_name="Lê Văn Tám",
        birth_date="02/01/1970",
        description="Bí thư Chi bộ 3",
        nominated_by="congress",
    )
    assert response.status_code == 302
    page = html(client.get(url))
    assert "Đã đưa Lê Văn Tám vào danh sách." in page
    assert "02/01/1970" in page and "Bí thư Chi bộ 3" in page and "<td>Đại hội</td>" in page
    assert f'<option value="{delegate}">' not in page  # on the list: no longer offered
    assert last_audit(db)[0] == "elections.candidate_added"


def add_refusals(db, election_id):
    reserve, on_list = ids(db, 40, 20)
    return [
        (
            "reserve",
            "/delegate",
            {"delegate": str(reserve), "nominated_by": "convening"},
            409,
            "là đảng viên dự bị nên không được ứng cử",
        ),
        (
            "twice",
            "/delegate",
            {"delegate": str(on_list), "nominated_by": "convening"},
            409,
            "đã có trong danh sách của cuộc bầu này",
        ),
        (
            "nobody",
            "/delegate",
            {"delegate": "", "nominated_by": "convening"},
            400,
            "Hãy chọn một đại biểu trong danh sách.",
        ),
        (
            "no-name",
            "/named",
            {"full_name": " ", "nominated_by": "congress"},
            400,
            "Hãy nhập họ và tên đầy đủ của người ứng cử.",
        ),
        (
            "too-long",
            "/named",
            {"full_name": "Lê Văn " + "A" * 200, "nominated_by": "congress"},
            400,
            "Họ tên không được quá 200 ký tự.",
        ),
        (
            "bad-date",
            "/named",
            {"full_name": "Lê Văn Tám", "birth_date": "31/02/1970", "nominated_by": "congress"},
            400,
            "Hãy nhập ngày theo dạng ngày/tháng/năm, hoặc để trống.",
        ),
        (
            "bad-nominated",
            "/named",
            {"full_name": "Lê Văn Tám", "nominated_by": "me"},
            400,
            "Hãy chọn một mục trong danh sách.",
        ),
    ]


def test_bad_names_are_refused_with_the_reason_and_change_nothing(db, client):
    set_flags(db, 40, is_reserve_member=True)
    election = create(db)
    add_delegates(db, election.id, 20)
    token = sign_in(client)
    page = html(client.get(f"/elections/{election.id}"))
    assert f'<option value="{ids(db, 40)[0]}">' not in page  # a reserve member is not offered
    for name, path, data, status, text in add_refusals(db, election.id):
        before = state(db)
        response = post(client, f"/elections/{election.id}{path}", token, **data)
        assert (response.status_code, name) == (status, name)
        assert text in html(response), name
        assert state(db) == before, name


def test_a_withdrawal_is_confirmed_with_a_reason_and_listed(db, client):
    election = create(db)
    candidate, _other = add_delegates(db, election.id, 20, 21)
    token = sign_in(client)
    url = f"/elections/{election.id}/withdraw/{candidate}"
    confirm = html(client.get(url))
    assert "Rút tên khỏi danh sách" in confirm and "Đồng ý, rút tên" in confirm
    before = state(db)
    refused = post(client, url, token, reason="  ")
    assert refused.status_code == 400
    assert "Hãy nhập lý do: lý do được ghi vào biên bản." in html(refused)
    assert state(db) == before
    assert post(client, url, token, reason="Xin rút vì lý do sức khỏe").status_code == 302
    page = html(client.get(f"/elections/{election.id}"))
    assert "Đã rút khỏi danh sách" in page and "Xin rút vì lý do sức khỏe" in page
    assert "1 người cho 3 chỗ" in page
    before = state(db)
    again = post(client, url, token, reason="lần nữa")
    assert again.status_code == 409 and state(db) == before


def test_a_surplus_above_30_percent_needs_the_congress_vote_checkbox(db, client):
    election = create(db, seats=3)
    add_delegates(db, election.id, 20, 21, 22, 23, 24)
    committee(db, 95, 96, 97)
    token = sign_in(client)
    url = f"/elections/{election.id}"
    page = html(client.get(url))
    assert "5 người cho 3 chỗ: số dư 2 (66,67%)." in page
    assert "Số dư vượt quá 30% quy chế cho phép (Điều 14)" in page
    assert "Đại hội đã biểu quyết chấp nhận số dư trên 30%" in page
    before = state(db)
    refused = post(client, url + "/approve", token)
    assert refused.status_code == 409
    assert "vượt mức 30% quy chế cho phép" in html(refused)
    assert state(db) == before
    assert post(client, url + "/approve", token, confirm_surplus="y").status_code == 302
    assert status_of(db, first_round(db, election.id).id) == "list_approved"
    kind, _actor, data = last_audit(db)
    assert kind == "elections.list_approved" and data["surplus_confirmed"] is True
    page = html(client.get(url))
    assert "Theo thứ tự trên phiếu bầu, như đại hội đã thông qua." in page
    assert "Lần bầu 1: Đã thông qua danh sách" in page and 'data-testid="reopen"' in page


def test_a_counting_member_on_the_list_is_shown_and_blocks_the_approval(db, client):
    election = create(db, seats=2)
    add_delegates(db, election.id, 20, 95)
    committee(db, 95, 96, 97)
    token = sign_in(client)
    url = f"/elections/{election.id}"
    page = html(client.get(url))
    assert 'data-testid="conflicts"' in page and "(Điều 8)" in page
    before = state(db)
    refused = post(client, url + "/approve", token)
    assert refused.status_code == 409
    assert "Thành viên ban kiểm phiếu không được có tên trong danh sách bầu cử" in html(refused)
    assert state(db) == before


def test_an_empty_list_cannot_be_approved(db, client):
    election = create(db)
    token = sign_in(client)
    before = state(db)
    refused = post(client, f"/elections/{election.id}/approve", token)
    assert refused.status_code == 409 and state(db) == before


def test_an_approved_list_changes_only_after_it_is_reopened_with_a_reason(db, client):
    round_ = ready_round(db)
    election_id = round_.election_id
    token = sign_in(client)
    url = f"/elections/{election_id}"
    before = state(db)
    refused = post(client, url + "/named", token, full_name="Lê Văn Tám", nominated_by="congress")
    assert refused.status_code == 409
    assert "Danh sách lần bầu 1 đã được thông qua" in html(refused)
    no_reason = post(client, url + "/reopen", token, reason="")
    assert no_reason.status_code == 400 and "Hãy nhập lý do" in html(no_reason)
    assert state(db) == before
    assert (
        post(client, url + "/reopen", token, reason="Đại hội chấp nhận rút tên").status_code == 302
    )
    assert status_of(db, round_.id) == "draft"
    assert last_audit(db)[0] == "elections.list_reopened"


def test_once_voting_is_open_nothing_on_the_list_changes(db, client):
    round_ = open_ready_round(db)
    token = sign_in(client)
    url = f"/elections/{round_.election_id}"
    page = html(client.get(url))
    assert 'data-testid="add-delegate"' not in page and 'data-testid="approve"' not in page
    before = state(db)
    for path, data, text in [
        ("/named", {"full_name": "Lê Văn Tám", "nominated_by": "congress"}, "không thể thay đổi"),
        ("/approve", {}, "“Đang bỏ phiếu”"),
        ("/reopen", {"reason": "sửa"}, "không thể chuyển sang “Dự thảo danh sách” nữa"),
    ]:
        response = post(client, url + path, token, **data)
        assert response.status_code == 409, path
        assert text in html(response), (path, html(response))
    assert state(db) == before


def test_an_unknown_election_is_a_404(db, client):
    token = sign_in(client)
    assert client.get("/elections/999").status_code == 404
    before = state(db)
    assert post(client, "/elections/999/approve", token).status_code == 404
    assert state(db) == before


# --- /elections/counting-committee ---


def test_the_counting_committee_is_recorded_from_the_roll_and_by_name(db, client):
    token = sign_in(client)
    assert "Chưa ghi nhận Ban kiểm phiếu" in html(client.get("/elections/counting-committee"))
    form = committee_form(ids(db, 95, 96), names=["Trần Văn Kỹ"], heads=(1,))
    response = post(client, "/elections/counting-committee", token, **form)
    assert response.status_code == 302
    page = html(client.get("/elections/counting-committee"))
    assert "Đã ghi nhận Ban kiểm phiếu." in page and "Trần Văn Kỹ" in page
    kind, _actor, data = last_audit(db)
    assert kind == "elections.counting_committee_set"
    assert [m["role"] for m in data["members"]] == ["member", "head", "member"]


@pytest.mark.parametrize(
    ("rows", "text"),
    [
        ({"delegate_ids": (95, 96)}, "Ban kiểm phiếu có từ 3 đến 7 thành viên"),
        (
            {"delegate_ids": (95, 96, 97), "heads": (0, 1)},
            "Hãy chọn đúng một người làm Trưởng ban (hiện có 2).",
        ),
        (
            {"delegate_ids": (95, 96, 97), "heads": ()},
            "Hãy chọn đúng một người làm Trưởng ban (hiện có 0).",
        ),
        ({"delegate_ids": (95, 95, 97)}, "Một người được nhập hai lần"),
        (
            {"delegate_ids": (95, 96), "names": ["Trần  Văn Kỹ", "trần văn kỹ"]},
            "Một người được nhập hai lần",
        ),
    ],
    ids=["two", "two-heads", "no-head", "twice", "twice-by-name"],
)
def test_a_bad_counting_committee_is_refused_and_changes_nothing(db, client, rows, text):
    committee(db, 90, 91, 92)
    token = sign_in(client)
    numbers = rows.pop("delegate_ids")
    form = committee_form(ids(db, *numbers), **rows)
    before = state(db)
    response = post(client, "/elections/counting-committee", token, **form)
    assert response.status_code == 400
    assert text in html(response)
    assert state(db) == before


def test_a_row_with_both_a_delegate_and_a_name_is_refused(db, client):
    token = sign_in(client)
    form = committee_form(ids(db, 95, 96, 97))
    form["members-1-full_name"] = "Trần Văn Kỹ"
    before = state(db)
    response = post(client, "/elections/counting-committee", token, **form)
    assert response.status_code == 400 and "không làm cả hai" in html(response)
    assert state(db) == before


def test_the_committee_cannot_change_while_a_round_is_open_or_not_counted(db, client):
    round_ = open_ready_round(db)
    token = sign_in(client)
    page = html(client.get("/elections/counting-committee"))
    assert "Hiện không thể thay đổi Ban kiểm phiếu" in page
    before = state(db)
    response = post(
        client, "/elections/counting-committee", token, **committee_form(ids(db, 90, 91, 92))
    )
    assert response.status_code == 409
    assert "đang ở trạng thái “Đang bỏ phiếu”" in html(response)
    assert state(db) == before
    assert round_.id


def test_a_counting_member_on_an_approved_list_is_refused(db, client):
    round_ = ready_round(db, numbers=(20, 21, 22))
    token = sign_in(client)
    before = state(db)
    response = post(
        client, "/elections/counting-committee", token, **committee_form(ids(db, 20, 91, 92))
    )
    assert response.status_code == 409 and "(Điều 8)" in html(response)
    assert state(db) == before and round_.id


# --- /chair ---


def test_the_chair_lands_on_the_chair_page_and_the_overview_stays_in_the_menu(client):
    from tests.conftest import login

    assert login(client, "chair").headers["Location"] == "/chair"
    page = html(client.get("/chair"))
    assert "Mở và kết thúc bỏ phiếu" in page and 'href="/congress"' in page
    assert 'href="/elections"' in page
    assert "<script>" not in page and '<script src="/static/js/elections/turnout.js">' in page


def test_the_chair_opens_voting_sees_turnout_and_closes_it(db, client):
    round_ = ready_round(db)
    set_status(db, (1, 2, 3, 20, 21))
    token = sign_in(client, "chair")
    page = html(client.get("/chair"))
    assert f'href="/chair/{round_.id}/open"' in page and "Sẵn sàng mở bỏ phiếu" in page
    confirm = html(client.get(f"/chair/{round_.id}/open"))
    assert "Đồng ý, mở bỏ phiếu" in confirm
    assert post(client, f"/chair/{round_.id}/open", token).status_code == 302
    assert status_of(db, round_.id) == "open"
    page = html(client.get("/chair"))
    assert 'data-testid="voted">0<' in page and 'data-testid="eligible">5<' in page
    assert "Đã mở bỏ phiếu: lần bầu 1 của Ban Chấp hành." in page
    assert 'data-testid="all-voted" hidden' in page
    turnout = client.get(f"/chair/{round_.id}/turnout.json").get_json()
    assert turnout == {"eligible": 5, "issued": 0, "voted": 0}
    with db.session(write=True) as session:
        session.execute(
            update(RoundVoter)
            .where(RoundVoter.round_id == round_.id)
            .values(is_issued=True, has_voted=True)
        )
        session.commit()
    page = html(client.get("/chair"))
    assert "Tất cả đại biểu đã bỏ phiếu: có thể kết thúc bỏ phiếu." in page
    assert 'data-testid="all-voted" hidden' not in page
    assert client.get(f"/chair/{round_.id}/turnout.json").get_json() == {
        "eligible": 5,
        "issued": 5,
        "voted": 5,
    }
    assert "Đồng ý, kết thúc bỏ phiếu" in html(client.get(f"/chair/{round_.id}/close"))
    assert post(client, f"/chair/{round_.id}/close", token).status_code == 302
    assert status_of(db, round_.id) == "closed"
    page = html(client.get("/chair"))
    assert "Đã kết thúc, chờ kiểm phiếu" in page and "Ban kiểm phiếu đang kiểm phiếu." in page
    assert "Hòm phiếu đã niêm phong" in page


def test_opening_without_a_counting_committee_or_anyone_in_the_hall_is_refused(db, client):
    election = create(db, seats=2)
    add_delegates(db, election.id, 20, 21)
    round_ = call(db, rounds.approve_list, first_round(db, election.id).id)
    token = sign_in(client, "chair")
    before = state(db)
    response = post(client, f"/chair/{round_.id}/open", token)
    assert response.status_code == 409
    assert "Chưa thể mở bỏ phiếu khi đại hội chưa có ban kiểm phiếu" in html(response)
    committee(db, 95, 96, 97)
    before = state(db)
    response = post(client, f"/chair/{round_.id}/open", token)
    assert response.status_code == 409 and state(db) == before


def test_the_chair_cannot_open_twice_or_close_a_round_not_open(db, client):
    ready = ready_round(db)
    token = sign_in(client, "chair")
    before = state(db)
    response = post(client, f"/chair/{ready.id}/close", token)
    assert response.status_code == 409
    assert "trước hết cần mở bỏ phiếu" in html(response)
    assert state(db) == before


def test_turnout_json_says_counts_only(db, client):
    round_ = open_ready_round(db)
    sign_in(client, "observer")
    response = client.get(f"/chair/{round_.id}/turnout.json")
    assert response.status_code == 200
    assert set(response.get_json()) == {"eligible", "issued", "voted"}
    assert (
        client.get("/chair/999/turnout.json", headers={"Accept": "application/json"}).status_code
        == 404
    )


def test_the_pages_speak_english_when_asked(db, client):
    election = create(db)
    token = sign_in(client)
    client.post("/language", data={"csrf_token": token, "lang": "en", "next": "/elections"})
    page = html(client.get(f"/elections/{election.id}"))
    assert "Round 1: Draft list" in page and "Add a delegate from the roll" in page
    response = post(client, "/elections", token, **election_form(kind="secretary", seats="2"))
    assert "The number to elect for Secretary must be 1 (you gave 2)." in html(response)
