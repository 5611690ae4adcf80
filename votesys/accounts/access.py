"""Who is signed in: the actor loaded for each request, and the session started at sign-in.

The cookie (Flask's signed session) carries the account and a random session id whose hash is
stored (``staff_sessions``): signing out deletes it, so a copy of the cookie taken before is
refused, as is a session older than PERMANENT_SESSION_LIFETIME."""

from __future__ import annotations

from flask import Flask, current_app, g, session
from flask_babel import gettext

from votesys.accounts.models import StaffUser
from votesys.accounts.roles import ROLE_NAMES
from votesys.accounts.services import live_session
from votesys.roles import Actor
from votesys.web import database


def init_app(app: Flask) -> None:
    app.before_request(load_actor)
    app.context_processor(lambda: {"actor": g.get("actor"), "role_name": role_name})


def load_actor() -> None:
    g.actor, g.actor_role, g.user = Actor.anonymous(), None, None
    user_id = session.get("user_id")
    if user_id is None:
        return
    reading = database.session()
    user = reading.get(StaffUser, user_id)
    if (
        user is None
        or not user.is_active
        or session.get("role") != user.role
        or not live_session(reading, user, session.get("sid"), lifetime())
    ):
        session.clear()
        return
    g.user, g.actor, g.actor_role = user, Actor(user.actor, user.role), user.role


def start_session(user: StaffUser, token: str) -> None:
    """A fresh session at sign-in: nothing from before survives (no session fixation); ``token``
    is the session's id held on the server (``services.open_session``)."""
    end_session()
    session.permanent = True
    session.update(user_id=user.id, role=user.role, sid=token)


def lifetime() -> int:
    value = current_app.permanent_session_lifetime
    return int(value.total_seconds())


def end_session() -> None:
    """Forget everything but the language the person chose."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def role_name(role: str | None) -> str:
    return gettext(ROLE_NAMES[role]) if role in ROLE_NAMES else ""
