"""Every write on staff accounts: creating them, signing in (with throttling), deactivating."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from votesys.accounts.errors import (
    BadUsername,
    EmptyName,
    LoginLocked,
    LoginRefused,
    NoAccount,
    ShortPassword,
    UnknownRole,
    UsernameTaken,
)
from votesys.accounts.models import LoginThrottle, StaffSession, StaffUser
from votesys.audit import services as audit
from votesys.db import utcnow
from votesys.roles import ROLES, Actor, require

_hasher = PasswordHasher()  # Argon2id with RFC 9106's low-memory parameters
_USERNAME = re.compile(r"^[a-z0-9._-]{3,64}$")
MIN_PASSWORD = 10
# Checked against when the username is unknown, so that timing does not reveal which names exist.
_DUMMY_HASH = _hasher.hash("votesys-dummy-password")


def create_user(
    session: Session, actor: Actor, username: str, display_name: str, role: str, password: str
) -> StaffUser:
    require(actor.role, "users.manage")
    username = username.strip().lower()
    _check_new_account(session, username, display_name, role, password)
    user = StaffUser(
        username=username,
        display_name=display_name.strip(),
        role=role,
        password_hash=_hasher.hash(password),
        is_active=True,
    )
    session.add(user)
    session.flush()
    audit.record(session, "user.created", actor.name, username=username, role=role)
    session.commit()
    return user


def _check_new_account(session, username, display_name, role, password) -> None:
    if not _USERNAME.match(username):
        raise BadUsername()
    if role not in ROLES:
        raise UnknownRole(role=role, roles=", ".join(ROLES))
    if not display_name.strip():
        raise EmptyName()
    if len(password) < MIN_PASSWORD:
        raise ShortPassword(minimum=MIN_PASSWORD)
    if session.scalar(select(StaffUser.id).where(StaffUser.username == username)):
        raise UsernameTaken(username=username)


def set_active(session: Session, actor: Actor, user_id: int, active: bool) -> StaffUser:
    require(actor.role, "users.manage")
    user = session.get(StaffUser, user_id)
    if user is None:
        raise NoAccount(user_id=user_id)
    user.is_active = active
    audit.record(
        session,
        "user.activated" if active else "user.deactivated",
        actor.name,
        username=user.username,
    )
    session.commit()
    return user


def sign_in(
    session: Session,
    username: str,
    password: str,
    address: str,
    max_failures: int,
    lock_seconds: int,
) -> StaffUser:
    """Check a password; count failures per username and per address; audit both outcomes.

    A failure is committed too (the throttle and the audit entry must survive the refusal).
    """
    username = username.strip().lower()
    keys = [f"user:{username}", f"addr:{address}"]
    now = utcnow()
    locked = _locked_for(session, keys, now)
    if locked:
        raise LoginLocked(seconds=locked)
    user = session.scalar(select(StaffUser).where(StaffUser.username == username))
    if not _password_ok(user, password):
        _count_failure(session, keys, now, max_failures, lock_seconds)
        audit.record(session, "login.failed", "anonymous", username=username)
        session.commit()
        raise LoginRefused()
    for key in keys:
        row = session.get(LoginThrottle, key)
        if row is not None:
            session.delete(row)
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    audit.record(session, "login.succeeded", user.actor, role=user.role)
    session.commit()
    return user


def open_session(session: Session, user: StaffUser, lifetime_seconds: int) -> str:
    """A new staff session for ``user`` (just signed in): a random id for the cookie, of which
    only the SHA-256 is stored. The user's sessions older than the lifetime are dropped."""
    token = secrets.token_urlsafe(32)
    too_old = utcnow() - dt.timedelta(seconds=lifetime_seconds)
    session.execute(
        delete(StaffSession).where(
            StaffSession.user_id == user.id, StaffSession.started_at < too_old
        )
    )
    session.add(StaffSession(id_hash=session_hash(token), user_id=user.id, started_at=utcnow()))
    session.commit()
    return token


def live_session(session: Session, user: StaffUser, token: object, lifetime_seconds: int) -> bool:
    """Whether the cookie's session id is one of ``user``'s, not signed out, not too old."""
    if not isinstance(token, str) or not token:
        return False
    row = session.get(StaffSession, session_hash(token))
    if row is None or row.user_id != user.id:
        return False
    return row.started_at + dt.timedelta(seconds=lifetime_seconds) > utcnow()


def session_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_out(session: Session, actor: Actor, token: object = None) -> None:
    """End this staff session for good: its row is deleted, so no copy of the cookie works."""
    if isinstance(token, str) and token:
        session.execute(delete(StaffSession).where(StaffSession.id_hash == session_hash(token)))
    audit.record(session, "logout", actor.name)
    session.commit()


def _password_ok(user: StaffUser | None, password: str) -> bool:
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None and user.is_active


def _locked_for(session, keys, now) -> int:
    waits = [
        int((row.locked_until - now).total_seconds()) + 1
        for key in keys
        if (row := session.get(LoginThrottle, key)) and row.locked_until and row.locked_until > now
    ]
    return max(waits, default=0)


def _count_failure(session, keys, now, max_failures, lock_seconds) -> None:
    for key in keys:
        row = session.get(LoginThrottle, key) or LoginThrottle(key=key, failures=0)
        session.add(row)
        row.failures = (row.failures or 0) + 1
        if row.failures >= max_failures:
            row.locked_until = now + dt.timedelta(seconds=lock_seconds)
            row.failures = 0
