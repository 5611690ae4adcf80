"""Helpers for the elections' pages over HTTP: signing in, posting forms with their CSRF token."""

from __future__ import annotations

from tests.conftest import csrf_from, login


def sign_in(client, username: str = "secretariat") -> str:
    """Sign in and return a CSRF token for the forms."""
    assert login(client, username).status_code == 302
    return csrf_from(client, "/congress")


def post(client, url: str, token: str, **data):
    return client.post(url, data={"csrf_token": token, **data})


def html(response) -> str:
    return response.get_data(as_text=True)


def election_form(kind="executive_committee", title="Ban Chấp hành khóa XV", seats="3", **rest):
    return {"kind": kind, "title": title, "seats": seats, "alternates": "0", "target": "", **rest}


def committee_form(delegate_ids=(), names=(), heads=(0,)) -> dict:
    """The counting committee's form: rows from the roll, then rows by name; ``heads`` are the
    rows (0-based) marked head; the rest of the 7 rows empty."""
    rows = [(str(d), "") for d in delegate_ids] + [("", n) for n in names]
    data = {}
    for i in range(7):
        delegate, name = rows[i] if i < len(rows) else ("", "")
        data[f"members-{i}-delegate"] = delegate
        data[f"members-{i}-full_name"] = name
        data[f"members-{i}-role"] = "head" if i in heads else "member"
    return data
