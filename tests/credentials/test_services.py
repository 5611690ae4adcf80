"""Issuing, reissuing and revoking cards; what is stored; look-ups and their throttle."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3

import pytest
from sqlalchemy import func, select

from tests.credentials.conftest import CREDENTIALS, SECRETARIAT, instance_of
from votesys.accounts.models import LoginThrottle
from votesys.audit.models import AuditEntry
from votesys.congress.queries import current_congress
from votesys.core.codes import ALPHABET, format_short_code, new_short_code, token_hash
from votesys.credentials import queries, services
from votesys.credentials.errors import (
    BadReason,
    CardGuessLocked,
    CardInForce,
    NoCardInForce,
    NoDelegate,
    NothingToPrint,
    ShortCodeCharacter,
    ShortCodeCheck,
    ShortCodeLength,
)
from votesys.credentials.models import Card
from votesys.errors import Forbidden
from votesys.roles import Actor
from votesys.roster.models import Delegate


def audit_rows(db):
    with db.session() as session:
        return [(e.kind, json.loads(e.data)) for e in session.scalars(select(AuditEntry))]


def card_rows(db):
    with db.session() as session:
        return [
            (c.id, c.delegate_id, c.token_hash, c.revoked_at)
            for c in session.scalars(select(Card).order_by(Card.id))
        ]


def test_printing_issues_one_card_per_delegate_in_roll_order(db, issued):
    assert len(issued) == 102
    assert len({item.token for item in issued}) == 102
    assert len({item.code for item in issued}) == 102
    with db.session() as session:
        congress = current_congress(session)
        roll = queries.card_roll(session, congress)
        assert [entry.delegate.number for entry in roll] == [i.delegate.number for i in issued]
        assert all(entry.card is not None for entry in roll)
    kinds = audit_rows(db)
    assert kinds[-1][0] == "cards.issued"
    assert kinds[-1][1]["count"] == 102
    assert sorted(kinds[-1][1]["delegates"]) == list(range(1, 103))


def test_printing_again_finds_nothing_to_print_and_changes_nothing(db, key, issued):
    before = (card_rows(db), audit_rows(db))
    with db.session(write=True) as session, pytest.raises(NothingToPrint):
        services.issue_missing(session, SECRETARIAT, current_congress(session), key)
    assert (card_rows(db), audit_rows(db)) == before


def test_only_hashes_are_stored_and_the_code_hash_is_keyed(app, db, key, issued):
    dump = "\n".join(sqlite3.connect(instance_of(app) / "votesys.sqlite3").iterdump())
    for item in issued[:20]:
        assert item.token not in dump
        assert item.code not in dump
        assert format_short_code(item.code) not in dump
        # A plain SHA-256 of a 40-bit code could be reversed by trying them all: not stored.
        assert hashlib.sha256(item.code.encode()).hexdigest() not in dump
        assert token_hash(item.token) in dump  # the search itself works
        assert queries.code_digest(key, item.code) in dump
    with db.session() as session:
        stored = session.scalars(select(Card.code_hash)).all()
    assert queries.code_digest(b"another installation's key" * 2, issued[0].code) not in stored


def test_the_code_key_lives_in_the_instance_folder_and_is_kept(app, key):
    path = instance_of(app) / "card_code_key"
    assert path.read_bytes() == key and len(key) == 32
    assert path.stat().st_mode & 0o777 == 0o600
    assert queries.code_key(instance_of(app)) == key


def test_lookups_by_token_and_by_code_give_the_delegate(db, key, issued):
    item = issued[7]
    with db.session() as session:
        by_token = queries.find_by_token(session, item.token)
        by_code = queries.find_by_code(session, key, format_short_code(item.code).lower())
        assert by_token.delegate.number == item.delegate.number
        assert by_code.id == by_token.id
        assert queries.find_by_token(session, "A" * 22) is None
        assert queries.find_by_token(session, "not a token") is None
        assert queries.check_token(session, "A" * 22).status == "unknown"
        assert queries.find_by_code(session, key, new_short_code()) is None


def test_a_scanned_url_or_a_bare_token_gives_the_token():
    token = "AbCdEfGhIjKlMnOpQrStUv"
    assert queries.token_from_scan(f"http://10.0.0.2:5000/c/{token}") == token
    assert queries.token_from_scan(f"  https://hall.example/c/{token}/ ") == token
    assert queries.token_from_scan(token) == token
    assert queries.token_from_scan("http://10.0.0.2:5000/c/short") is None
    assert queries.token_from_scan("K7M2-9XQ4-P") is None


def test_reissue_stops_the_old_card_at_once_and_both_events_are_audited(db, key, issued):
    old = issued[3]
    with db.session(write=True) as session:
        new = services.reissue(
            session, SECRETARIAT, current_congress(session), key, old.delegate.id, " Mất  thẻ "
        )
    with db.session() as session:
        assert queries.find_by_token(session, old.token) is None
        assert queries.find_by_code(session, key, old.code) is None
        assert queries.check_token(session, old.token).status == "revoked"
        assert queries.check_code(session, key, old.code).status == "revoked"
        assert queries.check_token(session, old.token).delegate is None
        assert queries.find_by_token(session, new.token).delegate.number == old.delegate.number
        assert queries.find_by_code(session, key, new.code).delegate.number == old.delegate.number
        revoked = session.get(Card, old.card.id)
        assert (revoked.revoked_by, revoked.revoke_reason) == ("staff:secretariat", "Mất thẻ")
    events = audit_rows(db)[-2:]
    assert events == [
        (
            "card.revoked",
            {"delegate": old.delegate.number, "card": old.card.id, "reason": "Mất thẻ"},
        ),
        (
            "card.issued",
            {"delegate": old.delegate.number, "card": new.card.id, "replaces": old.card.id},
        ),
    ]


def test_revoke_without_a_new_card(db, key, issued):
    item = issued[0]
    with db.session(write=True) as session:
        services.revoke(session, CREDENTIALS, current_congress(session), item.delegate.id, "Hỏng")
    with db.session() as session:
        assert queries.find_by_token(session, item.token) is None
        assert queries.check_code(session, key, item.code).status == "revoked"
    assert audit_rows(db)[-1] == (
        "card.revoked",
        {"delegate": item.delegate.number, "card": item.card.id, "reason": "Hỏng"},
    )
    with db.session(write=True) as session, pytest.raises(NoCardInForce):
        services.revoke(session, CREDENTIALS, current_congress(session), item.delegate.id, "x")


def test_the_audit_log_holds_no_token_and_no_code(db, key, issued):
    with db.session(write=True) as session:
        again = services.reissue(
            session, SECRETARIAT, current_congress(session), key, issued[1].delegate.id, "Mất"
        )
    with db.session() as session:
        log = "\n".join(e.data for e in session.scalars(select(AuditEntry)))
    for item in [*issued, again]:
        for secret in (item.token, item.code, format_short_code(item.code)):
            assert secret not in log
        assert token_hash(item.token) not in log


@pytest.mark.parametrize("reason", ["", "   ", "x" * 301])
def test_a_reissue_needs_a_reason_and_a_refusal_changes_nothing(db, key, issued, reason):
    before = (card_rows(db), audit_rows(db))
    with db.session(write=True) as session, pytest.raises(BadReason):
        services.reissue(
            session, SECRETARIAT, current_congress(session), key, issued[2].delegate.id, reason
        )
    assert (card_rows(db), audit_rows(db)) == before


def test_a_first_card_is_not_printed_over_a_card_in_force(db, key, issued):
    before = card_rows(db)
    with db.session(write=True) as session, pytest.raises(CardInForce):
        services.reissue(
            session,
            SECRETARIAT,
            current_congress(session),
            key,
            issued[2].delegate.id,
            "",
            replace=False,
        )
    assert card_rows(db) == before


def test_a_delegate_of_no_congress_is_refused(db, key):
    with db.session(write=True) as session, pytest.raises(NoDelegate):
        services.reissue(session, SECRETARIAT, current_congress(session), key, 9999, "Mất")


@pytest.mark.parametrize("role", ["credentials", "counting", "chair", "observer"])
def test_only_the_secretariat_issues_cards(db, key, role):
    with db.session(write=True) as session, pytest.raises(Forbidden):
        services.issue_missing(session, Actor("x", role), current_congress(session), key)
    assert card_rows(db) == []


@pytest.mark.parametrize("role", ["counting", "chair", "observer", None])
def test_only_the_secretariat_and_credentials_committee_revoke(db, issued, role):
    before = card_rows(db)
    with db.session(write=True) as session, pytest.raises(Forbidden):
        services.revoke(
            session, Actor("x", role), current_congress(session), issued[0].delegate.id, "x"
        )
    assert card_rows(db) == before


def test_a_typo_in_the_code_is_caught_by_its_check_character(db, key, issued):
    code = issued[5].code
    for position in range(len(code)):
        for other in ALPHABET:
            if other != code[position]:
                typo = code[:position] + other + code[position + 1 :]
                with pytest.raises(ShortCodeCheck):
                    queries.parse_code(typo)
    for position in range(len(code) - 1):
        if code[position] != code[position + 1]:
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            with pytest.raises(ShortCodeCheck):
                queries.parse_code(swapped)
    with pytest.raises(ShortCodeLength):
        queries.parse_code(code[:-1])
    with pytest.raises(ShortCodeCharacter):
        queries.parse_code(code[:-1] + "*")
    assert queries.parse_code(format_short_code(code).lower().replace("0", "o")) == code


def throttle_row(db, key_name):
    with db.session() as session:
        return session.get(LoginThrottle, key_name)


def test_codes_matching_no_card_lock_the_client_then_the_lock_ends(db, key, issued):
    throttle = services.Throttle("addr", 3, 300)
    good = issued[9].code

    def lookup(text):
        with db.session(write=True) as session:
            return services.lookup_code(session, key, text, throttle, "10.0.0.7")

    typo = good[:3] + good[4] + good[3] + good[5:] if good[3] != good[4] else good[:-1] + "*"
    for _ in range(5):  # typos are caught before the database is asked: not counted
        with pytest.raises((ShortCodeCheck, ShortCodeCharacter)):
            lookup(typo)
    assert throttle_row(db, "card:addr:10.0.0.7") is None
    assert [lookup(new_short_code()).status for _ in range(3)] == ["unknown"] * 3
    with pytest.raises(CardGuessLocked) as locked:
        lookup(good)  # even the right code waits while locked
    assert 290 <= locked.value.params["seconds"] <= 301
    assert audit_rows(db)[-1] == ("card.code_locked", {"scope": "addr", "seconds": 300})
    with db.session(write=True) as session:
        row = session.get(LoginThrottle, "card:addr:10.0.0.7")
        row.locked_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
        session.commit()
    found = lookup(good)
    assert found.status == "active" and found.delegate.number == issued[9].delegate.number
    assert throttle_row(db, "card:addr:10.0.0.7").failures == 0


def test_the_throttle_counts_each_client_apart(db, key, issued):
    throttle = services.Throttle("desk", 2, 60)
    with db.session(write=True) as session:
        for _ in range(2):
            services.lookup_code(session, key, new_short_code(), throttle, "staff:credentials")
    with db.session(write=True) as session, pytest.raises(CardGuessLocked):
        services.lookup_code(session, key, issued[0].code, throttle, "staff:credentials")
    with db.session(write=True) as session:
        found = services.lookup_code(session, key, issued[0].code, throttle, "staff:secretariat")
    assert found.status == "active"


def test_a_revoked_code_is_reported_as_revoked_and_not_counted_as_a_guess(db, key, issued):
    with db.session(write=True) as session:
        services.revoke(session, CREDENTIALS, current_congress(session), issued[4].delegate.id, "x")
    with db.session(write=True) as session:
        found = services.lookup_code(session, key, issued[4].code, services.PUBLIC, "10.0.0.9")
    assert found.status == "revoked" and found.delegate is None
    assert throttle_row(db, "card:addr:10.0.0.9") is None


def test_the_partial_index_allows_one_card_in_force_per_delegate(db, issued):
    with db.session(write=True) as session:
        session.add(
            Card(
                delegate_id=issued[0].delegate.id,
                token_hash="f" * 64,
                code_hash="e" * 64,
                issued_by="test",
            )
        )
        with pytest.raises(Exception, match="UNIQUE|unique"):
            session.commit()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Card)) == 102
        assert session.scalar(select(func.count()).select_from(Delegate)) == 102
