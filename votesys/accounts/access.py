"""Who is signed in: the actor loaded for each request, and the session started at sign-in."""

from __future__ import annotations

from flask import Flask, g, session
from flask_babel import gettext

from votesys.accounts.models import StaffUser
from votesys.accounts.roles import ROLE_NAMES
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
    user = database.session().get(StaffUser, user_id)
    if user is None or not user.is_active or session.get("role") != user.role:
        session.clear()
        return
    g.user, g.actor, g.actor_role = user, Actor(user.actor, user.role), user.role


def start_session(user: StaffUser) -> None:
    """A fresh session at sign-in: nothing from before survives (no session fixation)."""
    end_session()
    session.permanent = True
    session.update(user_id=user.id, role=user.role)


def end_session() -> None:
    """Forget everything but the language the person chose."""
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language


def role_name(role: str | None) -> str:
    return gettext(ROLE_NAMES[role]) if role in ROLE_NAMES else ""
