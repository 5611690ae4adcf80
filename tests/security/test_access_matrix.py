"""The full matrix: every role, and a visitor not signed in, against every endpoint of the app,
and the security headers on every answer.

Generated from the app's url_map: an endpoint missing from tests/security/matrix.py fails the
first test, so every new page or write is classified. A refused write answers 403 (or sends the
visitor to sign in) and changes no row of any table, the audit log included.
"""

from __future__ import annotations

import pytest

from tests.accounts.test_role_matrix import STAFF
from tests.conftest import csrf_from, login
from tests.elections.conftest import open_ready_round
from tests.security.conftest import digest, rows_changed
from tests.security.matrix import ACCESS, PUBLIC, VOTER
from tests.security.urls import calls, sample_values

# Writes an allowed role is not sent here, because they end the session the matrix runs in;
# tests/accounts covers them.
ENDS_THE_SESSION = {"accounts.logout"}


def allowed(call, role: str | None) -> object:
    rule = ACCESS[call.endpoint]
    if isinstance(rule, dict):
        rule = rule[call.choice]
    if rule in (PUBLIC, VOTER):
        return rule
    return role in rule


def test_every_endpoint_of_the_app_is_in_the_matrix(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unclassified = sorted(endpoints - set(ACCESS))
    assert not unclassified, f"classify these endpoints in tests/security/matrix.py: {unclassified}"
    stale = sorted(set(ACCESS) - endpoints)
    assert not stale, f"tests/security/matrix.py names endpoints that are gone: {stale}"


def send(client, call, page: str):
    """The call, a write with a fresh CSRF token from ``page`` (a tablet page ends the token)."""
    if call.writes:
        token = csrf_from(client, page)
        return client.open(call.url, method=call.method, data={"csrf_token": token})
    return client.open(call.url, method=call.method)


def header_problems(call, response) -> list[tuple]:
    """The security headers every answer carries; no-store on everything but the static files
    (the ballot, the tablet, the card and the count pages among them)."""
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    wanted = {
        "CSP without inline script": "script-src 'self'" in policy
        and "'unsafe-inline'" not in policy
        and "'unsafe-eval'" not in policy,
        "frame-ancestors": "frame-ancestors 'none'" in policy,
        "X-Frame-Options": headers.get("X-Frame-Options") == "DENY",
        "nosniff": headers.get("X-Content-Type-Options") == "nosniff",
        "Referrer-Policy": headers.get("Referrer-Policy") == "no-referrer",
        "no-store": call.endpoint == "static" or headers.get("Cache-Control") == "no-store",
    }
    return [(call.method, call.url, f"missing {name}") for name, ok in wanted.items() if not ok]


def to_sign_in(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


@pytest.mark.parametrize("role", sorted(STAFF))
def test_every_role_against_every_endpoint(app, client, db, role):
    open_ready_round(db)
    assert login(client, STAFF[role]).status_code == 302
    every = calls(app, sample_values(db))
    problems = []
    for call in sorted(every, key=lambda c: (c.writes, c.endpoint in ENDS_THE_SESSION)):
        may = allowed(call, role)
        if may is True and call.endpoint in ENDS_THE_SESSION:
            continue
        before = digest(db) if call.writes and may in (False, VOTER) else None
        response = send(client, call, "/congress")
        status = response.status_code
        problems += header_problems(call, response)
        if status >= 500 or to_sign_in(response):
            problems.append((call.method, call.url, status, "error or signed out"))
        elif may is VOTER and status != 401:
            problems.append((call.method, call.url, status, "no voter session, expected 401"))
        elif may is False and status != 403:
            problems.append((call.method, call.url, status, "expected 403"))
        elif may is True and status == 403:
            problems.append((call.method, call.url, status, "refused an allowed role"))
        if before is not None and (changed := rows_changed(before, digest(db))):
            problems.append((call.method, call.url, status, f"changed {changed}"))
    assert not problems, "\n".join(map(str, problems))


def test_a_visitor_not_signed_in_against_every_endpoint(app, client, db):
    open_ready_round(db)
    problems = []
    for call in calls(app, sample_values(db)):
        may = allowed(call, None)
        before = digest(db) if call.writes else None
        response = send(client, call, "/login")
        status = response.status_code
        problems += header_problems(call, response)
        if status >= 500:
            problems.append((call.method, call.url, status, "server error"))
        elif may is PUBLIC and to_sign_in(response):
            problems.append((call.method, call.url, status, "public, but sent to sign in"))
        elif may is VOTER and status != 401:
            problems.append((call.method, call.url, status, "expected 401"))
        elif may not in (PUBLIC, VOTER) and not to_sign_in(response):
            problems.append((call.method, call.url, status, "expected the sign-in page"))
        if (
            before is not None
            and may is not PUBLIC
            and (changed := rows_changed(before, digest(db)))
        ):
            problems.append((call.method, call.url, status, f"changed {changed}"))
    assert not problems, "\n".join(map(str, problems))
