"""Pages that belong to no domain: the root URL and the language switch."""

from __future__ import annotations

from flask import Blueprint, g, redirect, request, session, url_for

from votesys.web.home import home_endpoint
from votesys.web.locale import LANGUAGES

blueprint = Blueprint("web", __name__)


@blueprint.get("/")
def root():
    return redirect(url_for(home_endpoint(getattr(g, "actor_role", None))))


@blueprint.post("/language")
def choose_language():
    language = request.form.get("lang", "")
    if language in LANGUAGES:
        session["lang"] = language
    return redirect(_safe_next(request.form.get("next")))


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an absolute URL (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("web.root")
