"""The voter session (phiên bỏ phiếu): which delegate the tablet is serving, for a few minutes.

It lives in the Flask session cookie under one key, encrypted (Fernet, with a key derived from
the app's secret): the cookie travels with every request of the ballot, so it must not show the
delegate to whoever reads it. It starts when a card signs in (the rest of the session, a staff
login included, is dropped), lasts ``TABLET_SESSION_SECONDS`` (600) from then, and ends at the
first of: the ballot cast (only a resend of that very submission is still taken), "Xong", the
page's idle timer, or the welcome screen being opened again.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, session

KEY = "tablet_voter"
KEPT = ("lang", "csrf_token")  # what survives a sign-in: the language, the page's CSRF token
LIFETIME = 600
INFO = b"votesys/tablet/voter-session/v1"


@dataclass(frozen=True)
class Voter:
    """The delegate being served; ``cast_round``/``cast_tag``: the ballot already cast in this
    session (round, SHA-256 of its submission key), after which only its resend is taken."""

    delegate_id: int
    started_at: int
    cast_round: int | None = None
    cast_tag: str | None = None

    @property
    def has_cast(self) -> bool:
        return self.cast_round is not None

    def may_resend(self, round_id: int, submission_key: object) -> bool:
        return (
            self.cast_round == round_id
            and isinstance(submission_key, str)
            and _tag(submission_key) == self.cast_tag
        )


def lifetime() -> int:
    return int(current_app.config.get("TABLET_SESSION_SECONDS", LIFETIME))


def start(delegate_id: int) -> Voter:
    """A new voter session: nothing of the session before survives but the language and the
    page's CSRF token (a staff member signed in on this tablet is signed out)."""
    kept = {name: session[name] for name in KEPT if name in session}
    session.clear()
    session.update(kept)
    voter = Voter(delegate_id, int(time.time()))
    _store(voter)
    return voter


def current() -> Voter | None:
    """The voter session of this request, or None (none, expired, or not ours)."""
    token = session.get(KEY)
    if not isinstance(token, str):
        return None
    try:
        data = json.loads(_fernet().decrypt(token.encode(), ttl=lifetime()))
        return Voter(data["d"], data["t"], data.get("r"), data.get("k"))
    except (InvalidToken, ValueError, KeyError, TypeError):
        return None


def seconds_left(voter: Voter) -> int:
    return max(0, voter.started_at + lifetime() - int(time.time()))


def mark_cast(voter: Voter, round_id: int, submission_key: str) -> None:
    """After a cast: the session ends for everything but a resend of the same submission."""
    _store(Voter(voter.delegate_id, voter.started_at, round_id, _tag(submission_key)))


def end() -> None:
    """End the voter session: the session keeps nothing but the language (the next page makes
    a new CSRF token)."""
    session.pop(KEY, None)
    session.pop("csrf_token", None)


def _store(voter: Voter) -> None:
    data = {"d": voter.delegate_id, "t": voter.started_at}
    if voter.cast_round is not None:
        data.update(r=voter.cast_round, k=voter.cast_tag)
    # The token's own time stays the sign-in's, so a cast does not lengthen the session.
    text = _fernet().encrypt_at_time(json.dumps(data).encode(), voter.started_at)
    session[KEY] = text.decode()


def _tag(submission_key: str) -> str:
    return hashlib.sha256(submission_key.encode()).hexdigest()


def _fernet() -> Fernet:
    app = current_app
    cached = app.extensions.get("votesys.tablet_fernet")
    if cached is None:
        secret = app.secret_key
        secret = secret.encode() if isinstance(secret, str) else secret
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(secret)
        cached = app.extensions["votesys.tablet_fernet"] = Fernet(base64.urlsafe_b64encode(derived))
    return cached
