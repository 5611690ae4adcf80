"""Voting stations (điểm bỏ phiếu): the secretariat's page /stations.

GET /stations the stations and the policy; POST /stations/register makes the tablet this browser
runs on a station (its token goes into a long-lived HttpOnly, SameSite=Strict cookie); POST
/stations/<id>/revoke; POST /stations/policy (required or not). Action "stations.manage".
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from votesys.congress.queries import the_congress
from votesys.errors import DomainError
from votesys.roles import require
from votesys.tablet import queries, services
from votesys.tablet.forms import PolicyForm, RevokeForm, StationForm
from votesys.web import database
from votesys.web.access import staff_required
from votesys.web.errors import domain_message

blueprint = Blueprint("stations", __name__)
COOKIE = "votesys_station"
COOKIE_DAYS = 400  # browsers cap a cookie's life near 400 days


def station_token() -> str | None:
    """What this browser's station cookie holds (checked against the stored hashes)."""
    return request.cookies.get(COOKIE)


@blueprint.get("/stations")
@staff_required
def manage():
    require(g.actor_role, services.MANAGE)
    return _page(StationForm(), None)


@blueprint.post("/stations/register")
@staff_required
def register():
    require(g.actor_role, services.MANAGE)
    form = StationForm()
    session = database.session(write=True)
    try:
        done = services.register_station(
            session, g.actor, the_congress(session), form.name.data or ""
        )
    except DomainError as error:
        if error.status == 403:
            raise
        session.rollback()
        return _page(form, domain_message(error)), error.status
    flash(_("This tablet is now the voting station “%(name)s”.", name=done.station.name), "success")
    response = redirect(url_for("stations.manage"))
    response.set_cookie(
        COOKIE,
        done.token,
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Strict",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


@blueprint.post("/stations/<int:station_id>/revoke")
@staff_required
def revoke(station_id: int):
    require(g.actor_role, services.MANAGE)
    session = database.session(write=True)
    station = services.revoke_station(session, g.actor, the_congress(session), station_id)
    flash(_("The voting station “%(name)s” is revoked.", name=station.name), "success")
    return redirect(url_for("stations.manage"))


@blueprint.post("/stations/policy")
@staff_required
def policy():
    require(g.actor_role, services.MANAGE)
    form = PolicyForm()
    session = database.session(write=True)
    required = form.required.data == "1"
    services.set_station_policy(session, g.actor, the_congress(session), required)
    if required:
        flash(_("From now on, cards open a ballot only on the registered stations."), "success")
    else:
        flash(_("From now on, cards open a ballot on any device."), "success")
    return redirect(url_for("stations.manage"))


def _page(form: StationForm, error: str | None):
    session = database.session()
    congress = the_congress(session)
    required = queries.stations_required(session, congress)
    policy = PolicyForm(required="1" if required else "0")
    return render_template(
        "tablet/stations.html",
        stations=queries.stations(session, congress),
        this_station=queries.station_of(session, congress, station_token()),
        required=required,
        form=form,
        policy_form=policy,
        revoke_form=RevokeForm(),
        error=error,
    )
