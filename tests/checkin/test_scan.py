"""Scans (camera, scanner, typed code) and the search box, through the credentials' look-ups."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from tests.checkin.conftest import BASE, DESK, SECRETARIAT, last_audit, state
from votesys.accounts.models import LoginThrottle
from votesys.checkin import services
from votesys.checkin.errors import (
    BadMethod,
    EmptyScan,
    NotACard,
    RevokedCard,
    ScanTooLong,
    UnknownCard,
)
from votesys.checkin.models import CheckinEvent
from votesys.congress.queries import current_congress
from votesys.core.codes import format_short_code, new_short_code
from votesys.core.names import fold
from votesys.credentials import services as card_services
from votesys.credentials.errors import CardGuessLocked, ShortCodeCheck, ShortCodeLength
from votesys.credentials.queries import card_url


def scan(db, key, text, method=None, throttle=card_services.DESK):
    with db.session(write=True) as session:
        return services.scan(session, DESK, key, text, method, throttle)


def unknown_code(cards) -> str:
    taken = {item.code for item in cards.values()}
    code = new_short_code()
    while code in taken:
        code = new_short_code()
    return code


def test_a_card_url_a_bare_token_and_a_typed_code_each_check_in(db, key, cards):
    by_url = scan(db, key, card_url(BASE, cards[10].token))
    assert (by_url.code, by_url.delegate.number) == ("checked_in", 10)
    assert by_url.event.method == "scanner"
    by_camera = scan(db, key, card_url("https://hall.local", cards[11].token) + "\n", "camera")
    assert (by_camera.code, by_camera.delegate.number, by_camera.event.method) == (
        "checked_in",
        11,
        "camera",
    )
    by_token = scan(db, key, cards[12].token)
    assert (by_token.code, by_token.delegate.number) == ("checked_in", 12)
    typed = format_short_code(cards[13].code).lower().replace("-", " ")
    by_code = scan(db, key, typed)
    assert (by_code.code, by_code.delegate.number, by_code.event.method) == (
        "checked_in",
        13,
        "code",
    )
    again = scan(db, key, cards[10].code)
    assert (again.code, again.colour, again.at) == ("already", "amber", by_url.at)


def test_a_revoked_card_is_red_audited_and_checks_nobody_in(db, key, cards):
    with db.session(write=True) as session:
        card_services.revoke(
            session, SECRETARIAT, current_congress(session), cards[14].delegate.id, "Mất thẻ"
        )
    outcome = scan(db, key, card_url(BASE, cards[14].token))
    assert (outcome.code, outcome.colour, outcome.delegate.number) == ("revoked_card", "red", 14)
    assert isinstance(outcome.error, RevokedCard)
    assert outcome.error.params == {"reason": "Mất thẻ"}
    kind, _actor, data = last_audit(db)
    assert (kind, data["delegate"], data["method"]) == ("checkin.revoked_card", 14, "scanner")
    with db.session() as session:
        assert session.scalars(select(CheckinEvent)).first() is None
    assert scan(db, key, cards[14].code).code == "revoked_card"


@pytest.mark.parametrize(
    ("text", "method", "code", "error"),
    [
        ("AAAAAAAAAAAAAAAAAAAAAA", None, "unknown_card", UnknownCard),
        (f"{BASE}/c/AAAAAAAAAAAAAAAAAAAAAA", "camera", "unknown_card", UnknownCard),
        ("https://example.com/menu", None, "not_a_card", NotACard),
        ("WIFI:S:hall;T:WPA;P:secret;;", None, "not_a_card", NotACard),
        ("hello", "camera", "not_a_card", NotACard),
        ("hello", None, "bad_code", ShortCodeLength),
    ],
)
def test_garbage_is_red_and_changes_nothing(db, key, cards, text, method, code, error):
    before = state(db)
    outcome = scan(db, key, text, method)
    assert (outcome.code, outcome.colour, outcome.delegate) == (code, "red", None)
    assert isinstance(outcome.error, error)
    assert state(db) == before


def test_a_mistyped_code_is_red_and_not_counted_as_a_guess(db, key, cards):
    code = cards[15].code
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    outcome = scan(db, key, wrong)
    assert outcome.code == "bad_code" and isinstance(outcome.error, ShortCodeCheck)
    with db.session() as session:
        assert session.get(LoginThrottle, "card:desk:staff:credentials") is None


def test_codes_matching_no_card_are_throttled_per_staff_member(db, key, cards):
    throttle = card_services.Throttle("desk", 3, 60)
    for _ in range(2):
        assert scan(db, key, unknown_code(cards), throttle=throttle).code == "unknown_card"
    assert scan(db, key, unknown_code(cards), throttle=throttle).code == "unknown_card"
    locked = scan(db, key, cards[16].code, throttle=throttle)  # even a right code must wait
    assert (locked.code, locked.colour) == ("locked", "red")
    assert isinstance(locked.error, CardGuessLocked)
    assert last_audit(db)[0] == "card.code_locked"
    # The QR code is not a guess: a 128-bit token still checks in while codes are locked.
    assert scan(db, key, card_url(BASE, cards[16].token)).code == "checked_in"


@pytest.mark.parametrize(
    ("text", "method", "error"),
    [("", None, EmptyScan), ("   ", None, EmptyScan), ("x" * 501, None, ScanTooLong)],
)
def test_an_empty_or_oversized_scan_or_a_bad_method_is_refused(db, key, text, method, error):
    before = state(db)
    with pytest.raises(error):
        scan(db, key, text, method)
    with pytest.raises(BadMethod):
        scan(db, key, "AAAAAAAAAAAAAAAAAAAAAA", "search")
    assert state(db) == before


def find(db, key, text, throttle=card_services.DESK):
    with db.session(write=True) as session:
        return services.find(session, DESK, current_congress(session), key, text, throttle)


def test_the_search_finds_names_without_accents_numbers_and_codes(db, key, cards):
    target = cards[17].delegate
    found = find(db, key, fold(target.full_name).upper())
    assert target.id in [m.delegate.id for m in found.matches]
    assert all(fold(target.full_name) in fold(m.delegate.full_name) for m in found.matches)
    by_number = find(db, key, "17")
    assert [m.delegate.number for m in by_number.matches] == [17] and by_number.total == 1
    by_code = find(db, key, format_short_code(cards[18].code))
    assert [(m.delegate.number, m.presence) for m in by_code.matches] == [(18, "none")]
    assert find(db, key, "zzzz qqqq").total == 0
    unknown = find(db, key, format_short_code(unknown_code(cards)))
    assert (unknown.matches, type(unknown.error)) == ([], UnknownCard)


def test_the_search_lists_in_vietnamese_order_and_caps_the_list(db, key):
    from votesys.core.names import sort_key

    found = find(db, key, "n")  # every name with a word starting with n
    assert len(found.matches) == 12 and found.total > 12
    keys = [
        sort_key(m.delegate.given_name, m.delegate.surname, m.delegate.middle_name)
        for m in found.matches
    ]
    assert keys == sorted(keys)


def test_two_desks_scanning_one_card_at_once_check_in_once(db, key, cards):
    url = card_url(BASE, cards[19].token)
    results, barrier = [], threading.Barrier(4)

    def desk():
        barrier.wait()
        results.append(scan(db, key, url).code)

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["already", "already", "already", "checked_in"]
    with db.session() as session:
        assert len(session.scalars(select(CheckinEvent)).all()) == 1


@pytest.mark.postgres
def test_on_postgresql_concurrent_scans_check_in_once(pg_app):
    db = pg_app.extensions["votesys.db"]
    key = pg_app.extensions["votesys.card_code_key"]
    with db.session(write=True) as session:
        issued = card_services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    url = card_url(BASE, issued[0].token)
    results, barrier = [], threading.Barrier(6)

    def desk():
        barrier.wait()
        results.append(scan(db, key, url).code)

    threads = [threading.Thread(target=desk) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["already"] * 5 + ["checked_in"]
    with db.session() as session:
        assert len(session.scalars(select(CheckinEvent)).all()) == 1
        assert last_audit(db)[0] == "checkin.check_in"
